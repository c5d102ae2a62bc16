/**
 * The Alertmanager channel against a real Alertmanager (Debian's prometheus-alertmanager) on 127.0.0.1, with
 * clustering off: a node-down alert sent by the notifier shows up active, and is gone once resolved.
 * Skips with one line when the binary is not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Notifier, createChannel, loadMonitorConfigTexts, nodeDown } from '../../src/monitor/index.ts';
import { httpExchange } from '../../src/zlm/http.ts';

const BIN = ['/usr/bin/prometheus-alertmanager', '/usr/bin/alertmanager'].find((p) => existsSync(p));
if (!BIN) process.stderr.write('alertmanager-real: skipped - prometheus-alertmanager is not installed\n');

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function get(url: string): Promise<{ status?: number; body: string }> {
  const r = await httpExchange(url, { timeoutMs: 2000 });
  return r.ok ? { status: r.status, body: r.body.toString('utf8') } : { body: '' };
}

describe.skipIf(!BIN)('alertmanager channel against a real Alertmanager', () => {
  let dir = '';
  let proc: ChildProcess | undefined;
  let base = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zd-am-'));
    writeFileSync(join(dir, 'am.yml'), 'route:\n  receiver: devnull\nreceivers:\n  - name: devnull\n');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    proc = spawn(BIN!, [`--config.file=${join(dir, 'am.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if ((await get(`${base}/-/ready`)).status === 200) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('alertmanager did not become ready in 10 s');
  }, 15_000);

  afterAll(() => {
    if (proc?.pid) proc.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('receives a node-down alert (active), then shows it resolved', async () => {
    const text = `nodes:\n  - { name: zlm-1, api: "http://127.0.0.1:80", labels: { site: lab } }\nalerts:\n  channels:\n    - { name: am, type: alertmanager, url: "${base}", labels: { monitor: zd-test } }\n`;
    const { config, errors } = loadMonitorConfigTexts([{ file: '/cfg/zlm-doctor.yml', text }], {});
    expect(errors).toEqual([]);
    const n = new Notifier({ alerts: config.alerts, maintenance: config.maintenance, channels: config.alerts.channels.map(createChannel), lang: 'en' });
    const alert = nodeDown({ node: 'zlm-1', labels: { site: 'lab' }, at: new Date(Date.now() - 60_000), reason: 'api_unreachable', failures: 3 });
    const d = await n.firing(alert);
    expect(d.results.map((r) => [r.channel, r.ok, r.status])).toEqual([['am', true, 200]]);
    const active = JSON.parse((await get(`${base}/api/v2/alerts?filter=alertname%3D%22ZlmNodeDown%22`)).body) as { labels: Record<string, string>; status: { state: string }; annotations: Record<string, string> }[];
    expect(active).toHaveLength(1);
    expect(active[0]!.labels).toEqual({ alertname: 'ZlmNodeDown', monitor: 'zd-test', node: 'zlm-1', rule: 'node-down', severity: 'critical', site: 'lab' });
    expect(active[0]!.status.state).toBe('active');
    expect(active[0]!.annotations.summary).toBe('zlm-1 is down: api_unreachable (3 failed probes in a row)');

    const r = await n.resolved(alert.id);
    expect(r.results.map((x) => x.ok)).toEqual([true]);
    // a resolved alert leaves the list of unresolved ones (Alertmanager's default view)
    let left = -1;
    for (let i = 0; i < 30 && left !== 0; i++) {
      left = (JSON.parse((await get(`${base}/api/v2/alerts?filter=alertname%3D%22ZlmNodeDown%22`)).body) as unknown[]).length;
      if (left) await new Promise((res) => setTimeout(res, 100));
    }
    expect(left).toBe(0);
  }, 15_000);
});
