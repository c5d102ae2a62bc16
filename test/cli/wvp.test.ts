import { describe, it, expect, afterAll } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { runCli } from '../support/cli.ts';
import { CASES_DIR } from '../support/cases.ts';
import { describeShared } from '../support/shared.ts';
import { writeFileSafely, ConcurrentModificationError } from '../../src/change/safe-write.ts';
import type { Finding } from '../../src/rules/types.ts';

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

function copyCase(slug: string): { dir: string; ini: string; yml: string } {
  const dir = mkdtempSync(join(tmpdir(), 'zd-wvp-'));
  temps.push(dir);
  copyFileSync(join(CASES_DIR, slug, 'config.ini'), join(dir, 'config.ini'));
  copyFileSync(join(CASES_DIR, slug, 'application.yml'), join(dir, 'application.yml'));
  return { dir, ini: join(dir, 'config.ini'), yml: join(dir, 'application.yml') };
}

const BASE = `server:
  port: 18080
sip:
  ip: 192.168.21.10
media:
  id: zlm-main-27
  ip: 192.168.21.20
  hook-ip: 192.168.21.10
  http-port: 80
  secret: \${ZLM_SECRET}
  rtp:
    enable: true
    port-range: 30000,30500
    send-port-range: 31000,31500
`;

describeShared('cases', 'check --wvp on partial or templated WVP files', () => {
  it('an unresolvable placeholder is a warning on that key and only the rules needing it are skipped, by name', async () => {
    const t = copyCase('27-healthy-wvp-zlm-two-hosts');
    writeFileSync(t.yml, BASE);
    const r = await runCli(['check', '--format', 'json', t.ini, '--wvp', t.yml]);
    const f: Finding[] = JSON.parse(r.stdout).findings;
    const w = f.find((x) => x.key === 'media.secret' && x.ruleId === 'wvp-config-incomplete')!;
    expect(w.severity).toBe('warning');
    expect(w.why).toMatch(/wvp-secret/);
    expect(f.some((x) => x.ruleId === 'wvp-secret')).toBe(false);
    // the other cross checks still ran: hooks point at WVP correctly, nothing else broken
    expect(f.filter((x) => x.severity === 'error')).toEqual([]);
    // and with the variable set, the secret is checked again
    const set = await runCli(['check', '--format', 'json', t.ini, '--wvp', t.yml], { ZLM_SECRET: 'someOtherSecret123' });
    expect(JSON.parse(set.stdout).findings.some((x: Finding) => x.ruleId === 'wvp-secret')).toBe(true);
  });

  it('a missing profile file and a fragment without server/sip/media become findings, and the check goes on', async () => {
    const t = copyCase('27-healthy-wvp-zlm-two-hosts');
    writeFileSync(t.yml, `spring:\n  profiles:\n    active: prod\n${BASE.replace('${ZLM_SECRET}', 'Yv3wwPBUpJSHq77YwARklcnvam4rT8gh')}`);
    const r = await runCli(['check', '--format', 'json', t.ini, '--wvp', t.yml]);
    const f: Finding[] = JSON.parse(r.stdout).findings;
    expect(f.some((x) => x.ruleId === 'wvp-config-incomplete' && /prod/.test(x.message))).toBe(true);
    const frag = join(t.dir, 'frag.yml');
    writeFileSync(frag, 'logging:\n  level: info\n');
    const fr = await runCli(['check', '--format', 'json', t.ini, '--wvp', frag]);
    expect(fr.code).not.toBe(2);
    const ff: Finding[] = JSON.parse(fr.stdout).findings;
    expect(ff.some((x) => x.ruleId === 'wvp-config-incomplete' && /server/.test(x.message))).toBe(true);
    expect(ff.some((x) => x.file.endsWith('config.ini'))).toBe(true); // ZLM rules still ran
  });

  it('checks the WVP side alone when no config.ini is given', async () => {
    const r = await runCli(['check', '--format', 'json', '--fail-on', 'warning', '--wvp', join(CASES_DIR, '23-wvp-send-range-overlap/application.yml')]);
    expect(r.stderr).toBe('');
    const f: Finding[] = JSON.parse(r.stdout).findings;
    expect(f.map((x) => x.ruleId)).toContain('wvp-send-range-overlap');
    expect(f.every((x) => x.file.endsWith('application.yml'))).toBe(true);
    expect(r.code).toBe(1);
  });

  it('malformed YAML or a missing file exits 2 with file, line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zd-bad-'));
    temps.push(dir);
    const bad = join(dir, 'application.yml');
    writeFileSync(bad, 'server:\n  port: 18080\nmedia:\n  ip: [unclosed\n');
    const r = await runCli(['check', '--wvp', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/application\.yml: line \d+, column \d+/);
    const m = await runCli(['check', '--wvp', join(dir, 'nope.yml')]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/nope\.yml: no such file/);
  });

  it('fix never writes while something it would need is unresolved', async () => {
    const t = copyCase('13-wvp-hook-ip-loopback-two-hosts');
    writeFileSync(t.yml, readFileSync(t.yml, 'utf8').replace(/^(\s*secret:).*$/m, '$1 ${ZLM_SECRET}'));
    const before = [readFileSync(t.ini), readFileSync(t.yml)];
    const r = await runCli(['fix', t.ini, '--wvp', t.yml]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/not writing anything/);
    expect(readFileSync(t.ini).equals(before[0]!)).toBe(true);
    expect(readFileSync(t.yml).equals(before[1]!)).toBe(true);
    expect(readdirSync(t.dir).filter((n) => n.includes('.bak-'))).toEqual([]);
  });
});

