import { main } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/io.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process with captured output (no colour, English unless told). */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}, stdin?: string | Buffer): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    out: (s) => (stdout += s),
    err: (s) => (stderr += s),
    stdout: { isTTY: false },
    stderr: { isTTY: false },
    env: { LANG: 'C', ...env },
    ...(stdin !== undefined ? { readStdin: async () => Buffer.from(stdin) } : {}),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
