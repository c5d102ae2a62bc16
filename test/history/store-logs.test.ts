/**
 * The per-commit files that used to be replaced (temp + rename) are logs appended to: a node's head
 * (index/<node>.head.json) and the tree cache (tree.json). A line torn by a crash is ignored and cut off before
 * the next append; a store written before they were logs (one line, no newline) reads and grows the same;
 * the logs are compacted.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { snapshot } from '../../src/history/snapshot.ts';
import { HistoryStore } from '../../src/history/store/index.ts';
import { HEAD_LOG_COMPACT } from '../../src/history/store/revisions.ts';
import { freshDirs } from '../support/temp-tree.ts';

const fresh = freshDirs('zd-store-logs-');
const CONFIG = (t: number) => ['[hook]', 'enable=1', `timeoutSec=${t}`, '[general]', 'mediaServerId=logs', ''].join('\n');

async function setup(n: number) {
  const d = fresh();
  const file = join(d, 'config.ini');
  const stateDir = join(d, 'state');
  let node = '';
  for (let i = 0; i < n; i++) {
    writeFileSync(file, CONFIG(i));
    node = (await snapshot({ stateDir, target: { file } })).node;
  }
  return { file, stateDir, node, head: join(stateDir, 'index', `${node}.head.json`), tree: join(stateDir, 'tree.json') };
}

const lines = (p: string) => readFileSync(p, 'utf8').split('\n').filter(Boolean);

describe('history store: head and tree cache as append-only logs', () => {
  it('appends a line per commit; a torn last line is ignored, then cut off; git fsck stays clean', async () => {
    const s = await setup(4);
    expect(lines(s.head)).toHaveLength(4);
    // the empty cache of the new repository, then one line per commit
    expect(lines(s.tree)).toHaveLength(5);
    // a crash mid-append: half a line, no newline, in both
    appendFileSync(s.head, '{"rev":"dead","hash":"be');
    appendFileSync(s.tree, '{"commit":"dead","se');
    const store = HistoryStore.open(s.stateDir, { create: false })!;
    expect(store.head(s.node)!.text).toContain('timeoutSec=3');
    expect(store.revisions(s.node)).toHaveLength(4);
    // unchanged: nothing recorded; changed: recorded after the torn tails are cut off
    expect((await snapshot({ stateDir: s.stateDir, target: { file: s.file } })).rev).toBeNull();
    writeFileSync(s.file, CONFIG(99));
    const r = await snapshot({ stateDir: s.stateDir, target: { file: s.file } });
    expect(r.keys).toEqual(['hook.timeoutSec']);
    expect(readFileSync(s.head, 'utf8')).not.toContain('dead');
    expect(readFileSync(s.tree, 'utf8')).not.toContain('dead');
    expect(lines(s.head)).toHaveLength(5);
    expect(lines(s.tree)).toHaveLength(6);
    expect(HistoryStore.open(s.stateDir, { create: false })!.head(s.node)).toMatchObject({ rev: r.rev, count: 5 });
    execFileSync('git', ['-C', join(s.stateDir, 'repo.git'), 'fsck', '--strict'], { stdio: 'pipe' });
  });

  it('a damaged line before the last is damage, not skipped', async () => {
    const s = await setup(3);
    const h = lines(s.head);
    writeFileSync(s.head, [h[0], 'garbage', h[2]].join('\n') + '\n');
    expect(() => HistoryStore.open(s.stateDir, { create: false })!.head(s.node)).toThrow(/history index .* is damaged/);
  });

  it('a store from before the logs (one line, no newline) is read and appended to', async () => {
    const s = await setup(2);
    // what the old writer left: the last state alone, no newline
    const head = lines(s.head).at(-1)!;
    const store0 = HistoryStore.open(s.stateDir, { create: false })!;
    writeFileSync(s.head, head);
    writeFileSync(s.tree, JSON.stringify((await store0.repo(false))!));
    writeFileSync(s.file, CONFIG(7));
    const r = await snapshot({ stateDir: s.stateDir, target: { file: s.file } });
    expect(r.rev).not.toBeNull();
    expect(lines(s.head)).toHaveLength(2);
    expect(lines(s.tree)).toHaveLength(2);
    const store = HistoryStore.open(s.stateDir, { create: false })!;
    expect(store.head(s.node)!.rev).toBe(r.rev);
    expect((await store.repo(false))!.commit).toBe(r.rev);
    expect(store.revisions(s.node)).toHaveLength(3);
  });

  it('the head log is compacted: it stays near its bound however many revisions', async () => {
    const d = fresh();
    const file = join(d, 'config.ini');
    const stateDir = join(d, 'state');
    const pad = Array.from({ length: 300 }, (_, i) => `key_${i}=${'v'.repeat(30)}`).join('\n');
    let node = '';
    for (let i = 0; i < 12; i++) {
      writeFileSync(file, `${CONFIG(i)}[extra]\n${pad}\n`);
      node = (await snapshot({ stateDir, target: { file } })).node;
    }
    const head = join(stateDir, 'index', `${node}.head.json`);
    const one = lines(head).at(-1)!.length;
    expect(one).toBeGreaterThan(10_000);
    expect(statSync(head).size).toBeLessThanOrEqual(HEAD_LOG_COMPACT + one + 1);
    expect(lines(head).length).toBeLessThan(12);
    expect(HistoryStore.open(stateDir, { create: false })!.head(node)!.count).toBe(12);
  });
});
