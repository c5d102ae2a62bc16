/**
 * `zlm-doctor watch <config.ini…>`: record every significant change of the
 * files in the history as it happens (src/history/watch.ts), one line per
 * revision (time, node, revision, who, keys; values never printed), until
 * SIGINT or SIGTERM. `--format json` prints one JSON object per line.
 * Exit 0 on a clean stop, 2 on bad arguments or a store that cannot be written.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { stateDirOrFail, StoreError, watchConfigs, type RevisionPart, type WatchRevision } from '../history/index.ts';
import type { Lang } from '../i18n/index.ts';
import { UsageError, type Io } from './io.ts';

export interface WatchCliOptions {
  stateDir?: string;
  debounce?: string;
  reason?: string;
  format: string;
  lang: Lang;
}

const WHO: Record<string, { en: string; zh: string }> = {
  operator: { en: 'operator', zh: '运维人员' },
  wvp: { en: 'WVP push', zh: 'WVP 推送' },
  zlm: { en: 'ZLM self-rewrite', zh: 'ZLM 自行改写' },
  'zlm-doctor': { en: 'zlm-doctor', zh: 'zlm-doctor' },
  mixed: { en: 'mixed', zh: '混合' },
};
const who = (a: string, L: Lang) => WHO[a]?.[L] ?? a;

const M = {
  start: {
    en: (n: number, dir: string) => `watching ${n} file(s), history in ${dir}; Ctrl-C or SIGTERM stops`,
    zh: (n: number, dir: string) => `正在监视 ${n} 个文件，历史保存在 ${dir}；按 Ctrl-C 或发送 SIGTERM 停止`,
  },
  unchanged: {
    en: (file: string, node: string) => `${file} (${node}): unchanged since its last revision`,
    zh: (file: string, node: string) => `${file}（${node}）：自上一修订以来未变`,
  },
  baseline: { en: 'baseline', zh: '基线' },
  stopped: { en: 'watch stopped', zh: '监视已停止' },
  noDir: {
    en: (f: string) => `${f}: its directory does not exist; nothing to watch`,
    zh: (f: string) => `${f}：所在目录不存在；无法监视`,
  },
  notFile: { en: (f: string) => `${f} is not a regular file`, zh: (f: string) => `${f} 不是普通文件` },
};

function listKeys(keys: string[], max = 8): string {
  return keys.length > max ? `${keys.slice(0, max).join(', ')}, … (+${keys.length - max})` : keys.join(', ');
}

/** One revision as a line: time, node, revision, who (each part when mixed), keys. */
export function revisionLine(r: WatchRevision, L: Lang): string {
  const head = `${r.time}  ${r.node}  ${r.rev.slice(0, 12)}${r.baseline ? `  (${M.baseline[L]})` : ''}`;
  const parts: RevisionPart[] = r.parts ?? [];
  if (r.attribution === 'mixed' && parts.length > 1) {
    return `${head}  ${who('mixed', L)}: ${parts.map((p) => `${who(p.attribution, L)}: ${listKeys(p.keys, 4)}`).join('; ')}`;
  }
  return `${head}  ${who(r.attribution ?? 'operator', L)}: ${listKeys(r.keys)}`;
}

function debounceOf(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()) || Number(v) < 50 || Number(v) > 600_000) throw new UsageError(`--debounce takes milliseconds from 50 to 600000 (got "${v}")`);
  return Number(v);
}

/**
 * Run until SIGINT/SIGTERM (or `stop`, for tests and embedding).
 */
export async function runWatch(files: string[], o: WatchCliOptions, io: Io, stop?: AbortSignal): Promise<number> {
  const L = o.lang;
  if (o.format !== 'text' && o.format !== 'json') throw new UsageError(`unknown format "${o.format}" (use text or json)`);
  const debounceMs = debounceOf(o.debounce);
  if (files.length === 0) throw new UsageError('watch takes at least one config.ini');
  for (const f of files) {
    const abs = resolve(f);
    if (!existsSync(dirname(abs))) {
      io.err(`zlm-doctor: ${M.noDir[L](f)}\n`);
      return 2;
    }
    if (existsSync(abs) && !statSync(abs).isFile()) {
      io.err(`zlm-doctor: ${M.notFile[L](f)}\n`);
      return 2;
    }
  }
  let stateDir: string;
  try {
    stateDir = stateDirOrFail(o.stateDir, io.env);
  } catch (e) {
    if (!(e instanceof StoreError)) throw e;
    io.err(`zlm-doctor: ${L === 'zh' ? e.zh : e.message}\n`);
    return 2;
  }
  let fatal: StoreError | undefined;
  const notice = (en: string, zh: string) => io.err(`zlm-doctor: ${L === 'zh' ? zh : en}\n`);
  const w = watchConfigs({
    files,
    stateDir,
    ...(debounceMs !== undefined ? { debounceMs } : {}),
    ...(o.reason ? { reason: o.reason } : {}),
    env: io.env,
    onRevision: (r) => {
      if (o.format === 'json') {
        io.out(JSON.stringify({ version: 1, time: r.time, file: r.file, node: r.node, rev: r.rev, attribution: r.attribution, baseline: r.baseline, keys: r.keys, parts: r.parts ?? [] }) + '\n');
      } else io.out(revisionLine(r, L) + '\n');
    },
    onUnchanged: (file, node) => {
      if (o.format !== 'json') io.err(`zlm-doctor: ${M.unchanged[L](file, node)}\n`);
    },
    onNotice: notice,
    onFatal: (e) => {
      fatal = e;
    },
  });
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  const onSignal = () => void w.close();
  if (!stop) for (const s of signals) process.once(s, onSignal);
  const onAbort = () => void w.close();
  if (stop?.aborted) void w.close();
  else stop?.addEventListener('abort', onAbort, { once: true });
  try {
    await w.ready;
    if (!fatal && o.format !== 'json') io.err(`zlm-doctor: ${M.start[L](files.length, stateDir)}\n`);
    await w.done;
  } finally {
    if (!stop) for (const s of signals) process.removeListener(s, onSignal);
    stop?.removeEventListener('abort', onAbort);
  }
  if (fatal) {
    io.err(`zlm-doctor: ${L === 'zh' ? (fatal as StoreError).zh : (fatal as StoreError).message}\n`);
    return 2;
  }
  if (o.format !== 'json') io.err(`zlm-doctor: ${M.stopped[L]}\n`);
  return 0;
}
