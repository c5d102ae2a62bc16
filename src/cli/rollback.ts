/**
 * `zlm-doctor rollback <rev> --config FILE [--api URL --secret S] [--dry-run] [--force] [--state-dir D] [--format json]`:
 * put a file back to a revision of the history, through the same pipeline as `apply` (validate, snapshot,
 * write, reload or restart, verify, roll back on failure). Secrets come from the file's CURRENT values,
 * never from the history (it holds fingerprints only): a secret that changed since the revision stays as it
 * is now, and the report says so (src/change/apply/restore.ts).
 * A revision of another node (another file or server) is refused unless --force.
 */
import { resolve } from 'node:path';
import { HistoryStore, nodeIdentity, parseCanonical, stateDirOrFail, StoreError } from '../history/index.ts';
import { restoreDoc } from '../change/apply/restore.ts';
import type { Localized } from '../i18n/index.ts';
import { runApply, type ApplyOptions } from './apply.ts';
import { UsageError, type Io } from './io.ts';

export type RollbackOptions = Omit<ApplyOptions, 'set' | 'env' | 'profiles' | 'envFile' | 'label'>;

export async function runRollback(rev: string, o: RollbackOptions, io: Io): Promise<number> {
  const L = o.lang;
  if (!o.config) throw new UsageError(L === 'zh' ? 'rollback 需要 --config FILE（要恢复的文件）' : 'rollback restores a file: give --config FILE');
  let store: HistoryStore | undefined;
  let text: string;
  let node: string;
  let full: string;
  try {
    store = HistoryStore.open(stateDirOrFail(o.stateDir, io.env), { create: false });
    if (!store) throw new UsageError(L === 'zh' ? '还没有历史记录：无可回滚的修订' : 'no history recorded yet: there is no revision to roll back to');
    const r = await store.revision(rev);
    full = r.revision.rev;
    node = r.node.name;
    text = await store.text(full, node);
  } catch (e) {
    if (e instanceof StoreError) throw new UsageError(L === 'zh' ? e.zh : e.message);
    throw e;
  }
  const here = nodeIdentity({ file: resolve(o.config) }).name;
  const notes: Localized[] = [];
  if (here !== node) {
    if (!o.force) {
      throw new UsageError(
        L === 'zh'
          ? `修订 ${full.slice(0, 12)} 属于 ${node}，而不是 ${o.config}（${here}）；确认要用它覆盖时请加 --force`
          : `revision ${full.slice(0, 12)} belongs to ${node}, not to ${o.config} (${here}); add --force to apply it to this file anyway`,
      );
    }
    notes.push({ en: `revision ${full.slice(0, 12)} is of ${node}, applied to ${o.config} (--force)`, zh: `修订 ${full.slice(0, 12)} 属于 ${node}，已应用到 ${o.config}（--force）` });
  }
  const fingerprint = store!.fingerprint;
  const target = parseCanonical(text);
  return runApply(undefined, { ...o, set: [], profiles: '', label: `rollback to ${full.slice(0, 12)}` }, io, (current) => {
    const r = restoreDoc(current, target, fingerprint);
    return { doc: r.doc, name: `${node}@${full.slice(0, 12)}`, notes: [...notes, ...r.notes] };
  });
}
