/**
 * The shared state of one apply run (src/change/apply/run.ts): the input, timed steps, the outcome being
 * built, the history recorder, and which secret to ask the API with before and after the change.
 */
import { readFileSync } from 'node:fs';
import type { Localized } from '../../i18n/index.ts';
import type { IniDocument } from '../../ini/document.ts';
import { createZlmApi } from '../../zlm/api.ts';
import { systemRestartSys } from '../restart/sys.ts';
import type { RestartResult, RestartSys } from '../restart/types.ts';
import type { ApplyPlan, PlanReload } from './plan.ts';
import type { VerifyOutcome } from './verify.ts';
import { recordSnapshot, type HistoryNote } from './record.ts';

export type ApplyStepName = 'validate' | 'discover' | 'snapshot' | 'write' | 'reload' | 'restart' | 'verify' | 'rollback' | 'verify-rollback' | 'record';

export interface ApplyStep {
  step: ApplyStepName;
  ok: boolean;
  ms: number;
  message: Localized;
  details?: string[];
}

export interface ExecuteInput {
  mode: 'process' | 'api';
  /** process: the config file ZLM runs on */
  configPath?: string;
  /** process: the file as read (under the apply lock) */
  current?: { bytes: Buffer; doc: IniDocument };
  /** the desired config: bytes to write (process) and its map */
  desired: { bytes?: Buffer; map: ReadonlyMap<string, string> };
  plan: ApplyPlan;
  /** --api; default: from the config (general.listen_ip / loopback and http.port) */
  api?: string;
  /** --secret; default ZLM_SECRET, else the config's api.secret */
  secret?: string;
  /** api: the running config as read before */
  running?: ReadonlyMap<string, string>;
  /** history store; undefined: nothing recorded (said in the notes) */
  stateDir?: string;
  /** what the history reasons start with: 'apply' (default) or 'rollback to <rev>' */
  label?: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  backupDir?: string;
  sys?: Partial<RestartSys>;
  onStep?: (s: ApplyStep) => void;
  /** tests: runs right after the file is written (e.g. to make the target unreachable) */
  afterWrite?: () => Promise<void> | void;
}

export type ApplyResultKind = 'applied' | 'rolled-back' | 'refused';

export interface ApplyOutcome {
  result: ApplyResultKind;
  reload: PlanReload;
  /** 0 applied, 1 refused or rolled back, 2 could not run (nothing changed) */
  exitCode: 0 | 1 | 2;
  steps: ApplyStep[];
  verified: VerifyOutcome[];
  rollbackVerified?: VerifyOutcome[];
  reason: Localized;
  notes: Localized[];
  backup?: string;
  history: HistoryNote;
  /** the server is down after this apply */
  serverDown: boolean;
  /** the restart's phases, when one ran */
  restart?: RestartResult[];
  ms: number;
}

export const L = (en: string, zh: string): Localized => ({ en, zh });

export class Steps {
  readonly t0 = performance.now();
  private clock = this.t0;
  readonly list: ApplyStep[] = [];
  constructor(private readonly on?: (s: ApplyStep) => void) {}
  add(step: ApplyStepName, ok: boolean, message: Localized, details?: string[]): void {
    const now = performance.now();
    const s: ApplyStep = { step, ok, ms: Math.round(now - this.clock), message, ...(details?.length ? { details } : {}) };
    this.clock = now;
    this.list.push(s);
    this.on?.(s);
  }
}

export function alive(sys: RestartSys, pid: number): boolean {
  try {
    const st = readFileSync(`${sys.procRoot}/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX] /.test(st);
  } catch {
    return false;
  }
}

export interface Run {
  x: ExecuteInput;
  env: NodeJS.ProcessEnv;
  sys: RestartSys;
  st: Steps;
  deadline: number;
  plan: ApplyPlan;
  out: ApplyOutcome;
  notes: Localized[];
  fixedSecret: string | undefined;
  /** the secret to ask with for a config (the one in it when the apply changes api.secret) */
  secretOf(m: ReadonlyMap<string, string> | undefined): string | undefined;
  done(result: ApplyResultKind, exitCode: 0 | 1 | 2, reason: Localized): ApplyOutcome;
  record(when: 'before' | 'after' | 'rolled back', target: { file: string; text?: string } | { api: string; secret?: string }): Promise<void>;
}

export function makeRun(x: ExecuteInput): Run {
  const env = x.env ?? process.env;
  const sys = systemRestartSys(x.sys);
  const st = new Steps(x.onStep);
  const deadline = st.t0 + x.timeoutMs;
  const label = x.label ?? 'apply';
  const plan = x.plan;
  const notes: Localized[] = [...plan.notes];
  const out: ApplyOutcome = { result: 'refused', reload: plan.reload, exitCode: 1, steps: st.list, verified: [], reason: plan.reason, notes, history: {}, serverDown: false, ms: 0 };
  const changesSecret = plan.changes.some((c) => c.key === 'api.secret');
  const fixedSecret = x.secret ?? env.ZLM_SECRET;
  return {
    x,
    env,
    sys,
    st,
    deadline,
    plan,
    out,
    notes,
    fixedSecret,
    secretOf: (m) => (changesSecret ? m?.get('api.secret') : (fixedSecret ?? m?.get('api.secret'))),
    done(result, exitCode, reason) {
      out.result = result;
      out.exitCode = exitCode;
      out.reason = reason;
      out.ms = Math.round(performance.now() - st.t0);
      return out;
    },
    async record(when, target) {
      const r = await recordSnapshot({ stateDir: x.stateDir, when, label, target, env });
      if (when === 'before') out.history.before = r.rev;
      else out.history.after = r.rev;
      if (r.dir) out.history.dir = r.dir;
      if (r.error) out.history.error = r.error;
      st.add(when === 'before' ? 'snapshot' : 'record', !r.error, r.message);
    },
  };
}

/** getServerConfig of the running server, or why not. */
export async function readRunning(apiBase: string | undefined, secret: string | undefined, deadline: number): Promise<{ ok: true; data: Record<string, string> } | { ok: false; why: Localized }> {
  if (!apiBase) return { ok: false, why: L('http.port is 0 and no --api was given', 'http.port 为 0 且未给出 --api') };
  const api = createZlmApi({ base: apiBase, ...(secret ? { secret } : {}), timeoutMs: Math.max(500, Math.min(5000, deadline - performance.now())) });
  const r = await api.getServerConfig();
  return r.ok ? { ok: true, data: r.data } : { ok: false, why: L(`${apiBase}: ${r.error.explain.en.split('\n')[0]}`, `${apiBase}：${r.error.explain.zh.split('\n')[0]}`) };
}
