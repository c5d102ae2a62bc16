/** Bad input: one clear error, and never a new store silently created over old data. */
import { describe, expect, it } from 'vitest';
import { chmodSync, chownSync, existsSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { snapshot } from '../../src/history/snapshot.ts';
import { StoreError } from '../../src/history/store/index.ts';
import { runCli } from '../support/cli.ts';
import { freshDirs } from '../support/temp-tree.ts';

const fresh = freshDirs('zd-store-bad-');
const CONFIG = ['[api]', 'secret=4Jd8sK2lQ9wE7rT5yU1iO3pA6sD0fG', '[hook]', 'timeoutSec=10', ''].join('\n');

async function recorded() {
  const d = fresh();
  const file = join(d, 'config.ini');
  const stateDir = join(d, 'state');
  writeFileSync(file, CONFIG);
  const r = await snapshot({ stateDir, target: { file } });
  // the next snapshot has something to record
  writeFileSync(file, CONFIG.replace('timeoutSec=10', 'timeoutSec=11'));
  return { d, file, stateDir, node: r.node };
}

async function storeError(p: Promise<unknown>): Promise<StoreError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(StoreError);
    expect((e as StoreError).message).not.toContain('\n');
    return e as StoreError;
  }
  throw new Error('expected a StoreError');
}

