/**
 * Acceptance (issue 7): `check` and `fix` on the real MediaServer's own rewritten config.ini agree with what the
 * server then loads, read through getServerConfig.
 *
 * The server is started on 127.0.0.1 only, from a copy in a temporary directory, with every listener but HTTP off.
 * It is given the public sample secret and a file with keys left out, so it rewrites the file at start-up (random
 * secret, missing keys appended); then setServerConfig makes it rewrite the file again with values our rules repair.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { IniDocument } from '../../src/ini/document.ts';
import { inputShape } from '../../src/zlm/shape.ts';
import { effective, SAMPLE_SECRET } from '../../src/zlm/effective.ts';
import { KEYS } from '../../src/zlm/catalogue.ts';
import { mediaServerPath } from '../support/shared.ts';
import { freePort, realConfig } from '../support/zlm-sim/real.ts';
import { runCli } from '../support/cli.ts';

const bin = mediaServerPath();
const suite = bin ? describe : describe.skip;
const title = bin ? 'real MediaServer: our reading of its rewritten config.ini' : 'real MediaServer: our reading of its rewritten config.ini (skipped: no MediaServer, set ZLM_MEDIASERVER or add ../shared/zlm)';

/** keys removed before the first start: ZLM appends them with their built-in defaults when it rewrites the file */
const LEFT_OUT = ['hook.alive_interval', 'hook.retry_delay', 'http.keepAliveSecond', 'general.wait_track_ready_ms'];

interface Server {
  dir: string;
  config: string;
  base: string;
  child: ChildProcess;
}

let srv: Server | undefined;

function secretOf(path: string): string {
  return new IniDocument(readFileSync(path, 'utf8')).get('api.secret') ?? '';
}

async function api(path: string, params: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const q = new URLSearchParams({ secret: secretOf(srv!.config), ...params });
  const r = await fetch(`${srv!.base}/index/api/${path}?${q}`, { signal: AbortSignal.timeout(3000) });
  return (await r.json()) as Record<string, unknown>;
}

async function serverConfig(): Promise<Record<string, string>> {
  const j = await api('getServerConfig');
  expect(j.code).toBe(0);
  return (j.data as Record<string, string>[])[0]!;
}

/** Wait (bounded) until `ok` holds. */
async function until(what: string, ok: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (srv?.child.exitCode !== null) throw new Error(`MediaServer exited (${srv?.child.exitCode}) while waiting for ${what}`);
    try {
      if (await ok()) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Every key getServerConfig reports must read the same from the file, the way we read it (effective value). */
function disagreements(fileText: string, server: Record<string, string>): string[] {
  const doc = new IniDocument(fileText);
  const out: string[] = [];
  if (Object.keys(server).length < 100) out.push(`getServerConfig answered only ${Object.keys(server).length} keys`);
  for (const [key, value] of Object.entries(server)) {
    const ours = effective(doc, key).raw;
    if (ours !== value) out.push(`${key}: file ${JSON.stringify(ours)} vs server ${JSON.stringify(value)}`);
  }
  // and every catalogue key the file leaves out is one the server does not know either (so its default is moot)
  for (const d of KEYS) if (!doc.has(d.key) && d.key in server) out.push(`${d.key}: missing from the rewritten file`);
  return out;
}

suite(title, () => {
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zd-shape-real-'));
    try {
      copyFileSync(bin!, join(dir, 'MediaServer'));
      const pem = join(dirname(bin!), 'default.pem');
      if (existsSync(pem)) copyFileSync(pem, join(dir, 'default.pem'));
      const port = await freePort();
      let doc = IniDocument.parse(realConfig(port, { 'api.secret': SAMPLE_SECRET }));
      for (const k of LEFT_OUT) doc = doc.remove(k);
      const config = join(dir, 'config.ini');
      writeFileSync(config, doc.text);
      const child = spawn(join(dir, 'MediaServer'), ['-c', config, '-l', '2'], { cwd: dir, stdio: 'ignore', detached: true });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', () => resolve());
        child.once('error', reject);
      });
      srv = { dir, config, base: `http://127.0.0.1:${port}`, child };
      // ready: the sample secret was replaced in the file, and the API answers with the new one
      await until('the server to rewrite its secret and answer', async () => secretOf(config) !== SAMPLE_SECRET && (await api('getServerConfig')).code === 0, 15_000);
    } catch (e) {
      if (srv?.child.exitCode === null) srv.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      srv = undefined;
      throw e;
    }
  }, 30_000);

  afterAll(async () => {
    if (!srv) return;
    const { child, dir } = srv;
    if (child.exitCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the start-up rewrite (new secret, missing keys appended) exactly as the server loaded it', async () => {
    const text = readFileSync(srv!.config, 'utf8');
    const doc = new IniDocument(text);
    for (const k of LEFT_OUT) expect(doc.has(k), k).toBe(true);
    expect(inputShape(doc).complete).toBe(true);
    expect(disagreements(text, await serverConfig())).toEqual([]);
  });

  it('check finds no error in the server-written file', async () => {
    const r = await runCli(['check', '--format', 'json', srv!.config]);
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; severity: string; key: string }[] }).findings;
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findings.some((f) => f.ruleId === 'input-excerpt')).toBe(false);
    expect(r.code).toBe(0);
  });

  it('after setServerConfig rewrites the file, check and fix agree with what the server loads', async () => {
    const onPlay = 'http://127.0.0.1:18080/index/hook/on_play';
    const onPublish = 'http://127.0.0.1:18080/index/hook/on_publish';
    // values ZLM stores as given (it validates nothing): an inline comment and quotes, both kept by mINI
    const j = await api('setServerConfig', { 'hook.on_play': `${onPlay} ; old receiver`, 'hook.on_publish': `"${onPublish}"`, 'general.mediaServerId': 'zd-real-01' });
    expect(j.code).toBe(0);
    await until('the rewritten file', () => new IniDocument(readFileSync(srv!.config, 'utf8')).get('general.mediaServerId') === 'zd-real-01');
    const rewritten = readFileSync(srv!.config, 'utf8');
    expect(disagreements(rewritten, await serverConfig())).toEqual([]);

    // check sees what the server really uses: the comment and the quotes are part of the URLs
    const c = await runCli(['check', '--format', 'json', srv!.config]);
    const keys = (JSON.parse(c.stdout) as { findings: { ruleId: string; severity: string; key: string }[] }).findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId} ${f.key}`);
    expect(keys).toEqual(expect.arrayContaining(['inline-comment hook.on_play', 'quoted-value hook.on_publish']));
    expect(keys.every((k) => k.endsWith('hook.on_play') || k.endsWith('hook.on_publish'))).toBe(true);

    // fix repairs them; after a reload the server uses exactly what we said it would
    const f = await runCli(['fix', srv!.config]);
    expect(f.stderr).toBe('');
    const fixed = readFileSync(srv!.config, 'utf8');
    expect(fixed).not.toBe(rewritten);
    const doc = new IniDocument(fixed);
    expect(doc.get('hook.on_play')).toBe(onPlay);
    expect(doc.get('hook.on_publish')).toBe(onPublish);
    process.kill(srv!.child.pid!, 'SIGHUP');
    await until('the reload', async () => (await serverConfig())['hook.on_publish'] === onPublish);
    const after = await serverConfig();
    expect(after['hook.on_play']).toBe(onPlay);
    expect(disagreements(fixed, after)).toEqual([]);
    const again = await runCli(['check', '--format', 'json', srv!.config]);
    expect((JSON.parse(again.stdout) as { findings: { severity: string }[] }).findings.filter((x) => x.severity === 'error')).toEqual([]);
  }, 30_000);
});
