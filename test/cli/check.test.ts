import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, openSync, ftruncateSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';
import { describeShared, sharedPath } from '../support/shared.ts';

// vendored from a real server's recordings (test/fixtures/zlm-reference)
const shipped = join(import.meta.dirname, '../fixtures/zlm-reference/config.default.ini');
const example = join(import.meta.dirname, '../../examples/broken/config.ini');
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'zd-cli-'));
});
afterAll(() => {
  // a test makes a file unreadable: give the owner the bits back so it can be removed
  try {
    chmodSync(tmp, 0o700);
  } catch {
    /* already gone */
  }
  rmSync(tmp, { recursive: true, force: true });
});

describe('check: exit codes and bad input', () => {
  it('exits 1 on findings at the threshold and 0 below it', async () => {
    expect((await runCli(['check', example])).code).toBe(1);
    const clean = join(tmp, 'clean.ini');
    writeFileSync(clean, '[api]\nsecret=Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE\napiDebug=0\n[general]\nmediaServerId=zlm-1\n[shell]\nport=0\n');
    const r = await runCli(['check', clean]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  const bad: [string, () => string, RegExp][] = [
    ['a missing file', () => join(tmp, 'nope.ini'), /no such file/],
    ['a directory', () => tmp, /directory/],
    [
      'a binary file',
      () => {
        const f = join(tmp, 'bin.ini');
        writeFileSync(f, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]));
        return f;
      },
      /binary/,
    ],
    [
      'invalid UTF-8',
      () => {
        const f = join(tmp, 'gbk.ini');
        writeFileSync(f, Buffer.concat([Buffer.from('[api]\n#'), Buffer.from([0xb5, 0xc8, 0xff]), Buffer.from('\nsecret=x\n')]));
        return f;
      },
      /(not valid UTF-8|neither UTF-8 nor GBK).*line 2/,
    ],
    [
      'a 50 MB file',
      () => {
        const f = join(tmp, 'huge.ini');
        const fd = openSync(f, 'w');
        ftruncateSync(fd, 50 * 1024 * 1024);
        closeSync(fd);
        return f;
      },
      /too large/,
    ],
  ];
  it.each(bad)('%s exits 2 with a one-line reason', async (_name, make, re) => {
    const r = await runCli(['check', make()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(re);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unreadable file exits 2 (when not running as root)', async () => {
    const f = join(tmp, 'secret.ini');
    writeFileSync(f, '[api]\n');
    chmodSync(f, 0o000);
    const r = await runCli(['check', f]);
    if (process.getuid?.() === 0) {
      // root reads anything; the check still runs cleanly on the content
      expect(r.code).not.toBe(2);
    } else {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/permission denied/);
    }
  });

  it('an empty file gives findings, not a crash', async () => {
    const f = join(tmp, 'empty.ini');
    writeFileSync(f, '');
    const r = await runCli(['check', '--format', 'json', f]);
    expect(r.code).toBe(1);
    const ids = JSON.parse(r.stdout).findings.map((x: { ruleId: string }) => x.ruleId);
    expect(ids).toContain('config-empty');
  });

  it('usage errors exit 2', async () => {
    expect((await runCli(['check', '--format', 'xml', example])).code).toBe(2);
    expect((await runCli(['check', '--rule', 'no-such-rule', example])).code).toBe(2);
    expect((await runCli(['check'])).code).toBe(2);
    expect((await runCli(['frobnicate'])).code).toBe(2);
  });
});

describe('check: output contracts', () => {
  it('json follows the versioned contract', async () => {
    const r = await runCli(['check', '--format', 'json', example]);
    const j = JSON.parse(r.stdout);
    expect(j.version).toBe(1);
    expect(Object.keys(j.summary).sort()).toEqual(['error', 'info', 'warning']);
    for (const f of j.findings) {
      for (const k of ['ruleId', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'key', 'message', 'why', 'fix']) expect(f).toHaveProperty(k);
      expect(f.line).toBeGreaterThan(0);
      expect(readdirSync(join(import.meta.dirname, '../../docs/rules'))).toContain(`${f.ruleId}.md`);
    }
  });

  it('sarif is 2.1.0 with rules and locations', async () => {
    const j = JSON.parse((await runCli(['check', '--format', 'sarif', example])).stdout);
    expect(j.version).toBe('2.1.0');
    const run = j.runs[0];
    expect(run.tool.driver.name).toBe('zlm-doctor');
    expect(run.results.length).toBeGreaterThan(0);
    for (const res of run.results) {
      expect(run.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(res.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
    }
  });

  it('github prints one workflow command per finding', async () => {
    const out = (await runCli(['check', '--format', 'github', example])).stdout.trim().split('\n');
    expect(out.length).toBeGreaterThan(0);
    for (const l of out) expect(l).toMatch(/^::(error|warning|notice) file=.*,line=\d+,col=\d+.*::/);
  });

  it('text has no colour when NO_COLOR is set, and speaks Chinese with --lang zh or LANG', async () => {
    const r = await runCli(['check', example], { NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stdout).toMatch(/> +\d+ \|/); // code frame
    const zh = await runCli(['check', '--lang', 'zh', example]);
    expect(zh.stdout).toMatch(/个错误/);
    const zhEnv = await runCli(['check', example], { LANG: 'zh_CN.UTF-8' });
    expect(zhEnv.stdout).toMatch(/个错误/);
  });

  it('--rule and --ignore select rules', async () => {
    const only = JSON.parse((await runCli(['check', '--format', 'json', '--rule', 'inline-comment', example])).stdout);
    expect(new Set(only.findings.map((f: { ruleId: string }) => f.ruleId))).toEqual(new Set(['inline-comment']));
    const ign = JSON.parse((await runCli(['check', '--format', 'json', '--ignore', 'inline-comment,privileged-port', example])).stdout);
    expect(ign.findings.some((f: { ruleId: string }) => f.ruleId === 'inline-comment' || f.ruleId === 'privileged-port')).toBe(false);
  });

  it('--fail-on warning / info raise the threshold', async () => {
    const f = join(tmp, 'warn.ini');
    writeFileSync(f, '[api]\nsecret=Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE\napiDebug=1\n[general]\nmediaServerId=your_server_id\n[shell]\nport=0\n');
    expect((await runCli(['check', f])).code).toBe(0);
    expect((await runCli(['check', '--fail-on', 'warning', f])).code).toBe(1);
  });
});

describe('check: fixing', () => {
  it('--fix-dry-run prints a diff and never touches the disk', async () => {
    const f = join(tmp, 'dry.ini');
    writeFileSync(f, readFileSync(example));
    const before = statSync(f).mtimeMs;
    const r = await runCli(['check', '--fix-dry-run', f]);
    expect(r.stdout).toMatch(/^--- a\//m);
    expect(r.stdout).toMatch(/^\+on_play=http:\/\/192\.168\.1\.10:18080\/index\/hook\/on_play$/m);
    expect(readFileSync(f).equals(readFileSync(example))).toBe(true);
    expect(statSync(f).mtimeMs).toBe(before);
    expect(readdirSync(tmp).filter((n) => n.startsWith('dry.ini.bak'))).toEqual([]);
  });

  it('--fix repairs in place, keeps a byte-identical backup and changes only fixed lines', async () => {
    const dir = join(tmp, 'fix');
    mkdirSync(dir);
    const f = join(dir, 'config.ini');
    const orig = readFileSync(example);
    writeFileSync(f, orig);
    const r = await runCli(['check', '--fix', '--format', 'json', f]);
    expect(r.stderr).toMatch(/backup/);
    const backups = readdirSync(dir).filter((n) => n.startsWith('config.ini.bak-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(dir, backups[0]!)).equals(orig)).toBe(true);
    const a = orig.toString('utf8').split('\n');
    // the inline-comment repair moves each comment to its own line above the key: leave those out to compare
    const b = readFileSync(f, 'utf8').split('\n').filter((l) => !/^[#;]/.test(l) || a.includes(l));
    expect(b.length).toBe(a.length);
    const changed = a.map((l, i) => (l !== b[i] ? i + 1 : 0)).filter(Boolean);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThanOrEqual(3);
    const remaining = JSON.parse(r.stdout).findings.map((x: { ruleId: string }) => x.ruleId);
    expect(remaining).not.toContain('inline-comment');
  });

  it('never prints api.secret in any format', async () => {
    const f = join(tmp, 'sec.ini');
    const secret = 'Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE';
    writeFileSync(f, `[api]\nsecret=${secret}  # rotated 2026\n[hook]\non_play="http://a/on_play"\n`);
    for (const fmt of ['text', 'json', 'sarif', 'github']) {
      const r = await runCli(['check', '--format', fmt, f]);
      expect(r.stdout + r.stderr).not.toContain(secret);
    }
    const d = await runCli(['check', '--fix-dry-run', f]);
    expect(d.stdout).not.toContain(secret);
    const shown = await runCli(['check', '--show-secrets', f]);
    expect(shown.stdout).toContain(secret);
  });
});

describeShared('corpus/zlm-config-history', 'stock configs', () => {
  const dir = sharedPath('corpus', 'zlm-config-history');
  const files = [...readdirSync(dir).map((f) => join(dir, f)), shipped];
  // The stock files ship the public sample api.secret (ZLM replaces it at start-up) and, since
  // 2021, mediaServerId=your_server_id: both are real problems for an operator, so those two
  // findings are expected on every stock file. Nothing else may be an error.
  const expected = new Set(['api-secret-sample', 'media-server-id']);
  it.each(files)('%s has no unexpected error', async (file) => {
    const r = await runCli(['check', '--format', 'json', file]);
    expect(r.code).not.toBe(2);
    const errors = JSON.parse(r.stdout).findings.filter((f: { severity: string; ruleId: string }) => f.severity === 'error' && !expected.has(f.ruleId));
    expect(errors).toEqual([]);
  });
});
