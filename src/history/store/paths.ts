/**
 * Where the history lives, and the refusal to use a place another user can
 * write: the state directory is ours (owner = this user), never group- or
 * world-writable, created 0700. Default $XDG_STATE_HOME/zlm-doctor, else
 * ~/.local/state/zlm-doctor; `--state-dir` overrides it.
 */
import { chmodSync, lstatSync, mkdirSync, statSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { StoreError } from './errors.ts';

/** undefined when the environment names no home (then only --state-dir gives one). */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const xdg = env.XDG_STATE_HOME;
  // the XDG spec: a relative XDG_STATE_HOME is invalid and ignored
  if (xdg && xdg.startsWith('/')) return join(xdg, 'zlm-doctor');
  return env.HOME ? join(env.HOME, '.local', 'state', 'zlm-doctor') : undefined;
}

/** The state directory to use, or a clear error when there is none. */
export function stateDirOrFail(dir: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const d = dir ?? defaultStateDir(env);
  if (!d) throw new StoreError('no state directory: give --state-dir DIR (or set XDG_STATE_HOME or HOME)', '没有状态目录：请指定 --state-dir DIR（或设置 XDG_STATE_HOME 或 HOME）', 'io');
  return d;
}

/** The files and directories of one state directory. */
export interface StateLayout {
  dir: string;
  /** the bare git repository */
  repo: string;
  /** per-node indexes: <node>.jsonl (revisions), <node>.head.json (last canonical hash) */
  index: string;
  /** node name → what it stands for (file path or API URL) */
  nodes: string;
  /** HMAC key of the secret fingerprints (0600) */
  key: string;
  lock: string;
  /** the cached tree of the last commit (nodes/<name>.ini → blob) */
  tree: string;
}

export function layout(dir: string): StateLayout {
  const d = resolve(dir);
  return { dir: d, repo: join(d, 'repo.git'), index: join(d, 'index'), nodes: join(d, 'nodes.json'), key: join(d, 'hmac.key'), lock: join(d, 'lock'), tree: join(d, 'tree.json') };
}

function unsafe(dir: string, why: string, whyZh: string): StoreError {
  return new StoreError(
    `state directory ${dir} ${why}: refusing to keep history where another user can write; use a directory of your own (--state-dir), or fix it: chmod 700 ${dir}`,
    `状态目录 ${dir} ${whyZh}：拒绝在其他用户可写的位置保存历史；请使用自己的目录（--state-dir），或修正权限：chmod 700 ${dir}`,
    'unsafe-dir',
  );
}

/** Refuse a directory owned by someone else, or writable by group/others. */
export function checkOwnership(dir: string, st: Stats): void {
  if (!st.isDirectory()) {
    throw new StoreError(`state directory ${dir} is not a directory; give another --state-dir`, `状态目录 ${dir} 不是目录；请换一个 --state-dir`, 'not-dir');
  }
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (uid !== undefined && st.uid !== uid) throw unsafe(dir, `is owned by uid ${st.uid}, not by you (uid ${uid})`, `属于 uid ${st.uid}，而不是当前用户（uid ${uid}）`);
  if ((st.mode & 0o022) !== 0) throw unsafe(dir, `is writable by ${st.mode & 0o002 ? 'everyone' : 'its group'} (mode ${(st.mode & 0o777).toString(8)})`, `可被${st.mode & 0o002 ? '所有用户' : '同组用户'}写入（权限 ${(st.mode & 0o777).toString(8)}）`);
}

/**
 * The state directory, checked; created 0700 when `create` and absent.
 * Returns undefined when it does not exist and may not be created (a read command on a fresh machine).
 */
export function openStateDir(dir: string, create: boolean): StateLayout | undefined {
  const l = layout(dir);
  let st: Stats | undefined;
  try {
    st = lstatSync(l.dir);
    // a symbolic link to a directory is followed, but the directory it names is checked
    if (st.isSymbolicLink()) st = statSync(l.dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(l.dir, e);
  }
  if (!st) {
    if (!create) return undefined;
    try {
      mkdirSync(l.dir, { recursive: true, mode: 0o700 });
      chmodSync(l.dir, 0o700);
    } catch (e) {
      throw ioError(l.dir, e);
    }
    st = statSync(l.dir);
  }
  checkOwnership(l.dir, st);
  return l;
}

export function ioError(path: string, e: unknown): StoreError {
  const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  return new StoreError(`${path}: ${code}; check the path and its permissions, then run again`, `${path}：${code}；请检查路径及其权限后重试`, 'io');
}
