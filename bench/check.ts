/**
 * Benchmark for `zlm-doctor check`.
 *
 *   npm run bench:check        (builds dist/ first; run from the repository root)
 *
 * 1. Start-up: wall time of `dist/cli.cjs check <shipped config>` against
 *    `node -e 0`, both measured in this run (median of N). Target <= 1.3x for a
 *    warm start (the loader's V8 code cache exists, as on every run after the
 *    first); the cold first start is printed too.
 * 2. Throughput: the 145 historical configs checked in one process, per file. Target <= 1 ms.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { IniDocument } from '../src/ini/document.ts';
import { lint } from '../src/lint/engine.ts';
import { ZLM_RULES } from '../src/rules/index.ts';

// run from the repository root (npm run bench:check)
const root = process.cwd();
const shared = join(root, '../shared');
const shipped = join(shared, 'zlm-reference/config.default.ini');
const runs = Number(process.env.BENCH_RUNS ?? 15);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (r.status === null || r.status > 1) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return performance.now() - t;
}

const baseline: number[] = [];
const check: number[] = [];
// interleave so both see the same machine load
for (let i = 0; i < runs + 2; i++) {
  const b = time(['-e', '0']);
  const c = time([join(root, 'dist/cli.cjs'), 'check', '--format', 'json', shipped]);
  if (i >= 2) {
    baseline.push(b);
    check.push(c);
  }
}
const ratio = median(check) / median(baseline);
// cold: a fresh cache directory for every run
const cold: number[] = [];
for (let i = 0; i < Math.min(runs, 7); i++) {
  const t = performance.now();
  spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'check', '--format', 'json', shipped], { stdio: 'ignore', env: { ...process.env, TMPDIR: mkdtempSync(join(tmpdir(), 'zd-cold-')) } });
  cold.push(performance.now() - t);
}
console.log(`cold first start (no code cache yet): ${median(cold).toFixed(1)} ms, ratio ${(median(cold) / median(baseline)).toFixed(2)}x`);
console.log(`start-up: node -e 0 ${median(baseline).toFixed(1)} ms, zlm-doctor check ${median(check).toFixed(1)} ms, ratio ${ratio.toFixed(2)}x (target <= 1.3x)`);

const dir = join(shared, 'corpus/zlm-config-history');
const texts = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
// warm up the JIT, then measure
for (const t of texts) lint({ doc: new IniDocument(t), file: 'c.ini', rules: ZLM_RULES, lang: 'en' });
const rounds = 5;
const t0 = performance.now();
for (let r = 0; r < rounds; r++) for (const t of texts) lint({ doc: new IniDocument(t), file: 'c.ini', rules: ZLM_RULES, lang: 'en' });
const per = (performance.now() - t0) / (rounds * texts.length);
console.log(`throughput: ${texts.length} configs, ${per.toFixed(3)} ms per file (target <= 1 ms)`);
