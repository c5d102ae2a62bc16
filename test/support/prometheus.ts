/**
 * A real Prometheus and a real Alertmanager (Debian's `prometheus` and
 * `prometheus-alertmanager`, installed by .ci/run) for integration tests, each
 * started in its own temporary directory on 127.0.0.1 with free ports, with no
 * clustering (Alertmanager's gossip is turned off) and bounded start-up waits.
 * close() stops the process and removes the directory.
 *
 * Tests that need them check `promBinary(...)` and skip with one line when the
 * binary is absent, so a bare machine still passes `npm test`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './zlm-sim/real.ts';

const CANDIDATES: Record<string, string[]> = {
  prometheus: ['/usr/bin/prometheus', '/usr/local/bin/prometheus'],
  promtool: ['/usr/bin/promtool', '/usr/local/bin/promtool'],
  alertmanager: ['/usr/bin/prometheus-alertmanager', '/usr/local/bin/alertmanager', '/usr/bin/alertmanager'],
};

/** Absolute path of the binary, or undefined when this machine lacks it. */
export function promBinary(name: 'prometheus' | 'promtool' | 'alertmanager'): string | undefined {
  return CANDIDATES[name]!.find((p) => existsSync(p));
}

/** The one line a skipped suite shows. */
export function promSkipNote(name: 'prometheus' | 'promtool' | 'alertmanager'): string {
  return `(skipped: ${name} not found; .ci/run installs Debian's prometheus and prometheus-alertmanager)`;
}

export interface PromProcess {
  url: string;
  port: number;
  dir: string;
  close(): Promise<void>;
}

async function waitReady(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before it was ready:\n${log()}`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready within ${timeoutMs} ms:\n${log()}`);
}

function startProcess(bin: string, args: string[], dir: string): { child: ChildProcess; log: () => string } {
  let out = '';
  const child = spawn(bin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-8000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, log: () => out };
}

async function stop(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(dir, { recursive: true, force: true });
}

export interface PrometheusOptions {
  /** host:port targets scraped at `metricsPath` */
  targets: string[];
  metricsPath?: string;
  scrapeInterval?: string;
  /** rule files (absolute paths) */
  ruleFiles?: string[];
  evaluationInterval?: string;
  /** Alertmanager base URL (http://127.0.0.1:port) to send alerts to */
  alertmanager?: string;
}

/**
 * Spawn one of them in a new temp dir (named after `prefix`) on a free loopback port: `config` is written to
 * `configName`, `args(dir, port)` are its flags; waits (bounded) for `/-/ready`. On failure it is stopped and its
 * dir removed, and the error names it.
 */
async function startReady(name: 'prometheus' | 'alertmanager', prefix: string, configName: string, config: string[], args: (dir: string, port: number) => string[]): Promise<PromProcess> {
  const bin = promBinary(name);
  if (!bin) throw new Error(`${name} not found`);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let port: number;
  try {
    port = await freePort();
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  writeFileSync(join(dir, configName), config.join('\n') + '\n');
  const { child, log } = startProcess(bin, [`--config.file=${join(dir, configName)}`, ...args(dir, port)], dir);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(`${url}/-/ready`, child, log, 20000);
  } catch (e) {
    await stop(child, dir);
    throw new Error(`${name}: ${(e as Error).message}`);
  }
  return { url, port, dir, close: () => stop(child, dir) };
}

/** Start a real Prometheus scraping `targets` on loopback. */
export async function startPrometheus(o: PrometheusOptions): Promise<PromProcess> {
  const lines = [
    'global:',
    `  scrape_interval: ${o.scrapeInterval ?? '1s'}`,
    `  evaluation_interval: ${o.evaluationInterval ?? '1s'}`,
  ];
  if (o.ruleFiles?.length) lines.push('rule_files:', ...o.ruleFiles.map((f) => `  - ${JSON.stringify(f)}`));
  if (o.alertmanager) {
    const host = new URL(o.alertmanager).host;
    lines.push('alerting:', '  alertmanagers:', '    - static_configs:', `        - targets: [${JSON.stringify(host)}]`);
  }
  lines.push(
    'scrape_configs:',
    '  - job_name: zlm-doctor',
    `    metrics_path: ${JSON.stringify(o.metricsPath ?? '/metrics')}`,
    '    static_configs:',
    `      - targets: [${o.targets.map((t) => JSON.stringify(t)).join(', ')}]`,
  );
  return startReady('prometheus', 'zd-prom-', 'prometheus.yml', lines, (dir, port) => [
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--web.enable-lifecycle',
  ]);
}

/** Start a real Alertmanager on loopback that forwards every alert to `webhookUrl` (when given). */
export async function startAlertmanager(o: { webhookUrl?: string; groupWait?: string; resolveTimeout?: string } = {}): Promise<PromProcess> {
  const lines = [
    'global:',
    `  resolve_timeout: ${o.resolveTimeout ?? '1m'}`,
    'route:',
    '  receiver: default',
    `  group_wait: ${o.groupWait ?? '0s'}`,
    '  group_interval: 1s',
    '  repeat_interval: 1h',
    'receivers:',
    '  - name: default',
  ];
  if (o.webhookUrl) lines.push('    webhook_configs:', `      - url: ${JSON.stringify(o.webhookUrl)}`, '        send_resolved: true');
  return startReady('alertmanager', 'zd-am-', 'alertmanager.yml', lines, (dir, port) => [
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    // no gossip: a single instance, nothing listens beyond loopback
    '--cluster.listen-address=',
  ]);
}

/** Run promtool with arguments; returns its exit code and output. */
export function promtool(args: string[], cwd?: string): { code: number; output: string } {
  const bin = promBinary('promtool');
  if (!bin) throw new Error('promtool not found');
  const r = spawnSync(bin, args, { cwd, encoding: 'utf8', timeout: 60000 });
  return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

/**
 * Metric names a PromQL expression reads: identifiers that are not functions, keywords, label names (matchers,
 * by/without/on/ignoring/group_* lists), strings, durations or template variables (`$node`, `$__rate_interval`).
 */
export function promqlMetricNames(expr: string): string[] {
  const noStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const noLabels = noStrings.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '').replace(/\{[^}]*\}/g, '{}');
  const out = new Set<string>();
  for (const m of noLabels.matchAll(/(?<![\w:$])([a-zA-Z_:][\w:]*)(?![\w:])(?!\s*\()/g)) {
    const w = m[1]!;
    if (/^(and|or|unless|offset|bool|inf|nan)$/i.test(w)) continue;
    out.add(w);
  }
  return [...out];
}

/**
 * Parse PromQL expressions with promtool (which has no expression check of its own): each becomes a recording
 * rule in a temporary rules file, then `promtool check rules`. Returns promtool's exit code and output.
 */
export function promtoolCheckExprs(exprs: string[]): { code: number; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'zd-promql-'));
  try {
    const lines = ['groups:', '  - name: exprs', '    rules:'];
    exprs.forEach((e, i) => lines.push(`      - record: check:expr_${i}`, `        expr: ${JSON.stringify(e)}`));
    writeFileSync(join(dir, 'exprs.yml'), lines.join('\n') + '\n');
    return promtool(['check', 'rules', join(dir, 'exprs.yml')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
