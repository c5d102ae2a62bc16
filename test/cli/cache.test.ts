/**
 * zlm-doctor loads no code or compiled state from a place another user can
 * create or write. An older build read V8 bytecode from $TMPDIR/zlm-doctor-cache-<uid>/
 * without checking its owner: another local user could plant code that root then ran.
 * Today there is no cache at all; these tests keep it that way, running the built
 * executable as an unprivileged user (and as root) beside planted caches.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDist, ROOT, type Built } from './built.ts';

const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
const canDrop = isRoot && spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', 'true']).status === 0;
const hasStrace = spawnSync('strace', ['-qq', '-e', 'trace=none', 'true']).status === 0;

let built: Built;
let work: string;

/** Every file under dir with its mode, owner and content: what a run must leave as it was. */
function snapshot(dir: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const st = statSync(p);
      out.push(`${p} ${st.mode.toString(8)} ${st.uid} ${e.isDirectory() ? '' : readFileSync(p, 'base64')}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort().join('\n');
}

/** A cache dir another user made writable for everyone, holding "code" for every plausible name. */
function plant(dir: string, uid: number | string): void {
  mkdirSync(dir, { recursive: true, mode: 0o777 });
  chmodSync(dir, 0o777);
  const size = statSync(join(built.dist, 'cli.mjs')).size;
  const mtime = Math.floor(statSync(join(built.dist, 'cli.mjs')).mtimeMs);
  const evil = `require('node:fs').writeFileSync(${JSON.stringify(join(work, 'pwned'))}, 'uid ' + process.getuid());`;
  for (const cmd of ['main', 'check', 'fix', 'doctor']) {
    writeFileSync(join(dir, `${cmd}-${process.version}-${size}-${mtime}.bin`), evil);
  }
  for (const f of ['cli.mjs', 'cli.cjs', 'index.js', `cache-${uid}.bin`]) writeFileSync(join(dir, f), evil);
  for (const e of readdirSync(dir)) chmodSync(join(dir, e), 0o666);
}

beforeAll(() => {
  built = buildDist();
  work = mkdtempSync(join(tmpdir(), 'zd-cache-'));
  chmodSync(work, 0o777);
  copyFileSync(join(ROOT, 'examples/broken/config.ini'), join(work, 'config.ini'));
  chmodSync(join(work, 'config.ini'), 0o644);
}, 60000);
afterAll(() => {
  built?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

function runAs(uid: number | undefined, env: NodeJS.ProcessEnv, trace?: string) {
  const node = [process.execPath, built.bin, 'check', '--format', 'json', join(work, 'config.ini')];
  const drop = uid === undefined ? [] : ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups'];
  const argv = trace ? ['strace', '-f', '-qq', '-e', 'trace=%file', '-o', trace, ...drop, ...node] : [...drop, ...node];
  return spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1', ...env }, timeout: 60000 });
}

describe('no code from a shared or foreign-owned cache', () => {
  it('ships no code cache loader', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) (e.isDirectory() ? walk : (p: string) => files.push(p))(join(d, e.name));
    };
    walk(built.dist);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/cachedData|createCachedData|enableCompileCache|zlm-doctor-cache/);
    }
  });

  const suite = canDrop ? describe : describe.skip;
  const why = canDrop ? '' : ` (skipped: ${isRoot ? 'setpriv cannot drop to nobody here' : 'needs root to switch to an unprivileged user'})`;
  suite(`as an unprivileged user and as root${why}`, () => {
    for (const who of [{ name: 'nobody', uid: NOBODY as number | undefined }, { name: 'root', uid: undefined }]) {
      it(`${who.name}: a planted $TMPDIR cache and a foreign-owned, world-writable XDG cache are never read nor written`, () => {
        const uidName = who.uid ?? 0;
        const shared = mkdtempSync(join(work, 'tmp-'));
        chmodSync(shared, 0o1777);
        const xdg = mkdtempSync(join(work, 'xdg-'));
        chmodSync(xdg, 0o777);
        const home = mkdtempSync(join(work, 'home-'));
        chmodSync(home, 0o777);
        plant(join(shared, `zlm-doctor-cache-${uidName}`), uidName);
        plant(join(xdg, 'zlm-doctor'), uidName);
        plant(join(home, '.cache/zlm-doctor'), uidName);
        const before = [snapshot(shared), snapshot(xdg), snapshot(home)];
        const env = { TMPDIR: shared, XDG_CACHE_HOME: xdg, HOME: home };
        for (let run = 0; run < 2; run++) {
          const trace = hasStrace ? join(work, `trace-${who.name}-${run}`) : undefined;
          const r = runAs(who.uid, env, trace);
          expect(r.status, r.stderr).toBe(1);
          expect(JSON.parse(r.stdout).summary.error).toBeGreaterThan(0);
          if (trace) {
            const touched = readFileSync(trace, 'utf8')
              .split('\n')
              .filter((l) => [shared, xdg, home].some((d) => l.includes(d)));
            expect(touched, 'file calls into the planted dirs').toEqual([]);
          }
        }
        expect([snapshot(shared), snapshot(xdg), snapshot(home)]).toEqual(before);
        expect(() => statSync(join(work, 'pwned')), 'planted code ran').toThrow();
      }, 60000);
    }
  });
});
