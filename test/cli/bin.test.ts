/**
 * The shipped executable: build dist/ and run it the way users do, through a
 * symlink named zlm-doctor to the package's bin (npm link / npm install -g), as
 * `node dist/cli.cjs`, and as dist/cli.mjs.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDist, ROOT, type Built } from './built.ts';

let built: Built;
let bin: string;
const broken = join(ROOT, 'examples/broken/config.ini');

beforeAll(() => {
  built = buildDist();
  bin = join(built.dir, 'zlm-doctor');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  symlinkSync(join(built.dir, pkg.bin['zlm-doctor']!), bin);
}, 60000);
afterAll(() => built?.remove());

describe('zlm-doctor executable', () => {
  it('runs through a symlink and keeps the exit-code contract', () => {
    const env = { ...process.env, NO_COLOR: '1' };
    for (let run = 0; run < 2; run++) {
      const c = spawnSync(bin, ['check', '--format', 'json', broken], { encoding: 'utf8', env });
      expect(c.status, c.stderr).toBe(1);
      expect(JSON.parse(c.stdout).summary.error).toBeGreaterThan(0);
    }
    const v = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const bad = spawnSync(bin, ['check', '/nonexistent.ini'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/no such file/);
  });

  it('runs as `node dist/cli.cjs` too (the README first command)', () => {
    const c = spawnSync(process.execPath, [join(built.dist, 'cli.cjs'), 'check', '--format', 'json', broken], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(c.status, c.stderr).toBe(1);
    expect(JSON.parse(c.stdout).version).toBe(1);
  });

  it('runs as dist/cli.mjs too', () => {
    const c = spawnSync(process.execPath, [join(built.dist, 'cli.mjs'), 'check', '--format', 'json', broken], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(c.status, c.stderr).toBe(1);
    expect(JSON.parse(c.stdout).summary.error).toBeGreaterThan(0);
  });

  it('reads a GB18030 config through the vendored decoder, and explains a rule from docs/', () => {
    const dir = mkdtempSync(join(built.dir, 'gbk-'));
    const file = join(dir, 'config.ini');
    // "; 中文注释" in GB18030, then a valid section
    writeFileSync(file, Buffer.concat([Buffer.from('; '), Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0xd7, 0xa2, 0xca, 0xcd]), Buffer.from('\n[api]\napiDebug=0\n')]));
    const c = spawnSync(bin, ['check', '--format', 'json', file], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(c.status, c.stderr).toBeLessThanOrEqual(1);
    expect(c.stderr).not.toMatch(/internal error|Cannot find module/);
    const e = spawnSync(bin, ['explain', 'inline-comment'], { encoding: 'utf8' });
    expect(e.status, e.stderr).toBe(0);
    expect(e.stdout).toMatch(/inline-comment/);
  });

  it('stops quietly when its reader goes away (| head)', () => {
    const r = spawnSync('sh', ['-c', `"${bin}" check --fix-dry-run "${broken}" | head -1`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stdout.trim().length).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });
});
