/**
 * Many nodes in one commit (serve's start-up burst): snapshotMany() and the SnapshotBatcher. Each node's history
 * is what one snapshot() per node would have recorded; git log and git fsck --strict pass; a batch cut short
 * after its commit is finished from the commit; a batch that fails is reported and tried again.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { blame } from '../../src/history/query.ts';
import { SnapshotBatcher, type ErrorInfo } from '../../src/history/batch.ts';
import { snapshot, snapshotMany, type SnapshotInput, type SnapshotResult } from '../../src/history/snapshot.ts';
import { HistoryStore, type Revision } from '../../src/history/store/index.ts';
import { runCli } from '../support/cli.ts';
import { freshDirs } from '../support/temp-tree.ts';

const fresh = freshDirs('zd-store-batch-');

const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });

const live = (i: number, timeout = 10) => ({
  'api.secret': `batch-secret-${i}-0123456789abcdef`,
  'general.mediaServerId': `node-${i}`,
  'hook.enable': '1',
  'hook.on_play': `http://127.0.0.1:18080/index/hook/on_play`,
  'hook.timeoutSec': String(timeout),
  'http.port': String(20000 + i),
});

const input = (i: number, o: Partial<SnapshotInput> & { timeout?: number } = {}): SnapshotInput => ({
  source: 'api',
  target: { api: `http://127.0.0.1:${20000 + i}`, live: live(i, o.timeout) },
  reason: o.reason ?? `first seen ${i}`,
  actor: o.actor ?? `actor-${i}`,
  now: o.now ?? new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
});

/** The node recorded before the batch (node 0: the only one with two revisions). */
const shownNode = (b: HistoryStore) => Object.keys(b.nodes().nodes).find((n) => b.revisions(n).length === 2)!;

/** What a node's history says, without the commit ids (a batch shares one). */
const shape = (revs: Revision[]) => revs.map(({ rev: _r, parent, ...rest }) => ({ ...rest, first: parent === null }));

