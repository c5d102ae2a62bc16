/**
 * The package as users get it: `npm pack`, then `npm install --offline` of the tarball in an
 * empty project. Everything the executable needs is bundled into dist/, so this needs no
 * registry; docs/ ships too, for `zlm-doctor explain`.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDist, ROOT, type Built } from './built.ts';

const hasNpm = spawnSync('npm', ['--version'], { encoding: 'utf8' }).status === 0;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  files: string[];
  bin: Record<string, string>;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  engines: { node: string };
  repository?: { url: string };
  license: string;
};

let built: Built;
let work: string;
let tarball: string;
const npmEnv = () => ({ ...process.env, npm_config_cache: join(work, 'npm-cache'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' });

beforeAll(() => {
  if (!hasNpm) return;
  built = buildDist();
  work = mkdtempSync(join(tmpdir(), 'zd-pack-'));
  // the package's own files, with a freshly built dist/ (never the dist/ of the checkout)
  const src = join(work, 'src-pkg');
  mkdirSync(src);
  for (const f of ['package.json', 'README.md', 'LICENSE']) cpSync(join(ROOT, f), join(src, f));
  for (const d of pkg.files.filter((f) => f !== 'dist' && f !== 'web/dist')) cpSync(join(ROOT, d), join(src, d), { recursive: true });
  cpSync(built.dist, join(src, 'dist'), { recursive: true });
  // the dashboard `serve` answers at / (web/build.mjs), also freshly built
  execFileSync(process.execPath, [join(ROOT, 'web/build.mjs'), '--outdir', join(src, 'web/dist')], { cwd: ROOT });
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: src, encoding: 'utf8', env: npmEnv() });
  tarball = join(work, (JSON.parse(out) as { filename: string }[])[0]!.filename);
}, 120000);
afterAll(() => {
  built?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!hasNpm)(`npm pack and an offline install${hasNpm ? '' : ' (skipped: npm not found)'}`, () => {
  it('declares what a user needs and nothing bundled as a dependency', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    // the one exception: serve's SQLite store, a native module that cannot be bundled; optional, so an
    // offline install without it still succeeds and every other command works
    expect(Object.keys(pkg.optionalDependencies ?? {})).toEqual(['better-sqlite3']);
    expect(pkg.engines.node).toBe('>=20.19');
    expect(pkg.license).toBe('MIT');
    expect(pkg.repository?.url).toMatch(/github\.com\/zlm-doctor\/zlm-doctor/);
    expect(existsSync(join(ROOT, 'LICENSE'))).toBe(true);
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('installs from the tarball without a registry and runs check and explain', () => {
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{"name":"app","version":"1.0.0","private":true}\n');
    const r = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: app, encoding: 'utf8', env: npmEnv(), timeout: 120000 });
    expect(r.status, r.stderr).toBe(0);
    const installed = join(app, 'node_modules', pkg.name);
    // only what the package ships: no sources, no tests
    expect(readdirSync(installed).sort()).toEqual(['LICENSE', 'README.md', 'deploy', 'dist', 'docs', 'examples', 'package.json', 'web']);
    expect(readdirSync(join(installed, 'web'))).toEqual(['dist']);
    expect(existsSync(join(installed, 'web/dist/index.html'))).toBe(true);
    // the Prometheus rules, Alertmanager example and Grafana dashboard that docs/scale-out.md links
    expect(existsSync(join(installed, 'deploy/prometheus/zlm-doctor.rules.yml'))).toBe(true);
    // nothing else was installed beside it
    expect(readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual([pkg.name]);
    const bin = join(app, 'node_modules', '.bin', 'zlm-doctor');
    const c = spawnSync(bin, ['check', '--format', 'json', join(installed, 'examples/broken/config.ini')], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(c.status, c.stderr).toBe(1);
    expect(JSON.parse(c.stdout).summary.error).toBeGreaterThan(0);
    const e = spawnSync(bin, ['explain', 'inline-comment', '--lang', 'zh'], { encoding: 'utf8' });
    expect(e.status, e.stderr).toBe(0);
    expect(e.stdout).toMatch(/^## 检查内容$/m);
    const v = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    expect(v.stdout.trim()).toBe(pkg.version);
  }, 120000);
});
