/**
 * Benchmark of the config history (issue 10 §8): N nodes × M significant revisions, then P polls that change
 * nothing, all through snapshot() on real files in a temp state directory.
 *
 *   npm run bench:history                    (100 nodes × 1,000 revisions + 100,000 no-change polls)
 *   npm run bench:history -- --scale 0.05    (the same shape, scaled: a quick run)
 *   BENCH_KEEP=1 npm run bench:history       (keep the temp directory, e.g. to run git log / git count-objects on it)
 *   npm run bench:history -- --burst 1000    (serve's start-up: 1,000 first-seen API nodes recorded; see burst())
 *   npm run bench:history -- --burst 1000 --single   (the same, one snapshot() commit per node, as before batching)
 *
 * Prints `history <node>` time (target < 200 ms), snapshot time per poll, the repository's size, and the
 * number of commits the no-change polls made (target 0). Exits 1 when a target is missed.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { snapshot } from '../src/history/snapshot.ts';
import { SnapshotBatcher } from '../src/history/batch.ts';
import { historyJson } from '../src/history/query.ts';
import { HistoryStore } from '../src/history/store/index.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
};
const burstArg = arg('--burst');
if (burstArg !== undefined) process.exit(await burst(Number(burstArg), process.argv.includes('--single')));

const scale = Number(arg('--scale') ?? process.env.BENCH_SCALE ?? 1);
if (!(scale > 0)) {
  console.error('--scale must be a positive number');
  process.exit(2);
}
const NODES = Math.max(2, Math.round(100 * Math.min(1, scale)));
const REVS = Math.max(2, Math.round(1000 * scale));
const POLLS = Math.max(10, Math.round(100_000 * scale));
const HISTORY_TARGET_MS = 200;

const base = readFileSync(join(process.cwd(), 'test/fixtures/zlm-reference/config.default.ini'), 'utf8');
const root = mkdtempSync(join(tmpdir(), 'zd-bench-history-'));
const stateDir = join(root, 'state');
const files = Array.from({ length: NODES }, (_, i) => join(root, `node${i}`, 'config.ini'));

function du(p: string): { bytes: number; files: number } {
  const st = statSync(p);
  if (!st.isDirectory()) return { bytes: st.blocks * 512, files: 1 };
  let bytes = st.blocks * 512;
  let n = 0;
  for (const e of readdirSync(p)) {
    const s = du(join(p, e));
    bytes += s.bytes;
    n += s.files;
  }
  return { bytes, files: n };
}
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

/** revision r of node n: one significant key changed (a hook timeout, the RTP range start, a port) */
function variant(n: number, r: number): string {
  return base
    .replace(/^timeoutSec=.*$/m, `timeoutSec=${10 + (r % 50)}`)
    .replace(/^port_range=.*$/m, `port_range=${30000 + ((r * 7 + n) % 1000)}-35000`)
    .replace(/^mediaServerId=.*$/m, `mediaServerId=node-${n}-${r}`);
}

console.log(`history bench: ${NODES} nodes × ${REVS} significant revisions + ${POLLS} no-change polls (scale ${scale}) in ${root}`);
const { mkdirSync } = await import('node:fs');
let commits = 0;
const t0 = performance.now();
for (let r = 0; r < REVS; r++) {
  for (let n = 0; n < NODES; n++) {
    mkdirSync(join(root, `node${n}`), { recursive: true });
    writeFileSync(files[n]!, variant(n, r));
    const res = await snapshot({ stateDir, target: { file: files[n]! }, reason: `bench ${r}` });
    if (res.rev) commits++;
  }
  if (r % Math.max(1, Math.floor(REVS / 10)) === 0) console.log(`  revision ${r}/${REVS}: ${commits} commits, ${((performance.now() - t0) / commits).toFixed(2)} ms per commit, state ${mb(du(stateDir).bytes)}`);
}
const writeMs = performance.now() - t0;

// polls with no significant change: cosmetic re-saves (CRLF) and untouched files
let pollCommits = 0;
const t1 = performance.now();
for (let p = 0; p < POLLS; p++) {
  const n = p % NODES;
  if (p % 10 === 0) writeFileSync(files[n]!, variant(n, REVS - 1).replace(/\n/g, p % 20 === 0 ? '\r\n' : '\n'));
  const res = await snapshot({ stateDir, target: { file: files[n]! } });
  if (res.rev) pollCommits++;
}
const pollMs = (performance.now() - t1) / POLLS;

const store = HistoryStore.open(stateDir, { create: false })!;
const node = Object.keys(store.nodes().nodes)[0]!;
const times: number[] = [];
for (let i = 0; i < 5; i++) {
  const s = performance.now();
  const json = historyJson(store, node, {});
  if (json.revisions.length !== REVS) throw new Error(`history of ${node}: ${json.revisions.length} revisions, expected ${REVS}`);
  times.push(performance.now() - s);
}
const historyMs = Math.min(...times);
const repo = du(join(stateDir, 'repo.git'));
const state = du(stateDir);

