/**
 * The shared transport (src/zlm/http.ts): one socket per exchange, phases
 * timed on it, a hard deadline against silent and trickling peers, the
 * certificate check switchable for https hooks. 127.0.0.1 only.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpExchange } from '../../src/zlm/http.ts';
import { connectionFetch } from '../../src/zlm/api.ts';
import { probeUrl } from '../../src/doctor/probe.ts';
import { startRawPeer, closedPort } from '../support/hook-receivers.ts';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function rawPeer(kind: 'silent' | 'trickle') {
  const p = await startRawPeer(kind);
  cleanup.push(() => p.close());
  return p;
}

/** A self-signed certificate made with openssl, or undefined when openssl is missing. */
function selfSigned(): { key: Buffer; cert: Buffer } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'zd-tls-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-subj', '/CN=localhost', '-days', '1'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return { key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) };
}

describe('httpExchange', () => {
  it('opens exactly one connection per exchange and times each phase', async () => {
    let connections = 0;
    const server = createHttpServer((_req, res) => res.end('{"code":0}'));
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise<void>((r) => server.close(() => r())));
    const port = (server.address() as { port: number }).port;
    const r = await httpExchange(`http://127.0.0.1:${port}/x`, { method: 'POST', body: '{}', timeoutMs: 2000 });
    expect(r.ok).toBe(true);
    expect(connections).toBe(1);
    expect(r.phases.connectMs).toBeGreaterThanOrEqual(0);
    expect(r.phases.firstByteMs).toBeGreaterThanOrEqual(0);
    expect(r.phases.totalMs).toBeGreaterThanOrEqual(r.phases.firstByteMs!);
  });

  it.each(['silent', 'trickle'] as const)('a %s peer: the deadline holds and names the phase', async (kind) => {
    const p = await rawPeer(kind);
    const t0 = performance.now();
    const r = await httpExchange(p.url, { method: 'POST', body: '{}', timeoutMs: 400 });
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(400 + 300);
    expect(r).toMatchObject({ ok: false, failure: 'timeout', phase: kind === 'silent' ? 'request' : 'response' });
    expect(p.accepted()).toBe(1);
    if (kind === 'trickle') expect(r.ok === false && r.status).toBe(200);
  });

  it('an abort destroys the socket at once', async () => {
    const p = await rawPeer('silent');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const r = await httpExchange(p.url, { timeoutMs: 10_000, signal: ac.signal });
    expect(r).toMatchObject({ ok: false, failure: 'aborted' });
    expect(r.phases.totalMs).toBeLessThan(1000);
  });

  it('a refused connection and a bad URL are classified (no DNS lookups: 127.0.0.1 only)', async () => {
    expect(await httpExchange(`http://127.0.0.1:${await closedPort()}/`, { timeoutMs: 2000 })).toMatchObject({ ok: false, failure: 'refused', phase: 'connect' });
    expect(await httpExchange('ftp://127.0.0.1/', { timeoutMs: 100 })).toMatchObject({ ok: false, failure: 'invalid-url' });
  });

  it('https: a self-signed receiver passes with rejectUnauthorized false (as ZLM does), fails with the check on', async (ctx) => {
    const tls = selfSigned();
    if (!tls) return ctx.skip();
    const server = createHttpsServer(tls, (_req, res) => res.end('{"code":0}'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise<void>((r) => server.close(() => r())));
    const url = `https://127.0.0.1:${(server.address() as { port: number }).port}/index/hook/on_server_keepalive`;
    const lax = await httpExchange(url, { method: 'POST', body: '{}', timeoutMs: 3000, rejectUnauthorized: false });
    expect(lax.ok).toBe(true);
    expect(lax.phases.tlsMs).toBeGreaterThanOrEqual(0);
    expect(await httpExchange(url, { method: 'POST', body: '{}', timeoutMs: 3000 })).toMatchObject({ ok: false, failure: 'tls' });
    // the hook probe applies it
    const probe = await probeUrl(url, { timeoutMs: 3000, body: {}, expectCodeZero: true });
    expect(probe.ok).toBe(true);
  });
});

describe('connectionFetch over the shared transport', () => {
  it('rejects with the signal reason at the deadline, like fetch', async () => {
    const p = await rawPeer('trickle');
    const t0 = performance.now();
    await expect(connectionFetch(p.url, { signal: AbortSignal.timeout(300) })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('a transport error is a TypeError "fetch failed" with the system code as cause', async () => {
    const port = await closedPort();
    await expect(connectionFetch(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
  });
});