describe('history store: bad input', () => {
  it('a repository deleted mid-way: refused, not re-created', async () => {
    const { file, stateDir } = await recorded();
    rmSync(join(stateDir, 'repo.git'), { recursive: true });
    const e = await storeError(snapshot({ stateDir, target: { file } }));
    expect(e.kind).toBe('damaged');
    expect(e.message).toMatch(/repo\.git is missing .* Nothing was written\. To recover: restore .* move .* away/);
    expect(existsSync(join(stateDir, 'repo.git'))).toBe(false);
    // the CLI: one line, exit 2, also in Chinese
    const r = await runCli(['snapshot', file, '--state-dir', stateDir, '--lang', 'zh']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('已损坏');
  });

  it('a corrupted repository: a branch moved, a commit object gone, a damaged cache', async () => {
    const a = await recorded();
    writeFileSync(join(a.stateDir, 'repo.git', 'refs', 'heads', 'main'), '0123456789012345678901234567890123456789\n');
    expect((await storeError(snapshot({ stateDir: a.stateDir, target: { file: a.file } }))).message).toMatch(/branch main is at 012345678901, but the index ends at/);

    const b = await recorded();
    const head = readFileSync(join(b.stateDir, 'repo.git', 'refs', 'heads', 'main'), 'utf8').trim();
    rmSync(join(b.stateDir, 'repo.git', 'objects', head.slice(0, 2), head.slice(2)));
    expect((await storeError(snapshot({ stateDir: b.stateDir, target: { file: b.file } }))).message).toMatch(/last commit [0-9a-f]{12} cannot be read/);

    const c = await recorded();
    writeFileSync(join(c.stateDir, 'tree.json'), '{"commit": ');
    expect((await storeError(snapshot({ stateDir: c.stateDir, target: { file: c.file } }))).kind).toBe('damaged');
  });

  it('the index or the key deleted: refused (a history never starts over silently)', async () => {
    const a = await recorded();
    rmSync(join(a.stateDir, 'index'), { recursive: true });
    expect((await storeError(snapshot({ stateDir: a.stateDir, target: { file: a.file } }))).message).toMatch(/history index of .* is missing/);
    const h = await runCli(['history', a.node, '--state-dir', a.stateDir]);
    expect(h.code).toBe(2);
    expect(h.stderr).toMatch(/history index of .* is missing/);

    const b = await recorded();
    rmSync(join(b.stateDir, 'hmac.key'));
    expect((await storeError(snapshot({ stateDir: b.stateDir, target: { file: b.file } }))).message).toMatch(/hmac\.key .* is missing/);
    expect(existsSync(join(b.stateDir, 'hmac.key'))).toBe(false);
  });

  it('a lock left by a dead process is broken with a one-line notice; a live holder is waited for, then a clear error', async () => {
    const a = await recorded();
    writeFileSync(join(a.stateDir, 'lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), time: '2026-01-01T00:00:00Z' }));
    const notices: string[] = [];
    const r = await snapshot({ stateDir: a.stateDir, target: { file: a.file }, notice: (en) => notices.push(en) });
    expect(r.rev).not.toBeNull();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/broke a stale history lock .* \(held by pid \d+ since 2026-01-01T00:00:00Z, no longer running\)/);
    expect(existsSync(join(a.stateDir, 'lock'))).toBe(false);

    writeFileSync(a.file, CONFIG.replace('timeoutSec=10', 'timeoutSec=12'));
    writeFileSync(join(a.stateDir, 'lock'), JSON.stringify({ pid: process.pid, host: hostname(), time: '2026-01-01T00:00:00Z' }));
    const t = Date.now();
    const e = await storeError(snapshot({ stateDir: a.stateDir, target: { file: a.file }, lockWaitMs: 300 }));
    expect(Date.now() - t).toBeLessThan(5000);
    expect(e.kind).toBe('locked');
    expect(e.message).toMatch(new RegExp(`locked by pid ${process.pid} on .*; waited 0 s\\. .* delete .*lock`));
    // the live holder's lock stays
    expect(existsSync(join(a.stateDir, 'lock'))).toBe(true);
  });

  it('an unreachable API: one line, exit 2, nothing recorded', async () => {
    const d = fresh();
    const stateDir = join(d, 'state');
    const r = await runCli(['snapshot', '--api', 'http://127.0.0.1:1', '--state-dir', stateDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^zlm-doctor: cannot snapshot http:\/\/127\.0\.0\.1:1.*Nothing was recorded\.\n$/);
    expect(existsSync(join(stateDir, 'repo.git'))).toBe(false);
  });

  it('a state directory another user can write, or owned by someone else, is refused', async () => {
    const d = fresh();
    const file = join(d, 'config.ini');
    writeFileSync(file, CONFIG);
    const stateDir = join(d, 'state');
    await snapshot({ stateDir, target: { file } });
    chmodSync(stateDir, 0o777);
    expect((await storeError(snapshot({ stateDir, target: { file } }))).message).toMatch(/writable by everyone .* refusing/);
    chmodSync(stateDir, 0o770);
    expect((await storeError(snapshot({ stateDir, target: { file } }))).message).toMatch(/writable by its group/);
    chmodSync(stateDir, 0o700);
    if (process.getuid?.() === 0) {
      chownSync(stateDir, 4242, 4242);
      expect((await storeError(snapshot({ stateDir, target: { file } }))).message).toMatch(/owned by uid 4242, not by you/);
      chownSync(stateDir, 0, 0);
    }
    expect(readdirSync(stateDir).sort()).toEqual(['hmac.key', 'index', 'nodes.json', 'repo.git', 'tree.json']);
  });

  it('a write cut short after its commit (killed before the index): the next writer finishes it from the commit', async () => {
    for (const keepJsonl of [false, true]) {
      const { file, stateDir, node } = await recorded();
      const saved = ['tree.json', `index/${node}.head.json`, `index/${node}.jsonl`].map((f) => [f, readFileSync(join(stateDir, f))] as const);
      const second = await snapshot({ stateDir, target: { file }, reason: 'cut short' });
      // as if killed right after the branch moved: the caches (and maybe the index line) are the old ones
      for (const [f, b] of saved) if (!(keepJsonl && f.endsWith('.jsonl'))) writeFileSync(join(stateDir, f), b);
      writeFileSync(file, CONFIG.replace('timeoutSec=10', 'timeoutSec=13'));
      const third = await snapshot({ stateDir, target: { file } });
      expect(third.keys).toEqual(['hook.timeoutSec']);
      const h = await runCli(['history', node, '--format', 'json', '--state-dir', stateDir]);
      const revs = JSON.parse(h.stdout).revisions;
      expect(revs.map((r: { rev: string }) => r.rev).slice(0, 2)).toEqual([third.rev, second.rev]);
      expect(revs[1].reason).toBe('cut short');
      expect(revs).toHaveLength(3);
    }
  });
});
