import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { createZlmApi, type ApiErrorKind, type ApiResult } from '../../src/zlm/api.ts';
import { rawRequest, startZlmSim, testConfigText, type ZlmSim } from '../support/zlm-sim/index.ts';

const SECRET = 'zlm-test-secret-0123456789abcdef';
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

/** A raw TCP server on 127.0.0.1 that does whatever `onConn` says. */
async function rawServer(onConn: (s: Socket) => void): Promise<string> {
  const sockets = new Set<Socket>();
  const srv: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    onConn(s);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  cleanup.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => srv.close(() => r()));
  });
  return `http://127.0.0.1:${(srv.address() as { port: number }).port}`;
}

async function closedPort(): Promise<string> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

async function sim(opts: Parameters<typeof startZlmSim>[0] = {}): Promise<ZlmSim> {
  const s = await startZlmSim({ configText: testConfigText().replace(/^enable=1$/m, 'enable=0'), emitHooks: false, ...opts });
  cleanup.push(() => s.close());
  return s;
}

function expectFail<T>(r: ApiResult<T>, kind: ApiErrorKind): Extract<ApiResult<T>, { ok: false }> {
  if (r.ok) throw new Error(`expected ${kind}, got ok`);
  expect(r.error.kind, JSON.stringify(r.error)).toBe(kind);
  expect(r.error.explain.en.length).toBeGreaterThan(10);
  expect(r.error.explain.zh).toMatch(/[\u4e00-\u9fff]/);
  return r;
}

