/**
 * The shipped executable: build dist/cli.cjs and run it the way users do,
 * through a symlink named zlm-doctor (npm link / npm install -g).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
let bin: string;

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root });
  bin = join(mkdtempSync(join(tmpdir(), 'zd-bin-')), 'zlm-doctor');
  symlinkSync(join(root, 'dist/cli.cjs'), bin);
}, 60000);

describe('zlm-doctor executable', () => {
  it('runs through a symlink and keeps the exit-code contract, cold and with its code cache', () => {
    const env = { ...process.env, NO_COLOR: '1', TMPDIR: mkdtempSync(join(tmpdir(), 'zd-cache-')) };
    for (let run = 0; run < 2; run++) {
      const c = spawnSync(bin, ['check', '--format', 'json', join(root, 'examples/broken/config.ini')], { encoding: 'utf8', env });
      expect(c.status, c.stderr).toBe(1);
      expect(JSON.parse(c.stdout).summary.error).toBeGreaterThan(0);
    }
    // a corrupt cache is rejected by V8 and rewritten, never fatal
    for (const f of readdirSync(join(env.TMPDIR, `zlm-doctor-cache-${process.getuid?.() ?? 'user'}`))) writeFileSync(join(env.TMPDIR, `zlm-doctor-cache-${process.getuid?.() ?? 'user'}`, f), 'garbage');
    expect(spawnSync(bin, ['check', join(root, 'examples/broken/config.ini')], { encoding: 'utf8', env }).status).toBe(1);
    const v = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const c = spawnSync(bin, ['check', '--format', 'json', join(root, 'examples/broken/config.ini')], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(c.status).toBe(1);
    expect(JSON.parse(c.stdout).summary.error).toBeGreaterThan(0);
    const bad = spawnSync(bin, ['check', '/nonexistent.ini'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/no such file/);
  });

  it('stops quietly when its reader goes away (| head)', () => {
    const r = spawnSync('sh', ['-c', `"${bin}" check --fix-dry-run "${join(root, 'examples/broken/config.ini')}" | head -1`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stdout.trim().length).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });
});
