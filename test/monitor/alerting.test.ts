import { describe, expect, it } from 'vitest';
import { Notifier, hookChainBroken, loadMonitorConfigTexts, nodeDown, windowActive, identityMismatch, restartLoop, newErrorFinding, type AlertChannel, type AnyChannelConfig, type MonitorConfig, type Notification, type SendResult } from '../../src/monitor/index.ts';

function config(yaml: string): MonitorConfig {
  const r = loadMonitorConfigTexts([{ file: '/cfg/zlm-doctor.yml', text: yaml }], {});
  expect(r.errors.map((e) => `${e.line}:${e.col} ${e.reason.en}`)).toEqual([]);
  return r.config;
}

/** A channel that records what it was asked to send; `fail` makes the next sends fail. */
function fakeChannel(cfg: AnyChannelConfig): AlertChannel & { sent: Notification[]; fail: number } {
  const ch = {
    name: cfg.name,
    type: cfg.type,
    config: cfg,
    sent: [] as Notification[],
    fail: 0,
    async send(n: Notification): Promise<SendResult> {
      if (ch.fail > 0) {
        ch.fail--;
        return { ok: false, channel: cfg.name, type: cfg.type, attempts: 1, ms: 0, error: { en: 'down', zh: '不可用' } };
      }
      ch.sent.push(n);
      return { ok: true, channel: cfg.name, type: cfg.type, attempts: 1, ms: 0 };
    },
  };
  return ch;
}

function setup(yaml: string, start: string) {
  const c = config(yaml);
  let now = Date.parse(start);
  const chans = c.alerts.channels.map(fakeChannel);
  const n = new Notifier({ alerts: c.alerts, maintenance: c.maintenance, channels: chans, lang: 'en', now: () => now });
  const by = Object.fromEntries(chans.map((x) => [x.name, x]));
  return { n, by, c, advance: (ms: number) => (now += ms), set: (iso: string) => (now = Date.parse(iso)), at: () => new Date(now) };
}

const BASE = `
nodes:
  - { name: zlm-1, api: "http://127.0.0.1:80", labels: { site: lab } }
  - { name: zlm-2, api: "http://127.0.0.1:81", labels: { site: prod } }
alerts:
  repeat-interval: 1h
  channels:
    - { name: ops, type: webhook, url: "http://127.0.0.1:9/a" }
    - { name: quiet, type: webhook, url: "http://127.0.0.1:9/b", send-resolved: false }
`;

describe('notifier: dedupe, repeat, resolve', () => {
  it('sends once, stays quiet until the repeat interval, then reminds; resolved goes where firing went', async () => {
    const t = setup(BASE, '2024-06-01T00:00:00Z');
    const down = () => nodeDown({ node: 'zlm-1', labels: { site: 'lab' }, at: t.at(), reason: 'api_unreachable', failures: 3 });
    const d1 = await t.n.firing(down());
    expect(d1.results.map((r) => r.channel)).toEqual(['ops', 'quiet']);
    for (let i = 0; i < 10; i++) {
      t.advance(5 * 60_000); // 50 minutes of probes, all still down
      expect((await t.n.firing(down())).results).toEqual([]);
    }
    t.advance(10 * 60_000); // 1h after the first send
    const d2 = await t.n.firing(down());
    expect(d2.results).toHaveLength(2);
    expect(t.by.ops!.sent.map((x) => [x.status, Boolean(x.repeat)])).toEqual([
      ['firing', false],
      ['firing', true],
    ]);
    // startsAt stays the first sighting
    expect(t.by.ops!.sent[1]!.alert.startsAt.toISOString()).toBe('2024-06-01T00:00:00.000Z');
    t.advance(60_000);
    const r = await t.n.resolved(down().id);
    expect(r.results.map((x) => x.channel)).toEqual(['ops']); // quiet has send-resolved: false
    const last = t.by.ops!.sent.at(-1)!;
    expect(last.status).toBe('resolved');
    expect(last.alert.endsAt!.toISOString()).toBe('2024-06-01T01:01:00.000Z');
    expect(t.n.active()).toEqual([]);
    // a second resolve, or one of an alert never seen, sends nothing
    expect((await t.n.resolved(down().id)).results).toEqual([]);
  });

  it('a failed send is tried again on the next evaluation; a resolved one is not sent to a channel that never heard', async () => {
    const t = setup(BASE, '2024-06-01T00:00:00Z');
    t.by.ops!.fail = 1;
    const a = hookChainBroken({ node: 'zlm-2', labels: { site: 'prod' }, at: t.at(), hook: 'on_play', failure: { en: 'refused', zh: '拒绝连接' } });
    const d1 = await t.n.firing(a);
    expect(d1.results.map((r) => [r.channel, r.ok])).toEqual([
      ['ops', false],
      ['quiet', true],
    ]);
    t.advance(10_000);
    const d2 = await t.n.firing(a);
    expect(d2.results.map((r) => [r.channel, r.ok])).toEqual([['ops', true]]);
    expect(t.by.ops!.sent[0]!.repeat).toBeUndefined();
  });

  it('repeat-interval 0 never reminds; tick() sends reminders without a new firing call', async () => {
    const t = setup(BASE.replace('repeat-interval: 1h', 'repeat-interval: 0'), '2024-06-01T00:00:00Z');
    const a = restartLoop({ node: 'zlm-1', at: t.at(), restarts: 5, windowMs: 600_000 });
    await t.n.firing(a);
    t.advance(48 * 3_600_000);
    expect(await t.n.tick()).toEqual([]);
    const t2 = setup(BASE, '2024-06-01T00:00:00Z');
    await t2.n.firing(a);
    t2.advance(3_600_000);
    const d = await t2.n.tick();
    expect(d).toHaveLength(1);
    expect(t2.by.ops!.sent.map((x) => Boolean(x.repeat))).toEqual([false, true]);
  });

  it('keeps open alerts across a restart (snapshot / restore)', async () => {
    const t = setup(BASE, '2024-06-01T00:00:00Z');
    const a = identityMismatch({ node: 'zlm-1', at: t.at(), what: 'secret' });
    await t.n.firing(a);
    const state = JSON.parse(JSON.stringify(t.n.snapshot()));
    const t2 = setup(BASE, '2024-06-01T00:10:00Z');
    t2.n.restore(state);
    expect((await t2.n.firing(a)).results).toEqual([]); // already sent before the restart
    const r = await t2.n.resolved(a.id);
    expect(r.results.map((x) => x.channel)).toEqual(['ops']);
    expect(t2.by.ops!.sent[0]!.alert.startsAt.toISOString()).toBe('2024-06-01T00:00:00.000Z');
  });
});

