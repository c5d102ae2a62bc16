/**
 * Benchmark of the ZLM log scanner against `grep -c -E` with the same patterns.
 *
 *   npm run bench:logscan                         (= node scripts/run-ts.mjs bench/logscan.ts)
 *   BENCH_LOG_MB=200 npm run bench:logscan        (size of the generated log, default 1024 MB)
 *   BENCH_RUNS=3 npm run bench:logscan            (timed runs of each tool, best is kept; default 2)
 *   BENCH_KEEP=1 npm run bench:logscan            (keep the generated log, e.g. for profiling)
 *
 * Node 20 cannot strip types, so scripts/run-ts.mjs bundles this file with the
 * installed esbuild into .bench-tmp/ first. Run from the repository root.
 *
 * 1. Builds a log file of real MediaServer records taken from
 *    ../shared/zlm-reference/logs/*.txt, in a temp dir:
 *    - mostly records of normal operation (API debug dumps, media
 *      registration, sessions opening/closing, ...);
 *    - a full start-up block (with its 37 "unknow config" warnings of this
 *      build) every 20 000 records, as a restart would write;
 *    - one failure record (hook failures, port in use, RTP timeout, ...) every 1 000 records.
 * 2. Times `grep -c -E -e <pattern> ...` (every pattern of every signature,
 *    in the caller's locale and with LC_ALL=C) and scanLogDir() on it, in the same run.
 * 3. Prints both throughputs and the ratio (target: scanner >= 0.5x grep), then deletes the file.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LOG_SIGNATURES } from '../src/zlm/log-signatures.ts';
import { scanLogDir } from '../src/zlm/logs.ts';

const root = process.cwd();
const samples = join(root, '../shared/zlm-reference/logs');
const targetMb = Number(process.env.BENCH_LOG_MB ?? 1024);
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 2));

const HEADER = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [TDIWE] \[/;

/** Split a sample file into records (header line + continuation lines). Text before the first header is dropped. */
function records(text: string): string[] {
  const out: string[] = [];
  let cur: string[] | undefined;
  for (const line of text.split('\n')) {
    if (HEADER.test(line)) {
      if (cur) out.push(cur.join('\n'));
      cur = [line];
    } else if (cur) {
      // stop at the next "#####" section marker of the sample files
      if (line.startsWith('#####')) {
        out.push(cur.join('\n'));
        cur = undefined;
      } else cur.push(line);
    }
  }
  if (cur) out.push(cur.join('\n'));
  return out.map((r) => r.replace(/\n+$/, ''));
}

// a record is a failure sample when any of its lines matches a signature pattern
const sigRes = LOG_SIGNATURES.flatMap((s) => s.patterns.map((p) => new RegExp(p)));
const normal: string[] = [];
const failures: string[] = [];
let startup: string[] = [];
for (const f of readdirSync(samples).sort()) {
  const recs = records(readFileSync(join(samples, f), 'utf8')).filter((r) => !r.includes('Load codec'));
  if (f === 'startup-normal.txt') startup = recs;
  for (const r of recs) (sigRes.some((re) => re.test(r)) ? failures : normal).push(r);
}

const dir = mkdtempSync(join(tmpdir(), 'zlm-logscan-'));
const file = join(dir, '2026-11-23_00.log');
try {
  // ── generate ──
  const target = targetMb * 1024 * 1024;
  const fd = openSync(file, 'w');
  let size = 0;
  let i = 0;
  let batch: string[] = [];
  let batchBytes = 0;
  const startupText = `${startup.join('\n')}\n`;
  while (size < target) {
    let r: string;
    if (i % 20000 === 0) r = startupText.slice(0, -1);
    else if (i % 1000 === 500) r = failures[(i / 1000) % failures.length | 0]!;
    else r = normal[(i * 7919) % normal.length]!;
    batch.push(r);
    const n = Buffer.byteLength(r) + 1;
    batchBytes += n;
    size += n;
    i++;
    if (batchBytes > 8 << 20) {
      writeSync(fd, `${batch.join('\n')}\n`);
      batch = [];
      batchBytes = 0;
    }
  }
  if (batch.length) writeSync(fd, `${batch.join('\n')}\n`);
  closeSync(fd);
  const bytes = statSync(file).size;
  const mb = bytes / 1048576;
  console.log(`log: ${mb.toFixed(0)} MB, ${i} records (${normal.length} normal, ${failures.length} failure and ${startup.length} start-up sample records), ${dir}`);

  // ── patterns ──
  const patterns = LOG_SIGNATURES.flatMap((s) => s.patterns);
  const grepArgs = ['-c', '-E', ...patterns.flatMap((p) => ['-e', p]), file];

  function timeGrep(env: NodeJS.ProcessEnv): { ms: number; count: number } {
    const t = performance.now();
    const r = spawnSync('grep', grepArgs, { env, encoding: 'utf8', maxBuffer: 1 << 20 });
    const ms = performance.now() - t;
    if (r.status !== 0 && r.status !== 1) throw new Error(`grep failed: ${r.stderr}`);
    return { ms, count: Number(r.stdout.trim()) };
  }

  // warm the page cache once
  spawnSync('cat', [file], { stdio: ['ignore', 'ignore', 'ignore'] });

  const locale = process.env.LC_ALL || process.env.LC_CTYPE || process.env.LANG || 'C';
  let grepLocale = Infinity;
  let grepC = Infinity;
  let grepCount = 0;
  let scanMs = Infinity;
  let scanCount = 0;
  let scanResult: Awaited<ReturnType<typeof scanLogDir>> | undefined;
  for (let k = 0; k < runs; k++) {
    const g1 = timeGrep(process.env);
    grepLocale = Math.min(grepLocale, g1.ms);
    grepCount = g1.count;
    const g2 = timeGrep({ ...process.env, LC_ALL: 'C' });
    grepC = Math.min(grepC, g2.ms);
    const t = performance.now();
    const res = await scanLogDir(dir);
    scanMs = Math.min(scanMs, performance.now() - t);
    scanResult = res;
    scanCount = res.hits.reduce((a, h) => a + h.count, 0);
  }
  const grepBest = Math.min(grepLocale, grepC);
  const rate = (ms: number): string => `${(mb / (ms / 1000)).toFixed(0)} MB/s`;
  console.log(`grep -c -E (${patterns.length} patterns, ${locale}): ${grepLocale.toFixed(0)} ms, ${rate(grepLocale)}, ${grepCount} matching lines`);
  console.log(`grep -c -E (LC_ALL=C):            ${grepC.toFixed(0)} ms, ${rate(grepC)}`);
  console.log(`scanLogDir:                        ${scanMs.toFixed(0)} ms, ${rate(scanMs)}, ${scanCount} signature hits`);
  console.log(`  ${scanResult!.hits.map((h) => `${h.id}=${h.count}`).join(' ')}`);
  console.log(`ratio scanner/grep: ${(grepBest / scanMs).toFixed(2)}x of the faster grep, ${(grepLocale / scanMs).toFixed(2)}x of grep in ${locale} (target >= 0.5x)`);
  console.log('(grep counts every line holding a pattern, record bodies included; the scanner counts header lines at the signature level and JSON "msg" lines of bodies)');
} finally {
  if (process.env.BENCH_KEEP) console.log(`kept ${file}`);
  else rmSync(dir, { recursive: true, force: true });
}
