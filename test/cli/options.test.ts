/**
 * One declaration per option (src/cli/options.ts): a flag that several
 * commands share has the same argument, help text, choices and default in
 * each of them, and parses the same way.
 */
import { describe, it, expect } from 'vitest';
import { runCli } from '../support/cli.ts';
import { lintInputs } from '../../src/cli/options.ts';

const COMMANDS = ['check', 'fix', 'doctor', 'rules', 'explain'];

/** The Options section of a command's help, one entry per flag, wrapped lines joined. */
async function optionsOf(cmd: string): Promise<Map<string, string>> {
  const help = (await runCli([cmd, '--help'])).stdout;
  const section = help.slice(help.indexOf('Options:\n') + 'Options:\n'.length);
  const out = new Map<string, string>();
  let cur: string | undefined;
  for (const line of section.split('\n')) {
    const m = /^ {2}((?:-\w, )?--?[\w-]+(?: <[^>]+>)?)\s+(.*)$/.exec(line);
    if (m) {
      cur = m[1]!.replace(/^-\w, /, '').split(' ')[0]!;
      out.set(cur, `${m[1]} ${m[2]}`.replace(/\s+/g, ' '));
    } else if (cur && /^\s{4,}\S/.test(line)) out.set(cur, `${out.get(cur)} ${line.trim()}`);
  }
  return out;
}

describe('CLI options', () => {
  it('a flag shared by several commands reads the same in each help', async () => {
    const all = await Promise.all(COMMANDS.map(async (c) => [c, await optionsOf(c)] as const));
    const seen = new Map<string, { cmd: string; text: string }>();
    let shared = 0;
    for (const [cmd, opts] of all) {
      for (const [flag, text] of opts) {
        if (flag === '--help' || flag === '--format') continue; // --format: the choices differ by command
        const first = seen.get(flag);
        if (!first) seen.set(flag, { cmd, text });
        else {
          shared++;
          expect(`${cmd}: ${text}`).toBe(`${cmd}: ${first.text}`);
        }
      }
    }
    // --lang (4 more), --color/--no-color (3 more each), --wvp, --hosts, --compose, -v, ...
    expect(shared).toBeGreaterThanOrEqual(20);
  });

  it('one mapper: comma lists, repeats and defaults reach check and fix alike', () => {
    const o = lintInputs({ rule: ['port', 'hook'], lang: 'zh', compose: ['a.yml', 'b.yml'] }, {});
    expect(o).toMatchObject({ format: 'text', failOn: 'error', rule: ['port', 'hook'], ignore: [], lang: 'zh', compose: ['a.yml', 'b.yml'], profile: [], showSecrets: false, verbose: false });
    expect(() => lintInputs({ lang: 'xx' }, {})).toThrow();
  });

  it('--rule and --ignore split commas and repeat the same way in check and fix', async () => {
    const f = 'examples/broken/config.ini';
    const ids = (s: string) => [...new Set([...s.matchAll(/"ruleId": "([^"]+)"/g)].map((m) => m[1]))].sort();
    const args = ['--format', 'json', '--rule', 'privileged-port,api-debug', '--rule', 'inline-comment', '--ignore', 'api-debug'];
    const a = await runCli(['check', ...args, f]);
    expect(ids(a.stdout)).toEqual(['inline-comment', 'privileged-port']);
    const b = await runCli(['fix', '--dry-run', ...args, f]);
    expect(b.code).not.toBe(2);
    for (const id of ids(b.stdout)) expect(['inline-comment', 'privileged-port']).toContain(id);
  });
});
