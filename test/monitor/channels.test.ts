import { afterEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { createChannel, loadMonitorConfigTexts, monitorRedactor, riskyDrift, nodeDown, type AnyChannelConfig, type SendContext, type Notification } from '../../src/monitor/index.ts';
import { httpExchange } from '../../src/zlm/http.ts';
import { blackHole, recorder, type Receiver } from './receivers.ts';

const NOW = Date.UTC(2024, 5, 1, 8, 30, 0); // 2024-06-01T08:30:00Z
const NODE_SECRET = 'Zs3cretNodeValue0123456789abcd';
const DING_SECRET = 'SECd1ngSigningSecret0123456789abcdef';
const FEISHU_SECRET = 'feishuSigningSecret42xyz';
const HEADER_TOKEN = 'Bearer-tok-0987654321-abcdef';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function rec(answer?: Parameters<typeof recorder>[0]): Promise<Receiver> {
  const r = await recorder(answer);
  closers.push(r.close);
  return r;
}

/** Load one channel (and the node secret) through the real config loader. */
function channelFrom(yaml: string, env: Record<string, string> = {}): { cfg: AnyChannelConfig; ctx: SendContext } {
  const text = `nodes:\n  - { name: zlm-1, api: "http://127.0.0.1:80", secret: "\${ZLM_SECRET}", labels: { site: lab } }\nalerts:\n  channels:\n    - ${yaml}\n`;
  const r = loadMonitorConfigTexts([{ file: '/cfg/zlm-doctor.yml', text }], { ZLM_SECRET: NODE_SECRET, ...env });
  expect(r.errors.map((e) => e.reason.en)).toEqual([]);
  return {
    cfg: r.config.alerts.channels[0]!,
    ctx: { lang: 'en', redactor: monitorRedactor(r.config), http: (u, o) => httpExchange(u, o), now: () => NOW, sleep: async () => undefined },
  };
}

/** A drift alert whose diff carries the node secret in two shapes: it must never leave the process. */
function driftNotification(): Notification {
  const alert = riskyDrift({
    node: 'zlm-1',
    labels: { site: 'lab' },
    at: new Date(NOW - 120_000),
    keys: ['hook.on_play', 'api.secret'],
    diff: ['hook.on_play: http://10.0.0.1:18080/index/hook/on_play → http://10.0.0.9/x', `api.secret: ${NODE_SECRET} → (changed)`, `hook.admin_params=secret=${NODE_SECRET}`],
    by: { en: 'API setServerConfig', zh: 'API setServerConfig' },
  });
  return { alert, status: 'firing', at: new Date(NOW) };
}

const allSecrets = [NODE_SECRET, DING_SECRET, FEISHU_SECRET, HEADER_TOKEN];
function noSecretIn(body: string): void {
  for (const s of allSecrets) expect(body).not.toContain(s);
}

describe('webhook', () => {
  it('posts the default JSON document, redacted, with the configured headers', async () => {
    const r = await rec();
    const { cfg, ctx } = channelFrom(`{ name: hook, type: webhook, url: "\${BASE}/alert?token=webhookToken123456", headers: { Authorization: "${HEADER_TOKEN}" } }`, { BASE: r.base });
    const res = await createChannel(cfg).send(driftNotification(), ctx);
    expect(res).toMatchObject({ ok: true, channel: 'hook', type: 'webhook', attempts: 1, status: 200 });
    const q = r.requests[0]!;
    expect(q.method).toBe('POST');
    expect(q.url).toBe('/alert?token=webhookToken123456');
    expect(q.headers['content-type']).toBe('application/json');
    expect(q.headers.authorization).toBe(HEADER_TOKEN);
    const body = JSON.parse(q.body);
    expect(body).toEqual({
      source: 'zlm-doctor',
      version: 1,
      status: 'firing',
      test: false,
      repeat: false,
      id: 'risky-drift/zlm-1/api.secret,hook.on_play',
      rule: 'risky-drift',
      alertname: 'ZlmRiskyConfigDrift',
      severity: 'warning',
      node: 'zlm-1',
      subject: 'api.secret,hook.on_play',
      labels: { site: 'lab', alertname: 'ZlmRiskyConfigDrift', rule: 'risky-drift', node: 'zlm-1', severity: 'warning', subject: 'api.secret,hook.on_play' },
      title: '[FIRING] zlm-1: risky config drift',
      summary: 'zlm-1: risky keys changed (api.secret, hook.on_play) by API setServerConfig',
      details: [expect.stringContaining('hook.on_play: http://10.0.0.1:18080'), expect.stringMatching(/^api\.secret: ‹secret sha256:[0-9a-f]{8}› → \(changed\)$/), expect.stringMatching(/^hook\.admin_params=secret=‹secret sha256:[0-9a-f]{8}›$/)],
      text: expect.stringContaining('[FIRING] zlm-1: risky config drift'),
      lang: 'en',
      startsAt: '2024-06-01T08:28:00.000Z',
    });
    // the body never carries a secret; the header and URL token are the receiver's own credentials
    noSecretIn(q.body);
  });

  it('fills a JSON template with escaped values, and a text template as is', async () => {
    const r = await rec();
    const { cfg, ctx } = channelFrom(`{ name: t, type: webhook, url: "http://127.0.0.1:1/x", template: '{"who": "{{node}}", "s": "{{status}}", "msg": "{{summary}}", "site": "{{labels.site}}", "d": "{{details}}"}' }`);
    await createChannel({ ...cfg, url: `${r.base}/t` } as AnyChannelConfig).send(driftNotification(), ctx);
    const body = JSON.parse(r.requests[0]!.body);
    expect(body.who).toBe('zlm-1');
    expect(body.s).toBe('firing');
    expect(body.site).toBe('lab');
    expect(body.msg).toBe('zlm-1: risky keys changed (api.secret, hook.on_play) by API setServerConfig');
    expect(body.d.split('\n')).toHaveLength(3);
    noSecretIn(r.requests[0]!.body);

    const r2 = await rec();
    const t = channelFrom(`{ name: t, type: webhook, url: "http://127.0.0.1:1/x", template: "{{status}} {{node}} {{title}}" }`);
    expect(t.cfg).toMatchObject({ contentType: 'text/plain; charset=utf-8' });
    await createChannel({ ...t.cfg, url: `${r2.base}/t` } as AnyChannelConfig).send(driftNotification(), t.ctx);
    expect(r2.requests[0]!.body).toBe('firing zlm-1 [FIRING] zlm-1: risky config drift');
  });

  it('retries once on 503 and reports the HTTP status naming the channel on 4xx', async () => {
    const r = await rec((_q, n) => (n === 1 ? { status: 503, body: 'busy' } : {}));
    const { cfg, ctx } = channelFrom(`{ name: ops, type: webhook, url: "http://127.0.0.1:1/x" }`);
    const ok = await createChannel({ ...cfg, url: `${r.base}/a` } as AnyChannelConfig).send(driftNotification(), ctx);
    expect(ok).toMatchObject({ ok: true, attempts: 2 });
    const r4 = await rec(() => ({ status: 404, body: 'no such hook' }));
    const bad = await createChannel({ ...cfg, url: `${r4.base}/a` } as AnyChannelConfig).send(driftNotification(), ctx);
    expect(bad).toMatchObject({ ok: false, attempts: 1, status: 404 });
    expect(bad.error!.en).toBe('channel "ops" (webhook): answered HTTP 404: no such hook');
    expect(bad.error!.zh).toBe('通道 "ops"（webhook）：返回 HTTP 404：no such hook');
  });
});

describe('dingtalk', () => {
  it('signs timestamp + "\\n" + secret with HMAC-SHA256 (base64, URL-encoded) and posts markdown', async () => {
    const r = await rec(() => ({ body: '{"errcode":0,"errmsg":"ok"}' }));
    const { cfg, ctx } = channelFrom(`{ name: ding, type: dingtalk, url: "http://127.0.0.1:1/robot/send?access_token=dingAccessToken0123456789", secret: "${DING_SECRET}", at-mobiles: ["13800000000"] }`);
    const c = { ...cfg, url: `${r.base}/robot/send?access_token=dingAccessToken0123456789` } as AnyChannelConfig;
    const res = await createChannel(c).send(driftNotification(), ctx);
    expect(res.ok).toBe(true);
    const q = r.requests[0]!;
    const sign = createHmac('sha256', DING_SECRET).update(`${NOW}\n${DING_SECRET}`).digest('base64');
    expect(q.url).toBe(`/robot/send?access_token=dingAccessToken0123456789&timestamp=${NOW}&sign=${encodeURIComponent(sign)}`);
    const body = JSON.parse(q.body);
    expect(Object.keys(body)).toEqual(['msgtype', 'markdown', 'at']);
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toBe('[FIRING] zlm-1: risky config drift');
    expect(body.markdown.text).toMatch(/^#### \[FIRING\] zlm-1: risky config drift\n\nzlm-1: risky keys changed/);
    expect(body.markdown.text).toMatch(/\n\n@13800000000$/);
    expect(body.at).toEqual({ atMobiles: ['13800000000'], isAtAll: false });
    noSecretIn(q.body);
  });

  it('an errcode other than 0 is a refusal, not retried', async () => {
    const r = await rec(() => ({ body: '{"errcode":310000,"errmsg":"sign not match"}' }));
    const { cfg, ctx } = channelFrom(`{ name: ding, type: dingtalk, url: "http://127.0.0.1:1/robot/send?access_token=abc" }`);
    const res = await createChannel({ ...cfg, url: `${r.base}/robot/send?access_token=abc` } as AnyChannelConfig).send(driftNotification(), ctx);
    expect(res).toMatchObject({ ok: false, attempts: 1 });
    expect(res.error!.en).toBe('channel "ding" (dingtalk): DingTalk refused the message: errcode 310000: sign not match');
  });

  it('speaks Chinese when the channel says so', async () => {
    const r = await rec(() => ({ body: '{"errcode":0,"errmsg":"ok"}' }));
    const { cfg, ctx } = channelFrom(`{ name: ding, type: dingtalk, lang: zh, url: "http://127.0.0.1:1/robot/send?access_token=abc" }`);
    await createChannel({ ...cfg, url: `${r.base}/robot/send?access_token=abc` } as AnyChannelConfig).send(driftNotification(), ctx);
    const body = JSON.parse(r.requests[0]!.body);
    expect(body.markdown.title).toBe('[告警] zlm-1: 高风险配置漂移');
    expect(body.markdown.text).toContain('zlm-1：高风险配置项被修改（api.secret、hook.on_play），来源：API setServerConfig');
  });
});

describe('wecom', () => {
  it('posts markdown content to the key URL', async () => {
    const r = await rec(() => ({ body: '{"errcode":0,"errmsg":"ok"}' }));
    const { cfg, ctx } = channelFrom(`{ name: wx, type: wecom, key: "wecomKey-1234-5678-abcd" }`);
    expect((cfg as { url: string }).url).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wecomKey-1234-5678-abcd');
    const res = await createChannel({ ...cfg, url: `${r.base}/cgi-bin/webhook/send?key=wecomKey-1234-5678-abcd` } as AnyChannelConfig).send(driftNotification(), ctx);
    expect(res.ok).toBe(true);
    const q = r.requests[0]!;
    expect(q.url).toBe('/cgi-bin/webhook/send?key=wecomKey-1234-5678-abcd');
    const body = JSON.parse(q.body);
    expect(Object.keys(body)).toEqual(['msgtype', 'markdown']);
    expect(body.msgtype).toBe('markdown');
    expect(Object.keys(body.markdown)).toEqual(['content']);
    expect(body.markdown.content).toMatch(/^\*\*\[FIRING\] zlm-1: risky config drift\*\*\n/);
    expect(body.markdown.content).toContain('<font color="comment">');
    expect(Buffer.byteLength(body.markdown.content)).toBeLessThanOrEqual(4096);
    noSecretIn(q.body);
  });
});

describe('feishu', () => {
  it('signs with HMAC-SHA256 keyed by timestamp + "\\n" + secret over an empty message, in the body', async () => {
    const r = await rec(() => ({ body: '{"code":0,"msg":"success","data":{}}' }));
    const { cfg, ctx } = channelFrom(`{ name: fs, type: feishu, url: "https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-aaaa-bbbb-cccc-123456789abc", secret: "${FEISHU_SECRET}" }`);
    const res = await createChannel({ ...cfg, url: `${r.base}/open-apis/bot/v2/hook/0f1e2d3c-aaaa-bbbb-cccc-123456789abc` } as AnyChannelConfig).send(driftNotification(), ctx);
    expect(res.ok).toBe(true);
    const ts = Math.floor(NOW / 1000);
    const body = JSON.parse(r.requests[0]!.body);
    expect(body).toEqual({
      timestamp: String(ts),
      sign: createHmac('sha256', `${ts}\n${FEISHU_SECRET}`).update('').digest('base64'),
      msg_type: 'text',
      content: { text: expect.stringMatching(/^\[FIRING\] zlm-1: risky config drift\n\nzlm-1: risky keys changed/) },
    });
    noSecretIn(r.requests[0]!.body);
  });

  it('a non-zero code is a refusal', async () => {
    const r = await rec(() => ({ body: '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}' }));
    const { cfg, ctx } = channelFrom(`{ name: fs, type: feishu, url: "http://127.0.0.1:1/open-apis/bot/v2/hook/x" }`);
    const res = await createChannel({ ...cfg, url: `${r.base}/h` } as AnyChannelConfig).send(driftNotification(), ctx);
    expect(res.error!.en).toBe('channel "fs" (feishu): Feishu refused the message: code 19021: sign match fail or timestamp is not within one hour from current time');
  });
});

describe('slack', () => {
  it('posts {"text": mrkdwn}', async () => {
    const r = await rec();
    const { cfg, ctx } = channelFrom(`{ name: sl, type: slack, url: "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX" }`);
    await createChannel({ ...cfg, url: `${r.base}/services/T000/B000/XXXXXXXXXXXXXXXX` } as AnyChannelConfig).send(driftNotification(), ctx);
    const body = JSON.parse(r.requests[0]!.body);
    expect(Object.keys(body)).toEqual(['text']);
    expect(body.text).toMatch(/^\*\[FIRING\] zlm-1: risky config drift\*\nzlm-1: risky keys changed .*\n```\n/);
    expect(body.text).toContain('→'); // the diff arrow survives
    noSecretIn(r.requests[0]!.body);
  });
});

describe('alertmanager', () => {
  it('posts a v2 postable alert array; firing carries endsAt = now + 4 × resend, resolved the real end', async () => {
    const r = await rec(() => ({ body: '' }));
    const { cfg, ctx } = channelFrom(`{ name: am, type: alertmanager, url: "http://127.0.0.1:1", labels: { monitor: zd-1 }, generator-url: "http://127.0.0.1:9797/" }`);
    const ch = createChannel({ ...cfg, url: r.base } as AnyChannelConfig);
    const down = nodeDown({ node: 'zlm-1', labels: { site: 'lab' }, at: new Date(NOW - 60_000), reason: 'api_unreachable', failures: 3 });
    expect((await ch.send({ alert: down, status: 'firing', at: new Date(NOW) }, ctx)).ok).toBe(true);
    await ch.send({ alert: { ...down, endsAt: new Date(NOW + 300_000) }, status: 'resolved', at: new Date(NOW + 300_000) }, ctx);
    expect(r.requests.map((q) => [q.method, q.url, q.headers['content-type']])).toEqual([
      ['POST', '/api/v2/alerts', 'application/json'],
      ['POST', '/api/v2/alerts', 'application/json'],
    ]);
    const [firing, resolved] = r.requests.map((q) => JSON.parse(q.body));
    expect(firing).toEqual([
      {
        labels: { monitor: 'zd-1', site: 'lab', alertname: 'ZlmNodeDown', rule: 'node-down', node: 'zlm-1', severity: 'critical' },
        annotations: { summary: 'zlm-1 is down: api_unreachable (3 failed probes in a row)', title: '[FIRING] zlm-1: node down' },
        startsAt: '2024-06-01T08:29:00.000Z',
        endsAt: '2024-06-01T08:34:00.000Z',
        generatorURL: 'http://127.0.0.1:9797/nodes/zlm-1',
      },
    ]);
    expect(resolved[0].endsAt).toBe('2024-06-01T08:35:00.000Z');
    expect(resolved[0].annotations.title).toBe('[RESOLVED] zlm-1: node down');
  });
});

describe('deadline', () => {
  it('holds against a receiver that accepts and never answers, and names the channel', async () => {
    const bh = await blackHole();
    closers.push(bh.close);
    const { cfg, ctx } = channelFrom(`{ name: slow, type: webhook, url: "http://127.0.0.1:1/x", timeout: 600ms }`);
    for (const type of ['webhook', 'dingtalk', 'wecom', 'feishu', 'slack', 'alertmanager'] as const) {
      const c = { ...cfg, type, url: `${bh.base}/x?access_token=abc`, atMobiles: [], mentionedMobiles: [], labels: {}, headers: {}, method: 'POST', contentType: 'application/json' } as unknown as AnyChannelConfig;
      const t0 = performance.now();
      const res = await createChannel(c).send(driftNotification(), ctx);
      const ms = performance.now() - t0;
      expect(ms).toBeLessThan(1500);
      expect(res.ok).toBe(false);
      expect(res.error!.en).toMatch(new RegExp(`^channel "slow" \\(${type}\\): no answer within \\d+ ms$`));
    }
    expect(bh.accepted()).toBe(6);
  });
});

describe('no secret in any payload', () => {
  it('every HTTP channel, fed an alert whose texts echo every secret of the config, sends none of them in its body', async () => {
    const r = await rec(() => ({ body: '{"errcode":0,"code":0}' }));
    const env = { BASE: r.base, ZLM_SECRET: NODE_SECRET, DING: DING_SECRET, FS: FEISHU_SECRET, TOKEN: HEADER_TOKEN };
    const text = `nodes:
  - { name: zlm-1, api: "http://127.0.0.1:80/?secret=apiUrlSecret-777777", secret: "\${ZLM_SECRET}", labels: { site: lab } }
alerts:
  channels:
    - { name: w, type: webhook, url: "\${BASE}/w?access_token=whTokenValue-111111", headers: { Authorization: "\${TOKEN}" } }
    - { name: t, type: webhook, url: "\${BASE}/t", template: '{"s": "{{summary}}", "d": "{{details}}", "l": "{{labels.site}}"}' }
    - { name: d, type: dingtalk, url: "\${BASE}/robot/send?access_token=dingTokenValue-222222", secret: "\${DING}" }
    - { name: x, type: wecom, url: "\${BASE}/cgi-bin/webhook/send?key=wecomKeyValue-333333" }
    - { name: f, type: feishu, url: "\${BASE}/open-apis/bot/v2/hook/feishuHookId-444444", secret: "\${FS}" }
    - { name: s, type: slack, url: "\${BASE}/services/T0/B0/slackHookSecret-555555" }
    - { name: a, type: alertmanager, url: "http://am:amPassword-666666@127.0.0.1:1" }
`;
    const cfg = loadMonitorConfigTexts([{ file: '/cfg/zlm-doctor.yml', text }], env);
    expect(cfg.errors).toEqual([]);
    const secrets = cfg.config.secrets;
    expect(secrets.length).toBeGreaterThanOrEqual(10);
    const ctx: SendContext = { lang: 'zh', redactor: monitorRedactor(cfg.config), http: (u, o) => httpExchange(u, o), now: () => NOW, sleep: async () => undefined };
    const leak = riskyDrift({ node: 'zlm-1', labels: { site: 'lab', owner: HEADER_TOKEN }, at: new Date(NOW), keys: ['api.secret'], diff: secrets.map((s) => `echo: ${s}`), by: { en: `user ${NODE_SECRET}`, zh: `用户 ${NODE_SECRET}` } });
    for (const c of cfg.config.alerts.channels) {
      const target = c.type === 'alertmanager' ? { ...c, url: r.base } : c;
      const res = await createChannel(target as AnyChannelConfig).send({ alert: leak, status: 'firing', at: new Date(NOW) }, ctx);
      expect(res.ok, `${c.name}: ${res.error?.en}`).toBe(true);
    }
    expect(r.requests).toHaveLength(7);
    for (const q of r.requests) for (const s of secrets) expect(q.body, `${q.url} leaks ${s.slice(0, 4)}…`).not.toContain(s);
    // and the texts still say what happened, with fingerprints in place of the values
    expect(r.requests.every((q) => q.body.includes('secret sha256:'))).toBe(true);
  });
});
