import { describe, expect, it } from 'vitest';
import { detectRestart, diffConfig, diffLines, keepaliveOn, keepaliveTimer } from '../../src/monitor/drift.ts';
import { liveConfigText, liveFindings } from '../../src/monitor/findings.ts';
import { resolvable, wantedAlerts, type AlertInput } from '../../src/monitor/alert-decisions.ts';
import { initialState } from '../../src/monitor/state.ts';
import { PLAIN_OPTIONS, canonicalFromApi } from '../../src/history/index.ts';
import type { ApiEvidence } from '../../src/monitor/types.ts';

const ok = (build = 'abc 2026'): ApiEvidence => ({ at: 0, ok: true, readiness: 'ready', phases: { total: 1 }, build });
const refused: ApiEvidence = { at: 0, ok: false, readiness: 'api_unreachable', phases: { total: 1 }, errorKind: 'refused' };
const timeout: ApiEvidence = { ...refused, errorKind: 'timeout' };

describe('restart detection', () => {
  it('a refused API between two answers, or a new build, is a restart; a timeout is not', () => {
    let m = detectRestart({}, ok()).memory;
    expect(detectRestart(m, ok()).restarted).toBe(false);
    m = detectRestart(m, refused).memory;
    const back = detectRestart(m, ok());
    expect(back.restarted).toBe(true);
    expect(back.why).toMatch(/refused/);
    m = detectRestart(back.memory, timeout).memory;
    expect(detectRestart(m, ok()).restarted).toBe(false);
    const up = detectRestart(m, ok('def 2027'));
    expect(up.restarted).toBe(true);
    expect(up.why).toMatch(/new build/);
    // the first answer ever is no restart
    expect(detectRestart(detectRestart({}, refused).memory, ok()).restarted).toBe(false);
  });

  it('hooks enabled after start-up: the keepalive timer is missing until a restart', () => {
    const off = { 'hook.enable': '0', 'hook.on_server_keepalive': 'http://x/k' };
    const on = { 'hook.enable': '1', 'hook.on_server_keepalive': 'http://x/k' };
    expect(keepaliveOn(off)).toBe(false);
    expect(keepaliveOn(on)).toBe(true);
    let k = keepaliveTimer({}, true, false);
    expect(k.missing).toBeUndefined();
    k = keepaliveTimer({}, false, false);
    k = keepaliveTimer(k, true, false);
    expect(k.missing).toBe(true);
    k = keepaliveTimer(k, true, false);
    expect(k.missing).toBe(true);
    expect(keepaliveTimer(k, true, true).missing).toBe(false);
  });
});

describe('drift', () => {
  const base = { 'api.secret': 'S3cret-value-aaaa', 'hook.enable': '1', 'hook.on_play': 'http://127.0.0.1:18978/index/hook/on_play', 'general.mediaServerId': 'a', 'rtsp.port': '554', 'general.flowThreshold': '1024' };
  it('changes since the last snapshot with attribution; risky keys off the baseline; secrets as fingerprints', () => {
    const baseline = canonicalFromApi(base, PLAIN_OPTIONS);
    const live = { ...base, 'hook.on_play': 'http://127.0.0.1:9/x', 'api.secret': 'another-secret-bbbb', 'general.flowThreshold': '2048' };
    const d = diffConfig(baseline, live, baseline, PLAIN_OPTIONS);
    expect(d.change?.changes.map((c) => c.key).sort()).toEqual(['api.secret', 'general.flowThreshold', 'hook.on_play']);
    expect(d.change?.risky.map((c) => c.key).sort()).toEqual(['api.secret', 'hook.on_play']);
    expect(d.change?.attribution).toBeDefined();
    expect(d.baselineDrift.map((c) => c.key).sort()).toEqual(['api.secret', 'hook.on_play']);
    const lines = diffLines(d.change!.changes).join('\n');
    expect(lines).toMatch(/api\.secret: ‹secret changed: \w+ → \w+›/);
    expect(lines).not.toMatch(/S3cret|another-secret/);
    expect(lines).toMatch(/hook\.on_play: "http:\/\/127\.0\.0\.1:18978\/index\/hook\/on_play" → "http:\/\/127\.0\.0\.1:9\/x"/);
    expect(diffConfig(d.current, live, baseline, PLAIN_OPTIONS).change).toBeUndefined();
  });

  it('findings on the running config: counts and error rule ids only', () => {
    expect(liveConfigText({ 'a.b': '1', 'a.c': '2', 'x.y': 'z' })).toBe('[a]\nb=1\nc=2\n\n[x]\ny=z\n');
    const f = liveFindings({ ...base, 'rtp_proxy.port_range': '30000-30500', 'http.port': '80' });
    expect(f.error + f.warning + f.info).toBeGreaterThan(0);
    expect(JSON.stringify(f)).not.toMatch(/S3cret/);
  });
});

describe('alert decisions', () => {
  const input = (over: Partial<AlertInput>): AlertInput => ({ state: { ...initialState('n', { site: 'lab' }, 0), health: 'up' }, at: 0, answered: true, brokenHooks: [], identity: [], recentRestarts: [], restartLoopCount: 3, restartLoopWindowMs: 600_000, newErrors: [], isolated: false, ...over });
  it('one alert per condition, built by the alerting rules', () => {
    const a = wantedAlerts(input({ brokenHooks: [{ key: 'hook.on_play', status: 'unreachable' }], identity: [{ what: 'secret' }], drift: { keys: ['hook.on_play'], diff: ['hook.on_play: "a" → "b"'], by: 'wvp' }, newErrors: ['bad-rule'] }));
    expect(a.map((x) => x.rule).sort()).toEqual(['hook-chain-broken', 'identity-mismatch', 'new-error-finding', 'risky-drift']);
    expect(a.find((x) => x.rule === 'risky-drift')!.summary.en).toMatch(/WVP push/);
    expect(a.every((x) => x.labels.site === 'lab')).toBe(true);
  });
  it('down: node-down only (not while the monitor is isolated); node-dependent alerts wait for an answer', () => {
    const down = { ...initialState('n', {}, 0), health: 'down' as const, readiness: 'api_unreachable' as const, consecutiveFailures: 3 };
    expect(wantedAlerts(input({ state: down, answered: false, brokenHooks: [{ key: 'hook.on_play', status: 'unreachable' }] })).map((x) => x.rule)).toEqual(['node-down']);
    expect(wantedAlerts(input({ state: down, answered: false, isolated: true }))).toEqual([]);
    expect(resolvable('hook-chain-broken', false)).toBe(false);
    expect(resolvable('node-down', false)).toBe(true);
    expect(wantedAlerts(input({ recentRestarts: [1, 2, 3] })).map((x) => x.rule)).toEqual(['restart-loop']);
  });
});