describe('history store: many nodes in one commit', () => {
  it('one commit for N nodes; per-node history, blame and text are what N single commits give; git log and fsck pass', async () => {
    const d = fresh();
    const batchDir = join(d, 'batch');
    const singleDir = join(d, 'single');
    // node 0 exists before in both stores; then one batch: 0 drifts (a hook timeout), 1..4 are first seen
    await snapshot({ stateDir: batchDir, ...input(0) });
    // the same fingerprint key in both, so the texts compare
    mkdirSync(singleDir, { mode: 0o700 });
    copyFileSync(join(batchDir, 'hmac.key'), join(singleDir, 'hmac.key'));
    await snapshot({ stateDir: singleDir, ...input(0) });
    const wave = [input(0, { timeout: 30, reason: 'drift', now: new Date(Date.UTC(2026, 0, 2)) }), ...[1, 2, 3, 4].map((i) => input(i))];
    const results = await snapshotMany(wave, { stateDir: batchDir });
    const singles: SnapshotResult[] = [];
    for (const w of wave) singles.push(await snapshot({ stateDir: singleDir, ...w }));

    expect(results.every((r) => !(r instanceof Error) && r.rev)).toBe(true);
    const revs = new Set((results as SnapshotResult[]).map((r) => r.rev));
    expect(revs.size).toBe(1);
    expect((results as SnapshotResult[]).map(({ rev: _r, ...x }) => x)).toEqual(singles.map(({ rev: _r, ...x }) => x));

    const repo = join(batchDir, 'repo.git');
    expect(git(repo, 'rev-list', '--count', 'main').trim()).toBe('2');
    git(repo, 'fsck', '--strict');
    const log = git(repo, 'log', '-1', '--format=%B');
    expect(log).toMatch(/^5 nodes: 4 first snapshot\(s\), 1 changed/);
    expect(log).toContain('Batch: 5 nodes');
    expect(log.match(/^Node: /gm)).toHaveLength(5);
    expect(log).not.toContain('batch-secret-');

    const b = HistoryStore.open(batchDir, { create: false })!;
    const s = HistoryStore.open(singleDir, { create: false })!;
    expect(Object.keys(b.nodes().nodes).sort()).toEqual(Object.keys(s.nodes().nodes).sort());
    for (const node of Object.keys(s.nodes().nodes)) {
      const br = b.revisions(node);
      const sr = s.revisions(node);
      expect(shape(br)).toEqual(shape(sr));
      expect(b.head(node)!.count).toBe(s.head(node)!.count);
      expect(b.head(node)!.text).toBe(s.head(node)!.text);
      expect(blame(br).map(({ rev: _r, ...x }) => x)).toEqual(blame(sr).map(({ rev: _r, ...x }) => x));
      // show node@rev: the revision, its node and its text
      const last = br[br.length - 1]!;
      const shown = await b.revision(`${node}@${last.rev.slice(0, 10)}`);
      expect(shown.node.name).toBe(node);
      expect(shown.revision).toEqual(last);
      expect(shown.trailers.Reason).toBe(last.reason);
      expect(await b.text(last.rev, node)).toBe(await s.text(s.revisions(node).at(-1)!.rev, node));
      if (br.length > 1) expect(last.parent).toBe(br[0]!.rev);
      expect(git(repo, 'show', `main:nodes/${node}.ini`)).toBe(s.head(node)!.text);
    }
    // a batch commit alone names no node: a clear error asks for one
    const rev = [...revs][0]!;
    await expect(b.revision(rev)).rejects.toThrow(/recorded 5 nodes at once.*<node>@/);
    const other = Object.keys(b.nodes().nodes)[1]!;
    expect((await b.revision(rev, other)).node.name).toBe(other);
    // <node>@<rev> for a node the commit did not record: an error; a hint on a one-node commit: that node
    const firstRev = b.revisions(shownNode(b))[0]!.rev;
    await expect(b.revision(`${other}@${firstRev}`)).rejects.toThrow(/did not record/);
    expect((await b.revision(firstRev, other)).node.name).toBe(shownNode(b));
    // nothing changed since: the batch records nothing
    const again = await snapshotMany(wave, { stateDir: batchDir });
    expect(again.map((r) => (r as SnapshotResult).rev)).toEqual([null, null, null, null, null]);
    expect(git(repo, 'rev-list', '--count', 'main').trim()).toBe('2');
  });

  it('a node given twice gets two revisions in order (two commits); one bad input fails alone', async () => {
    const stateDir = join(fresh(), 'state');
    const bad: SnapshotInput = { target: { file: join(stateDir, '..', 'missing.ini') } };
    const r = await snapshotMany([input(1), input(2), input(1, { timeout: 20, reason: 'second' }), bad], { stateDir });
    expect(r[3]).toBeInstanceOf(Error);
    const [a, b2, c] = r as SnapshotResult[];
    expect(a!.rev).toBe(b2!.rev);
    expect(c!.rev).not.toBe(a!.rev);
    expect(c!.keys).toEqual(['hook.timeoutSec']);
    const store = HistoryStore.open(stateDir, { create: false })!;
    const revs = store.revisions(a!.node);
    expect(revs.map((x) => x.reason)).toEqual(['first seen 1', 'second']);
    expect(revs[1]!.parent).toBe(revs[0]!.rev);
    const repo = join(stateDir, 'repo.git');
    expect(git(repo, 'rev-list', '--count', 'main').trim()).toBe('2');
    git(repo, 'fsck', '--strict');
    // a commit that recorded one node stays a single commit: show <rev> needs no node
    expect((await store.revision(c!.rev!)).node.name).toBe(a!.node);
  });

  it('a batch cut short after its commit (killed before the index) is finished from the commit by the next writer', async () => {
    const d = fresh();
    const stateDir = join(d, 'state');
    await snapshot({ stateDir, ...input(0) });
    // what the index looked like before the batch
    const saved = join(d, 'saved');
    for (const f of ['index', 'tree.json', 'nodes.json']) cpSync(join(stateDir, f), join(saved, f), { recursive: true });
    const r = (await snapshotMany([input(0, { timeout: 40, reason: 'drift' }), input(1), input(2)], { stateDir })) as SnapshotResult[];
    cpSync(join(stateDir, 'index'), join(d, 'batch-index'), { recursive: true });
    const want = HistoryStore.open(stateDir, { create: false })!;
    const expected = Object.fromEntries(r.map((x) => [x.node, want.revisions(x.node)]));
    for (const f of ['index', 'tree.json', 'nodes.json']) {
      rmSync(join(stateDir, f), { recursive: true, force: true });
      cpSync(join(saved, f), join(stateDir, f), { recursive: true });
    }
    // and node 2's line was half-written when it died
    writeFileSync(join(stateDir, 'index', `${r[2]!.node}.jsonl`), '{"rev":"0123');
    rmSync(join(stateDir, 'index', `${r[2]!.node}.head.json`), { force: true });
    // and node 1's first head line was cut short (its index line is whole)
    cpSync(join(stateDir, '..', 'batch-index', `${r[1]!.node}.jsonl`), join(stateDir, 'index', `${r[1]!.node}.jsonl`));
    writeFileSync(join(stateDir, 'index', `${r[1]!.node}.head.json`), '{"rev":"01');
    expect(HistoryStore.open(stateDir, { create: false })!.head(r[1]!.node)).toBeUndefined();
    // the next writer (a poll of an unrelated node) finishes it
    const more = await snapshot({ stateDir, ...input(3) });
    expect(more.rev).not.toBeNull();
    const store = HistoryStore.open(stateDir, { create: false })!;
    for (const x of r) {
      const got = store.revisions(x.node);
      const exp = expected[x.node]!;
      expect(got.map((g) => ({ rev: g.rev, parent: g.parent, time: g.time, attribution: g.attribution, reason: g.reason, actor: g.actor, keys: g.keys, hash: g.hash }))).toEqual(
        exp.map((g) => ({ rev: g.rev, parent: g.parent, time: g.time, attribution: g.attribution, reason: g.reason, actor: g.actor, keys: g.keys, hash: g.hash })),
      );
      expect(store.head(x.node)!.count).toBe(exp.length);
    }
    // the torn lines are gone: every line left is whole JSON (a substring test such as not.toContain('"01')
    // failed whenever a real hash began with 01, one run in 256)
    const lines = (f: string) => readFileSync(join(stateDir, 'index', f), 'utf8').split('\n').filter((l) => l !== '');
    for (const f of [`${r[2]!.node}.jsonl`, `${r[1]!.node}.head.json`]) {
      expect(lines(f).length).toBeGreaterThan(0);
      for (const l of lines(f)) expect(() => JSON.parse(l) as unknown, `${f}: ${l}`).not.toThrow();
    }
    expect(lines(`${r[2]!.node}.jsonl`)).not.toContain('{"rev":"0123');
    expect(lines(`${r[1]!.node}.head.json`)).not.toContain('{"rev":"01');
    git(join(stateDir, 'repo.git'), 'fsck', '--strict');
  });
});

