/**
 * MediaServer's log file format (zlm-reference/logs/*.txt):
 *   `YYYY-MM-DD HH:MM:SS.mmm L [MediaServer] [<pid>-<thread>] <file>:<line> <function> | <message>`
 * in `<log dir>/YYYY-MM-DD_NN.log` (local date, slice 00; restarts append).
 * Multi-line messages (hook bodies, API debug dumps) continue on the next lines.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type Level = 'T' | 'D' | 'I' | 'W' | 'E';

function p(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

export function logTimestamp(d: Date): string {
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

export function logFileName(d: Date): string {
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}_00.log`;
}

export class SimLog {
  /** Every line written, also when no directory is set. */
  readonly lines: string[] = [];

  constructor(
    private readonly dir: string | undefined,
    private readonly pid: number,
    private readonly now: () => Date,
  ) {
    if (dir) mkdirSync(dir, { recursive: true });
  }

  write(level: Level, thread: string, where: string, msg: string): void {
    const d = this.now();
    const text = `${logTimestamp(d)} ${level} [MediaServer] [${this.pid}-${thread}] ${where} | ${msg}\n`;
    this.lines.push(text.slice(0, -1));
    if (this.dir) appendFileSync(join(this.dir, logFileName(d)), text);
  }

  text(): string {
    return this.lines.map((l) => `${l}\n`).join('');
  }
}
