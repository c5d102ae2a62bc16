/**
 * One writer at a time: an O_EXCL lock file holding `{pid, host, time}`.
 * A lock left by a dead process on this host is broken with a one-line
 * notice; a live one is waited for, with a bound, then a clear error.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { StoreError } from './errors.ts';
import { removeLockIfUnchanged } from '../../io/lock-break.ts';

export interface LockOwner {
  pid: number;
  host: string;
  time: string;
}

export interface LockOptions {
  /** how long to wait for a live holder, ms (default 10 s) */
  waitMs?: number;
  /** told once when a dead holder's lock is broken */
  notice?: (en: string, zh: string) => void;
  /** for tests: whether a pid is alive */
  alive?: (pid: number) => boolean;
}

export interface Lock {
  release(): void;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, it is someone else's
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): { text: string; owner?: LockOwner } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const o = JSON.parse(text) as LockOwner;
    if (typeof o.pid === 'number' && typeof o.host === 'string') return { text, owner: o };
  } catch {
    // written half-way by a process that died between open and write
  }
  return { text };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Take the lock at `path` (waits up to opts.waitMs for a live holder). */
export async function acquireLock(path: string, opts: LockOptions = {}): Promise<Lock> {
  const waitMs = opts.waitMs ?? 10_000;
  const alive = opts.alive ?? pidAlive;
  const me: LockOwner = { pid: process.pid, host: hostname(), time: new Date().toISOString() };
  const deadline = Date.now() + waitMs;
  let pause = 10;
  let emptySince: number | undefined;
  for (;;) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, JSON.stringify(me) + '\n');
      } finally {
        closeSync(fd);
      }
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            // only our own lock is removed
            const cur = readOwner(path);
            if (cur?.owner?.pid === me.pid && cur.owner.host === me.host && cur.owner.time === me.time) unlinkSync(path);
          } catch {
            // nothing to release
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StoreError(`cannot create the lock ${path}: ${(e as NodeJS.ErrnoException).code}; check the state directory's permissions`, `无法创建锁文件 ${path}：${(e as NodeJS.ErrnoException).code}；请检查状态目录的权限`, 'io');
      }
    }
    const cur = readOwner(path);
    if (!cur) continue; // released meanwhile
    const o = cur.owner;
    const dead = o ? o.host === me.host && !alive(o.pid) : emptySince !== undefined && Date.now() - emptySince > 2000;
    if (!o && emptySince === undefined) emptySince = Date.now();
    if (dead && removeLockIfUnchanged(path, cur.text)) {
      const who = o ? `pid ${o.pid} since ${o.time}` : 'an unreadable owner';
      opts.notice?.(`broke a stale history lock ${path} (held by ${who}, no longer running)`, `已清除过期的历史锁 ${path}（持有者 ${o ? `pid ${o.pid}，自 ${o.time}` : '无法读取'}，已不在运行）`);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = o ? `pid ${o.pid} on ${o.host} since ${o.time}` : 'an unknown process';
      throw new StoreError(
        `the history store is locked by ${who}; waited ${Math.round(waitMs / 1000)} s. Run again when it is done, or delete ${path} if that process is gone`,
        `历史存储被 ${o ? `${o.host} 上的 pid ${o.pid}（自 ${o.time}）` : '未知进程'} 锁定；已等待 ${Math.round(waitMs / 1000)} 秒。请待其结束后重试；若该进程已不存在，可删除 ${path}`,
        'locked',
      );
    }
    await sleep(Math.min(pause, Math.max(1, deadline - Date.now())));
    pause = Math.min(pause * 2, 200);
  }
}