describe('routing', () => {
  const ROUTED = `
nodes:
  - { name: zlm-1, api: "http://127.0.0.1:80", labels: { site: lab } }
alerts:
  channels:
    - { name: pager, type: webhook, url: "http://127.0.0.1:9/p" }
    - { name: chat, type: webhook, url: "http://127.0.0.1:9/c" }
    - { name: lab, type: webhook, url: "http://127.0.0.1:9/l" }
  routes:
    - { match: { site: prod }, severity: critical, channels: [pager] }
    - { match: { site: [lab, dev] }, channels: lab }
    - { match: { site: "!lab" }, severity: warning, channels: [chat] }
  default-channels: [chat]
`;
  it('by labels (any-of, negation) and lowest severity; unmatched alerts go to default-channels', async () => {
    const t = setup(ROUTED, '2024-06-01T00:00:00Z');
    const send = async (labels: Record<string, string>, sev: 'critical' | 'warning' | 'info', node: string) =>
      (await t.n.firing(nodeDown({ node, labels, at: t.at(), reason: 'x', failures: 3, severity: sev }))).results.map((r) => r.channel).sort();
    expect(await send({ site: 'prod' }, 'critical', 'a')).toEqual(['chat', 'pager']);
    expect(await send({ site: 'prod' }, 'warning', 'b')).toEqual(['chat']);
    expect(await send({ site: 'lab' }, 'info', 'c')).toEqual(['lab']);
    expect(await send({ site: 'dev' }, 'critical', 'd')).toEqual(['chat', 'lab']);
    expect(await send({ site: 'prod' }, 'info', 'e')).toEqual(['chat']); // no route took it: default-channels
  });
});

