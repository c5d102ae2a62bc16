/**
 * The probe's own HTTP/1.1 transport (src/monitor/probe/transport.ts) against raw TCP peers: every way an
 * answer can be framed (Content-Length, chunked, until close, an interim 100), a peer that closes the kept
 * connection between calls (the call goes out once on a new one), one that answers `Connection: close`,
 * garbage, a trickle and silence (the caller's deadline holds, the socket is gone).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { probeTransport } from '../../src/monitor/probe/transport.ts';
import { probeApi } from '../../src/monitor/probe/api.ts';
import { createZlmApi } from '../../src/zlm/api.ts';

interface Peer {
  url: string;
  connections: number;
  open: Set<Socket>;
  requests: string[];
  close(): Promise<void>;
}

const peers: Peer[] = [];
afterEach(async () => {
  for (const p of peers.splice(0)) await p.close();
});

/** A raw peer: `answer(request head, socket, n)` writes what it likes for the n-th request on a connection. */
async function peer(answer: (head: string, s: Socket, n: number) => void): Promise<Peer> {
  const open = new Set<Socket>();
  const requests: string[] = [];
  const p = { connections: 0, open, requests } as Peer;
  const server: Server = createServer((s) => {
    p.connections++;
    open.add(s);
    s.on('close', () => open.delete(s));
    s.on('error', () => undefined);
    let buf = '';
    let n = 0;
    s.on('data', (d) => {
      buf += d.toString('latin1');
      let end: number;
      while ((end = buf.indexOf('\r\n\r\n')) >= 0) {
        const head = buf.slice(0, end);
        buf = buf.slice(end + 4);
        requests.push(head);
        answer(head, s, n++);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  p.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  p.close = () =>
    new Promise<void>((r) => {
      for (const s of open) s.destroy();
      server.close(() => r());
    });
  peers.push(p);
  return p;
}

const json = (body: string, extra = '') => `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

async function waitClosed(p: Peer): Promise<void> {
  for (let i = 0; i < 100 && p.open.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
}

describe('probe transport', () => {
  it('frames answers by Content-Length, chunked, until close and after an interim 100, on one kept connection', async () => {
    const p = await peer((head, s) => {
      const path = head.split(' ')[1]!;
      if (path === '/length') s.write(json('{"code":0,"a":1}'));
      else if (path === '/chunked') s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"cod\r\nB;ext=1\r\ne":0,"b":2}\r\n0\r\nX-Trailer: t\r\n\r\n');
      else if (path === '/continue') s.write(`HTTP/1.1 100 Continue\r\n\r\n${json('{"code":0,"c":3}')}`);
      else if (path === '/close') s.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close');
    });
    const t = probeTransport();
    const get = async (path: string) => {
      const r = await t.fetch(`${p.url}${path}`, { headers: { accept: 'application/json' } });
      return [r.status, await r.text()];
    };
    expect(await get('/length')).toEqual([200, '{"code":0,"a":1}']);
    expect(await get('/chunked')).toEqual([200, '{"code":0,"b":2}']);
    expect(await get('/continue')).toEqual([200, '{"code":0,"c":3}']);
    expect(p.connections).toBe(1);
    expect(await get('/close')).toEqual([200, 'until close']);
    // the connection ended with the answer: the next call makes a new one
    expect(await get('/length')).toEqual([200, '{"code":0,"a":1}']);
    expect(p.connections).toBe(2);
    expect(p.requests[0]).toMatch(/^GET \/length HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\naccept: application\/json\r\nConnection: keep-alive$/);
    expect(t.phases?.connectMs).toBeGreaterThanOrEqual(0);
    t.close();
    await waitClosed(p);
    expect(p.open.size).toBe(0);
  });

  it('concurrent calls take turns on the one connection; a peer answering Connection: close gets a connection per call', async () => {
    const kept = await peer((head, s) => s.write(json(`{"code":0,"path":"${head.split(' ')[1]}"}`)));
    const t = probeTransport();
    const bodies = await Promise.all(['/a', '/b', '/c', '/d'].map(async (x) => (await t.fetch(`${kept.url}${x}`)).text()));
    expect(bodies.map((b) => (JSON.parse(b) as { path: string }).path)).toEqual(['/a', '/b', '/c', '/d']);
    expect(kept.connections).toBe(1);
    t.close();

    const closing = await peer((_h, s) => s.end(json('{"code":0}', 'Connection: close\r\n')));
    const t2 = probeTransport();
    const all = await Promise.all([1, 2, 3].map(async () => (await t2.fetch(`${closing.url}/x`)).status));
    expect(all).toEqual([200, 200, 200]);
    expect(closing.connections).toBe(3);
    t2.close();
  });

  it('a kept connection the peer closed between two calls: the call goes out once on a new connection', async () => {
    const p = await peer((_h, s, n) => {
      s.write(json('{"code":0}'));
      // closes right after its first answer, without saying so
      if (n === 0) setTimeout(() => s.destroy(), 5);
    });
    const t = probeTransport();
    expect((await t.fetch(`${p.url}/1`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect((await t.fetch(`${p.url}/2`)).status).toBe(200);
    expect(p.connections).toBe(2);
    expect(p.requests).toHaveLength(2);
    t.close();
  });

  it('a parked connection carries the next probe, with the timings it was made with; it is replaced when too old, closed when idle, and never reused for another origin', async () => {
    const p = await peer((_h, s) => s.write(json('{"code":0}')));
    const q = await peer((_h, s) => s.write(json('{"code":0}')));
    const t = probeTransport({ maxAgeMs: 1_000, idleMs: 150 });
    t.begin();
    expect((await t.fetch(`${p.url}/a`)).status).toBe(200);
    const made = t.phases!;
    expect(made.connectMs).toBeGreaterThanOrEqual(0);
    t.park();
    // the next probe: the same connection, its first call's own first byte and total, the connection's connect time
    t.begin();
    expect((await t.fetch(`${p.url}/b`)).status).toBe(200);
    expect(p.connections).toBe(1);
    expect(t.phases).not.toBe(made);
    expect(t.phases!.connectMs).toBe(made.connectMs);
    t.park();
    // another origin (a node whose API moved): a connection of its own
    t.begin();
    expect((await t.fetch(`${q.url}/c`)).status).toBe(200);
    expect(q.connections).toBe(1);
    await waitClosed(p);
    expect(p.open.size).toBe(0);
    t.park();
    // parked and unused for idleMs: closed
    await waitClosed(q);
    expect(q.open.size).toBe(0);
    t.close();
    // older than maxAgeMs at the start of a probe (and not idle long enough to be closed): a new connection
    const r = await peer((_h, s) => s.write(json('{"code":0}')));
    const old = probeTransport({ maxAgeMs: 300, idleMs: 10_000 });
    old.begin();
    expect((await old.fetch(`${r.url}/d`)).status).toBe(200);
    old.park();
    old.begin();
    expect((await old.fetch(`${r.url}/e`)).status).toBe(200);
    expect(r.connections).toBe(1);
    old.park();
    await new Promise((res) => setTimeout(res, 350));
    old.begin();
    expect((await old.fetch(`${r.url}/f`)).status).toBe(200);
    expect(r.connections).toBe(2);
    old.close();
    await waitClosed(r);
    expect(r.open.size).toBe(0);
  });

  it('garbage, a reset and a refused connection fail like fetch (TypeError with the cause)', async () => {
    const garbage = await peer((_h, s) => s.write('SSH-2.0-OpenSSH_9.2\r\n\r\n'));
    const t = probeTransport();
    const e1 = await t.fetch(`${garbage.url}/x`).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(TypeError);
    expect(((e1 as TypeError).cause as NodeJS.ErrnoException).code).toBe('HPE_INVALID_CONSTANT');
    t.close();
    const reset = await peer((_h, s) => s.destroy());
    const e2 = await probeTransport().fetch(`${reset.url}/x`).catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(TypeError);
    expect(((e2 as TypeError).cause as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    const short = await peer((_h, s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this'));
    const e3 = await probeTransport().fetch(`${short.url}/x`).catch((e: unknown) => e);
    expect(e3).toBeInstanceOf(TypeError);
    const port = Number(new URL(reset.url).port);
    await reset.close();
    const e4 = await probeTransport().fetch(`http://127.0.0.1:${port}/x`).catch((e: unknown) => e);
    expect(((e4 as TypeError).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it("a silent peer and a trickling one hold the call only until the caller's deadline, and the socket is gone", async () => {
    const silent = await peer(() => undefined);
    const trickle = await peer((_h, s) => {
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n');
      const t = setInterval(() => (s.destroyed ? clearInterval(t) : s.write('x')), 20);
    });
    for (const p of [silent, trickle]) {
      const t = probeTransport();
      const t0 = performance.now();
      const e = await t.fetch(`${p.url}/x`, { signal: AbortSignal.timeout(200) }).catch((x: unknown) => x);
      expect((e as Error).name).toBe('TimeoutError');
      expect(performance.now() - t0).toBeLessThan(1_000);
      // queued calls behind it fail at the same deadline
      await waitClosed(p);
      expect(p.open.size).toBe(0);
    }
    // the probe reports it as a timeout of the API
    const out = await probeApi({ name: 's', api: silent.url, secret: 'x', labels: {} }, { signal: AbortSignal.timeout(200) });
    expect(out.evidence.ok).toBe(false);
    expect(out.evidence.errorKind).toBe('timeout');
  });

  it('a call waiting its turn behind a hung one fails at its own deadline', async () => {
    const silent = await peer(() => undefined);
    const t = probeTransport();
    const first = t.fetch(`${silent.url}/a`, { signal: AbortSignal.timeout(5_000) }).catch((x: unknown) => x);
    const t0 = performance.now();
    const e = await t.fetch(`${silent.url}/b`, { signal: AbortSignal.timeout(100) }).catch((x: unknown) => x);
    expect((e as Error).name).toBe('TimeoutError');
    expect(performance.now() - t0).toBeLessThan(1_000);
    t.close();
    expect(await first).toBeInstanceOf(TypeError);
  });

  it('keeps the first MiB of a large answer and reads the rest', async () => {
    const big = 'x'.repeat(1024 * 1024 + 5000);
    const p = await peer((_h, s) => s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${big.length}\r\n\r\n${big}`));
    const t = probeTransport();
    expect((await (await t.fetch(`${p.url}/big`)).text()).length).toBe(1024 * 1024);
    expect((await t.fetch(`${p.url}/big`)).status).toBe(200);
    expect(p.connections).toBe(1);
    t.close();
  });
});

describe('answer memo', () => {
  it('an unchanged getServerConfig is the same map, not parsed again; a changed one is read anew', async () => {
    const cfg: Record<string, string> = { 'general.mediaServerId': 'memo', 'hook.enable': '0' };
    for (let i = 0; i < 200; i++) cfg[`pad.key${i}`] = `value-${i}`;
    const p = await peer((head, s) => {
      const api = /\/index\/api\/(\w+)/.exec(head)?.[1];
      const data = api === 'getServerConfig' ? [cfg] : api === 'version' ? { buildTime: 'b' } : [];
      s.write(json(JSON.stringify({ code: 0, data })));
    });
    const memo = new Map<string, { digest: string; data: unknown }>();
    const node = { name: 'm', api: p.url, secret: 's', labels: {} };
    const a = await probeApi(node, { signal: AbortSignal.timeout(5_000), answerMemo: memo });
    const b = await probeApi(node, { signal: AbortSignal.timeout(5_000), answerMemo: memo });
    expect(a.liveConfig?.['general.mediaServerId']).toBe('memo');
    expect(b.liveConfig).toBe(a.liveConfig);
    cfg['hook.enable'] = '1';
    const c = await probeApi(node, { signal: AbortSignal.timeout(5_000), answerMemo: memo });
    expect(c.liveConfig).not.toBe(a.liveConfig);
    expect(c.liveConfig?.['hook.enable']).toBe('1');
    expect(a.liveConfig?.['hook.enable']).toBe('0');
    // the small answers are never memoised
    expect([...memo.keys()]).toEqual(['getServerConfig']);
  });

  it('a long media list is kept as two counts, never as the list, and the full list is never taken from that memo', async () => {
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < 60; i++) for (const schema of ['rtsp', 'rtmp']) rows.push({ schema, vhost: '__defaultVhost__', app: 'live', stream: `s${i}`, totalReaderCount: i % 3, readerCount: 0, originUrl: `rtsp://127.0.0.1/live/s${i}`, tracks: [{ codec_id_name: 'H264' }] });
    const p = await peer((head, s) => {
      const api = /\/index\/api\/(\w+)/.exec(head)?.[1];
      const data = api === 'getMediaList' ? rows : api === 'version' ? { buildTime: 'b' } : api === 'getServerConfig' ? [{ 'general.mediaServerId': 'x' }] : [];
      s.write(json(JSON.stringify({ code: 0, data })));
    });
    const memo = new Map<string, { digest: string; data: unknown }>();
    const node = { name: 'm', api: p.url, secret: 's', labels: {} };
    const a = await probeApi(node, { signal: AbortSignal.timeout(5_000), answerMemo: memo });
    const b = await probeApi(node, { signal: AbortSignal.timeout(5_000), answerMemo: memo });
    for (const r of [a, b]) {
      expect(r.evidence.streams).toBe(60);
      expect(r.evidence.readers).toBe(Array.from({ length: 60 }, (_, i) => i % 3).reduce((x, y) => x + y, 0));
    }
    expect([...memo.keys()]).toEqual(['getMediaList#counts']);
    expect(memo.get('getMediaList#counts')?.data).toEqual({ streams: 60, readers: 60 });
    // the whole list, asked for with the same memo, is the list (read anew), not the counts
    const api = createZlmApi({ base: p.url, secret: 's', answerMemo: memo });
    const list = await api.getMediaList();
    expect(list.ok && Array.isArray(list.data) && list.data.length).toBe(120);
  });
});
