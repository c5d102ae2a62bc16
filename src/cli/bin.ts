/** The executable's entry point (bundled into dist/cli.js); tests import main.ts instead. */
import { main } from './main.ts';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`zlm-doctor: internal error: ${(e as Error).message}\n`);
    process.exitCode = 2;
  },
);