describe('maintenance windows (fake clock, time zones)', () => {
  const MAINT = `
nodes:
  - { name: zlm-1, api: "http://127.0.0.1:80", labels: { site: lab } }
  - { name: zlm-2, api: "http://127.0.0.1:81", labels: { site: prod } }
alerts:
  channels:
    - { name: ops, type: webhook, url: "http://127.0.0.1:9/a" }
maintenance:
  timezone: Asia/Shanghai
  windows:
    - { name: lab-nightly, start: "23:00", end: "01:00", days: [fri], match: { site: lab } }
    - { name: sunday-upgrade, cron: "30 2 * * sun", duration: 90m, timezone: America/New_York }
`;
  it('a window across midnight in Asia/Shanghai silences only the matching node, then the alert goes out', async () => {
    // Friday 2024-06-07 23:30 in Shanghai = 15:30 UTC
    const t = setup(MAINT, '2024-06-07T15:30:00Z');
    const lab = nodeDown({ node: 'zlm-1', labels: { site: 'lab' }, at: t.at(), reason: 'api_unreachable', failures: 3 });
    const prod = nodeDown({ node: 'zlm-2', labels: { site: 'prod' }, at: t.at(), reason: 'api_unreachable', failures: 3 });
    const d = await t.n.firing(lab);
    expect(d).toMatchObject({ results: [], silencedBy: 'lab-nightly' });
    expect((await t.n.firing(prod)).results).toHaveLength(1);
    // Saturday 00:45 Shanghai: still inside (the window belongs to Friday, where it started)
    t.set('2024-06-07T16:45:00Z');
    expect((await t.n.firing(lab)).silencedBy).toBe('lab-nightly');
    // Saturday 01:00 Shanghai: closed; the still-firing alert is sent by tick()
    t.set('2024-06-07T17:00:00Z');
    const sent = await t.n.tick();
    expect(sent.map((x) => x.alertId)).toEqual([lab.id]);
    expect(t.by.ops!.sent.map((x) => x.alert.node)).toEqual(['zlm-2', 'zlm-1']);
  });

  it('resolution during maintenance is still sent to channels that heard the alert', async () => {
    const t = setup(MAINT, '2024-06-07T14:00:00Z'); // Friday 22:00 Shanghai: no window
    const lab = nodeDown({ node: 'zlm-1', labels: { site: 'lab' }, at: t.at(), reason: 'x', failures: 3 });
    await t.n.firing(lab);
    t.set('2024-06-07T15:30:00Z'); // in the window
    expect((await t.n.resolved(lab.id)).results).toHaveLength(1);
  });

  it('windowActive: daily windows by weekday across midnight, cron windows in their own zone', () => {
    const c = config(MAINT);
    const [fri, cron] = c.maintenance.windows;
    const at = (iso: string) => windowActive(fri!, Date.parse(iso));
    expect(at('2024-06-07T14:59:00Z')).toBe(false); // Fri 22:59 CST
    expect(at('2024-06-07T15:00:00Z')).toBe(true); // Fri 23:00
    expect(at('2024-06-07T16:59:00Z')).toBe(true); // Sat 00:59
    expect(at('2024-06-07T17:00:00Z')).toBe(false); // Sat 01:00
    expect(at('2024-06-08T15:30:00Z')).toBe(false); // Sat 23:30: Saturday is not a window day
    expect(at('2024-06-06T16:30:00Z')).toBe(false); // Fri 00:30: Thursday's window does not exist
    // Sunday 2024-06-09 02:30 EDT = 06:30 UTC, for 90 minutes
    const cr = (iso: string) => windowActive(cron!, Date.parse(iso));
    expect(cr('2024-06-09T06:29:00Z')).toBe(false);
    expect(cr('2024-06-09T06:30:00Z')).toBe(true);
    expect(cr('2024-06-09T07:59:00Z')).toBe(true);
    expect(cr('2024-06-09T08:00:00Z')).toBe(false);
    expect(cr('2024-06-10T06:45:00Z')).toBe(false); // Monday
  });
});

describe('rule message builders', () => {
  it('fill both languages, build the dedupe id, and never carry a secret value', () => {
    const at = new Date('2024-06-01T00:00:00Z');
    const s = identityMismatch({ node: 'zlm-1', at, what: 'secret', zlm: 'zlmSideSecret123456', wvp: 'wvpSideSecret654321' });
    expect(s.id).toBe('identity-mismatch/zlm-1/secret');
    expect(JSON.stringify(s)).not.toMatch(/zlmSideSecret|wvpSideSecret/);
    const id = identityMismatch({ node: 'zlm-1', at, what: 'mediaServerId', zlm: 'a', wvp: 'b' });
    expect(id.details[0]).toEqual({ en: 'ZLM says "a", WVP expects "b"', zh: 'ZLM 为 "a"，WVP 期望 "b"' });
    const f = newErrorFinding({ node: 'zlm-1', at, ruleId: 'hook-crosswired', key: 'hook.on_play', message: { en: 'on_play points at on_publish', zh: 'on_play 指向了 on_publish' } });
    expect(f.id).toBe('new-error-finding/zlm-1/hook-crosswired:hook.on_play');
    expect(f.summary.zh).toBe('zlm-1：新的错误 hook-crosswired：on_play 指向了 on_publish');
    for (const a of [s, id, f]) {
      expect(a.summary.en).not.toBe('');
      expect(a.summary.zh).not.toBe(a.summary.en);
    }
  });
});
