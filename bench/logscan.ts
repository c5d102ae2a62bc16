/**
 * Benchmark of the ZLM log scanner against `grep -c -E` with the same patterns,
 * on two logs:
 *   - normal: a log of normal operation (one failure record every 1 000);
 *   - outage: the log an operator has when running the doctor during an
 *     outage: almost entirely warnings and failures (a hook failing every
 *     second, streams rejected, RTP timeouts), one normal record in ten.
 *
 *   npm run bench:logscan                         (= node scripts/run-ts.mjs bench/logscan.ts)
 *   BENCH_LOG_MB=1024 npm run bench:logscan       (size of each generated log, default 256 MB)
 *   BENCH_LOGS=outage npm run bench:logscan       (only one of normal,outage; default both)
 *   BENCH_RUNS=3 npm run bench:logscan            (timed runs of each tool, best is kept; default 2)
 *   BENCH_KEEP=1 npm run bench:logscan            (keep the generated logs, e.g. for profiling)
 *
 * Node 20 cannot strip types, so scripts/run-ts.mjs bundles this file with the
 * installed esbuild into .bench-tmp/ first. Run from the repository root.
 *
 * 1. Builds each log from real MediaServer records (test/fixtures/zlm-reference/logs/*.txt,
 *    vendored from ../shared/zlm-reference/logs), in a temp dir, with a full
 *    start-up block (its 37 "unknow config" warnings) every 20 000 records, as a restart would write.
 * 2. Times `grep -c -E -e <pattern> ...` (every pattern of every signature,
 *    in the caller's locale and with LC_ALL=C) and scanLogDir() on it, in the same run.
 * 3. Prints both throughputs and the ratio, deletes the file, and exits 1 when
 *    the scanner is below 0.5x the faster grep on any log. The peak RSS of the
 *    process is printed too: the scanner reads in fixed chunks whatever the size.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LOG_SIGNATURES } from '../src/zlm/log-signatures.ts';
import { scanLogDir } from '../src/zlm/logs.ts';

const root = process.cwd();
const samples = join(root, 'test/fixtures/zlm-reference/logs');
const targetMb = Number(process.env.BENCH_LOG_MB ?? 256);
const which = (process.env.BENCH_LOGS ?? 'normal,outage').split(',').map((x) => x.trim());
const TARGET = 0.5;
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
for (const f of readdirSync(samples).filter((x) => x.endsWith('.txt')).sort()) {
  const recs = records(readFileSync(join(samples, f), 'utf8')).filter((r) => !r.includes('Load codec'));
  if (f === 'startup-normal.txt') startup = recs;
  for (const r of recs) (sigRes.some((re) => re.test(r)) ? failures : normal).push(r);
}


const patterns = LOG_SIGNATURES.flatMap((s) => s.patterns);

/** CPU time (user + system) of the waited-for children, from /proc (0 where there is none). */
function childCpuMs(): number {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    // fields 16 and 17 (cutime, cstime) of proc(5), counted from field 3 (state) here
    return ((Number(rest[13]) + Number(rest[14])) * 1000) / 100;
  } catch {
    return 0;
  }
}
const startupText = `${startup.join('\n')}\n`.slice(0, -1);
// what an outage writes every second: hook failures and their consequences (streams rejected, RTP timeouts), at W/E level
const OUTAGE_SIGS = new Set(['hook-refused', 'hook-timeout', 'hook-non-json', 'hook-bad-status', 'hook-code-not-int', 'hook-rejected', 'stream-rejected-by-hook', 'rtp-server-timeout', 'illegal-connection']);
const outageRes = LOG_SIGNATURES.filter((s) => OUTAGE_SIGS.has(s.id)).flatMap((s) => s.patterns.map((p) => new RegExp(p)));
const outageFailures = failures.filter((r) => / [WE] \[/.test(r.slice(0, 30)) && outageRes.some((re) => re.test(r)));

const LOGS: Record<string, (i: number) => string> = {
  normal: (i) => (i % 20000 === 0 ? startupText : i % 1000 === 500 ? failures[(i / 1000) % failures.length | 0]! : normal[(i * 7919) % normal.length]!),
  outage: (i) => (i % 20000 === 0 ? startupText : i % 10 === 5 ? normal[(i * 7919) % normal.length]! : outageFailures[(i * 31) % outageFailures.length]!),
};

function generate(file: string, pick: (i: number) => string): { mb: number; records: number } {
  const target = targetMb * 1024 * 1024;
  const fd = openSync(file, 'w');
  let size = 0;
  let i = 0;
  let batch: string[] = [];
  let batchBytes = 0;
  while (size < target) {
    const r = pick(i);
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
  return { mb: statSync(file).size / 1048576, records: i };
}

async function measure(name: string, pick: (i: number) => string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), `zlm-logscan-${name}-`));
  const file = join(dir, '2026-11-23_00.log');
  try {
    const { mb, records: n } = generate(file, pick);
    console.log(`\n[${name}] log: ${mb.toFixed(0)} MB, ${n} records, ${dir}`);
    const grepArgs = ['-c', '-E', ...patterns.flatMap((p) => ['-e', p]), file];
    const timeGrep = (env: NodeJS.ProcessEnv): { ms: number; cpu: number; count: number } => {
      const c = childCpuMs();
      const t = performance.now();
      const r = spawnSync('grep', grepArgs, { env, encoding: 'utf8', maxBuffer: 1 << 20 });
      const ms = performance.now() - t;
      if (r.status !== 0 && r.status !== 1) throw new Error(`grep failed: ${r.stderr}`);
      return { ms, cpu: childCpuMs() - c, count: Number(r.stdout.trim()) };
    };
    // warm the page cache once
    spawnSync('cat', [file], { stdio: ['ignore', 'ignore', 'ignore'] });
    const locale = process.env.LC_ALL || process.env.LC_CTYPE || process.env.LANG || 'C';
    let grepLocale = Infinity;
    let grepC = Infinity;
    let grepCCpu = Infinity;
    let scanCpu = Infinity;
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
      grepCCpu = Math.min(grepCCpu, g2.cpu);
      const c = process.cpuUsage();
      const t = performance.now();
      const res = await scanLogDir(dir);
      scanMs = Math.min(scanMs, performance.now() - t);
      const u = process.cpuUsage(c);
      scanCpu = Math.min(scanCpu, (u.user + u.system) / 1000);
      scanResult = res;
      scanCount = res.hits.reduce((a, h) => a + h.count, 0);
    }
    const grepBest = Math.min(grepLocale, grepC);
    const rate = (ms: number): string => `${(mb / (ms / 1000)).toFixed(0)} MB/s`;
    const ratio = grepBest / scanMs;
    console.log(`grep -c -E (${patterns.length} patterns, ${locale}): ${grepLocale.toFixed(0)} ms, ${rate(grepLocale)}, ${grepCount} matching lines`);
    console.log(`grep -c -E (LC_ALL=C):            ${grepC.toFixed(0)} ms, ${rate(grepC)}`);
    console.log(`scanLogDir:                        ${scanMs.toFixed(0)} ms, ${rate(scanMs)}, ${scanCount} signature hits`);
    console.log(`  ${scanResult!.hits.map((h) => `${h.id}=${h.count}`).join(' ')}`);
    console.log(`[${name}] ratio scanner/grep: ${ratio.toFixed(2)}x of the faster grep, ${(grepLocale / scanMs).toFixed(2)}x of grep in ${locale} (target >= ${TARGET}x)`);
    // on a loaded machine wall times are noisy; CPU time says whether a miss is the scanner or the load
    if (grepCCpu > 0) console.log(`[${name}] CPU time: grep (LC_ALL=C) ${grepCCpu.toFixed(0)} ms, scanner ${scanCpu.toFixed(0)} ms: ${(grepCCpu / scanCpu).toFixed(2)}x`);
    return ratio;
  } finally {
    if (process.env.BENCH_KEEP) console.log(`kept ${file}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`samples: ${normal.length} normal, ${failures.length} failure (${outageFailures.length} at W/E) and ${startup.length} start-up records`);
const ratios: Record<string, number> = {};
for (const name of which) {
  const pick = LOGS[name];
  if (!pick) throw new Error(`BENCH_LOGS: unknown log "${name}" (normal, outage)`);
  ratios[name] = await measure(name, pick);
}
console.log('(grep counts every line holding a pattern, record bodies included; the scanner counts header lines at the signature level and JSON "msg" lines of bodies)');
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
const below = Object.entries(ratios).filter(([, r]) => r < TARGET);
if (below.length) {
  console.log(`FAIL: below ${TARGET}x grep on ${below.map(([n, r]) => `${n} (${r.toFixed(2)}x)`).join(', ')}`);
  process.exitCode = 1;
} else console.log(`OK: >= ${TARGET}x grep on ${Object.keys(ratios).join(' and ')}`);
