#!/usr/bin/env node
/** The program's entry point (dist/chunks/cli.cjs, loaded by dist/cli.cjs: scripts/loader.cjs); tests import main.ts instead. */
import { main } from './main.ts';
import { writeOut } from './io.ts';
import { Redactor } from '../util/redact.ts';

// output goes through writeOut (src/cli/io.ts), which also stops quietly when the reader goes away (`| head`);
// process.stdout and process.stderr are not made at all: Node's streams cost several ms of every start

// When the command is done, the process ends at once. Every write was synchronous (writeOut) and every command
// awaits its own work, so nothing is left to flush; what could be left (an idle keep-alive socket, a timer of a
// library) would only hold the process open, and the tear-down of the heap that Node does on a natural exit costs
// several ms of every run. Windows keeps Node's streams (asynchronous to a pipe there): it ends naturally.
const done = (code: number) => {
  process.exitCode = code;
  if (process.platform !== 'win32') process.exit(code);
};

main(process.argv.slice(2)).then(done, (e: unknown) => {
  // this path bypasses main's redacting io: redact by shape here
  // (and never more than a line of it: a message may quote an input at length)
  const msg = String((e as Error)?.message ?? e);
  writeOut(2, new Redactor().redact(`zlm-doctor: internal error: ${msg.length > 300 ? `${msg.slice(0, 300)}…` : msg}\n`));
  done(2);
});