console.log(`significant revisions: ${commits} commits in ${(writeMs / 1000).toFixed(1)} s (${(writeMs / commits).toFixed(2)} ms per commit)`);
console.log(`history <node>: ${historyMs.toFixed(1)} ms (target < ${HISTORY_TARGET_MS} ms; first call ${times[0]!.toFixed(1)} ms)`);
console.log(`snapshot per no-change poll: ${pollMs.toFixed(3)} ms`);
console.log(`commits made by ${POLLS} no-change polls: ${pollCommits} (target 0)`);
console.log(`repository: ${mb(repo.bytes)} on disk in ${repo.files} files; whole state directory ${mb(state.bytes)} (${(repo.bytes / commits / 1024).toFixed(2)} KB per revision)`);
if (!process.env.BENCH_KEEP) rmSync(root, { recursive: true, force: true });
const ok = historyMs < HISTORY_TARGET_MS && pollCommits === 0;
if (!ok) console.log('FAILED: a target was missed');
process.exit(ok ? 0 : 1);

/**
 * serve's start-up burst: N nodes seen for the first time, each recording its live config (getServerConfig as the
 * real MediaServer answers it, a per-node id and secret) the way the monitor does. Prints the time until every node's
 * first-seen revision is recorded (target: well under 10 s for 1,000), then checks each node's history and git fsck.
 */
async function burst(n: number, single: boolean): Promise<number> {
  if (!(n > 0)) {
    console.error('--burst must be a positive number of nodes');
    return 2;
  }
  const fixture = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/zlm-reference/api/getServerConfig.secret-ok.json'), 'utf8')) as { response: { body_json: { data: Record<string, string>[] } } };
  const live0 = fixture.response.body_json.data[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'zd-bench-burst-'));
  const state = join(dir, 'state');
  const nodes = Array.from({ length: n }, (_, i) => ({
    api: `http://127.0.0.1:${20000 + i}`,
    live: { ...live0, 'general.mediaServerId': `burst-${i}`, 'api.secret': `burst-secret-${i}-0123456789abcdef`, 'http.port': String(20000 + i) },
  }));
  console.log(`history burst: ${n} first-seen nodes, ${single ? 'one snapshot() commit each (as before batching)' : 'batched'} in ${dir}`);
  const t0 = performance.now();
  let recorded = 0;
  if (single) {
    for (const x of nodes) {
      const r = await snapshot({ stateDir: state, source: 'api', target: { api: x.api, live: x.live }, reason: 'zlm-doctor serve: first seen' });
      if (r.rev) recorded++;
      if (recorded % Math.max(1, Math.floor(n / 5)) === 0) console.log(`  ${recorded}/${n} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } else {
    recorded = await burstBatched(state, nodes);
  }
  const ms = performance.now() - t0;
  const store = HistoryStore.open(state, { create: false })!;
  const names = Object.keys(store.nodes().nodes);
  const bad = names.filter((name) => store.revisions(name).length !== 1).length;
  let fsck = 'not run (no git binary)';
  try {
    const { execFileSync } = await import('node:child_process');
    execFileSync('git', ['-C', join(state, 'repo.git'), 'fsck', '--strict'], { stdio: 'pipe' });
    const commitsMade = execFileSync('git', ['-C', join(state, 'repo.git'), 'rev-list', '--count', 'main'], { encoding: 'utf8' }).trim();
    fsck = `ok, ${commitsMade} commit(s)`;
  } catch (e) {
    fsck = (e as { code?: string }).code === 'ENOENT' ? fsck : `FAILED: ${(e as Error).message.split('\n')[0]}`;
  }
  console.log(`first-seen burst: ${recorded}/${n} nodes recorded in ${(ms / 1000).toFixed(2)} s (${(ms / n).toFixed(2)} ms per node); nodes with exactly one revision: ${names.length - bad}/${n}; git fsck --strict: ${fsck}`);
  if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  return recorded === n && bad === 0 && names.length === n && !fsck.startsWith('FAILED') ? 0 : 1;
}

/** The way serve records them: every first sight queued and written in batches (src/history/batch.ts). */
async function burstBatched(state: string, nodes: { api: string; live: Record<string, string> }[]): Promise<number> {
  let recorded = 0;
  const errors: string[] = [];
  const b = new SnapshotBatcher({ stateDir: state, onResult: (_i, r) => void (r.rev && recorded++), onError: (_i, e) => void errors.push(e.message) });
  // the probes of a start-up finish spread out: a few nodes at a time, the history never waited for
  for (let i = 0; i < nodes.length; i++) {
    const x = nodes[i]!;
    b.add({ source: 'api', target: { api: x.api, live: x.live }, reason: 'zlm-doctor serve: first seen' });
    if (i % 10 === 9) await new Promise((r) => setImmediate(r));
  }
  await b.idle();
  console.log(`  ${b.stats.batches} batch(es); ${errors.length} error(s)${errors.length ? `: ${errors[0]}` : ''}`);
  return recorded;
}
