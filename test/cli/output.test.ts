/**
 * What an operator reads first: a one-line verdict, then errors, then warnings; one cause shown
 * once with its keys; info only counted unless -v; --min-severity; `-` for stdin; several files
 * where one cannot be read.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';
import { causeOf, groupFindings, groupId, bySeverity, KEY_MARK } from '../../src/lint/group.ts';
import type { Finding } from '../../src/rules/types.ts';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'zd-out-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SECRET = 'Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE';
/** Every hook at a port nothing of WVP listens on (one cause), one error at the end of the file, plus info. */
function hooksToWrongPort(): string {
  const hooks = ['on_play', 'on_publish', 'on_stream_changed', 'on_stream_none_reader', 'on_stream_not_found', 'on_server_keepalive'];
  return [
    '[api]',
    `secret=${SECRET}`,
    'apiDebug=1',
    '[general]',
    'mediaServerId=zlm-test-1',
    '[hook]',
    'enable=1',
    ...hooks.map((h) => `${h}=http://10.0.0.5:18080/index/hook/${h}`),
    '[http]',
    'port=80',
    '[rtsp]',
    'port=554',
    '[shell]',
    'port=0',
    '[rtp_proxy]',
    'port_range=30000-30010',
    '',
  ].join('\n');
}
const WVP_YML = ['server:', '  port: 18978', 'media:', '  id: zlm-test-1', '  ip: 10.0.0.6', '  http-port: 80', '  hook-ip: 10.0.0.5', `  secret: ${SECRET}`, 'sip:', '  ip: 10.0.0.5', ''].join('\n');

const f = (over: Partial<Finding>): Finding => ({
  ruleId: 'r',
  severity: 'error',
  file: 'config.ini',
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 2,
  key: 'hook.on_play',
  message: 'hook.on_play uses port 18080, but WVP listens on 18978',
  why: 'w',
  fix: 'x',
  docs: 'docs/rules/r.md',
  ...over,
});

describe('grouping (src/lint/group.ts)', () => {
  it('one rule saying the same thing about several keys is one group with one id', () => {
    const a = f({});
    const b = f({ key: 'hook.on_publish', line: 2, message: 'hook.on_publish uses port 18080, but WVP listens on 18978' });
    const c = f({ key: 'hook.on_publish', line: 3, message: 'hook.on_publish uses port 18081, but WVP listens on 18978' });
    expect(causeOf(a)).toBe(`${KEY_MARK} uses port 18080, but WVP listens on 18978`);
    expect(groupId(a)).toBe(groupId(b));
    expect(groupId(a)).not.toBe(groupId(c));
    const groups = groupFindings([a, b, c]);
    expect(groups.map((g) => g.findings.length)).toEqual([2, 1]);
    expect(groups[0]!.message).toBe(causeOf(a));
    expect(groups[1]!.message).toBe(c.message);
  });

  it('the bare key name stands for the key only as a whole word', () => {
    const x = f({ key: 'http.port', message: 'port=80 is below 1024, unlike server.port' });
    expect(causeOf(x)).toBe(`${KEY_MARK}=80 is below 1024, unlike server.port`);
  });

  it('never joins other rules, severities or files', () => {
    const a = f({});
    for (const o of [{ ruleId: 'other' }, { severity: 'warning' as const }, { file: 'b.ini' }]) expect(groupId(f(o))).not.toBe(groupId(a));
  });

  it('orders errors, then warnings, then info, keeping line order inside each', () => {
    const g = groupFindings([f({ severity: 'info', line: 1, message: 'i' }), f({ severity: 'warning', line: 2, message: 'w' }), f({ line: 3, message: 'e1' }), f({ line: 4, message: 'e2' })]);
    expect(bySeverity(g).map((x) => x.message)).toEqual(['e1', 'e2', 'w', 'i']);
  });
});

