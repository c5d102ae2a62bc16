import { describe, expect, it } from 'vitest';
import { classifyReadiness, compareWithWvp } from '../../src/monitor/probe/readiness.ts';
import { apiReadiness } from '../../src/monitor/probe/api.ts';
import type { ApiEvidence, HookEvidence } from '../../src/monitor/types.ts';
import type { ExpectedZlmEntry } from '../../src/wvp/index.ts';

const ok: ApiEvidence = { at: 0, ok: true, readiness: 'ready', phases: { total: 3 } };
const bad = (readiness: ApiEvidence['readiness']): ApiEvidence => ({ at: 0, ok: false, readiness, phases: { total: 3 } });
const hooks = (status: 'ok' | 'unreachable' | 'timeout'): HookEvidence => ({ at: 0, hooks: { 'hook.on_play': { status }, 'hook.on_publish': { status: 'ok' } } });
const e = (zlmKey: string, value: string | undefined, pushedByWvp = true, unresolved?: string[]): ExpectedZlmEntry => ({ zlmKey, value, from: [], pushedByWvp, ...(unresolved ? { unresolved } : {}) });

describe('readiness classification', () => {
  it('maps API error kinds', () => {
    expect(apiReadiness(undefined)).toBe('ready');
    for (const kind of ['refused', 'timeout', 'dns', 'network', 'http-status', 'not-json', 'failed'] as const) expect(apiReadiness({ kind, api: 'version', url: '', explain: { en: '', zh: '' } })).toBe('api_unreachable');
    expect(apiReadiness({ kind: 'auth', api: 'version', url: '', explain: { en: '', zh: '' } })).toBe('secret_rejected');
    expect(apiReadiness({ kind: 'ip-not-allowed', api: 'version', url: '', explain: { en: '', zh: '' } })).toBe('ip_not_allowed');
  });

  it('the most fundamental failure wins', () => {
    const wvp = { identity: ['general.mediaServerId'], notConverged: ['hook.on_play'] };
    expect(classifyReadiness({ api: bad('api_unreachable'), wvp, hooks: hooks('unreachable') })).toBe('api_unreachable');
    expect(classifyReadiness({ api: bad('secret_rejected'), wvp })).toBe('secret_rejected');
    expect(classifyReadiness({ api: bad('ip_not_allowed') })).toBe('ip_not_allowed');
    expect(classifyReadiness({ api: ok, wvp, hooks: hooks('unreachable') })).toBe('identity_mismatch');
    expect(classifyReadiness({ api: ok, wvp: { identity: [], notConverged: ['hook.on_play'] }, hooks: hooks('unreachable') })).toBe('config_not_converged');
    expect(classifyReadiness({ api: ok, hooks: hooks('timeout'), keepaliveTimer: false })).toBe('hook_unreachable');
    expect(classifyReadiness({ api: ok, hooks: hooks('ok'), keepaliveTimer: false })).toBe('keepalive_timer_missing');
    expect(classifyReadiness({ api: ok, hooks: hooks('ok'), keepaliveTimer: true })).toBe('ready');
    expect(classifyReadiness({ api: ok })).toBe('ready');
  });

  it('a fresh restart explains a soft failure, never hides an identity one', () => {
    expect(classifyReadiness({ api: ok, hooks: hooks('unreachable'), restartedRecently: true })).toBe('restarting');
    expect(classifyReadiness({ api: ok, wvp: { identity: [], notConverged: ['hook.enable'] }, restartedRecently: true })).toBe('restarting');
    expect(classifyReadiness({ api: ok, hooks: hooks('ok'), restartedRecently: true })).toBe('ready');
    expect(classifyReadiness({ api: ok, wvp: { identity: ['api.secret'], notConverged: [] }, restartedRecently: true })).toBe('identity_mismatch');
  });

  it('compares the live config with WVP: unknown values are never a mismatch', () => {
    const expected = [
      e('general.mediaServerId', 'zlm-a', false),
      e('api.secret', 'S', false),
      e('hook.enable', '1'),
      e('hook.on_play', 'http://127.0.0.1:18978/index/hook/on_play'),
      e('hook.on_publish', undefined, true, ['HOOK_IP']),
      e('hook.timeoutSec', '30'),
      e('protocol.continue_push_ms', '3000'),
    ];
    const live = { 'general.mediaServerId': 'zlm-a', 'api.secret': 'S', 'hook.enable': 'true', 'hook.on_play': 'http://127.0.0.1:18978/index/hook/on_play', 'hook.on_publish': 'x', 'hook.timeoutSec': '30.0', 'protocol.continue_push_ms': '1' };
    expect(compareWithWvp(live, expected)).toEqual({ identity: [], notConverged: [] });
    expect(compareWithWvp({ ...live, 'general.mediaServerId': 'other', 'hook.on_play': 'http://127.0.0.1:1/x', 'hook.enable': '0' }, expected)).toEqual({ identity: ['general.mediaServerId'], notConverged: ['hook.enable', 'hook.on_play'] });
    expect(compareWithWvp({ ...live, 'api.secret': 'T' }, expected).identity).toEqual(['api.secret']);
  });
});
