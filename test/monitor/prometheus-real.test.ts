/**
 * serve against a real Prometheus and a real Alertmanager (Debian's `prometheus` and `prometheus-alertmanager`),
 * all on 127.0.0.1: Prometheus scrapes a running `serve` (a simulated fleet from test/support/fleet-sim.ts) and
 * the series appear, the shipped rules (deploy/prometheus) evaluate on them and every Grafana expression runs;
 * serve's alertmanager channel delivers a node-down alert when a node dies, and Alertmanager reports it resolved
 * (to its webhook receiver) after the node is back. Bounded waits; processes stopped, temp dirs removed. Skips
 * with one line when a binary or better-sqlite3 is absent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runServeEngine } from '../../src/cli/serve-run.ts';
import type { Io } from '../../src/cli/io.ts';
import { redactingIo } from '../../src/cli/redact-io.ts';
import type { ServeHandle } from '../../src/monitor/engine-serve.ts';
import { startFleetSim, type FleetSim } from '../support/fleet-sim.ts';
import { promBinary, promSkipNote, startAlertmanager, startPrometheus, type PromProcess } from '../support/prometheus.ts';

let hasSqlite = true;
try {
  createRequire(import.meta.url)('better-sqlite3');
} catch {
  hasSqlite = false;
}
const missing = !promBinary('prometheus') ? 'prometheus' : !promBinary('alertmanager') ? 'alertmanager' : undefined;
if (missing) process.stderr.write(`prometheus-real: ${promSkipNote(missing)}\n`);
else if (!hasSqlite) process.stderr.write('prometheus-real: (skipped: better-sqlite3 is not installed)\n');

const RULES = join(import.meta.dirname, '../../deploy/prometheus/zlm-doctor.rules.yml');
const DASHBOARD = join(import.meta.dirname, '../../deploy/grafana/zlm-doctor.json');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, f: () => Promise<T | undefined | false>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await f();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    await sleep(250);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

async function getJson<T>(url: string): Promise<T> {
  const r = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  return (await r.json()) as T;
}

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}
async function query(prom: PromProcess, q: string): Promise<{ status: string; error?: string; data?: { result: Sample[] } }> {
  return getJson(`${prom.url}/api/v1/query?query=${encodeURIComponent(q)}`);
}

interface AmAlert {
  labels: Record<string, string>;
  status: { state: string };
}
interface Webhook {
  status: string;
  alerts: { status: string; labels: Record<string, string> }[];
}

describe.skipIf(missing !== undefined || !hasSqlite)('serve with a real Prometheus and Alertmanager', () => {
  let sim: FleetSim;
  let am: PromProcess;
  let prom: PromProcess;
  let handle: ServeHandle | undefined;
  let stop!: () => void;
  let done: Promise<number>;
  let receiver: Server;
  const received: Webhook[] = [];
  let dir = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zd-prom-real-'));
    sim = await startFleetSim();
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        try {
          received.push(JSON.parse(body) as Webhook);
        } catch {
          /* not ours */
        }
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    am = await startAlertmanager({ webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/am` });
    const cfg = join(dir, 'zlm-doctor.yml');
    writeFileSync(
      cfg,
      [
        'defaults: { interval: 1s, timeout: 800ms, down-after: 2, recover-after: 1, jitter: 100ms }',
        'nodes:',
        ...[0, 1, 2].map((i) => `  - { name: sim-${i}, api: "${sim.nodeApi(i)}", secret: "\${ZLM_SECRET}", labels: { site: lab } }`),
        'alerts:',
        '  channels:',
        `    - { name: am, type: alertmanager, url: "${am.url}", labels: { source: serve } }`,
        '',
      ].join('\n'),
    );
    let out = '';
    const io: Io = redactingIo({ out: (s) => (out += s), err: (s) => (out += s), stdout: { isTTY: false }, stderr: { isTTY: false }, env: { LANG: 'C', ZLM_SECRET: sim.secret } });
    const stopWhen = new Promise<void>((r) => (stop = r));
    done = runServeEngine({ config: cfg, listen: '127.0.0.1:0', stateDir: join(dir, 'state'), lang: 'en', stopWhen, onReady: (h) => (handle = h) }, io);
    let exited: number | undefined;
    void done.then((c) => (exited = c));
    const h = await until<ServeHandle>(
      'serve listening',
      async () => {
        if (exited !== undefined) throw new Error(`serve exited ${exited}: ${out}`);
        return handle;
      },
      15_000,
    );
    prom = await startPrometheus({ targets: [`127.0.0.1:${h.address.port}`], ruleFiles: [RULES], alertmanager: am.url });
  }, 60_000);

  afterAll(async () => {
    stop?.();
    await done?.catch(() => undefined);
    await prom?.close();
    await am?.close();
    await sim?.close();
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('Prometheus scrapes serve: the series appear, the shipped rules evaluate, every dashboard expression runs', async () => {
    const up = await until(
      'zlm_doctor_up for 3 nodes',
      async () => {
        const r = await query(prom, 'zlm_doctor_up == 1');
        return r.data && r.data.result.length === 3 ? r.data.result : undefined;
      },
      30_000,
    );
    expect(up.map((s) => s.metric.node).sort()).toEqual(['sim-0', 'sim-1', 'sim-2']);
    expect(up[0]!.metric.job).toBe('zlm-doctor');
    for (const q of ['zlm_doctor_readiness{reason="ready"} == 1', 'zlm_doctor_probe_duration_seconds{phase="total"}', 'zlm_doctor_hook_up{hook="hook.on_play"} == 1', 'zlm_doctor_streams', 'zlm_doctor_thread_load_max', 'zlm_doctor_probes_total{result="ok"}', 'zlm_doctor_restarts_total']) {
      const r = await until(q, async () => ((await query(prom, q)).data?.result.length === 3 ? true : undefined), 15_000);
      expect(r, q).toBe(true);
    }
    // the recording rules on real data
    const ready = await until('zlm_doctor:nodes_ready:sum', async () => (await query(prom, 'zlm_doctor:nodes_ready:sum')).data?.result[0]?.value[1], 15_000);
    expect(ready).toBe('3');
    // rate() and increase() need two scrapes
    await until('two scrapes', async () => ((await query(prom, 'increase(zlm_doctor_restarts_total[1h])')).data?.result.length === 3 ? true : undefined), 15_000);
    // every Grafana expression is valid PromQL on a real server and (but for the rare-event panels) finds data
    const dash = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: { title: string; targets?: { expr: string }[] }[] };
    const empty: string[] = [];
    for (const p of dash.panels) {
      for (const t of p.targets ?? []) {
        const r = await query(prom, t.expr.replaceAll('$__rate_interval', '1m').replaceAll('$node', '.*'));
        expect(r.status, `${p.title}: ${t.expr}: ${r.error}`).toBe('success');
        if (!r.data?.result.length) empty.push(p.title);
      }
    }
    // no node is down or unready here: those panels filter everything out
    expect(empty.filter((t) => !/not ready|Probe failures/.test(t))).toEqual([]);
  }, 60_000);

  it('a dead node: serve sends ZlmNodeDown to Alertmanager (and the shipped rule fires); back up: Alertmanager reports it resolved', async () => {
    sim.setDown(1, true);
    const fromServe = await until(
      'ZlmNodeDown from serve in Alertmanager',
      async () => {
        const list = await getJson<AmAlert[]>(`${am.url}/api/v2/alerts?filter=${encodeURIComponent('alertname="ZlmNodeDown"')}&filter=${encodeURIComponent('source="serve"')}`);
        return list.length ? list : undefined;
      },
      30_000,
    );
    expect(fromServe).toHaveLength(1);
    expect(fromServe[0]!.labels).toMatchObject({ alertname: 'ZlmNodeDown', node: 'sim-1', rule: 'node-down', severity: 'critical', site: 'lab', source: 'serve' });
    expect(fromServe[0]!.status.state).toBe('active');
    // the same alert from the Prometheus rule over serve's metrics: same alertname, node, rule and severity
    const fromRule = await until(
      'ZlmNodeDown from the Prometheus rule',
      async () => {
        const r = await getJson<{ data: { alerts: { labels: Record<string, string>; state: string }[] } }>(`${prom.url}/api/v1/alerts`);
        return r.data.alerts.find((a) => a.labels.alertname === 'ZlmNodeDown' && a.state === 'firing');
      },
      20_000,
    );
    expect(fromRule.labels).toEqual({ alertname: 'ZlmNodeDown', node: 'sim-1', rule: 'node-down', severity: 'critical' });
    // the other nodes stay up
    const up = await query(prom, 'zlm_doctor_up == 1');
    expect(up.data!.result.map((s) => s.metric.node).sort()).toEqual(['sim-0', 'sim-2']);

    sim.setDown(1, false);
    const resolved = await until(
      'a resolved ZlmNodeDown at the Alertmanager webhook',
      async () => received.flatMap((w) => w.alerts).find((a) => a.status === 'resolved' && a.labels.alertname === 'ZlmNodeDown' && a.labels.source === 'serve' && a.labels.node === 'sim-1'),
      45_000,
    );
    expect(resolved.labels.node).toBe('sim-1');
    // and it left Alertmanager's list of active alerts
    const left = await getJson<AmAlert[]>(`${am.url}/api/v2/alerts?filter=${encodeURIComponent('source="serve"')}&filter=${encodeURIComponent('alertname="ZlmNodeDown"')}`);
    expect(left.filter((a) => a.status.state === 'active')).toEqual([]);
    // it had been delivered firing first
    expect(received.flatMap((w) => w.alerts).some((a) => a.status === 'firing' && a.labels.alertname === 'ZlmNodeDown' && a.labels.node === 'sim-1')).toBe(true);
  }, 120_000);
});
