#!/usr/bin/env node
/** The program's entry point (dist/chunks/cli.cjs, loaded by dist/cli.cjs: scripts/loader.cjs); tests import main.ts instead. */
import { main } from './main.ts';
import { Redactor } from '../util/redact.ts';

// `zlm-doctor check ... | head`: the reader went away; stop quietly like other Unix tools
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // this path bypasses main's redacting io: redact by shape here
    process.stderr.write(new Redactor().redact(`zlm-doctor: internal error: ${(e as Error).message}\n`));
    process.exitCode = 2;
  },
);
