import { fstatSync, writeSync } from 'node:fs';
import type { Redactor } from '../util/redact.ts';

/** The CLI's view of the outside world, injectable for tests. */
export interface Io {
  out(s: string): void;
  err(s: string): void;
  stdout: { isTTY?: boolean };
  stderr: { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Standard input as bytes (`check -`): stops after `max` + 1 bytes, so the caller can refuse a stream too large. */
  readStdin?(max: number): Promise<Buffer>;
  /** Set when out/err redact secrets (src/cli/redact-io.ts): commands add the secrets of their inputs to it. */
  redactor?: Redactor;
}

/**
 * Writes all of s to fd 1 or 2 at once. On Linux and the other POSIX systems, process.stdout and process.stderr
 * write synchronously to files, pipes and terminals alike; this does the same without loading Node's stream
 * machinery (several ms of every start). A descriptor left non-blocking by another program is waited on (EAGAIN);
 * a reader that went away (`| head`, EPIPE) ends the process quietly, as other Unix tools do.
 * Windows keeps Node's streams.
 */
export function writeOut(fd: 1 | 2, s: string): void {
  if (process.platform === 'win32') {
    (fd === 1 ? process.stdout : process.stderr).write(s);
    return;
  }
  let b = Buffer.from(s, 'utf8');
  while (b.length > 0) {
    try {
      b = b.subarray(writeSync(fd, b));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
      else if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
      else throw e;
    }
  }
}

/** The major number of a Linux device number (glibc's gnu_dev_major). */
export function linuxMajor(rdev: number): number {
  return ((Math.floor(rdev / 256) & 0xfff) | (Math.floor(rdev / 2 ** 32) & ~0xfff)) >>> 0;
}

/**
 * Whether fd 1 / fd 2 is a terminal: what process.stdout.isTTY tells, without making the stream. A terminal is a
 * character device; node:tty (which loads Node's net and stream modules) is asked only about one. On Linux the
 * memory devices (major 1: /dev/null, /dev/zero, /dev/full) are character devices and never terminals: output
 * thrown away (`check … > /dev/null && …` in a script or cron job) does not load node:tty either.
 */
const terminal = (fd: number) => {
  let known: boolean | undefined;
  return {
    get isTTY(): boolean {
      return (known ??= isTerminal(fd));
    },
  };
};

function isTerminal(fd: number): boolean {
  let rdev: number;
  try {
    const st = fstatSync(fd);
    if (!st.isCharacterDevice()) return false;
    rdev = st.rdev;
  } catch {
    return false;
  }
  if (process.platform === 'linux' && linuxMajor(rdev) === 1) return false;
  return process.getBuiltinModule('node:tty').isatty(fd);
}

export const processIo: Io = {
  out: (s) => writeOut(1, s),
  err: (s) => writeOut(2, s),
  stdout: terminal(1),
  stderr: terminal(2),
  env: process.env,
  readStdin: async (max) => {
    const chunks: Buffer[] = [];
    let n = 0;
    for await (const c of process.stdin as AsyncIterable<Buffer>) {
      chunks.push(c);
      n += c.length;
      if (n > max) break;
    }
    return Buffer.concat(chunks);
  },
};

/** The name `-` (standard input) is shown as. */
export const STDIN_NAME = '<stdin>';

/** Bad arguments: exit 2 with a one-line reason. */
export class UsageError extends Error {}

/** A path as it goes after a/ and b/ in a unified diff header (no doubled slash for absolute paths). */
export function diffPath(file: string): string {
  return file.replace(/^\/+/, '');
}
