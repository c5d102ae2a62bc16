/** Packing: loose objects into one pack with deltas; git and isomorphic-git read it, git fsck checks it. */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { snapshot } from '../../src/history/snapshot.ts';
import { HistoryStore } from '../../src/history/store/index.ts';
import { packLoose } from '../../src/history/store/pack.ts';
import { applyDelta, deltaLines, deltaPrefixSuffix } from '../../src/history/store/delta.ts';
import { runCli } from '../support/cli.ts';
import { freshDirs } from '../support/temp-tree.ts';

const fresh = freshDirs('zd-store-pack-');
const BASE = readFileSync(join(import.meta.dirname, '../fixtures/zlm-reference/config.default.ini'), 'utf8');
const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

describe('history store: packs', () => {
  it('deltas round-trip (lines, prefix/suffix, long copies, empty sides)', () => {
    const a = Buffer.from(BASE);
    const b = Buffer.from(BASE.replace(/^timeoutSec=.*$/m, 'timeoutSec=99').replace('[api]', '[api]\nextra=1') + 'tail\n');
    for (const [x, y] of [
      [a, b],
      [b, a],
      [Buffer.alloc(0), a],
      [a, Buffer.alloc(0)],
      [Buffer.alloc(200_000, 1), Buffer.alloc(200_001, 1)],
    ] as const) {
      expect(applyDelta(x, deltaLines(x, y)).equals(y)).toBe(true);
      expect(applyDelta(x, deltaPrefixSuffix(x, y)).equals(y)).toBe(true);
    }
    expect(deltaLines(a, b).length).toBeLessThan(100);
  });

  it('packs every loose object; history, show and git keep working, and new commits go on after it', async () => {
    const d = fresh();
    const stateDir = join(d, 'state');
    const files = [0, 1, 2].map((i) => join(d, `n${i}.ini`));
    for (let r = 0; r < 12; r++) {
      for (const [i, f] of files.entries()) {
        writeFileSync(f, BASE.replace(/^timeoutSec=.*$/m, `timeoutSec=${r}`).replace(/^mediaServerId=.*$/m, `mediaServerId=node${i}`));
        await snapshot({ stateDir, target: { file: f } });
      }
    }
    const repo = join(stateDir, 'repo.git');
    const before = git(repo, 'count-objects', '-v');
    const looseBefore = Number(/^size: (\d+)/m.exec(before)![1]);
    const store = HistoryStore.open(stateDir, { create: false })!;
    const node = Object.keys(store.nodes().nodes)[0]!;
    const revs = store.revisions(node);
    const texts = await Promise.all(revs.map((r) => store.text(r.rev, node)));

    const head = git(repo, 'rev-parse', 'main').trim();
    expect(packLoose(repo, head)).toMatch(/^pack-[0-9a-f]{40}$/);
    git(repo, 'fsck', '--strict', '--no-dangling');
    const after = git(repo, 'count-objects', '-v');
    expect(Number(/^count: (\d+)/m.exec(after)![1])).toBe(0);
    const packKb = Number(/^size-pack: (\d+)/m.exec(after)![1]);
    expect(packKb * 5).toBeLessThan(looseBefore);
    // every text reads back the same through isomorphic-git, from the pack
    const reread = await Promise.all(revs.map((r) => store.text(r.rev, node)));
    expect(reread).toEqual(texts);
    expect(git(repo, 'show', `${revs[5]!.rev}:nodes/${node}.ini`)).toBe(texts[5]);
    expect(git(repo, 'rev-list', '--count', 'main').trim()).toBe('36');
    const show = await runCli(['show', revs[11]!.rev, '--state-dir', stateDir]);
    expect(show.stdout).toContain('hook.timeoutSec: 10 → 11');

    writeFileSync(files[0]!, BASE.replace(/^timeoutSec=.*$/m, 'timeoutSec=77').replace(/^mediaServerId=.*$/m, 'mediaServerId=node0'));
    expect((await snapshot({ stateDir, target: { file: files[0]! } })).rev).not.toBeNull();
    git(repo, 'fsck', '--strict');
    expect(readdirSync(join(repo, 'objects', 'pack')).filter((f) => f.endsWith('.pack'))).toHaveLength(1);
  });
});
