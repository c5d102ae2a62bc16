/**
 * `fix` and `check --fix` from the command line: symlinks, OS errors as one
 * line, the JSON `changes` list with reload classes, a refused real run that
 * does not call itself a dry run, check --fix --wvp, and the rollback of a
 * repair that the re-check finds worse.
 */
import { describe, it, expect } from 'vitest';
import { appendFileSync, copyFileSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';
import { describeShared, sharedPath } from '../support/shared.ts';
import { repair } from '../../src/cli/fix.ts';
import { readConfigFile } from '../../src/io/read-config.ts';
import { ALL_RULES } from '../../src/rules/index.ts';
import { freshDirs } from '../support/temp-tree.ts';

const fresh = freshDirs('zd-fixcli-');

const SECRET = 'Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE';
const CONFIG = [
  '[api]',
  'apiDebug=1',
  `secret=${SECRET}`,
  '[general]',
  'mediaServerId=zlm-a',
  'streamNoneReaderDelayMS=20000   ; was 30000',
  '[hook]',
  'enable=1',
  'on_play=http://127.0.0.1:18080/index/hook/on_play    # token check',
  '[http]',
  'port=80',
  '',
].join('\n');

describe('fix: the command line', () => {
  it('writes through a symlinked config.ini, says so, and the link stays a link', async () => {
    const d = fresh();
    mkdirSync(join(d, 'real'));
    writeFileSync(join(d, 'real', 'config.ini'), CONFIG);
    symlinkSync(join(d, 'real', 'config.ini'), join(d, 'config.ini'));
    const r = await runCli(['fix', join(d, 'config.ini')]);
    expect(r.stderr).toBe('');
    expect(lstatSync(join(d, 'config.ini')).isSymbolicLink()).toBe(true);
    const now = readFileSync(join(d, 'real', 'config.ini'), 'utf8');
    expect(now).toContain('# token check\non_play=http://127.0.0.1:18080/index/hook/on_play\n');
    expect(r.stdout).toMatch(/through the symbolic link: the file written is .*real\/config\.ini/);
    expect(readdirSync(join(d, 'real')).filter((f) => f.startsWith('config.ini.bak-'))).toHaveLength(1);
    expect(readdirSync(d).filter((f) => f.includes('.bak-'))).toEqual([]);
    expect(r.stdout).toMatch(/To take effect:/);
    expect(r.stdout).toMatch(/reload ZLM \(kill -HUP <pid>, or setServerConfig\).*hook\.on_play/);
  });

  it('fix --format json lists each change with old and new value and reload class; the contract fields stay', async () => {
    const d = fresh();
    const f = join(d, 'config.ini');
    writeFileSync(f, CONFIG);
    const r = await runCli(['fix', '--format', 'json', f]);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j).slice(0, 3)).toEqual(['version', 'findings', 'summary']);
    expect(j.version).toBe(1);
    expect(j.written).toBe(true);
    const play = j.changes.find((c: { key: string }) => c.key === 'hook.on_play');
    expect(play).toEqual({ file: f, key: 'hook.on_play', old: 'http://127.0.0.1:18080/index/hook/on_play    # token check', new: 'http://127.0.0.1:18080/index/hook/on_play', reload: 'live' });
    const delay = j.changes.find((c: { key: string }) => c.key === 'general.streamNoneReaderDelayMS');
    expect(delay.new).toBe('20000');
    expect(['live', 'new', 'start']).toContain(delay.reload);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('--dry-run JSON lists the same changes and writes nothing', async () => {
    const d = fresh();
    const f = join(d, 'config.ini');
    writeFileSync(f, CONFIG);
    const r = await runCli(['fix', '--dry-run', '--format', 'json', f]);
    const j = JSON.parse(r.stdout);
    expect(j.written).toBe(false);
    expect(j.changes.map((c: { key: string }) => c.key)).toContain('hook.on_play');
    expect(readFileSync(f, 'utf8')).toBe(CONFIG);
  });

  it('a backup directory that does not exist: one line, exit 2, no internal error, nothing written', async () => {
    const d = fresh();
    const f = join(d, 'config.ini');
    writeFileSync(f, CONFIG);
    for (const args of [['fix', '--backup-dir', join(d, 'nope'), f], ['check', '--fix', '--backup-dir', join(d, 'nope'), f]]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/cannot write the backup .*--backup-dir DIR/);
      expect(readFileSync(f, 'utf8')).toBe(CONFIG);
    }
  });

  it('the one line is in Chinese with --lang zh', async () => {
    const d = fresh();
    const f = join(d, 'config.ini');
    writeFileSync(f, CONFIG);
    const r = await runCli(['fix', '--lang', 'zh', '--backup-dir', join(d, 'nope'), f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/无法写入备份 .*文件或目录不存在 \(ENOENT\)；未写入任何内容；可用 --backup-dir DIR/);
  });

  it('--backup-dir keeps the backup there', async () => {
    const d = fresh();
    const bk = fresh();
    const f = join(d, 'config.ini');
    writeFileSync(f, CONFIG);
    const r = await runCli(['check', '--fix', '--backup-dir', bk, f]);
    expect(r.code).not.toBe(2);
    expect(readdirSync(d)).toEqual(['config.ini']);
    const b = readdirSync(bk);
    expect(b).toHaveLength(1);
    expect(readFileSync(join(bk, b[0]!), 'utf8')).toBe(CONFIG);
  });

  it('a missing file stays an input error with one line', async () => {
    const r = await runCli(['fix', join(fresh(), 'nope.ini')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such file/);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('fix - cannot write back to standard input: one line naming what works, exit 2', async () => {
    // refused before standard input is read: the same line whether or not there is one
    for (const stdin of [CONFIG, undefined]) {
      const r = await runCli(['fix', '-'], {}, stdin);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('zlm-doctor: fix cannot write back to standard input: use fix --dry-run - (or check --fix-dry-run -) for a diff\n');
    }
  });

  it('fix --dry-run - repairs standard input as it repairs the file, writing nothing', async () => {
    const f = join(fresh(), 'config.ini');
    writeFileSync(f, CONFIG);
    const fromFile = await runCli(['fix', '--dry-run', f]);
    const r = await runCli(['fix', '--dry-run', '-'], {}, CONFIG);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(fromFile.code);
    expect(r.stdout).toContain('--- a/<stdin>\n+++ b/<stdin>\n');
    // the diff names the file without its leading slash (a/tmp/…/config.ini)
    const asStdin = fromFile.stdout.replaceAll(`a/${f.slice(1)}`, 'a/<stdin>').replaceAll(`b/${f.slice(1)}`, 'b/<stdin>').replaceAll(f, '<stdin>');
    expect(r.stdout).toBe(asStdin);
    const j = JSON.parse((await runCli(['fix', '--dry-run', '--format', 'json', '-'], {}, CONFIG)).stdout);
    expect(j.written).toBe(false);
    expect(j.changes.find((c: { key: string }) => c.key === 'hook.on_play')).toMatchObject({ file: '<stdin>', new: 'http://127.0.0.1:18080/index/hook/on_play' });
    // check --fix-dry-run -, which the refusal names too, gives a diff of standard input as well
    expect((await runCli(['check', '--fix-dry-run', '-'], {}, CONFIG)).stdout).toContain('--- a/<stdin>\n+++ b/<stdin>\n');
    expect(readFileSync(f, 'utf8')).toBe(CONFIG);
  });
});

describe('fix: the re-check after writing', () => {
  it('restores the original byte for byte and exits 1 when the written file turns out worse', () => {
    const d = fresh();
    const f = join(d, 'config.ini');
    writeFileSync(f, CONFIG);
    const orig = readFileSync(f);
    // a storage layer that corrupts what we write (the simulation cannot see this; the re-check must)
    const o = repair({
      zlm: readConfigFile(f),
      rules: ALL_RULES,
      lang: 'en',
      options: {},
      env: {},
      dryRun: false,
      fs: {
        rename: (from, to) => {
          appendFileSync(from, '[rtp_proxy]\nport_range=40000-30000\n[http]\nport=99999\n');
          renameSync(from, to);
        },
      },
    });
    expect(o.code).toBe(1);
    expect(o.restored?.reason).toMatch(/\S/);
    expect(o.restored?.failed).toEqual([]);
    expect(readFileSync(f).equals(orig)).toBe(true);
  });
});

describeShared('cases', 'check --fix --wvp and refused runs (shared cases)', () => {
  const copyCase = (slug: string) => {
    const d = fresh();
    for (const f of ['config.ini', 'application.yml']) copyFileSync(sharedPath('cases', slug, f), join(d, f));
    return { dir: d, ini: join(d, 'config.ini'), yml: join(d, 'application.yml') };
  };

  it('check --fix --wvp runs the same pipeline as fix --wvp', async () => {
    const a = copyCase('13-wvp-hook-ip-loopback-two-hosts');
    const b = copyCase('13-wvp-hook-ip-loopback-two-hosts');
    const viaCheck = await runCli(['check', '--fix', a.ini, '--wvp', a.yml]);
    expect(viaCheck.code).not.toBe(2);
    expect(viaCheck.stderr).not.toMatch(/zlm-doctor fix/);
    const viaFix = await runCli(['fix', b.ini, '--wvp', b.yml]);
    expect(viaFix.code).not.toBe(2);
    expect(readFileSync(a.ini, 'utf8')).toBe(readFileSync(b.ini, 'utf8'));
    expect(readFileSync(a.yml, 'utf8')).toBe(readFileSync(b.yml, 'utf8'));
    expect(readFileSync(a.ini, 'utf8')).not.toBe(readFileSync(sharedPath('cases', '13-wvp-hook-ip-loopback-two-hosts', 'config.ini'), 'utf8'));
  });

  it('a refused real run does not call itself a dry run', async () => {
    const t = copyCase('13-wvp-hook-ip-loopback-two-hosts');
    writeFileSync(t.yml, readFileSync(t.yml, 'utf8').replace(/^(\s*secret:).*$/m, '$1 ${ZLM_SECRET}'));
    const r = await runCli(['fix', t.ini, '--wvp', t.yml]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/not writing anything/);
    expect(r.stdout).not.toMatch(/dry run/);
    expect(r.stdout).toMatch(/could be repaired, but nothing was written/);
  });
});