/** fetch stub answering with `body` / `status`; records the URLs asked for. */
function stub(body: string, status = 200, urls: string[] = []): typeof fetch {
  return (async (input: string | URL | Request) => {
    urls.push(String(input));
    return new Response(body, { status, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
  }) as typeof fetch;
}

// ───────────────────────────── transport failures ─────────────────────────────

describe('ZLM API client: transport failures (raw sockets, 127.0.0.1)', () => {
  it('refused', async () => {
    const api = createZlmApi({ base: await closedPort(), secret: SECRET, timeoutMs: 2000 });
    const r = expectFail(await api.version(), 'refused');
    expect(r.ms).toBeLessThan(2000);
    expect(r.error.explain.en).toContain('http.port');
  });

  it('timeout: accepts and never answers; also a body that never ends', async () => {
    const hang = await rawServer(() => undefined);
    const api = createZlmApi({ base: hang, secret: SECRET, timeoutMs: 300 });
    const r = expectFail(await api.getServerConfig(), 'timeout');
    expect(r.ms).toBeGreaterThanOrEqual(250);
    expect(r.ms).toBeLessThan(3000);
    const half = await rawServer((s) => s.once('data', () => s.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"code":')));
    expectFail(await createZlmApi({ base: half, timeoutMs: 300 }).version(), 'timeout');
    // per-call override
    const t = performance.now();
    expectFail(await api.version({ timeoutMs: 100 }), 'timeout');
    expect(performance.now() - t).toBeLessThan(1500);
  });

  it('an external abort signal cancels the call', async () => {
    const hang = await rawServer(() => undefined);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const r = await createZlmApi({ base: hang, timeoutMs: 5000 }).version({ signal: ac.signal });
    expect(r.ok).toBe(false);
    expect(r.ms).toBeLessThan(2000);
  });

  it('network: reset, closed without answer, not HTTP at all', async () => {
    const reset = await rawServer((s) => s.resetAndDestroy());
    expectFail(await createZlmApi({ base: reset, timeoutMs: 2000 }).version(), 'network');
    const closes = await rawServer((s) => s.once('data', () => s.end()));
    expectFail(await createZlmApi({ base: closes, timeoutMs: 2000 }).version(), 'network');
    const ssh = await rawServer((s) => s.once('data', () => s.end('SSH-2.0-OpenSSH_9.2\r\n')));
    expectFail(await createZlmApi({ base: ssh, timeoutMs: 2000 }).version(), 'network');
  });

  it('not-json: HTTP 200 with another body', async () => {
    const garbage = await rawServer((s) => s.once('data', () => s.end('HTTP/1.1 200 OK\r\nContent-Length: 15\r\nConnection: close\r\n\r\nhello, not json')));
    const r = expectFail(await createZlmApi({ base: garbage, secret: SECRET, timeoutMs: 2000 }).version(), 'not-json');
    expect(r.error.msg).toBe('hello, not json');
    expect(r.raw!.body).toBe('hello, not json');
  });

  it('dns (classified from the error cause) and an invalid base never throw', async () => {
    const dnsFail = (async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND zlm.invalid'), { code: 'ENOTFOUND' }) });
    }) as typeof fetch;
    expectFail(await createZlmApi({ base: 'http://zlm.invalid:8080', fetchImpl: dnsFail }).version(), 'dns');
    const bad = await createZlmApi({ base: 'not a url', secret: SECRET }).getServerConfig();
    expect(bad.ok).toBe(false);
    const throwing = (() => {
      throw new Error('boom');
    }) as unknown as typeof fetch;
    expectFail(await createZlmApi({ base: 'http://127.0.0.1:1', fetchImpl: throwing }).version(), 'network');
  });
});

// ───────────────────────────── answers ─────────────────────────────

describe('ZLM API client: classification of answers (all builds 2021-2026)', () => {
  const cases: [string, number, string, boolean, ApiErrorKind, string?][] = [
    // current build (>= 2026-03-19): wrong and missing are the same answer
    ['{"code":-100,"cookie":"0123456789abcdef0123456789abcdef","msg":"Please login first"}', 200, 'HEAD wrong', true, 'auth', 'secret-wrong'],
    ['{"code":-100,"cookie":"0123456789abcdef0123456789abcdef","msg":"Please login first"}', 200, 'HEAD missing', false, 'auth', 'secret-missing'],
    // 2023-12-02 .. 2026-02-18
    ['{"code":-100,"msg":"Incorrect secret"}', 200, 'Incorrect secret', true, 'auth', 'secret-wrong'],
    ['{"code":-300,"msg":"Required parameter missed: \\"secret\\""}', 200, 'Required parameter missed secret', false, 'auth', 'secret-missing'],
    // <= 2023-12-01
    ['{"code":-100,"msg":"secret错误"}', 200, 'secret错误', true, 'auth', 'secret-wrong'],
    ['{"code":-300,"msg":"缺少必要参数:\\"secret\\""}', 200, '缺少必要参数 secret', false, 'auth', 'secret-missing'],
    ['{"code":-100,"cookie":"x","msg":"Digest does not match, incorrect secret?"}', 200, 'digest', true, 'auth', 'digest-mismatch'],
    ['{"code":-100,"msg":"Your ip is not allowed to access the service."}', 200, 'ip', true, 'ip-not-allowed'],
    ['Your ip is not allowed to access the service.', 401, 'ip file server', true, 'ip-not-allowed'],
    ['{"code":-300,"msg":"Required parameter missed: \\"port\\", \\"stream_id\\""}', 200, 'args', true, 'invalid-args'],
    ['{"code":-300,"msg":"缺少必要参数:\\"stream_id\\""}', 200, 'args old', true, 'invalid-args'],
    ['{"code":-400,"msg":"none reserved port in pool"}', 200, 'exception', true, 'exception'],
    ['{"code":-500,"msg":"can not find the stream"}', 200, 'not found', true, 'not-found'],
    ['{"code":-1,"msg":"can not find the target"}', 200, 'other', true, 'failed'],
    ['{"code":-2,"msg":"?"}', 200, 'unknown code', true, 'failed'],
    ['{"msg":"success"}', 200, 'no code', true, 'not-json'],
    ['{"code":"0"}', 200, 'code string', true, 'not-json'],
    ['[1,2]', 200, 'array', true, 'not-json'],
    ['<html>404</html>', 404, '404', true, 'http-status'],
    ['{"code":0}', 502, 'proxy', true, 'http-status'],
  ];
  for (const [body, status, name, withSecret, kind, reason] of cases) {
    it(name, async () => {
      const api = createZlmApi({ base: 'http://127.0.0.1:18080', secret: withSecret ? SECRET : undefined, fetchImpl: stub(body, status) });
      const r = expectFail(await api.getServerConfig(), kind);
      if (reason) expect(r.error.authReason).toBe(reason);
      if (status !== 200) expect(r.error.status).toBe(status);
    });
  }

  it('missing data means empty; getServerConfig is the flat string map of data[0], and an answer without one is no config', async () => {
    const empty = (m: string) => createZlmApi({ base: 'http://h:1', secret: 's', fetchImpl: stub('{"code":0}') })[m as 'version'];
    for (const m of ['getThreadsLoad', 'getWorkThreadsLoad', 'getMediaList', 'listRtpServer']) expect((await empty(m)()) as unknown).toMatchObject({ ok: true, data: [] });
    for (const m of ['getStatistic', 'version']) expect((await empty(m)()) as unknown).toMatchObject({ ok: true, data: {} });
    // every ZLM answers getServerConfig with all its keys: `{"code":0}` (or an empty data[0]) is something else, and a
    // key read from it would be a guess (hook.enable "off" because it is missing)
    for (const body of ['{"code":0}', '{"code":0,"data":[]}', '{"code":0,"data":[{}]}', '{"code":0,"data":[{"x":"1"}]}']) {
      const r = await createZlmApi({ base: 'http://h:1', secret: 's', fetchImpl: stub(body) }).getServerConfig();
      expect(r.ok, body).toBe(false);
      if (!r.ok) expect(r.error.kind, body).toBe('not-json');
    }
    const api = createZlmApi({ base: 'http://h:1', secret: 's', fetchImpl: stub('{"code":0,"data":[{"a.b":"1","c.d":2,"e.f":null}]}') });
    expect(await api.getServerConfig()).toMatchObject({ ok: true, data: { 'a.b': '1', 'c.d': '2', 'e.f': '' } });
    const set = createZlmApi({ base: 'http://h:1', secret: 's', fetchImpl: stub('{"changed":2,"code":0}') });
    expect(await set.setServerConfig({ 'a.b': '1' })).toMatchObject({ ok: true, data: { changed: 2 } });
  });

  it('sends the secret as the first query parameter, values URL-encoded (space as %20)', async () => {
    const urls: string[] = [];
    const api = createZlmApi({ base: 'http://127.0.0.1:18080/', secret: 'a b&c', fetchImpl: stub('{"code":0,"changed":1}', 200, urls) });
    await api.setServerConfig({ 'hook.on_publish': 'http://127.0.0.1:18999/index/hook/on_publish?x=1', 'general.mediaServerId': 'my id' });
    await api.getMediaList({ schema: 'rtsp', app: 'live' });
    expect(urls[0]).toBe('http://127.0.0.1:18080/index/api/setServerConfig?secret=a%20b%26c&hook.on_publish=http%3A%2F%2F127.0.0.1%3A18999%2Findex%2Fhook%2Fon_publish%3Fx%3D1&general.mediaServerId=my%20id');
    expect(urls[1]).toBe('http://127.0.0.1:18080/index/api/getMediaList?secret=a%20b%26c&schema=rtsp&app=live');
  });

  it('never puts the secret into errors or raw', async () => {
    const secret = 'super-Secret+value/42';
    const bodies = [
      `{"code":-100,"msg":"Incorrect secret ${secret}"}`,
      `{"code":0,"data":[{"api.secret":"${secret}","http.port":"80"}]}`,
      `<html>${secret}</html>`,
    ];
    for (const b of bodies) {
      const r = await createZlmApi({ base: 'http://127.0.0.1:1', secret, fetchImpl: stub(b, b.startsWith('<') ? 404 : 200) }).getServerConfig();
      const shown = JSON.stringify(r.ok ? r.raw : r);
      expect(shown).not.toContain(secret);
      expect(shown).not.toContain(encodeURIComponent(secret));
      if (r.ok) expect(r.data['api.secret']).toBe(secret);
    }
    const refused = await createZlmApi({ base: await closedPort(), secret }).version();
    expect(JSON.stringify(refused)).not.toContain(encodeURIComponent(secret));
  });
});

// ───────────────────────────── against the simulator ─────────────────────────────

describe('ZLM API client against zlm-sim', () => {
  it('every method works with the right secret', async () => {
    const s = await sim({ streams: 'rtmp-live-test' });
    const api = createZlmApi({ base: s.base, secret: s.secret, timeoutMs: 2000 });
    const cfg = await api.getServerConfig();
    expect(cfg.ok && Object.keys(cfg.data)).toHaveLength(179);
    expect(cfg.ok && cfg.data['http.port']).toBe(String(s.port));
    expect(cfg.ok && cfg.raw.body).not.toContain(SECRET);
    expect(await api.version()).toMatchObject({ ok: true, data: { branchName: 'master', commitHash: 'fdaec26' } });
    const threads = await api.getThreadsLoad();
    expect(threads.ok && threads.data.map((t) => t.name)).toEqual(['event poller 0', 'event poller 1']);
    const work = await api.getWorkThreadsLoad();
    expect(work.ok && work.data.map((t) => t.name)).toEqual(['work poller 0', 'work poller 1']);
    const stat = await api.getStatistic();
    expect(stat.ok && stat.data.MediaSource).toBe(7);
    const media = await api.getMediaList();
    expect(media.ok && media.data.map((m) => m.schema).sort()).toEqual(['fmp4', 'hls', 'rtmp', 'rtsp', 'ts']);
    const rtsp = await api.getMediaList({ schema: 'rtsp' });
    expect(rtsp.ok && rtsp.data[0]!.tracks![0]!.loss).toBe(-1);
    expect(await api.isMediaOnline({ schema: 'rtmp', vhost: '__defaultVhost__', app: 'live', stream: 'test' })).toMatchObject({ ok: true, data: true });
    expect(await api.isMediaOnline({ schema: 'rtmp', vhost: '__defaultVhost__', app: 'live', stream: 'nope' })).toMatchObject({ ok: true, data: false });
    expect(await api.listRtpServer()).toMatchObject({ ok: true, data: [] });
    await rawRequest(s.base, { path: `/index/api/openRtpServer?secret=${SECRET}&port=0&tcp_mode=1&stream_id=cam1` });
    const rtp = await api.listRtpServer();
    expect(rtp.ok && rtp.data[0]).toMatchObject({ app: 'rtp', stream_id: 'cam1', tcp_mode: 1, vhost: '__defaultVhost__' });
    expect(await api.setServerConfig({ 'general.flowThreshold': '2048', 'no.such': 'x' })).toMatchObject({ ok: true, data: { changed: 1 } });
    expect(await api.setServerConfig({ 'general.flowThreshold': '2048' })).toMatchObject({ ok: true, data: { changed: 0 } });
    expect(s.config.get('general.flowThreshold')).toBe('2048');
    expectFail(await api.call('openRtpServer', { port: 0 }), 'invalid-args');
    expectFail(await api.call('noSuchApi'), 'http-status');
  });

  it('wrong, missing and changed secrets; IP allow-list', async () => {
    const s = await sim();
    const wrong = expectFail(await createZlmApi({ base: s.base, secret: 'wrong-secret-xyz' }).getServerConfig(), 'auth');
    expect(wrong.error).toMatchObject({ code: -100, msg: 'Please login first', authReason: 'secret-wrong' });
    expect(JSON.stringify(wrong)).not.toContain('wrong-secret-xyz');
    expectFail(await createZlmApi({ base: s.base }).getServerConfig(), 'auth');
    const api = createZlmApi({ base: s.base, secret: SECRET });
    expect(await api.setServerConfig({ 'api.secret': 'new-secret-abcdef0123456789' })).toMatchObject({ ok: true, data: { changed: 1 } });
    expectFail(await api.version(), 'auth');
    const api2 = createZlmApi({ base: s.base, secret: 'new-secret-abcdef0123456789' });
    expect((await api2.version()).ok).toBe(true);
    s.setClientIp('127.0.0.2');
    expectFail(await api2.version(), 'ip-not-allowed');
    expectFail(await createZlmApi({ base: s.base }).version(), 'ip-not-allowed');
  });

  it('restartServer, then the server is gone (no -d)', async () => {
    const s = await sim({ restartExitMs: 50 });
    const api = createZlmApi({ base: s.base, secret: SECRET, timeoutMs: 1000 });
    expect(await api.restartServer()).toMatchObject({ ok: true, data: { msg: 'MediaServer will reboot in on 1 second' } });
    await s.waitFor('down', 2000);
    expectFail(await api.version(), 'refused');
  });

  it('a server that dies between two calls is "refused", not a stale pooled connection', async () => {
    const s = await sim();
    const api = createZlmApi({ base: s.base, secret: SECRET, timeoutMs: 300 });
    await s.setMode('hang');
    expectFail(await api.version(), 'timeout');
    await s.setMode('garbage');
    expectFail(await api.version(), 'not-json');
    await s.setMode('down');
    expectFail(await api.version(), 'refused');
    // the global fetch can still be injected
    await s.setMode('normal');
    expect((await createZlmApi({ base: s.base, secret: SECRET, fetchImpl: fetch }).version()).ok).toBe(true);
  });

  it('simulator knobs: hang, garbage, down', async () => {
    const s = await sim();
    const api = createZlmApi({ base: s.base, secret: SECRET, timeoutMs: 300 });
    await s.setMode('hang');
    expectFail(await api.version(), 'timeout');
    await s.setMode('garbage');
    expectFail(await api.version(), 'not-json');
    await s.setMode('down');
    expectFail(await api.version(), 'refused');
    await s.setMode('normal');
    expect((await api.version()).ok).toBe(true);
  });
});

describe('ZLM API client: URLs and a per-call transport', () => {
  it('a call without parameters reuses its URL; parameters and a per-call fetch are honoured', async () => {
    const seen: string[] = [];
    const fake = (tag: string) =>
      (async (input: string | URL | Request) => {
        seen.push(`${tag} ${String(input)}`);
        return new Response(JSON.stringify({ code: 0, data: [] }), { status: 200 });
      }) as typeof fetch;
    const api = createZlmApi({ base: 'http://127.0.0.1:1/', secret: 's&1', fetchImpl: fake('client') });
    await api.getThreadsLoad();
    await api.getThreadsLoad({ fetchImpl: fake('call') });
    await api.getMediaList({ app: 'live' });
    await api.getThreadsLoad();
    expect(seen).toEqual([
      'client http://127.0.0.1:1/index/api/getThreadsLoad?secret=s%261',
      'call http://127.0.0.1:1/index/api/getThreadsLoad?secret=s%261',
      'client http://127.0.0.1:1/index/api/getMediaList?secret=s%261&app=live',
      'client http://127.0.0.1:1/index/api/getThreadsLoad?secret=s%261',
    ]);
  });
});
