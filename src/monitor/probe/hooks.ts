/**
 * The hook-chain probe: for each hook URL the running server holds (from the
 * API probe's live config, never from a file), the doctor's one-attempt HTTP
 * probe timed by phase. on_server_keepalive is sent for real (WVP ignores an
 * unknown mediaServerId); the other hooks get a bodiless GET that proves a
 * live receiver without side effects. Hook evidence is its own record: it is
 * never derived from, nor refreshes, the API evidence.
 */
import { probeUrl, HOOK_BODIES, type HookProbeResult } from '../../doctor/index.ts';
import { HOOK_URL_KEYS } from '../../zlm/hook-urls.ts';
import { readBool, readNumber } from '../../zlm/value.ts';
import type { HookEvidence, HookStatus } from '../types.ts';
import { toTimings } from './api.ts';

export type HookProber = typeof probeUrl;

export function hookStatus(r: HookProbeResult): HookStatus {
  if (r.ok) return 'ok';
  switch (r.failure) {
    case 'timeout':
      return 'timeout';
    case 'http-status':
      return 'http_error';
    case 'not-json':
    case 'bad-code':
      return 'bad_answer';
    default:
      return 'unreachable';
  }
}

export interface HookProbeOptions {
  signal: AbortSignal;
  /** ms left for the whole hook probe */
  budgetMs: number;
  now?: () => number;
  probe?: HookProber;
}

/** The hook URLs a live config holds, by key; empty when hooks are off. */
export function hookUrls(live: Record<string, string>): { key: string; url: string }[] {
  if (!readBool(live['hook.enable'] ?? '0').value) return [];
  return HOOK_URL_KEYS.map((key) => ({ key, url: (live[key] ?? '').trim() })).filter((h) => h.url !== '');
}

/** What probeHooks reads of a live config: its hook URLs grouped (keys per URL) and hook.timeoutSec. */
interface HookPlan {
  byUrl: { url: string; keys: string[]; real: boolean }[];
  timeoutSec: number;
}

/** Plans by live config map: serve keeps an unchanged config as the same map (answerMemo), so a node's plan is made once per config. */
const plans = new WeakMap<Record<string, string>, HookPlan>();

function planOf(live: Record<string, string>): HookPlan {
  let plan = plans.get(live);
  if (plan) return plan;
  const byUrl = new Map<string, string[]>();
  for (const h of hookUrls(live)) byUrl.set(h.url, [...(byUrl.get(h.url) ?? []), h.key]);
  plan = {
    byUrl: [...byUrl].map(([url, keys]) => ({ url, keys, real: keys.includes('hook.on_server_keepalive') })),
    timeoutSec: readNumber('float', live['hook.timeoutSec'] ?? '10') || 10,
  };
  plans.set(live, plan);
  return plan;
}

export async function probeHooks(live: Record<string, string>, opts: HookProbeOptions): Promise<HookEvidence> {
  const at = (opts.now ?? Date.now)();
  const probe = opts.probe ?? probeUrl;
  const hooks: HookEvidence['hooks'] = {};
  const plan = planOf(live);
  if (plan.byUrl.length === 0) {
    hooks['hook.enable'] = { status: 'not_configured' };
    return { at, hooks };
  }
  const budget = Math.max(50, Math.min(opts.budgetMs, plan.timeoutSec * 1000));
  // one options object per kind of request, not one per URL
  const get = { timeoutMs: budget, signal: opts.signal, liveness: true };
  const post = { timeoutMs: budget, signal: opts.signal, body: HOOK_BODIES.on_server_keepalive ?? {}, expectCodeZero: true };
  const results = await Promise.all(plan.byUrl.map((u) => probe(u.url, u.real ? post : get)));
  for (let i = 0; i < results.length; i++) {
    const rec = recordOf(results[i]!);
    for (const k of plan.byUrl[i]!.keys) hooks[k] = rec;
  }
  return { at, hooks };
}

type HookRecord = HookEvidence['hooks'][string];

/**
 * A probe result's record, made once per result: serve shares one probe of a URL among every node that points
 * at it (one WVP for the fleet), so the nodes share its record too. Frozen: nobody may change what others hold.
 */
const records = new WeakMap<HookProbeResult, HookRecord>();

function recordOf(r: HookProbeResult): HookRecord {
  let rec = records.get(r);
  if (rec) return rec;
  const detail = r.ok ? undefined : `${r.failure ?? 'failed'}${r.detail ? ` ${r.detail}` : ''}${r.status !== undefined ? ` HTTP ${r.status}` : ''}`;
  rec = Object.freeze({ status: hookStatus(r), phases: Object.freeze(toTimings(r.phases, r.phases.totalMs)), ...(detail ? { detail } : {}) });
  records.set(r, rec);
  return rec;
}
