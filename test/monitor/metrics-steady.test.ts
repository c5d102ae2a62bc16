/**
 * MonitorMetrics sets a node's steady series only when their value moves (prom-client hashes labels on every
 * set): what /metrics shows must still be exactly the last probe's values, through changes, hook keys that come
 * and go, and a node removed and added back.
 */
import { describe, expect, it } from 'vitest';
import { MonitorMetrics } from '../../src/monitor/metrics.ts';
import { initialState } from '../../src/monitor/state.ts';
import type { ProbeResult, Readiness } from '../../src/monitor/types.ts';

const probe = (readiness: Readiness, hooks: Record<string, 'ok' | 'timeout'>, drift: number): ProbeResult => ({
  node: 'n1',
  at: 1_000,
  readiness,
  api: { at: 1_000, ok: readiness !== 'api_unreachable', readiness, phases: { total: 3 }, streams: 2, readers: 5 },
  hooks: { at: 1_000, hooks: Object.fromEntries(Object.entries(hooks).map(([k, status]) => [k, { status }])) },
  drift,
});

const value = (text: string, series: string): string | undefined => text.split('\n').find((l) => l.startsWith(`${series} `))?.split(' ')[1];

describe('metrics: steady series', () => {
  it('show the last probe after repeats, changes, a hook gone and a node removed and back', async () => {
    const m = new MonitorMetrics();
    m.setNodes(['n1']);
    const st = { ...initialState('n1', {}, 0), health: 'up' as const };
    const extra = { restarts: 0, hooksProbed: true, findings: { error: 1, warning: 0, info: 0, errors: [] } } as never;
    m.onProbe(probe('ready', { 'hook.on_play': 'ok', 'hook.on_publish': 'ok' }, 0), st, extra);
    m.onProbe(probe('ready', { 'hook.on_play': 'ok', 'hook.on_publish': 'ok' }, 0), st, extra);
    let t = await m.text();
    expect(value(t, 'zlm_doctor_readiness{node="n1",reason="ready"}')).toBe('1');
    expect(value(t, 'zlm_doctor_hook_up{node="n1",hook="hook.on_publish"}')).toBe('1');
    m.onProbe(probe('hook_unreachable', { 'hook.on_play': 'timeout' }, 2), { ...st, health: 'degraded' }, extra);
    t = await m.text();
    expect(value(t, 'zlm_doctor_readiness{node="n1",reason="ready"}')).toBe('0');
    expect(value(t, 'zlm_doctor_readiness{node="n1",reason="hook_unreachable"}')).toBe('1');
    expect(value(t, 'zlm_doctor_node_health{node="n1",health="degraded"}')).toBe('1');
    expect(value(t, 'zlm_doctor_hook_up{node="n1",hook="hook.on_play"}')).toBe('0');
    expect(value(t, 'zlm_doctor_hook_up{node="n1",hook="hook.on_publish"}')).toBeUndefined();
    expect(value(t, 'zlm_doctor_drift_keys{node="n1"}')).toBe('2');
    // the hook comes back with the value it had before it went: it is set again
    m.onProbe(probe('ready', { 'hook.on_play': 'ok', 'hook.on_publish': 'ok' }, 2), st, extra);
    expect(value(await m.text(), 'zlm_doctor_hook_up{node="n1",hook="hook.on_publish"}')).toBe('1');
    // removed by a reload, then monitored again: every series is back at once
    m.setNodes([]);
    expect(value(await m.text(), 'zlm_doctor_up{node="n1"}')).toBeUndefined();
    m.setNodes(['n1']);
    m.onProbe(probe('ready', { 'hook.on_play': 'ok', 'hook.on_publish': 'ok' }, 2), st, extra);
    t = await m.text();
    expect(value(t, 'zlm_doctor_up{node="n1"}')).toBe('1');
    expect(value(t, 'zlm_doctor_readiness{node="n1",reason="ready"}')).toBe('1');
    expect(value(t, 'zlm_doctor_drift_keys{node="n1"}')).toBe('2');
    expect(value(t, 'zlm_doctor_findings{node="n1",severity="error"}')).toBe('1');
    expect(value(t, 'zlm_doctor_streams{node="n1"}')).toBe('2');
  });

  it('a phase no longer timed loses its series; restarts show 0 from the first probe and count up', async () => {
    const m = new MonitorMetrics();
    m.setNodes(['n1']);
    const st = { ...initialState('n1', {}, 0), health: 'up' as const };
    const p1 = probe('ready', {}, 0);
    p1.api.phases = { dns: 2, connect: 1, total: 3 };
    m.onProbe(p1, st, { restarts: 0, hooksProbed: false } as never);
    let t = await m.text();
    expect(value(t, 'zlm_doctor_probe_duration_seconds{node="n1",phase="dns"}')).toBe('0.002');
    expect(value(t, 'zlm_doctor_restarts_total{node="n1"}')).toBe('0');
    const p2 = probe('ready', {}, 0);
    p2.api.phases = { connect: 1, total: 4 };
    m.onProbe(p2, st, { restarts: 2, hooksProbed: false } as never);
    t = await m.text();
    expect(value(t, 'zlm_doctor_probe_duration_seconds{node="n1",phase="dns"}')).toBeUndefined();
    expect(value(t, 'zlm_doctor_probe_duration_seconds{node="n1",phase="total"}')).toBe('0.004');
    expect(value(t, 'zlm_doctor_restarts_total{node="n1"}')).toBe('2');
    m.onProbe(p2, st, { restarts: 2, hooksProbed: false } as never);
    expect(value(await m.text(), 'zlm_doctor_restarts_total{node="n1"}')).toBe('2');
  });
});
