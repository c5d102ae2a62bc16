/**
 * The quick path of `check` (src/cli/quick-argv.ts) parses a command line exactly as commander does, or leaves it
 * to commander. Each line below runs twice through main(): once as usual, once with commander forced; the
 * options runCheck receives, the exit code and everything printed must be the same.
 */
import { describe, it, expect, vi, beforeEach } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { quickCheckArgs } from '../../src/cli/quick-argv.ts';
import type { Io } from '../../src/cli/io.ts';

const calls: unknown[][] = [];
vi.mock('../../src/cli/check.ts', () => ({
  runCheck: async (...args: unknown[]) => {
    calls.push(args.slice(0, 2));
    return 0;
  },
}));

async function run(argv: string[], commander: boolean, env: NodeJS.ProcessEnv = { LANG: 'C' }) {
  calls.length = 0;
  let out = '';
  let err = '';
  const io: Io = { out: (s) => (out += s), err: (s) => (err += s), stdout: { isTTY: false }, stderr: { isTTY: false }, env };
  const code = await main(argv, io, { commander });
  return { code, out, err, calls: JSON.parse(JSON.stringify(calls)) as unknown[] };
}

// every flag of check, in its plain forms; repeated, mixed with operands, `=` forms, bad values and help
const LINES: string[][] = [
  ['check'],
  ['check', 'a.ini'],
  ['check', 'a.ini', 'b.ini', '-'],
  ['check', '-v', 'a.ini'],
  ['check', '--verbose', '-f', 'json', 'a.ini'],
  ['check', '--format', 'sarif', 'a.ini', '--format', 'github'],
  ['check', '--format=json', 'a.ini'],
  ['check', '--format', 'xml', 'a.ini'],
  ['check', '--format=', 'a.ini'],
  ['check', '--format'],
  ['check', '-fjson', 'a.ini'],
  ['check', '-vf', 'json', 'a.ini'],
  ['check', '--fail-on', 'warning', '--min-severity', 'info', 'a.ini'],
  ['check', '--fail-on', 'nope', 'a.ini'],
  ['check', '--rule', 'port-invalid,bool-invalid', '--rule', ' hooks , ', 'a.ini'],
  ['check', '--ignore', 'info', 'a.ini'],
  ['check', '--ignore=syntax', 'a.ini'],
  ['check', '--fix', '--backup-dir', '/tmp/b', 'a.ini'],
  ['check', '--fix', '--state-dir', '/tmp/s', 'a.ini'],
  ['check', '--fix-dry-run', 'a.ini'],
  ['check', '--lang', 'zh', 'a.ini'],
  ['check', '--lang', 'fr', 'a.ini'],
  ['check', '--lang=en', 'a.ini'],
  ['check', '--color', 'a.ini'],
  ['check', '--no-color', 'a.ini'],
  ['check', '--color', '--no-color', 'a.ini'],
  ['check', '--no-color', '--color', 'a.ini'],
  ['check', '--show-secrets', 'a.ini'],
  ['check', '--wvp', 'application.yml', '--profile', 'dev,prod', '--wvp-version', '2.7.4', '--hosts', 'wvp=1.2.3.4', 'a.ini'],
  ['check', '--explain', '--compose', 'a.yml', '--compose', 'b.yml', 'dir'],
  ['check', '--wvp', '-', 'a.ini'],
  ['check', '--wvp='],
  ['check', '--verbose=1', 'a.ini'],
  ['check', '--', '-a.ini'],
  ['check', '-x', 'a.ini'],
  ['check', '--bogus', 'a.ini'],
  ['check', '-h'],
  ['check', '--help'],
  ['check', '-V'],
  ['--version'],
  ['fix', '--dry-run', 'a.ini'],
];

describe('check: the quick path gives what commander gives', () => {
  beforeEach(() => {
    calls.length = 0;
  });
  for (const argv of LINES) {
    it(argv.join(' '), async () => {
      const viaCommander = await run(argv, true);
      const usual = await run(argv, false);
      expect(usual).toEqual(viaCommander);
    });
  }

  it('takes the plain lines itself, and leaves help, errors and the unusual to commander', async () => {
    const r = await run(['check', '-v', 'a.ini'], false);
    expect(r.calls).toEqual([[['a.ini'], expect.objectContaining({ verbose: true, format: 'text', failOn: 'error', fix: false, lang: 'en' })]]);
    expect(quickCheckArgs(['check', '-v', '--format', 'json', 'a.ini'])).toBeDefined();
    expect(quickCheckArgs(['check', '--rule', 'a', '--compose', 'c.yml', '--no-color', '-'])).toBeDefined();
    for (const argv of [['check', '--help'], ['check', '-h'], ['check', '--format', 'xml'], ['check', '--', 'x'], ['check', '-vf', 'json'], ['check', '--lang'], ['fix', 'a.ini'], []]) {
      expect(quickCheckArgs(argv), argv.join(' ')).toBeUndefined();
    }
  });

  it('knows every flag of check (a new one is added to quick-argv.ts, or its lines go to commander)', async () => {
    const help = (await run(['check', '--help'], true)).out;
    const flags = [...help.matchAll(/^ {2}(?:(-\w), )?(--[\w-]+)/gm)].flatMap((m) => [m[1], m[2]]).filter((f): f is string => !!f && f !== '--help' && f !== '-h');
    expect(flags.length).toBeGreaterThan(15);
    for (const f of flags) {
      // a boolean flag (then 'text' is an operand) or a value flag with one of these values: the quick path takes it
      expect(['text', 'error', 'x'].some((v) => quickCheckArgs(['check', f, v, 'a.ini']) !== undefined), f).toBe(true);
    }
  });
});