describe('history commands on a batch commit', () => {
  it('history, blame, show <node>@<rev> and diff <node>@<rev> work per node; show <rev> alone asks for a node', async () => {
    const stateDir = join(fresh(), 'state');
    await snapshot({ stateDir, ...input(0) });
    const r = (await snapshotMany([input(0, { timeout: 45, reason: 'drift' }), input(1), input(2)], { stateDir })) as SnapshotResult[];
    const state = ['--state-dir', stateDir];
    const rev = r[0]!.rev!;
    const h = JSON.parse((await runCli(['history', r[0]!.node, '--format', 'json', ...state])).stdout);
    expect(h.revisions.map((x: { rev: string; reason: string }) => [x.rev, x.reason])).toEqual([
      [rev, 'drift'],
      [expect.any(String), 'first seen 0'],
    ]);
    const bl = JSON.parse((await runCli(['blame', r[1]!.node, '--format', 'json', ...state])).stdout);
    expect(bl.keys.every((k: { rev: string; reason: string }) => k.rev === rev && k.reason === 'first seen 1')).toBe(true);
    const show = await runCli(['show', `${r[0]!.node}@${rev.slice(0, 12)}`, '--format', 'json', ...state]);
    expect(show.code).toBe(0);
    const sj = JSON.parse(show.stdout);
    expect(sj).toMatchObject({ rev, node: r[0]!.node, reason: 'drift' });
    expect(sj.changes.map((c: { key: string }) => c.key)).toEqual(['hook.timeoutSec']);
    const alone = await runCli(['show', rev.slice(0, 12), ...state]);
    expect(alone.code).not.toBe(0);
    expect(alone.stderr + alone.stdout).toMatch(/3 nodes at once/);
    const diff = await runCli(['diff', `${r[0]!.node}@head~1`, `${r[0]!.node}@${rev.slice(0, 12)}`, '--format', 'json', ...state]);
    expect(JSON.parse(diff.stdout).changes.map((c: { key: string; before: string; after: string }) => [c.key, c.before, c.after])).toEqual([['hook.timeoutSec', '10', '45']]);
  });
});

