/**
 * `serve` with the REST API as its one listener: the API, /metrics and /healthz
 * on the same port; a token guards /api and /metrics; a non-loopback address
 * without a token is refused with exit 2 and a clear line (before any bind).
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runServeEngine } from '../../src/cli/serve-run.ts';
import type { Io } from '../../src/cli/io.ts';
import { redactingIo } from '../../src/cli/redact-io.ts';
import type { ServeHandle } from '../../src/monitor/index.ts';
import { freshDirs } from '../support/temp-tree.ts';

let hasSqlite = true;
try {
  createRequire(import.meta.url)('better-sqlite3');
} catch {
  hasSqlite = false;
}
if (!hasSqlite) console.log('skipped: serve + REST API tests (better-sqlite3 is not installed)');

const dir = freshDirs('zd-api-serve-');

function captureIo(env: NodeJS.ProcessEnv = {}): { io: Io; text: () => string } {
  let out = '';
  const base: Io = { out: (s) => (out += s), err: (s) => (out += s), stdout: { isTTY: false }, stderr: { isTTY: false }, env: { LANG: 'C', ...env } };
  return { io: redactingIo(base), text: () => out };
}

describe.skipIf(!hasSqlite)('serve + REST API', () => {
  it('refuses 0.0.0.0 (or any non-loopback address) without a token: exit 2, one clear line, in both languages', async () => {
    for (const [listen, lang, re] of [
      ['0.0.0.0:0', 'en', /refuses to listen on 0\.0\.0\.0 without a token \(--token, ZLM_DOCTOR_TOKEN/],
      ['[::]:0', 'zh', /监听 :: 时必须设置访问令牌/],
      ['192.0.2.1:0', 'en', /without a token/],
    ] as const) {
      const { io, text } = captureIo();
      const code = await runServeEngine({ demo: true, listen, stateDir: dir(), lang }, io);
      expect(code, listen).toBe(2);
      expect(text()).toMatch(re);
    }
  });

  it('token: in zlm-doctor.yml (from the environment) guards the API of a configured fleet; it is never printed', async () => {
    const token = 'Yml-Token-From-Env-0987';
    const d = dir();
    const yml = join(d, 'zlm-doctor.yml');
    writeFileSync(yml, `listen: 127.0.0.1:0\nstate-dir: ${JSON.stringify(join(d, 'state'))}\ntoken: \${API_TOKEN}\ndefaults: { interval: 1m, timeout: 300ms }\nnodes:\n  - { name: far, api: http://127.0.0.1:9, labels: { site: lab } }\n`);
    const { io, text } = captureIo({ API_TOKEN: token });
    let stop!: () => void;
    const stopWhen = new Promise<void>((r) => (stop = r));
    let handle: ServeHandle | undefined;
    const done = runServeEngine({ config: yml, lang: 'en', stopWhen, onReady: (h) => (handle = h) }, io);
    const end = Date.now() + 20_000;
    while (!handle && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    try {
      const base = `http://127.0.0.1:${handle!.address.port}`;
      expect((await fetch(`${base}/api/nodes/far`)).status).toBe(401);
      const r = await fetch(`${base}/api/nodes/far`, { headers: { authorization: `Bearer ${token}` } });
      expect(r.status).toBe(200);
      expect(((await r.json()) as { node: { labels: Record<string, string> } }).node.labels).toEqual({ site: 'lab' });
    } finally {
      stop();
      expect(await done).toBe(0);
    }
    expect(text()).not.toContain(token);
  }, 40_000);

  it('--demo: the API, /metrics and /healthz on one listener; the token (ZLM_DOCTOR_TOKEN) guards /api and /metrics', async () => {
    const token = 'Env-Token-For-Serve-Test-42';
    const { io, text } = captureIo({ ZLM_DOCTOR_TOKEN: token });
    let stop!: () => void;
    const stopWhen = new Promise<void>((r) => (stop = r));
    let handle: ServeHandle | undefined;
    const done = runServeEngine({ demo: true, listen: '127.0.0.1:0', stateDir: dir(), lang: 'en', stopWhen, onReady: (h) => (handle = h) }, io);
    const end = Date.now() + 20_000;
    while (!handle && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    try {
      const base = `http://127.0.0.1:${handle!.address.port}`;
      const auth = { authorization: `Bearer ${token}` };
      expect((await fetch(`${base}/api/nodes`)).status).toBe(401);
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/api/openapi.json`)).status).toBe(200);
      const meta = (await (await fetch(`${base}/api/meta`, { headers: auth })).json()) as { demo: boolean; auth: boolean; nodes: number };
      expect(meta).toMatchObject({ demo: true, auth: true });
      await handle!.engine.probeNow('demo-0');
      const nodes = (await (await fetch(`${base}/api/nodes`, { headers: auth })).json()) as { total: number; items: { name: string }[] };
      expect(nodes.total).toBe(meta.nodes);
      const m = await fetch(`${base}/metrics`, { headers: auth });
      expect(await m.text()).toMatch(/zlm_doctor_demo 1/);
      expect(text()).toMatch(/dashboard and REST API on http:\/\/127\.0\.0\.1:\d+\/ .*bearer token required/);
      expect(text()).not.toContain(token);
    } finally {
      stop();
      expect(await done).toBe(0);
    }
  }, 40_000);
});
