/**
 * Benchmark for `zlm-doctor check`.
 *
 *   npm run bench:check        (run from the repository root; builds its own dist/ in a temp dir)
 *
 * 1. Start-up, against `node -e 0` measured in the same run and interleaved with it
 *    (so both see the same machine load); median of BENCH_RUNS (default 15):
 *    - cold: the first run of a fresh copy of dist/ (nothing of it was ever executed);
 *    - warm: dist/ run again and again on the shipped config.ini;
 *    - findings: a config with errors, warnings and info, text output with code frames.
 *    Target <= 1.3x for each; the process exits 1 above it.
 *    (There is no code cache to be warm or cold: see scripts/build.mjs.)
 * 2. Throughput: the historical configs of ../shared checked in one process, per file.
 *    Target <= 1 ms. Skipped with one line when ../shared is absent.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { IniDocument } from '../src/ini/document.ts';
import { lint } from '../src/lint/engine.ts';
import { ZLM_RULES } from '../src/rules/index.ts';

// run from the repository root (npm run bench:check)
const root = process.cwd();
const shared = join(root, '../shared');
const referenceShipped = join(shared, 'zlm-reference/config.default.ini');
const shipped = existsSync(referenceShipped) ? referenceShipped : join(root, 'examples/broken/config.ini');
const withFindings = join(root, 'examples/broken/config.ini');
const runs = Number(process.env.BENCH_RUNS ?? 15);
const TARGET = 1.3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** CPU seconds (user + system) of the children this process has waited for, from /proc (Linux); undefined elsewhere. */
function childCpu(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields 16 and 17 (cutime, cstime), counted after the ")" that ends field 2
    return (Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return undefined;
  }
}

const cpu = { baseline: 0, cold: 0, warm: 0, findings: 0 };
function time(args: string[], slot?: keyof typeof cpu): number {
  const c0 = childCpu();
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
  const wall = performance.now() - t;
  if (r.status === null || r.status > 1) throw new Error(`${args.join(' ')} exited ${r.status}`);
  const c1 = childCpu();
  if (slot && c0 !== undefined && c1 !== undefined) cpu[slot] += c1 - c0;
  return wall;
}

// a build of its own: the dist/ of the checkout may be rebuilt by someone else meanwhile
const scratch = mkdtempSync(join(tmpdir(), 'zd-bench-'));
const dist = join(scratch, 'dist');
execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--outdir', dist], { cwd: root });
const samples = { baseline: [] as number[], cold: [] as number[], warm: [] as number[], findings: [] as number[] };
try {
  for (let i = 0; i < runs + 2; i++) {
    const copy = join(scratch, `dist-${i}`);
    cpSync(dist, copy, { recursive: true });
    const measured = i >= 2;
    const b = time(['-e', '0'], measured ? 'baseline' : undefined);
    const cold = time([join(copy, 'cli.mjs'), 'check', '--format', 'json', shipped], measured ? 'cold' : undefined);
    const warm = time([join(dist, 'cli.mjs'), 'check', '--format', 'json', shipped], measured ? 'warm' : undefined);
    const findings = time([join(dist, 'cli.mjs'), 'check', '-v', withFindings], measured ? 'findings' : undefined);
    rmSync(copy, { recursive: true, force: true });
    // the first two rounds warm the machine's file cache for node itself
    if (i < 2) continue;
    samples.baseline.push(b);
    samples.cold.push(cold);
    samples.warm.push(warm);
    samples.findings.push(findings);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const base = median(samples.baseline);
let over = false;
console.log(`start-up (median of ${runs}, interleaved): node -e 0 ${base.toFixed(1)} ms${cpu.baseline > 0 ? `, ${((cpu.baseline * 1000) / runs).toFixed(0)} ms cpu` : ''}`);
for (const [name, label] of [
  ['cold', 'cold: first run of a fresh dist/'],
  ['warm', 'warm: check --format json, shipped config'],
  ['findings', 'findings: check -v, text, broken example'],
] as const) {
  const m = median(samples[name]);
  const ratio = m / base;
  if (ratio > TARGET) over = true;
  // CPU time (user + system, summed over the runs) is a second view that machine load disturbs less
  const cpuRatio = cpu.baseline > 0 ? ` · cpu ${(cpu[name] / cpu.baseline).toFixed(2)}x` : '';
  console.log(`  ${label.padEnd(44)} ${m.toFixed(1).padStart(7)} ms  ${ratio.toFixed(2)}x ${ratio > TARGET ? `ABOVE target ${TARGET}x` : `(target <= ${TARGET}x)`}${cpuRatio}`);
}

const dir = join(shared, 'corpus/zlm-config-history');
if (existsSync(dir)) {
  const texts = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
  // warm up the JIT, then measure
  for (const t of texts) lint({ doc: new IniDocument(t), file: 'c.ini', rules: ZLM_RULES, lang: 'en' });
  const rounds = 5;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) for (const t of texts) lint({ doc: new IniDocument(t), file: 'c.ini', rules: ZLM_RULES, lang: 'en' });
  const per = (performance.now() - t0) / (rounds * texts.length);
  console.log(`throughput: ${texts.length} configs, ${per.toFixed(3)} ms per file (target <= 1 ms)`);
  if (per > 1) over = true;
} else {
  console.log('throughput: skipped (../shared/corpus/zlm-config-history not found beside the checkout)');
}
process.exitCode = over ? 1 : 0;