describe('check: text output', () => {
  it('opens with the verdict, puts errors before warnings, shows one cause once, counts info', async () => {
    const ini = join(tmp, 'hooks.ini');
    const yml = join(tmp, 'application.yml');
    writeFileSync(ini, hooksToWrongPort());
    writeFileSync(yml, WVP_YML);
    const r = await runCli(['check', ini, '--wvp', yml]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^✗ .*\d+ errors?, \d+ warnings?, \d+ info$/);
    // errors first: the first finding line after the verdict is an error
    const firstFinding = lines.slice(1).find((l) => /^(error|warning|info) /.test(l));
    expect(firstFinding).toMatch(/^error /);
    const lastError = lines.map((l, i) => (/^error /.test(l) ? i : -1)).reduce((a, b) => Math.max(a, b));
    const firstWarning = lines.findIndex((l) => /^warning /.test(l));
    if (firstWarning >= 0) expect(firstWarning).toBeGreaterThan(lastError);
    // the six hooks at the wrong port: one header listing the keys
    const head = lines.find((l) => /^error +6 keys, one cause: /.test(l));
    expect(head, r.stdout).toBeDefined();
    expect(head).toContain(KEY_MARK);
    for (const h of ['hook.on_play', 'hook.on_publish', 'hook.on_server_keepalive']) expect(r.stdout).toMatch(new RegExp(`hooks\\.ini:\\d+:\\d+ +${h.replace('.', '\\.')}$`, 'm'));
    // info is only counted
    expect(r.stdout).not.toMatch(/^info /m);
    expect(r.stdout).toMatch(/^\d+ info not shown \(-v shows them\)$/m);
    // -v shows it
    const v = await runCli(['check', '-v', ini, '--wvp', yml]);
    expect(v.stdout).toMatch(/^info /m);
    expect(v.stdout).not.toMatch(/info not shown/);
  });

  it('a clean file is one line', async () => {
    const clean = join(tmp, 'clean.ini');
    writeFileSync(clean, `[api]\nsecret=${SECRET}\napiDebug=0\n[general]\nmediaServerId=zlm-1\n[shell]\nport=0\n`);
    const r = await runCli(['check', clean]);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/^✓ .*clean\.ini: (no problems found|no errors or warnings \(\d+ info; -v shows them\))$/m);
  });

  it('speaks Chinese with full-width brackets', async () => {
    const ini = join(tmp, 'zh.ini');
    writeFileSync(ini, hooksToWrongPort());
    const r = await runCli(['check', '--lang', 'zh', ini]);
    expect(r.stdout.split('\n')[0]).toMatch(/个错误，\d+ 个警告，\d+ 个提示$/);
    expect(r.stdout).toMatch(/另有 \d+ 个提示未显示（加 -v 显示）/);
  });
});

describe('check: JSON keeps one finding per key, with a shared group id', () => {
  it('adds group and docsUrl and keeps the contract fields in order', async () => {
    const ini = join(tmp, 'hooks-json.ini');
    const yml = join(tmp, 'application-json.yml');
    writeFileSync(ini, hooksToWrongPort());
    writeFileSync(yml, WVP_YML);
    const j = JSON.parse((await runCli(['check', '--format', 'json', ini, '--wvp', yml])).stdout);
    const keys = Object.keys(j.findings[0]);
    expect(keys.slice(0, 11)).toEqual(['ruleId', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'key', 'message', 'why', 'fix']);
    const byGroup = new Map<string, string[]>();
    for (const x of j.findings) byGroup.set(x.group, [...(byGroup.get(x.group) ?? []), x.key]);
    const big = [...byGroup.values()].find((k) => k.length === 6);
    expect(big, JSON.stringify([...byGroup])).toBeDefined();
    expect(new Set(big).size).toBe(6);
    for (const x of j.findings) expect(x.docsUrl).toBe(`https://github.com/zlm-doctor/zlm-doctor/blob/main/docs/rules/${x.ruleId}.md`);
  });
});

