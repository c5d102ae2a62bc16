/**
 * The history hook of `fix` and `check --fix`: when a repair wrote config.ini (and was not rolled back), the
 * file as it was before is recorded (attributed by what changed since the last revision), then the file as
 * written, attributed to zlm-doctor. Recording never changes the repair's outcome or exit code: a store
 * problem is one note. Without a state directory (no --state-dir, no XDG_STATE_HOME or HOME) nothing is recorded.
 */
import type { Lang } from '../i18n/index.ts';
import type { RepairOutcome } from './fix.ts';
import type { Io } from './io.ts';

const M = {
  recorded: {
    en: (before: string, after: string, dir: string) => `history: recorded ${before} (before) and ${after} (after, zlm-doctor) in ${dir}`,
    zh: (before: string, after: string, dir: string) => `历史：已在 ${dir} 记录 ${before}（修复前）和 ${after}（修复后，zlm-doctor）`,
  },
  failed: { en: (why: string) => `history: not recorded: ${why}`, zh: (why: string) => `历史：未记录：${why}` },
};

export async function recordRepair(o: RepairOutcome, file: string, beforeText: string, opts: { stateDir?: string; lang: Lang; fixed: string[] }, io: Io): Promise<string[]> {
  if (o.restored || !o.written.some((w) => w.file === file)) return [];
  const { snapshot, defaultStateDir, StoreError } = await import('../history/index.ts');
  const dir = opts.stateDir ?? defaultStateDir(io.env);
  if (!dir) return [];
  const L = opts.lang;
  try {
    const notice = (en: string, zh: string) => io.err(`zlm-doctor: ${L === 'zh' ? zh : en}\n`);
    const before = await snapshot({ stateDir: dir, target: { file, text: beforeText }, reason: 'before zlm-doctor fix', env: io.env, notice });
    const after = await snapshot({ stateDir: dir, target: { file }, attribution: 'zlm-doctor', actor: 'zlm-doctor fix', reason: `zlm-doctor fix: ${opts.fixed.join(', ') || 'repair'}`, env: io.env, notice });
    const short = (r: string | null) => (r ? r.slice(0, 12) : '-');
    return [M.recorded[L](short(before.rev), short(after.rev), dir)];
  } catch (e) {
    if (e instanceof StoreError) return [M.failed[L](L === 'zh' ? e.zh : e.message)];
    throw e;
  }
}
