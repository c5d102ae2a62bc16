/**
 * zlm-doctor loads no code or compiled state from a place another user can
 * create or write. An older build read V8 bytecode from $TMPDIR/zlm-doctor-cache-<uid>/
 * without checking its owner: another local user could plant code that root then ran.
 * Today the only code cache is the one the build stores with the code, in dist/chunks/pack;
 * these tests run the built executable as an unprivileged user (and as root) beside planted
 * caches, and show that the pack runs only with the loader's owner and a safe mode.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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
  const size = statSync(join(built.dist, 'cli.cjs')).size;
  const mtime = Math.floor(statSync(join(built.dist, 'cli.cjs')).mtimeMs);
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
  const node = [process.execPath, join(built.dist, 'cli.cjs'), 'check', '--format', 'json', join(work, 'config.ini')];
  const drop = uid === undefined ? [] : ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups'];
  const argv = trace ? ['strace', '-f', '-qq', '-e', 'trace=%file', '-o', trace, ...drop, ...node] : [...drop, ...node];
  return spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1', ...env }, timeout: 60000 });
}

/** The pack (scripts/loader.cjs): magic, index length, largest chunk; the index, [name, offset, code length, cache length, fingerprint] per chunk. */
type Entry = [string, number, number, number, number];
function readPack(file: string): { entries: Entry[]; data: Buffer; largest: number } {
  const b = readFileSync(file);
  const n = b.readUInt32LE(4);
  return { entries: JSON.parse(b.subarray(12, 12 + n).toString('latin1')) as Entry[], data: b.subarray(12 + n), largest: b.readUInt32LE(8) };
}
function writePack(file: string, p: { entries: Entry[]; data: Buffer; largest: number }): void {
  const index = Buffer.from(JSON.stringify(p.entries), 'latin1');
  const head = Buffer.alloc(12);
  head.writeUInt32LE(0x4b50445a, 0);
  head.writeUInt32LE(index.length, 4);
  head.writeUInt32LE(p.largest, 8);
  writeFileSync(file, Buffer.concat([head, index, p.data]), { mode: 0o644 });
}

describe('no code from a shared or foreign-owned cache', () => {
  it('ships its code and code cache only in dist/chunks/pack, made by the build, and writes none at run time', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) (e.isDirectory() ? walk : (p: string) => files.push(p))(join(d, e.name));
    };
    walk(built.dist);
    expect(files.filter((f) => f.endsWith('.v8'))).toEqual([]);
    const pack = join(built.dist, 'chunks/pack');
    expect(files).toContain(pack);
    expect(statSync(pack).mode & 0o022).toBe(0);
    const { entries } = readPack(pack);
    // cli.cjs is one of the chunks `check` loads, compiled together as the entry @start
    expect(entries.find((e) => e[0] === 'cli.cjs')![1], 'cli.cjs is in @start').toBe(-1);
    expect(entries.find((e) => e[0] === '@start')![3], '@start has a code cache').toBeGreaterThan(0);
    for (const f of files.filter((f) => f.endsWith('.cjs') || f.endsWith('.mjs'))) {
      expect(readFileSync(f, 'utf8'), f).not.toMatch(/zlm-doctor-cache|XDG_CACHE_HOME|enableCompileCache/);
    }
    const before = snapshot(built.dist);
    const r = spawnSync(process.execPath, [join(built.dist, 'cli.cjs'), 'check', '--format', 'json', join(work, 'config.ini')], { encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1' } });
    expect(r.status, r.stderr).toBe(1);
    expect(snapshot(built.dist)).toEqual(before);
  });

  describe('the pack runs only when it can be trusted as much as the loader, its caches only for their own chunk', () => {
    let copy: string;
    beforeAll(() => {
      copy = mkdtempSync(join(work, 'dist-'));
      chmodSync(copy, 0o755);
      cpSync(built.dist, copy, { recursive: true });
    });
    const pack = () => join(copy, 'chunks/pack');
    const spawn = (flags: string[] = []) =>
      spawnSync(process.execPath, [...flags, join(copy, 'cli.cjs'), 'check', '--format', 'json', join(work, 'config.ini')], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, NO_COLOR: '1', ZLM_DOCTOR_TRACE_LOAD: '1' },
      });
    /** a normal run: the findings, and what the loader said of cli.cjs's cache */
    const run = (flags: string[] = []) => {
      const r = spawn(flags);
      expect(r.status, r.stderr).toBe(1);
      expect(JSON.parse(r.stdout).summary.error).toBeGreaterThan(0);
      return r.stderr.split('\n').find((l) => l.includes('/chunks/cli.cjs')) ?? '';
    };
    /** a refused run: exit 2, one line naming the pack and why, nothing of the program run */
    const refused = (why: RegExp) => {
      const r = spawn();
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`^zlm-doctor: ${pack().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
      expect(r.stderr).toMatch(why);
    };

    it('used as built', () => {
      expect(run()).toMatch(/cli\.cjs: code cache used$/);
    });

    it('refused when group- or world-writable', () => {
      for (const mode of [0o664, 0o646]) {
        chmodSync(pack(), mode);
        refused(/group- or world-writable \(mode 6[46][46]\): refusing to run code another user could have changed/);
      }
      chmodSync(pack(), 0o644);
      expect(run()).toMatch(/code cache used$/);
    });

    it('refused when it is a symbolic link, or cut short; a cache is not used for another chunk', () => {
      const saved = readFileSync(pack());
      const elsewhere = join(work, 'pack-elsewhere');
      writeFileSync(elsewhere, saved, { mode: 0o644 });
      rmSync(pack());
      symlinkSync(elsewhere, pack());
      refused(/a symbolic link/);
      rmSync(pack());
      writeFileSync(pack(), saved.subarray(0, 4000), { mode: 0o644 });
      refused(/cut short|damaged/);
      // the entry of cli.cjs's code (@start) says its cache was made from other code
      const p = readPack(elsewhere);
      const start = p.entries.find((e) => e[0] === '@start')!;
      start[4] = (start[4] + 1) >>> 0;
      writePack(pack(), p);
      expect(run()).toMatch(/code cache not used: made from another chunk/);
      writeFileSync(pack(), saved, { mode: 0o644 });
      expect(run()).toMatch(/code cache used$/);
    });

    it('rejected by V8 under other V8 flags (as under another Node version): compiled from source, same result', () => {
      const r = spawn(['--no-lazy-feedback-allocation']);
      expect(r.status, r.stderr).toBe(1);
      expect(JSON.parse(r.stdout).summary.error).toBeGreaterThan(0);
      expect(r.stderr).toMatch(/cli\.cjs: code cache rejected by V8/);
      expect(r.stderr).not.toMatch(/code cache used/);
    });

    it.skipIf(!isRoot)(`refused when owned by another user than the loader${isRoot ? '' : ' (skipped: needs root to chown)'}`, () => {
      chownSync(pack(), NOBODY, NOBODY);
      refused(/owned by uid 65534, zlm-doctor's own files by uid 0/);
      chownSync(pack(), 0, 0);
      expect(run()).toMatch(/code cache used$/);
    });
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