describeShared('cases', 'fix: backups, secrets, explain', () => {
  it('backs up both files byte for byte', async () => {
    const t = copyCase('13-wvp-hook-ip-loopback-two-hosts');
    const before = { ini: readFileSync(t.ini), yml: readFileSync(t.yml) };
    const r = await runCli(['fix', t.ini, '--wvp', t.yml]);
    expect(r.code).toBe(0);
    const files = readdirSync(t.dir);
    const iniBak = files.find((n) => n.startsWith('config.ini.bak-'))!;
    const ymlBak = files.find((n) => n.startsWith('application.yml.bak-'))!;
    expect(readFileSync(join(t.dir, iniBak)).equals(before.ini)).toBe(true);
    expect(readFileSync(join(t.dir, ymlBak)).equals(before.yml)).toBe(true);
  });

  it('never prints a secret in check or fix output, in any format, unless --show-secrets', async () => {
    for (const slug of ['19-wvp-secret-mismatch', '18-wvp-fresh-install-sample-values']) {
      const t = copyCase(slug);
      const secrets = [
        ...readFileSync(t.ini, 'utf8').matchAll(/^secret=(.+)$/gm),
        ...readFileSync(t.yml, 'utf8').matchAll(/^\s+secret:\s*(\S+)\s*$/gm),
      ].map((m) => m[1]!.trim());
      expect(secrets.length).toBeGreaterThan(0);
      for (const fmt of ['text', 'json', 'sarif', 'github']) {
        const c = await runCli(['check', '--format', fmt, '--explain', t.ini, '--wvp', t.yml].filter((a) => fmt === 'text' || a !== '--explain'));
        for (const s of secrets) expect(c.stdout + c.stderr, `${slug} check ${fmt}`).not.toContain(s);
        const d = await runCli(['fix', '--dry-run', '--format', fmt, t.ini, '--wvp', t.yml]);
        for (const s of secrets) expect(d.stdout + d.stderr, `${slug} fix ${fmt}`).not.toContain(s);
      }
      const f = await runCli(['fix', t.ini, '--wvp', t.yml]);
      const now = [...readFileSync(t.ini, 'utf8').matchAll(/^secret=(.+)$/gm)].map((m) => m[1]!);
      for (const s of [...secrets, ...now]) expect(f.stdout + f.stderr).not.toContain(s);
    }
    const t = copyCase('19-wvp-secret-mismatch');
    const shown = await runCli(['check', '--show-secrets', '--format', 'json', t.ini, '--wvp', t.yml, '--explain']);
    expect(shown.code).toBe(1);
  });

  it('generates a strong secret when WVP has the sample and writes it to both sides', async () => {
    const t = copyCase('18-wvp-fresh-install-sample-values');
    // make the ZLM side sample too, so neither side can be trusted
    writeFileSync(t.ini, readFileSync(t.ini, 'utf8').replace(/^secret=.*$/m, 'secret=035c73f7-bb6b-4889-a715-d9eb2d1925cc'));
    const r = await runCli(['fix', t.ini, '--wvp', t.yml]);
    expect(r.stdout).toMatch(/generated a new secret ‹secret sha256:[0-9a-f]{8}›/);
    const zs = /^secret=(.+)$/m.exec(readFileSync(t.ini, 'utf8'))![1]!;
    expect(zs).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(readFileSync(t.yml, 'utf8')).toContain(zs);
    expect(r.stdout).not.toContain(zs);
  });

  it('--explain draws the hook chain in both languages', async () => {
    const c = join(CASES_DIR, '13-wvp-hook-ip-loopback-two-hosts');
    const en = await runCli(['check', '--explain', join(c, 'config.ini'), '--wvp', join(c, 'application.yml')]);
    expect(en.stdout).toMatch(/ZLM 192\.168\.1\.20 → on_play +→ http:\/\/127\.0\.0\.1:18080\/index\/hook\/on_play ✗ \(WVP is 192\.168\.1\.10:18080/);
    const zh = await runCli(['check', '--lang', 'zh', '--explain', join(c, 'config.ini'), '--wvp', join(c, 'application.yml')]);
    expect(zh.stdout).toMatch(/WVP 在 192\.168\.1\.10:18080/);
  });
});

describe('safe write with a concurrent writer', () => {
  it('refuses, and loses nothing, when the file changed between read and write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zd-cw-'));
    temps.push(dir);
    const f = join(dir, 'config.ini');
    writeFileSync(f, 'a=1\n');
    const read = readFileSync(f);
    writeFileSync(f, 'a=2\n'); // someone else writes
    expect(() => writeFileSafely(f, 'a=3\n', { expected: read })).toThrow(ConcurrentModificationError);
    expect(readFileSync(f, 'utf8')).toBe('a=2\n');
    expect(readdirSync(dir)).toEqual(['config.ini']);
  });

  it('against a real writer process, every write is either refused or applied whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zd-cw2-'));
    temps.push(dir);
    const f = join(dir, 'config.ini');
    writeFileSync(f, 'w=0\n');
    // another process rewrites the file as fast as it can, for a bounded time
    const writer = spawn(process.execPath, ['-e', `const fs=require('fs');const end=Date.now()+1500;let i=0;while(Date.now()<end){fs.writeFileSync(${JSON.stringify(f)}, 'w='+(++i)+'\\n')}`]);
    const done = new Promise((r) => writer.on('exit', r));
    let refused = 0;
    let applied = 0;
    const deadline = Date.now() + 1200;
    while (Date.now() < deadline) {
      const bytes = readFileSync(f);
      try {
        writeFileSafely(f, 'ours=1\n', { expected: bytes, backup: false });
        applied++;
      } catch (e) {
        expect(e).toBeInstanceOf(ConcurrentModificationError);
        refused++;
      }
      await new Promise((r) => setImmediate(r));
    }
    await done;
    expect(refused + applied).toBeGreaterThan(0);
    expect(readFileSync(f, 'utf8')).toMatch(/^(w=\d+|ours=1)\n$/);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