describe('SnapshotBatcher', () => {
  it('writes what arrives as few commits (bounded batch size), in order per node', async () => {
    const stateDir = join(fresh(), 'state');
    const results: SnapshotResult[] = [];
    const b = new SnapshotBatcher({ stateDir, maxBatch: 4, maxDelayMs: 10_000, onResult: (_i, r) => results.push(r) });
    for (let i = 0; i < 10; i++) b.add(input(i));
    b.add(input(3, { timeout: 50, reason: 'drift' }), { urgent: true });
    await b.idle();
    expect(results).toHaveLength(11);
    expect(results.every((r) => r.rev)).toBe(true);
    expect(b.stats.batches).toBe(3);
    const repo = join(stateDir, 'repo.git');
    // 4 + 4 + (2 + node 3's drift in the same batch as nothing of node 3 precedes it there)
    expect(Number(git(repo, 'rev-list', '--count', 'main').trim())).toBe(3);
    const store = HistoryStore.open(stateDir, { create: false })!;
    expect(store.revisions(results[3]!.node).map((r) => r.reason)).toEqual(['first seen 3', 'drift']);
    git(repo, 'fsck', '--strict');
  });

  it('a batch that fails is reported for each of its snapshots and written with the next one; nothing is lost', async () => {
    const stateDir = join(fresh(), 'state');
    await snapshot({ stateDir, ...input(0) });
    const store = HistoryStore.open(stateDir, { create: false })!;
    // another writer holds the lock longer than the batch waits
    const held = await store.lock();
    const errors: { node: string; message: string; info: ErrorInfo }[] = [];
    const done: SnapshotResult[] = [];
    const b = new SnapshotBatcher({
      stateDir,
      lockWaitMs: 30,
      maxDelayMs: 20,
      onResult: (_i, r) => done.push(r),
      onError: (i, e, info) => errors.push({ node: 'api' in i.target ? i.target.api : '', message: e.message, info }),
    });
    for (let i = 1; i <= 3; i++) b.add(input(i));
    for (let t = 0; t < 200 && errors.length < 3; t++) await new Promise((r) => setTimeout(r, 10));
    held.release();
    await b.idle();
    expect(errors.length).toBeGreaterThanOrEqual(3);
    expect(errors[0]!.info).toMatchObject({ kind: 'retry', attempt: 1, batch: 3 });
    expect(errors[0]!.message).toMatch(/locked/);
    expect(done.filter((r) => r.rev)).toHaveLength(3);
    for (const r of done) expect(store.revisions(r.node)).toHaveLength(1);
  });

  it('gives up after maxAttempts and says so for each snapshot', async () => {
    const stateDir = join(fresh(), 'state');
    writeFileSync(join(stateDir, '..', 'not-a-dir'), 'x');
    const kinds: string[] = [];
    const b = new SnapshotBatcher({ stateDir: join(stateDir, '..', 'not-a-dir'), maxAttempts: 2, maxDelayMs: 5, onError: (_i, _e, info) => kinds.push(`${info.kind}:${info.attempt}`) });
    b.add(input(1));
    b.add(input(2));
    await b.idle();
    expect(kinds).toEqual(['retry:1', 'retry:1', 'gave-up:2', 'gave-up:2']);
    expect(b.pending).toBe(0);
  });
});
