import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE_OPTIONS, initialState, step, suppressNodeAlerts, type MachineState } from '../../src/monitor/state.ts';
import type { ProbeResult, Readiness } from '../../src/monitor/types.ts';

const probe = (at: number, readiness: Readiness): ProbeResult => ({
  node: 'n',
  at,
  readiness,
  api: { at, ok: readiness !== 'api_unreachable', readiness: readiness === 'api_unreachable' ? 'api_unreachable' : 'ready', phases: { total: 1 } },
});

/** feed a sequence; a requested re-probe gets `reprobeAs` */
function run(seq: Readiness[], reprobeAs: Readiness = 'api_unreachable') {
  let s: MachineState = initialState('n', {}, 0);
  const transitions: string[] = [];
  let t = 0;
  for (const r of seq) {
    let out = step(s, probe((t += 10_000), r));
    if (out.transition) transitions.push(`${out.transition.from}->${out.transition.to}`);
    s = out.state;
    if (out.reprobe) {
      out = step(s, probe((t += 100), reprobeAs), DEFAULT_STATE_OPTIONS, { reprobe: true });
      if (out.transition) transitions.push(`${out.transition.from}->${out.transition.to}`);
      s = out.state;
    }
  }
  return { s, transitions };
}

describe('node state machine (anti-flap)', () => {
  it('goes down only after N failures plus a failed re-probe', () => {
    const { s, transitions } = run(['ready', 'api_unreachable', 'api_unreachable', 'api_unreachable']);
    expect(transitions).toEqual(['unknown->up', 'up->down']);
    expect(s.health).toBe('down');
    expect(suppressNodeAlerts(s)).toBe(true);
  });

  it('two failures are not enough', () => {
    expect(run(['ready', 'api_unreachable', 'api_unreachable']).s.health).toBe('up');
  });

  it('a re-probe that succeeds keeps the node up', () => {
    const { s, transitions } = run(['ready', 'api_unreachable', 'api_unreachable', 'api_unreachable'], 'ready');
    expect(transitions).toEqual(['unknown->up']);
    expect(s.health).toBe('up');
    expect(s.consecutiveFailures).toBe(0);
  });

  it('recovers only after M good probes', () => {
    const down = ['ready', 'api_unreachable', 'api_unreachable', 'api_unreachable'] as Readiness[];
    expect(run([...down, 'ready']).s.health).toBe('down');
    const { s, transitions } = run([...down, 'ready', 'ready']);
    expect(s.health).toBe('up');
    expect(transitions).toEqual(['unknown->up', 'up->down', 'down->up']);
  });

  it('a node that flaps every probe never goes down', () => {
    const seq: Readiness[] = [];
    for (let i = 0; i < 50; i++) seq.push(i % 2 ? 'api_unreachable' : 'ready');
    const { s, transitions } = run(seq);
    expect(transitions).toEqual(['unknown->up']);
    expect(s.health).toBe('up');
  });

  it('degraded after consecutive not-ready answers, up at the first ready one', () => {
    const { transitions } = run(['ready', 'hook_unreachable', 'hook_unreachable', 'ready']);
    expect(transitions).toEqual(['unknown->up', 'up->degraded', 'degraded->up']);
    expect(run(['ready', 'hook_unreachable', 'ready', 'hook_unreachable']).transitions).toEqual(['unknown->up']);
  });

  it('a first answer that is not ready is degraded at once; a down node returns as degraded when not ready', () => {
    expect(run(['secret_rejected']).s.health).toBe('degraded');
    const { s } = run(['ready', 'api_unreachable', 'api_unreachable', 'api_unreachable', 'hook_unreachable', 'hook_unreachable']);
    expect(s.health).toBe('degraded');
  });
});
