/**
 * apply's history entries: the state before (reason "apply: before"), and after ("apply: after",
 * attributed to zlm-doctor) or after a rollback ("apply: rolled back"). A store problem never changes
 * the apply's outcome: it is one note. Without a state directory nothing is recorded (said once).
 */
import type { Localized } from '../../i18n/index.ts';
import { defaultStateDir, snapshot, StoreError, type SnapshotTarget } from '../../history/index.ts';

export interface HistoryNote {
  before?: string | null;
  after?: string | null;
  dir?: string;
  error?: Localized;
}

export interface RecordInput {
  stateDir: string | undefined;
  when: 'before' | 'after' | 'rolled back';
  /** 'apply' or 'rollback to <rev>' */
  label: string;
  target: SnapshotTarget;
  env: NodeJS.ProcessEnv;
}

export async function recordSnapshot(x: RecordInput): Promise<{ rev: string | null; dir?: string; error?: Localized; message: Localized }> {
  const dir = x.stateDir ?? defaultStateDir(x.env);
  if (!dir) {
    const m = { en: 'history: no state directory (no --state-dir, XDG_STATE_HOME or HOME): nothing recorded', zh: '历史：没有状态目录（未给出 --state-dir，且无 XDG_STATE_HOME 或 HOME）：未记录' };
    return { rev: null, error: m, message: m };
  }
  const reason = `${x.label}: ${x.when}`;
  try {
    const r = await snapshot({
      stateDir: dir,
      target: x.target,
      reason,
      actor: 'zlm-doctor',
      ...(x.when === 'after' ? { attribution: 'zlm-doctor' as const } : {}),
      env: x.env,
      lockWaitMs: 10_000,
    });
    const rev = r.rev ? r.rev.slice(0, 12) : null;
    return {
      rev: r.rev,
      dir,
      message: rev
        ? { en: `history: recorded ${r.node} revision ${rev} ("${reason}") in ${dir}`, zh: `历史：已在 ${dir} 记录 ${r.node} 的修订 ${rev}（"${reason}"）` }
        : { en: `history: ${r.node} unchanged since its last revision ("${reason}" not recorded again)`, zh: `历史：${r.node} 自上次修订以来未变（"${reason}" 不重复记录）` },
    };
  } catch (e) {
    if (!(e instanceof StoreError)) throw e;
    const m = { en: `history: not recorded (${reason}): ${e.message}`, zh: `历史：未记录（${reason}）：${e.zh}` };
    return { rev: null, dir, error: m, message: m };
  }
}