describe('check: --min-severity', () => {
  it('hides what is below it in every format and counts only what is shown', async () => {
    const ini = join(tmp, 'min.ini');
    writeFileSync(ini, hooksToWrongPort());
    const all = JSON.parse((await runCli(['check', '--format', 'json', ini])).stdout);
    expect(all.summary.info).toBeGreaterThan(0);
    const w = JSON.parse((await runCli(['check', '--format', 'json', '--min-severity', 'warning', ini])).stdout);
    expect(w.summary.info).toBe(0);
    expect(w.findings.length).toBe(all.findings.length - all.summary.info);
    const s = JSON.parse((await runCli(['check', '--format', 'sarif', '--min-severity', 'error', ini])).stdout);
    for (const res of s.runs[0].results) expect(res.level).toBe('error');
    // fail-on warning with only errors shown: the hidden warnings do not fail the run
    const onlyWarn = join(tmp, 'warn-only.ini');
    writeFileSync(onlyWarn, `[api]\nsecret=${SECRET}\napiDebug=1\n[general]\nmediaServerId=your_server_id\n[shell]\nport=0\n`);
    expect((await runCli(['check', '--fail-on', 'warning', onlyWarn])).code).toBe(1);
    expect((await runCli(['check', '--fail-on', 'warning', '--min-severity', 'error', onlyWarn])).code).toBe(0);
  });

  it('--ignore info is refused with a pointer to --min-severity; fix takes it too', async () => {
    const ini = join(tmp, 'ign.ini');
    writeFileSync(ini, hooksToWrongPort());
    const r = await runCli(['check', '--ignore', 'info', ini]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--min-severity warning/);
    // the hint names the severity that hides what was asked: warnings go with --min-severity error
    expect((await runCli(['check', '--ignore', 'warning', ini])).stderr).toMatch(/use --min-severity error to hide warnings and info/);
    expect((await runCli(['check', '--ignore', 'error', ini])).stderr).toMatch(/errors cannot be hidden by severity/);
    const only = await runCli(['check', '--rule', 'warning', ini]);
    expect(only.code).toBe(2);
    expect(only.stderr).toMatch(/--min-severity warning to report only warnings and errors/);
    const fx = await runCli(['fix', '--dry-run', '--format', 'json', '--min-severity', 'warning', ini]);
    expect(fx.code).not.toBe(2);
    expect(JSON.parse(fx.stdout).summary.info).toBe(0);
  });
});

describe('check: stdin and several files', () => {
  it('`-` reads config.ini from standard input, shown as <stdin>', async () => {
    const r = await runCli(['check', '--format', 'json', '-'], {}, hooksToWrongPort());
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.findings.length).toBeGreaterThan(0);
    for (const x of j.findings) expect(x.file).toBe('<stdin>');
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    const t = await runCli(['check', '-'], {}, hooksToWrongPort());
    expect(t.stdout.split('\n')[0]).toMatch(/^✗ <stdin>: /);
    expect((await runCli(['check', '--fix', '-'], {}, hooksToWrongPort())).stderr).toMatch(/standard input/);
    const d = await runCli(['check', '--fix-dry-run', '-'], {}, hooksToWrongPort());
    expect(d.code).not.toBe(2);
  });

  it('one unreadable file among several is reported and the others are still checked (exit 2)', async () => {
    const a = join(tmp, 'a.ini');
    const b = join(tmp, 'b.ini');
    writeFileSync(a, hooksToWrongPort());
    writeFileSync(b, hooksToWrongPort());
    const missing = join(tmp, 'missing.ini');
    const r = await runCli(['check', '--format', 'json', a, missing, b]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`zlm-doctor: ${missing}: no such file`]);
    const files = new Set(JSON.parse(r.stdout).findings.map((x: { file: string }) => x.file));
    expect(files).toEqual(new Set([a, b]));
    // all unreadable: nothing to report, exit 2
    const none = await runCli(['check', missing, join(tmp, 'missing2.ini')]);
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split('\n')).toHaveLength(2);
  });
});

/** The names under "Commands:" of a help text (commander's layout: two spaces, the name, its arguments). */
function subcommands(help: string): string[] {
  const at = help.indexOf('\nCommands:\n');
  if (at < 0) return [];
  const names: string[] = [];
  for (const line of help.slice(at + '\nCommands:\n'.length).split('\n')) {
    if (!line.startsWith('  ')) break;
    const m = /^ {2}(\S+)/.exec(line);
    if (m && m[1] !== 'help') names.push(m[1]!);
  }
  return names;
}

describe('help', () => {
  it('mentions --min-severity and stdin', async () => {
    for (const cmd of ['check', 'fix']) {
      const r = await runCli([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/--min-severity/);
    }
    expect((await runCli(['check', '--help'])).stdout).toMatch(/- reads standard input/);
  });

  it('shows no empty default in the help of any command or subcommand', async () => {
    // every command the program has, found from the help texts themselves: a new one is checked without a list here
    const seen: string[] = [];
    const walk = async (path: string[]): Promise<void> => {
      const r = await runCli([...path, '--help']);
      expect(r.code, path.join(' ')).toBe(0);
      expect(r.stdout, path.join(' ')).not.toMatch(/default:\s+(\[\]|""|\{\})/);
      seen.push(path.join(' '));
      for (const name of subcommands(r.stdout)) await walk([...path, name]);
    };
    await walk([]);
    expect(seen).toEqual(expect.arrayContaining(['', 'check', 'fix', 'apply', 'alert', 'alert test']));
    expect(seen.length).toBeGreaterThan(15);
  });
});
