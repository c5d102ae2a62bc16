/**
 * Drift of a node's running config (getServerConfig), pure:
 * - against its last snapshot: every change, with the semantic diff and who
 *   made it (src/history attribution: WVP push, ZLM self-rewrite, operator);
 * - against its baseline (a pinned revision: the config file when the node
 *   has one, else the first config the monitor saw): the risky keys that
 *   differ, the `drift` count.
 * Secrets are fingerprint tokens before anything is compared or kept.
 * The restart detector reads the API evidence: a new build, a new start
 * time, or an API that refused connections between two answers.
 */
import { attribute, canonicalFromApi, secretChangeText, semanticDiff, type Attribution, type Canonical, type CanonicalOptions, type KeyChange } from '../history/index.ts';
import { readBool } from '../zlm/value.ts';
import type { ApiEvidence } from './types.ts';

export interface ConfigChange {
  changes: KeyChange[];
  risky: KeyChange[];
  attribution: Attribution;
  /** `by: keys (why)` per part */
  parts: string[];
}

export interface DriftResult {
  /** the canonical live config (secrets as tokens) */
  current: Canonical;
  /** vs the last snapshot; undefined when nothing changed or there was none */
  change?: ConfigChange;
  /** risky keys that differ from the baseline */
  baselineDrift: KeyChange[];
}

export function diffConfig(last: Canonical | undefined, live: Record<string, string>, baseline: Canonical | undefined, opts: CanonicalOptions): DriftResult {
  const current = canonicalFromApi(live, opts);
  const out: DriftResult = { current, baselineDrift: baseline ? semanticDiff(baseline, current).filter((c) => c.risky && c.known) : [] };
  if (last) {
    const changes = semanticDiff(last, current);
    if (changes.length) {
      const a = attribute(last, current, { fingerprint: opts.fingerprint });
      out.change = { changes, risky: changes.filter((c) => c.risky), attribution: a.attribution, parts: a.parts.map((p) => `${p.by}: ${p.keys.join(', ')} (${p.why})`) };
    }
  }
  return out;
}

/** One line per change, secrets as `‹secret changed: a1b2 → c3d4›`. */
export function diffLines(changes: readonly KeyChange[]): string[] {
  return changes.map((c) => {
    const s = secretChangeText(c);
    if (s) return `${c.key}: ${s}`;
    if (c.kind === 'added') return `${c.key}: + ${JSON.stringify(c.after)}`;
    if (c.kind === 'removed') return `${c.key}: - ${JSON.stringify(c.before)}`;
    return `${c.key}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`;
  });
}

export interface RestartMemory {
  build?: string;
  startedAt?: number;
  /** the API refused connections since the last answer */
  refusedSinceAnswer?: boolean;
  /** the node answered at least once */
  answered?: boolean;
}

/** A restart between the last answer and this one, with why; updates memory. */
export function detectRestart(mem: RestartMemory, api: ApiEvidence): { restarted: boolean; why?: string; memory: RestartMemory } {
  if (!api.ok && api.readiness === 'api_unreachable') {
    return { restarted: false, memory: { ...mem, refusedSinceAnswer: mem.refusedSinceAnswer || api.errorKind === 'refused' } };
  }
  if (!api.ok && api.errorKind !== 'auth' && api.errorKind !== 'ip-not-allowed') return { restarted: false, memory: mem };
  const next: RestartMemory = { answered: true, refusedSinceAnswer: false, build: api.build ?? mem.build, startedAt: api.startedAt ?? mem.startedAt };
  if (!mem.answered) return { restarted: false, memory: next };
  let why: string | undefined;
  if (api.build && mem.build && api.build !== mem.build) why = `new build (${mem.build} → ${api.build})`;
  else if (api.startedAt !== undefined && mem.startedAt !== undefined && Math.abs(api.startedAt - mem.startedAt) > 2_000) why = 'new start time';
  else if (mem.refusedSinceAnswer) why = 'the API refused connections, then answered again';
  return why ? { restarted: true, why, memory: next } : { restarted: false, memory: next };
}

/** detectRestart's `why` in 简体中文. */
export function restartWhyZh(why: string | undefined): string {
  if (!why) return '已检测到';
  const b = /^new build \((.*)\)$/.exec(why);
  if (b) return `新的程序版本（${b[1]}）`;
  if (why === 'new start time') return '启动时间变化';
  if (why.startsWith('the API refused')) return 'API 曾拒绝连接，之后恢复应答';
  return why;
}

/** Whether the keepalive timer can run: on when hooks and the keepalive URL are set. */
export function keepaliveOn(live: Record<string, string>): boolean {
  return readBool(live['hook.enable'] ?? '0').value && (live['hook.on_server_keepalive'] ?? '').trim() !== '';
}

/**
 * ZLM creates the keepalive timer only at start-up (zlm-reference §4.3): when
 * the monitor saw keepalive off and then on with no restart in between, the
 * timer is missing until the next restart. undefined = cannot tell.
 */
export function keepaliveTimer(prev: { on?: boolean; missing?: boolean }, on: boolean, restarted: boolean): { on: boolean; missing?: boolean } {
  if (restarted) return { on, missing: false };
  if (prev.on === false && on) return { on, missing: true };
  if (!on) return { on, missing: false };
  return { on, ...(prev.missing !== undefined ? { missing: prev.missing } : {}) };
}
