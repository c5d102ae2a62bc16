/** Two zlm-doctor processes writing one history at once: the lock serialises them, nothing is lost or interleaved. */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { HistoryStore } from '../../src/history/store/index.ts';
import { freshDirs } from '../support/temp-tree.ts';

const fresh = freshDirs('zd-store-conc-');

const WORKER = `
import { writeFileSync } from 'node:fs';
import { snapshot } from ${JSON.stringify(resolve(import.meta.dirname, '../../src/history/snapshot.ts'))};
const [stateDir, file, n] = process.argv.slice(2);
async function main() {
  let made = 0;
  for (let i = 0; i < Number(n); i++) {
    writeFileSync(file, '[hook]\\ntimeoutSec=' + i + '\\n[general]\\nmediaServerId=' + file + '\\n');
    const r = await snapshot({ stateDir, target: { file }, lockWaitMs: 30000 });
    if (r.rev) made++;
  }
  console.log(made);
}
void main();
`;

function run(script: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((res) => {
    const p = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (b) => (out += b));
    p.stderr.on('data', (b) => (err += b));
    p.on('close', (code) => res({ code, out, err }));
  });
}

describe('history store: two processes at once', () => {
  it('both sets of revisions land, one linear history, git fsck clean', async () => {
    const d = fresh();
    const src = join(d, 'worker.ts');
    writeFileSync(src, WORKER);
    const script = join(d, 'worker.cjs');
    await build({ entryPoints: [src], outfile: script, bundle: true, platform: 'node', format: 'cjs', target: 'node20.19', logLevel: 'error', absWorkingDir: resolve(import.meta.dirname, '../..') });
    const stateDir = join(d, 'state');
    const N = 12;
    const [a, b] = await Promise.all([run(script, [stateDir, join(d, 'a.ini'), String(N)]), run(script, [stateDir, join(d, 'b.ini'), String(N)])]);
    expect(a.err + b.err).toBe('');
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(Number(a.out) + Number(b.out)).toBe(2 * N);

    const repo = join(stateDir, 'repo.git');
    execFileSync('git', ['-C', repo, 'fsck', '--strict'], { stdio: 'pipe' });
    expect(execFileSync('git', ['-C', repo, 'rev-list', '--count', 'main'], { encoding: 'utf8' }).trim()).toBe(String(2 * N));
    const store = HistoryStore.open(stateDir, { create: false })!;
    for (const node of Object.keys(store.nodes().nodes)) {
      const revs = store.revisions(node);
      expect(revs).toHaveLength(N);
      // each node's chain of parents is whole
      revs.forEach((r, i) => expect(r.parent).toBe(i === 0 ? null : revs[i - 1]!.rev));
    }
  }, 120_000);
});
