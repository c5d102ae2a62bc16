/**
 * The output boundary: everything the CLI writes to stdout and stderr passes
 * through one Redactor (src/util/redact.ts), whatever produced it (a format,
 * a diff, a doctor report, an error message). Commands teach it the secrets
 * of their inputs through `io.redactor`; `--show-secrets` leaves io unwrapped.
 */
import { Redactor } from '../util/redact.ts';
import type { Io } from './io.ts';

export function redactingIo(io: Io, redactor = new Redactor()): Io & { redactor: Redactor } {
  return {
    ...io,
    out: (s) => io.out(redactor.redact(s)),
    err: (s) => io.err(redactor.redact(s)),
    redactor,
  };
}

/** `--show-secrets` anywhere before a `--` turns redaction off (only check and fix accept it). */
export function showSecretsRequested(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--show-secrets') return true;
  }
  return false;
}
