/**
 * Benchmark for `zlm-doctor check`.
 *
 *   npm run bench:check        (run from the repository root; builds its own dist/ in a temp dir)
 *
 * 1. Start-up of the executable (dist/cli.cjs, the package's bin), against `node -e 0` measured in the same round
 *    right before it, so both see the same machine load. BENCH_RUNS rounds (default 25), after 3 warm-up rounds;
 *    each figure is the median over the rounds of (command / node -e 0) of that round in wall time, and the ratio of
 *    the summed CPU times (user + system of the children, counted in 10 ms ticks; machine load disturbs it less):
 *    - cold: the first run of a fresh copy of dist/ (nothing of it was ever executed; the code cache that the
 *      build made IS part of dist/, as it is of an installed package);
 *    - warm: dist/ run again and again on the shipped config.ini;
 *    - findings: a config with errors, warnings and info, text output with code frames.
 *    Target <= 1.3x (wall) for each; the process exits 1 above it.
 *    With NODE_EXTRA_CA_CERTS set, every node start loads that file of certificates first (Node 20 does it at
 *    start): a fixed cost that node -e 0 pays too, which flatters the ratio. The figures are then also measured
 *    without it (15 rounds) and printed for information; the target applies to the environment the bench runs in.
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
const runs = Number(process.env.BENCH_RUNS ?? 25);
const WARMUP = 3;
const TARGET = 1.3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** CPU ms (user + system) of the children this process has waited for, from /proc (Linux); undefined elsewhere. */
function childCpu(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields 16 and 17 (cutime, cstime), counted after the ")" that ends field 2; clock ticks of 10 ms
    return (Number(f[13]) + Number(f[14])) * 10;
  } catch {
    return undefined;
  }
}

/** Wall and CPU ms of one run of node with args, in environment env. */
function time(args: string[], env: NodeJS.ProcessEnv): { wall: number; cpu: number | undefined } {
  const c0 = childCpu();
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore', env });
  const wall = performance.now() - t;
  if (r.status === null || r.status > 1) throw new Error(`${args.join(' ')} exited ${r.status}`);
  const c1 = childCpu();
  return { wall, cpu: c0 !== undefined && c1 !== undefined ? c1 - c0 : undefined };
}

// a build of its own: the dist/ of the checkout may be rebuilt by someone else meanwhile
const scratch = mkdtempSync(join(tmpdir(), 'zd-bench-'));
const dist = join(scratch, 'dist');
execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--outdir', dist], { cwd: root });
const NAMES = ['cold', 'warm', 'findings'] as const;
type Name = (typeof NAMES)[number];
const bin = (d: string) => join(d, 'cli.cjs');
const LABELS: Record<Name, string> = {
  cold: 'cold: first run of a fresh dist/',
  warm: 'warm: check --format json, shipped config',
  findings: 'findings: check -v, text, broken example',
};

/** `rounds` rounds (after WARMUP) of the three commands, each right after its own node -e 0, in environment `env`. */
function measure(rounds: number, env: NodeJS.ProcessEnv) {
  const samples = { baseline: [] as number[], ...Object.fromEntries(NAMES.map((n) => [n, [] as number[]])) } as Record<Name | 'baseline', number[]>;
  const wallRatio = Object.fromEntries(NAMES.map((n) => [n, [] as number[]])) as Record<Name, number[]>;
  const cpuSum = Object.fromEntries(NAMES.map((n) => [n, { cmd: 0, base: 0 }])) as Record<Name, { cmd: number; base: number }>;
  for (let i = 0; i < rounds + WARMUP; i++) {
    const copy = join(scratch, `dist-${i}`);
    cpSync(dist, copy, { recursive: true });
    const commands: Record<Name, string[]> = {
      cold: [bin(copy), 'check', '--format', 'json', shipped],
      warm: [bin(dist), 'check', '--format', 'json', shipped],
      findings: [bin(dist), 'check', '-v', withFindings],
    };
    for (const name of NAMES) {
      // each command right after its own baseline: the pair sees the same load
      const b = time(['-e', '0'], env);
      const c = time(commands[name], env);
      if (i < WARMUP) continue;
      if (name === 'cold') samples.baseline.push(b.wall);
      samples[name].push(c.wall);
      wallRatio[name].push(c.wall / b.wall);
      if (b.cpu !== undefined && c.cpu !== undefined) {
        cpuSum[name].cmd += c.cpu;
        cpuSum[name].base += b.cpu;
      }
    }
    rmSync(copy, { recursive: true, force: true });
  }
  return { samples, wallRatio, cpuSum };
}

const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
// NODE_EXTRA_CA_CERTS makes every node start parse that file of certificates (Node 20 does it at start), node -e 0
// included: a fixed cost on both sides of the ratio, which then looks better than on a machine without it
const extraCerts = process.env.NODE_EXTRA_CA_CERTS;
let main: ReturnType<typeof measure>;
let plain: ReturnType<typeof measure> | undefined;
try {
  main = measure(runs, env);
  if (extraCerts) {
    const rest = { ...env };
    delete rest.NODE_EXTRA_CA_CERTS;
    plain = measure(Math.min(runs, 15), rest);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

let over = false;
console.log(`start-up (${runs} rounds, each command paired with its own node -e 0): node -e 0 ${median(main.samples.baseline).toFixed(1)} ms median`);
for (const name of NAMES) {
  const ratio = median(main.wallRatio[name]);
  if (ratio > TARGET) over = true;
  const cpu = main.cpuSum[name].base > 0 ? ` · cpu ${(main.cpuSum[name].cmd / main.cpuSum[name].base).toFixed(2)}x` : '';
  console.log(`  ${LABELS[name].padEnd(44)} ${median(main.samples[name]).toFixed(1).padStart(7)} ms  ${ratio.toFixed(2)}x ${ratio > TARGET ? `ABOVE target ${TARGET}x` : `(target <= ${TARGET}x)`}${cpu}`);
}
if (plain) {
  const ratios = NAMES.map((n) => `${n} ${median(plain.wallRatio[n]).toFixed(2)}x`).join(', ');
  console.log(`  note: NODE_EXTRA_CA_CERTS is set (${extraCerts}): every node start here, node -e 0 included, first loads those certificates.`);
  console.log(`        Without it (${Math.min(runs, 15)} rounds, for information, not the target): node -e 0 ${median(plain.samples.baseline).toFixed(1)} ms; ${ratios}`);
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
