/**
 * Never-throwing procfs readers shared by process and socket discovery: a
 * process that vanished meanwhile or an entry we may not read gives
 * undefined (or is skipped), never an exception. Every reader takes an
 * injectable `root` (default '/proc') so tests can point it at a fixture tree.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { posix } from 'node:path';
import { parseStat } from '../procfs.ts';

const { join } = posix;

export interface ProcOptions {
  /** procfs mount point; default '/proc' */
  root?: string;
}

export function errCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function readBytes(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

export function readLink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/** Numeric entries of the procfs root: the visible processes (thread ids are not listed). */
export function listPids(root: string): number[] {
  try {
    return readdirSync(root)
      .filter((n) => /^\d+$/.test(n))
      .map(Number)
      .sort((a, b) => a - b);
  } catch {
    return [];
  }
}

/** /proc/<pid>/comm without its newline, or undefined when the process is gone. */
export function processComm(pid: number, opts: ProcOptions = {}): string | undefined {
  const t = readText(join(opts.root ?? '/proc', String(pid), 'comm'));
  return t === undefined ? undefined : t.replace(/\n$/, '');
}

/**
 * Start time (clock ticks after boot, /proc/<pid>/stat field 22) of a live
 * process, or undefined when it is gone or a zombie. Comparing it with the
 * value seen earlier tells the same process from a new one that reuses its pid.
 */
export function processStartTicks(pid: number, opts: ProcOptions = {}): number | undefined {
  const st = parseStat(readText(join(opts.root ?? '/proc', String(pid), 'stat')) ?? '');
  return !st || st.state === 'Z' || st.state === 'X' ? undefined : st.startTicks;
}

/** /proc/<pid>/environ as bytes (NUL-separated K=V), or undefined when unreadable (another user's process, gone). */
export function readEnvironBytes(pid: number, opts: ProcOptions = {}): Buffer | undefined {
  return readBytes(join(opts.root ?? '/proc', String(pid), 'environ'));
}
