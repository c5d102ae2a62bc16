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

export const processIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  stdout: process.stdout,
  stderr: process.stderr,
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
