#!/usr/bin/env node
/** The program's entry point (dist/chunks/cli.cjs, loaded by dist/cli.cjs: scripts/loader.cjs); tests import main.ts instead. */
import { main } from './main.ts';
import { writeOut } from './io.ts';
import { Redactor } from '../util/redact.ts';

// output goes through writeOut (src/cli/io.ts), which also stops quietly when the reader goes away (`| head`);
// process.stdout and process.stderr are not made at all: Node's streams cost several ms of every start

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // this path bypasses main's redacting io: redact by shape here
    writeOut(2, new Redactor().redact(`zlm-doctor: internal error: ${(e as Error).message}\n`));
    process.exitCode = 2;
  },
);
