/**
 * The simulator against the recordings it is built from: every recorded API
 * exchange is replayed and compared (status line, header names and order,
 * header values, body bytes), plus hooks, config state, modes and logs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  apiRecording,
  builtinDefaults,
  dumpConfig,
  generateConfig,
  hookRecording,
  loadConfig,
  parseJson,
  rawRequest,
  REF_DIR,
  refText,
  startHookListener,
  startZlmSim,
  styled,
  testConfigText,
  type ApiRecording,
  type HookListener,
  type RawAnswer,
  type ZlmSim,
  type ZlmSimOptions,
} from '../support/zlm-sim/index.ts';
import { scanLogDir, scanLines } from '../../src/zlm/logs.ts';

const SECRET = 'zlm-test-secret-0123456789abcdef';
const open: { close(): Promise<void> }[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function sim(opts: ZlmSimOptions = {}): Promise<ZlmSim> {
  const s = await startZlmSim(opts);
  open.push(s);
  return s;
}

async function listener(slowMs?: number): Promise<HookListener> {
  const l = await startHookListener({ slowMs });
  open.push(l);
  return l;
}

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'zlm-sim-test-'));
  dirs.push(d);
  return d;
}

/** The recorded config with hooks pointed somewhere harmless (or at `l`) and short timers. */
function config(edits: Record<string, string> = {}): string {
  let text = testConfigText();
  for (const [key, value] of Object.entries(edits)) {
    const [section, name] = [key.slice(0, key.indexOf('.')), key.slice(key.indexOf('.') + 1)];
    const re = new RegExp(`(\\[${section}\\][^[]*?\\n)${name.replace(/\./g, '\\.')}=[^\\n]*`);
    expect(re.test(text), `${key} in the test config`).toBe(true);
    text = text.replace(re, (_m, head: string) => `${head}${name}=${value}`);
  }
  return text;
}

const NO_HOOKS = { 'hook.enable': '0' };

// ───────────────────────────── replay of api/*.json ─────────────────────────────

interface ReplayCase {
  /** Prepare the simulator state the recording was taken in. */
  setup?: (s: ZlmSim) => void | Promise<void>;
  /** exact: body bytes equal (cookies / http.port normalised); shape: same JSON keys and value types. */
  compare: 'exact' | 'shape';
  streams?: boolean;
}

const openRtp = async (s: ZlmSim, q: string): Promise<void> => {
  const r = await rawRequest(s.base, { path: `/index/api/openRtpServer?secret=${SECRET}&${q}` });
  expect(r.body).toContain('"code" : 0');
};

const E: ReplayCase = { compare: 'exact' };
const CASES: Record<string, ReplayCase | 'flow'> = {
  'closeRtpServer.after-port_range-change.secret-ok': { compare: 'exact', setup: (s) => openRtp(s, 'port=0&tcp_mode=0&stream_id=rtp_after_range') },
  'closeRtpServer.busy-leaked.secret-ok': E,
  'closeRtpServer.existing.secret-ok': { compare: 'exact', setup: (s) => openRtp(s, 'port=0&tcp_mode=0&stream_id=rtp_close_me') },
  'closeRtpServer.missing-args.secret-ok': E,
  'closeRtpServer.nonexistent.secret-ok': E,
  'closeRtpServer.secret-none': E,
  'closeRtpServer.secret-wrong': E,
  'getApiList.secret-none': E,
  'getApiList.secret-ok': E,
  'getApiList.secret-wrong': E,
  'getMediaList.filtered-schema-rtsp.secret-ok': { compare: 'shape', streams: true },
  'getMediaList.no-stream.secret-none': E,
  'getMediaList.no-stream.secret-ok': E,
  'getMediaList.no-stream.secret-wrong': E,
  'getMediaList.with-rtmp-stream.secret-none': { compare: 'exact', streams: true },
  'getMediaList.with-rtmp-stream.secret-ok': { compare: 'exact', streams: true },
  'getMediaList.with-rtmp-stream.secret-wrong': { compare: 'exact', streams: true },
  'getServerConfig.cookie-flow-5-logined-cookie-wrong-secret': 'flow',
  'getServerConfig.from-127.0.0.2.allow_ip_range-empty.secret-ok': {
    compare: 'exact',
    // the changes made earlier in the recorded run
    setup: (s) =>
      void s.setConfig({
        'http.allow_ip_range': '',
        'general.flowThreshold': '0',
        'rtp_proxy.port_range': '20200-20299',
        'hook.on_stream_not_found': 'http://127.0.0.1:18999/ok/on_stream_not_found_v2',
        'hook.on_stream_none_reader': 'http://127.0.0.1:18999/closeyes/on_stream_none_reader',
      }),
  },
  'getServerConfig.from-127.0.0.2.secret-none': E,
  'getServerConfig.from-127.0.0.2.secret-ok': E,
  'getServerConfig.from-127.0.0.2.secret-wrong': E,
  'getServerConfig.secret-none': E,
  'getServerConfig.secret-ok': E,
  'getServerConfig.secret-wrong': E,
  'getStatistic.secret-none': E,
  'getStatistic.secret-ok': E,
  'getStatistic.secret-wrong': E,
  'getStatistic.with-stream.secret-ok': { compare: 'exact', streams: true },
  'getThreadsLoad.secret-none': E,
  'getThreadsLoad.secret-ok': E,
  'getThreadsLoad.secret-wrong': E,
  'getWorkThreadsLoad.secret-none': E,
  'getWorkThreadsLoad.secret-ok': E,
  'getWorkThreadsLoad.secret-wrong': E,
  'http-file-root.from-127.0.0.1.allowed': E,
  'http-file-root.from-127.0.0.2.not-allowed': E,
  'isMediaOnline.missing-args.secret-ok': E,
  'isMediaOnline.offline.secret-none': E,
  'isMediaOnline.offline.secret-ok': E,
  'isMediaOnline.offline.secret-wrong': E,
  'isMediaOnline.online.secret-ok': { compare: 'exact', streams: true },
  'listRtpServer.after-timeout.secret-ok': E,
  'listRtpServer.empty.secret-none': E,
  'listRtpServer.empty.secret-ok': E,
  'listRtpServer.empty.secret-wrong': E,
  'listRtpServer.two-open.secret-none': E,
  'listRtpServer.two-open.secret-ok': {
    compare: 'shape',
    setup: async (s) => {
      await openRtp(s, 'port=0&tcp_mode=0&stream_id=rtp_test');
      await openRtp(s, 'port=0&tcp_mode=1&stream_id=rtp_test_tcp');
    },
  },
  'listRtpServer.two-open.secret-wrong': E,
  'login.cookie-flow-2-bad-digest': 'flow',
  'login.cookie-flow-3-good-digest': 'flow',
  'openRtpServer.after-port_range-change.secret-ok': { compare: 'shape', setup: (s) => void s.setConfig({ 'rtp_proxy.port_range': '20200-20299' }) },
  'openRtpServer.duplicate-stream-id.secret-ok': { compare: 'exact', setup: (s) => openRtp(s, 'port=0&tcp_mode=0&stream_id=rtp_test') },
  'openRtpServer.missing-args.secret-ok': E,
  'openRtpServer.port-in-use.secret-ok': E,
  'openRtpServer.secret-none': E,
  'openRtpServer.secret-wrong': E,
  'openRtpServer.tcp-passive.secret-ok': { compare: 'shape' },
  'openRtpServer.udp-for-close.secret-ok': { compare: 'shape' },
  'openRtpServer.udp.secret-ok': { compare: 'shape' },
  'setServerConfig.allow_ip_range-empty.secret-ok': E,
  'setServerConfig.allow_ip_range-only-127.0.0.2.secret-ok': E,
  'setServerConfig.allow_ip_range-restore.secret-ok': { compare: 'exact', setup: (s) => void s.setConfig({ 'http.allow_ip_range': '127.0.0.2' }) },
  'setServerConfig.apiDebug0.secret-ok': E,
  'setServerConfig.apiDebug1.secret-ok': { compare: 'exact', setup: (s) => void s.setConfig({ 'api.apiDebug': '0' }) },
  'setServerConfig.change-secret.secret-ok': E,
  'setServerConfig.ffmpeg-bin-forbidden.secret-ok': E,
  'setServerConfig.flowThreshold0-and-none_reader-close.secret-ok': E,
  'setServerConfig.hook-key-and-nonhook-key.secret-ok': E,
  'setServerConfig.http-port.secret-ok': E,
  'setServerConfig.nonnumeric-value.secret-ok': E,
  'setServerConfig.post-json.secret-ok': { compare: 'exact', setup: (s) => void s.setConfig({ 'general.maxStreamWaitMS': 'abc' }) },
  'setServerConfig.restore.secret-ok': { compare: 'exact', setup: (s) => void s.setConfig({ 'general.flowThreshold': '2048', 'http.port': '18081' }) },
  'setServerConfig.rtp-port-range.secret-ok': E,
  'setServerConfig.same-values-again.secret-ok': {
    compare: 'exact',
    setup: (s) => void s.setConfig({ 'hook.on_stream_not_found': 'http://127.0.0.1:18999/ok/on_stream_not_found_v2', 'general.flowThreshold': '2048' }),
  },
  'setServerConfig.secret-none': E,
  'setServerConfig.secret-wrong': E,
  'setServerConfig.unknown-key.secret-ok': E,
  'unknown-api-path.secret-ok': E,
  'version.after-secret-restore': E,
  'version.apiDebug0.secret-ok': E,
  'version.apiDebug1.secret-ok': E,
  'version.cookie-flow-1-unlogin': E,
  'version.cookie-flow-4-logined-cookie-no-secret': 'flow',
  'version.from-127.0.0.1.after-restore.secret-ok': E,
  'version.from-127.0.0.1.not-in-allow_ip_range.secret-ok': { compare: 'exact', setup: (s) => void s.setConfig({ 'http.allow_ip_range': '127.0.0.2' }) },
  'version.from-127.0.0.2.allow_ip_range-empty.secret-wrong': { compare: 'exact', setup: (s) => void s.setConfig({ 'http.allow_ip_range': '' }) },
  'version.from-127.0.0.2.in-allow_ip_range.secret-ok': { compare: 'exact', setup: (s) => void s.setConfig({ 'http.allow_ip_range': '127.0.0.2' }) },
  'version.old-secret-after-change': { compare: 'exact', setup: (s) => void s.setConfig({ 'api.secret': 'new-secret-abcdef0123456789' }) },
  'version.secret-in-form-post-body': E,
  'version.secret-in-http-header': E,
  'version.secret-in-json-post-body': E,
  'version.secret-none': E,
  'version.secret-ok': E,
  'version.secret-wrong': E,
};

/** The recorded request, sent as recorded (Host/port rewritten to the simulator). */
function replay(s: ZlmSim, rec: ApiRecording): Promise<RawAnswer> {
  const u = new URL(rec.request.url);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec.request.headers)) if (k !== 'Host') headers[k] = v;
  headers['Content-Length'] = String(Buffer.byteLength(rec.request.body));
  // the port-in-use case asked for the HTTP port itself
  const path = `${u.pathname}${u.search}`.replace('port=18080', `port=${s.port}`);
  return rawRequest(s.base, { method: rec.request.method, path, headers, body: rec.request.body });
}

function norm(body: string, s: ZlmSim): string {
  return body
    .replace(/"[0-9a-f]{32}"/g, '"<cookie>"')
    .replace(/("http\.port" : ")\d+"/, '$1<port>"')
    .replace(new RegExp(`Listen on 127\\.0\\.0\\.1 (18080|${s.port}) failed`), 'Listen on 127.0.0.1 <port> failed');
}

function shapeOf(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? [shapeOf(v[0])] : [];
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shapeOf(x)]));
  return typeof v;
}

describe('zlm-sim replays every recorded API exchange', () => {
  const files = readdirSync(join(REF_DIR, 'api')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();

  it('has a case for every recording', () => {
    expect(files.filter((f) => !(f in CASES))).toEqual([]);
    expect(Object.keys(CASES).filter((f) => !files.includes(f))).toEqual([]);
  });

  for (const name of files) {
    const c = CASES[name];
    if (c === undefined || c === 'flow') continue;
    it(name, async () => {
      const rec = apiRecording(name);
      const s = await sim({ configText: testConfigText(), streams: c.streams ? 'rtmp-live-test' : 'none', emitHooks: false });
      expect(s.secret).toBe(SECRET);
      await c.setup?.(s);
      s.setClientIp(rec.request.client_source_ip);
      const got = await replay(s, rec);
      const want = rec.response;
      expect(`HTTP/1.1 ${got.status} ${got.statusText}`).toBe(want.status_line);
      expect(got.headers.map(([k]) => k)).toEqual(want.headers.map(([k]) => k));
      for (const [k, v] of got.headers) {
        const w = want.headers.find(([n]) => n === k)![1];
        if (k === 'Date') expect(v).toMatch(/^(Sun|Mon|Tue|Wed|Thu|Fri|Sat), [A-Z][a-z]{2} \d\d \d{4} \d\d:\d\d:\d\d GMT$/);
        else if (k === 'Set-Cookie') expect(v.replace(/=[0-9a-f]{32};expires=[^;]+;/, '=X;expires=D;')).toBe(w.replace(/=[0-9a-f]{32};expires=[^;]+;/, '=X;expires=D;'));
        else if (k === 'Content-Length') expect(Number(v)).toBe(Buffer.byteLength(got.body));
        else expect(v, k).toBe(w);
      }
      // the cookie in the body is the one set
      const cookie = /"cookie" : "([0-9a-f]{32})"/.exec(got.body)?.[1];
      if (cookie) expect(got.headers.find(([k]) => k === 'Set-Cookie')?.[1]).toContain(`ZLM_UNLOGIN=${cookie};`);
      if (c.compare === 'exact') expect(norm(got.body, s)).toBe(norm(want.body_raw, s));
      else expect(shapeOf(JSON.parse(got.body))).toEqual(shapeOf(JSON.parse(want.body_raw)));
    });
  }

  it('cookie login flow (login.cookie-flow-*, version.cookie-flow-4, getServerConfig.cookie-flow-5)', async () => {
    const s = await sim({ configText: config(NO_HOOKS) });
    const first = await rawRequest(s.base, { path: '/index/api/version' });
    const c = /"cookie" : "([0-9a-f]{32})"/.exec(first.body)![1]!;
    const bad = await rawRequest(s.base, { path: '/index/api/login?digest=0000', headers: { Cookie: `ZLM_UNLOGIN=${c}` } });
    const badRec = apiRecording('login.cookie-flow-2-bad-digest').response;
    expect(bad.headers.map(([k]) => k)).toEqual(badRec.headers.map(([k]) => k));
    expect(norm(bad.body, s)).toBe(norm(badRec.body_raw, s));
    expect(bad.body).toContain(c);
    const digest = createHash('md5').update(`zlmediakit:${SECRET}:${c}`).digest('hex');
    const good = await rawRequest(s.base, { path: `/index/api/login?digest=${digest}`, headers: { Cookie: `ZLM_UNLOGIN=${c}` } });
    const goodRec = apiRecording('login.cookie-flow-3-good-digest').response;
    expect(good.headers.map(([k]) => k)).toEqual(goodRec.headers.map(([k]) => k));
    expect(good.body).toBe(goodRec.body_raw);
    const logined = /ZLM_LOGINED=([0-9a-f]{32})/.exec(good.headers.map(([, v]) => v).join('\n'))![1]!;
    const v4 = await rawRequest(s.base, { path: '/index/api/version', headers: { Cookie: `ZLM_LOGINED=${logined}` } });
    const v4Rec = apiRecording('version.cookie-flow-4-logined-cookie-no-secret').response;
    expect(v4.headers.map(([k]) => k)).toEqual(v4Rec.headers.map(([k]) => k));
    expect(v4.body).toBe(v4Rec.body_raw);
    const g5 = await rawRequest(s.base, { path: '/index/api/getServerConfig?secret=wrong-secret-xyz', headers: { Cookie: `ZLM_LOGINED=${logined}` } });
    expect(g5.headers.map(([k]) => k)).toEqual(apiRecording('getServerConfig.cookie-flow-5-logined-cookie-wrong-secret').response.headers.map(([k]) => k));
    expect(g5.body).toContain('"code" : 0');
    // a made-up cookie is no login
    const forged = await rawRequest(s.base, { path: '/index/api/version', headers: { Cookie: 'ZLM_LOGINED=00000000000000000000000000000000' } });
    expect(forged.body).toContain('Please login first');
  });

  it('answers APIs the recordings do not cover with HTTP 501, never with an invented answer', async () => {
    const s = await sim({ configText: config(NO_HOOKS) });
    const r = await rawRequest(s.base, { path: `/index/api/addStreamProxy?secret=${SECRET}&vhost=v&app=a&stream=s&url=rtsp://x` });
    expect(r.status).toBe(501);
    // but auth still comes first
    const r2 = await rawRequest(s.base, { path: '/index/api/addStreamProxy' });
    expect(r2.body).toContain('Please login first');
    // routes are case-insensitive
    expect((await rawRequest(s.base, { path: `/index/api/GETSERVERCONFIG?secret=${SECRET}` })).status).toBe(200);
  });

  it('URL arguments win over body arguments; an empty secret never matches', async () => {
    const s = await sim({ configText: config(NO_HOOKS) });
    const r = await rawRequest(s.base, { method: 'POST', path: '/index/api/version?secret=wrong', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `secret=${SECRET}` });
    expect(r.body).toContain('Please login first');
    s.setConfig({ 'api.secret': '' });
    expect((await rawRequest(s.base, { path: '/index/api/version?secret=' })).body).toContain('Please login first');
  });
});

// ───────────────────────────── JSON, config ─────────────────────────────

describe('zlm-sim building blocks', () => {
  it('writes JSON byte-identical to every recorded API answer and hook body', () => {
    let n = 0;
    for (const f of readdirSync(join(REF_DIR, 'api'))) {
      const r = apiRecording(f.slice(0, -5)).response;
      if (r.body_json === null) continue;
      expect(styled(parseJson(r.body_raw)), f).toBe(r.body_raw);
      n++;
    }
    for (const f of readdirSync(join(REF_DIR, 'hooks'))) {
      for (const e of hookRecording(f.slice(0, -5)).examples) {
        expect(styled(parseJson(e.body_raw)), f).toBe(e.body_raw);
        n++;
      }
    }
    expect(n).toBeGreaterThan(100);
  });

  it('loads config like the binary: built-in defaults, file values, code-only and unknown keys', () => {
    const rec = apiRecording('getServerConfig.secret-ok').response.body_json as { data: Record<string, string>[] };
    const cfg = loadConfig(testConfigText());
    expect(Object.fromEntries([...cfg.values].sort())).toEqual(Object.fromEntries(Object.entries(rec.data[0]!).sort()));
    expect(cfg.unknown.map(([k]) => k).every((k) => k.startsWith('rtc.') || k.startsWith('srt.'))).toBe(true);
    expect(cfg.unknown).toHaveLength(37);
    expect(cfg.replacedSecret).toBeUndefined();
    expect(builtinDefaults().size).toBe(142);
  });

  it('regenerates the first-start file and the shipped-config rewrite byte for byte', () => {
    const gen = refText('config.generated-on-first-start-without-config.ini');
    expect(generateConfig(loadConfig(gen).values)).toBe(gen);
    const shipped = loadConfig(refText('config.default.ini'));
    expect(shipped.replacedSecret).toMatch(/^[A-Za-z0-9]{32}$/);
    shipped.values.set('api.secret', 'RUaKQng2LLBfGrMClQOFO4np0NQFW2rE');
    expect(dumpConfig(refText('config.default.ini'), shipped.values)).toBe(refText('config.shipped-after-first-start-rewrite.ini'));
  });

  it('a duplicated key keeps its value at the first line and is emptied at the second (recorded cfg_dup)', () => {
    const text = '[http]\nport=28080\nsslport=0\nport=28081\n';
    const cfg = loadConfig(text);
    expect(cfg.values.get('http.port')).toBe('28081');
    const out = dumpConfig(text, cfg.values);
    expect(out.startsWith('\r\n[http]\r\nport=28081\r\nsslport=0\r\nport=\r\n')).toBe(true);
    expect(loadConfig(out).values.get('http.port')).toBe('');
  });
});

// ───────────────────────────── state: live vs start-up ─────────────────────────────

describe('zlm-sim config state', () => {
  it('setServerConfig changes live values only; start-up keys keep acting on startupConfig', async () => {
    const s = await sim({ configText: config(NO_HOOKS) });
    const before = s.config.get('http.port');
    expect(before).toBe(String(s.port));
    expect(s.setConfig({ 'http.port': '18081', 'rtp_proxy.port_range': '20200-20299' })).toBe(2);
    expect(s.config.get('http.port')).toBe('18081');
    expect(s.startupConfig.get('http.port')).toBe(before);
    expect(s.startupConfig.get('rtp_proxy.port_range')).toBe('20100-20199');
    // still listening on the old port, the pool is the old range (recorded: 20196)
    const r = await rawRequest(s.base, { path: `/index/api/openRtpServer?secret=${SECRET}&port=0&tcp_mode=0&stream_id=x` });
    const port = Number(/"port" : (\d+)/.exec(r.body)![1]);
    expect(port).toBeGreaterThanOrEqual(20100);
    expect(port).toBeLessThanOrEqual(20199);
    expect(port % 2).toBe(0);
  });

  it('rewrites config.ini on setServerConfig and re-reads it on reload (SIGHUP)', async () => {
    const d = tmp();
    const file = join(d, 'config.ini');
    writeFileSync(file, config(NO_HOOKS));
    const s = await sim({ configPath: file });
    expect(s.setConfig({ 'general.flowThreshold': '2048', 'foo.bar': '1' })).toBe(1);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('flowThreshold=2048\r\n');
    // the file keeps its own http.port, not the simulator's random one
    expect(text).toContain('port=18080\r\n');
    writeFileSync(file, text.replace('flowThreshold=2048', 'flowThreshold=4096'));
    expect(s.config.get('general.flowThreshold')).toBe('2048');
    s.reload();
    expect(s.config.get('general.flowThreshold')).toBe('4096');
    expect(s.config.get('http.port')).toBe(String(s.port));
  });

  it('replaces the shipped default secret at start and writes it to the file', async () => {
    const d = tmp();
    const file = join(d, 'config.ini');
    writeFileSync(file, refText('config.default.ini').replace(/^port=80$/m, 'port=0').replace('enable=0', 'enable=0'));
    const s = await sim({ configPath: file, logDir: join(d, 'log'), emitHooks: false });
    expect(s.secret).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(readFileSync(file, 'utf8')).toContain(`secret=${s.secret}\r\n`);
    const scan = await scanLogDir(join(d, 'log'));
    const hit = scan.hits.find((h) => h.id === 'secret-replaced')!;
    expect(hit.count).toBe(1);
    expect(hit.sample).not.toContain(s.secret);
  });

  it('creates a missing config file with the built-in defaults', async () => {
    const d = tmp();
    const file = join(d, 'config.ini');
    const s = await sim({ configPath: file, emitHooks: false });
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('\r\n[api]\r\napiDebug=1\r\n')).toBe(true);
    expect(text).toContain(`secret=${s.secret}\r\n`);
    expect(s.config.get('hook.alive_interval')).toBe('30.000000');
  });
});

// ───────────────────────────── modes ─────────────────────────────

describe('zlm-sim modes', () => {
  it('hang accepts and never answers; garbage answers 200 non-JSON; down refuses', async () => {
    const s = await sim({ configText: config(NO_HOOKS) });
    await s.setMode('hang');
    await expect(rawRequest(s.base, { path: '/index/api/version', timeoutMs: 300 })).rejects.toThrow(/timeout/);
    await s.setMode('garbage');
    const g = await rawRequest(s.base, { path: '/index/api/version' });
    expect(g.status).toBe(200);
    expect(() => JSON.parse(g.body)).toThrow();
    await s.setMode('down');
    expect(s.state).toBe('down');
    await expect(rawRequest(s.base, { path: '/index/api/version', timeoutMs: 1000 })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await s.setMode('normal');
    expect((await rawRequest(s.base, { path: `/index/api/version?secret=${SECRET}` })).status).toBe(200);
  });

  it('a mode given at start holds from the start (hang, garbage, down)', async () => {
    const h = await sim({ configText: config(NO_HOOKS), mode: 'hang' });
    await expect(rawRequest(h.base, { path: '/index/api/version', timeoutMs: 300 })).rejects.toThrow(/timeout/);
    const g = await sim({ configText: config(NO_HOOKS), mode: 'garbage' });
    const gr = await rawRequest(g.base, { path: '/index/api/version' });
    expect(() => JSON.parse(gr.body)).toThrow();
    const d = await sim({ configText: config(NO_HOOKS), mode: 'down' });
    expect(d.state).toBe('down');
    await expect(rawRequest(d.base, { path: '/index/api/version', timeoutMs: 1000 })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('restartServer: exits without -d, comes back with it', async () => {
    const a = await sim({ configText: config(NO_HOOKS), restartExitMs: 50 });
    expect((await rawRequest(a.base, { path: `/index/api/restartServer?secret=${SECRET}` })).body).toBe(styled({ code: 0, msg: 'MediaServer will reboot in on 1 second' }));
    await a.waitFor('down', 2000);
    await new Promise((r) => setTimeout(r, 100));
    expect(a.state).toBe('down');
    const b = await sim({ configText: config(NO_HOOKS), restartExitMs: 50, restartRespawnMs: 50, daemon: true });
    await rawRequest(b.base, { path: `/index/api/restartServer?secret=${SECRET}` });
    await b.waitFor('down', 2000);
    await b.waitFor('up', 2000);
    expect((await rawRequest(b.base, { path: `/index/api/version?secret=${SECRET}` })).status).toBe(200);
  });

  it('refuses to start on a port in use and logs it like the binary', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    const d = tmp();
    try {
      await expect(startZlmSim({ configText: config(NO_HOOKS), port, logDir: d })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
    const scan = await scanLogDir(d);
    const hit = scan.hits.find((h) => h.id === 'port-in-use')!;
    expect(hit.count).toBe(1);
    expect(hit.subjects[0]!.value).toBe(`127.0.0.1 ${port}`);
  });
});

// ───────────────────────────── hooks ─────────────────────────────

describe('zlm-sim hooks', () => {
  it('sends on_server_started and on_server_keepalive like the recordings', async () => {
    const l = await listener();
    const s = await sim({
      configText: config({ 'hook.on_server_started': l.url('ok', 'on_server_started'), 'hook.on_server_keepalive': l.url('ok', 'on_server_keepalive'), 'hook.alive_interval': '0.2' }),
    });
    const [started] = await l.waitFor('on_server_started', 1, 5000);
    const rec = hookRecording('on_server_started').examples[0]!;
    expect(started!.method).toBe('POST');
    expect(started!.headers.map(([k]) => k)).toEqual(rec.headers.map(([k]) => k));
    for (const [k, v] of started!.headers) if (k !== 'Host' && k !== 'Content-Length') expect(v).toBe(rec.headers.find(([n]) => n === k)![1]);
    expect(Number(started!.headers.find(([k]) => k === 'Content-Length')![1])).toBe(Buffer.byteLength(started!.body));
    // same body as recorded, but for what this run changed
    const want = { ...rec.body_json, 'hook.alive_interval': '0.2', 'hook.on_server_started': l.url('ok', 'on_server_started'), 'hook.on_server_keepalive': l.url('ok', 'on_server_keepalive'), 'http.port': String(s.port) };
    expect(started!.body).toBe(styled(want as never));
    const ka = await l.waitFor('on_server_keepalive', 2, 5000);
    const kaRec = hookRecording('on_server_keepalive').examples[0]!;
    expect(ka[0]!.headers.map(([k]) => k)).toEqual(kaRec.headers.map(([k]) => k));
    expect(ka[0]!.body).toBe(styled({ ...kaRec.body_json, hook_index: 1 } as never));
    expect((ka[1]!.json as { hook_index: number }).hook_index).toBe(2);
  });

  it('keepalive timer: only when enabled with a URL at start; later changes of enable/interval do not matter, the URL does', async () => {
    const l = await listener();
    const off = await sim({ configText: config({ 'hook.enable': '1', 'hook.on_server_keepalive': '', 'hook.on_server_started': '', 'hook.alive_interval': '0.1' }) });
    off.setConfig({ 'hook.on_server_keepalive': l.url('ok', 'on_server_keepalive') });
    await new Promise((r) => setTimeout(r, 400));
    expect(l.received.filter((h) => h.hook === 'on_server_keepalive')).toHaveLength(0);

    const on = await sim({ configText: config({ 'hook.on_server_keepalive': l.url('ok', 'ka1'), 'hook.on_server_started': '', 'hook.alive_interval': '0.1' }) });
    await l.waitFor('ka1', 1, 3000);
    on.setConfig({ 'hook.enable': '0', 'hook.alive_interval': '100', 'hook.on_server_keepalive': l.url('ok', 'ka2') });
    await l.waitFor('ka2', 2, 3000);
  });

  it('hook failures: attempts, retries and log lines per recorded case', async () => {
    const l = await listener(1500);
    const closed = `http://127.0.0.1:${await freePort()}/ok/on_server_started`;
    const cases: [string, string, number][] = [
      // url, ZLM reason, attempts with retry=1
      [closed, '[network err]:3(connection refused)', 2],
      [l.url('nonjson', 'on_server_started'), '[parse json failed]:* Line 1, Column 1\n  Syntax error: value, object or array expected.\n', 2],
      [l.url('http500', 'on_server_started'), '[bad http status code]:500', 2],
      [l.url('codestr', 'on_server_started'), '[json code]:code not int:"0"', 2],
      [l.url('nocode', 'on_server_started'), '[json code]:code not int:null', 2],
      [l.url('deny', 'on_server_started'), '[auth failed]: code:-1 msg:"denied by test listener"', 1],
      [l.url('slow', 'on_server_started'), '[network err]:2(wait http response complete timeout)', 2],
    ];
    for (const [url, reason, attempts] of cases) {
      const d = tmp();
      const s = await sim({
        configText: config({ 'hook.on_server_started': url, 'hook.on_server_keepalive': '', 'hook.retry_delay': '0.1', 'hook.timeoutSec': '0.3' }),
        logDir: d,
      });
      const got = await s.waitForHooks('on_server_started', attempts, 5000);
      await new Promise((r) => setTimeout(r, 250));
      expect(s.hooks.filter((h) => h.hook === 'on_server_started'), url).toHaveLength(attempts);
      expect(got.every((h) => h.error === reason)).toBe(true);
      const lines = s.logEntries.filter((e) => e.includes('WebHook.cpp:202'));
      expect(lines).toHaveLength(attempts);
      expect(lines[0]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} W \\[MediaServer\\] \\[\\d+-event poller \\d\\] WebHook\\.cpp:202 operator\\(\\) \\| hook ${url.replace(/[.?]/g, '\\$&')} \\d+ms,failed`));
      // the body (api.secret included) follows, as in the real log
      expect(lines[0]).toContain(`"api.secret" : "${SECRET}"`);
      // and the scanner sees it, without the secret
      const scan = await scanLogDir(d);
      const hookHits = scan.hits.filter((h) => h.id.startsWith('hook-'));
      expect(hookHits).toHaveLength(1);
      expect(hookHits[0]!.count).toBe(attempts);
      expect(hookHits[0]!.subjects).toEqual([{ value: url, count: attempts }]);
      expect(JSON.stringify(scan)).not.toContain(SECRET);
      await s.close();
    }
  });

  it('on_rtp_server_timeout after rtp_proxy.timeoutSec, with the RtpProcess timeout log line', async () => {
    const l = await listener();
    const d = tmp();
    const s = await sim({ configText: config({ 'rtp_proxy.timeoutSec': '0.2', 'hook.on_rtp_server_timeout': l.url('ok', 'on_rtp_server_timeout'), 'hook.on_server_started': '', 'hook.on_server_keepalive': '' }), logDir: d });
    await rawRequest(s.base, { path: `/index/api/openRtpServer?secret=${SECRET}&port=0&tcp_mode=0&stream_id=rtp_test` });
    const [h] = await l.waitFor('on_rtp_server_timeout', 1, 3000);
    const rec = hookRecording('on_rtp_server_timeout').examples[0]!;
    expect(h!.headers.map(([k]) => k)).toEqual(rec.headers.map(([k]) => k));
    expect(Object.keys(h!.json as object).sort()).toEqual(Object.keys(rec.body_json).sort());
    expect((await rawRequest(s.base, { path: `/index/api/listRtpServer?secret=${SECRET}` })).body).toBe(apiRecording('listRtpServer.after-timeout.secret-ok').response.body_raw);
    const scan = await scanLogDir(d);
    expect(scan.hits.find((x) => x.id === 'rtp-server-timeout')!.subjects).toEqual([{ value: 'rtp_test', count: 1 }]);
  });

  it('on_server_exited on a graceful close', async () => {
    const l = await listener();
    const s = await sim({ configText: config({ 'hook.on_server_exited': l.url('ok', 'on_server_exited'), 'hook.on_server_started': '', 'hook.on_server_keepalive': '' }) });
    await s.close({ graceful: true });
    const [h] = await l.waitFor('on_server_exited', 1, 2000);
    expect(Object.keys(h!.json as object).sort()).toEqual(['hook_index', 'mediaServerId']);
  });
});

// ───────────────────────────── logs ─────────────────────────────

describe('zlm-sim logs', () => {
  it('writes YYYY-MM-DD_00.log in the real format, including API debug dumps the scanner reads', async () => {
    const d = tmp();
    const s = await sim({ configText: config(NO_HOOKS), logDir: d });
    s.setClientIp('127.0.0.2');
    await rawRequest(s.base, { path: `/index/api/getServerConfig?secret=${SECRET}` });
    s.setClientIp(undefined);
    await rawRequest(s.base, { path: '/index/api/version?secret=wrong' });
    const files = readdirSync(d);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{4}-\d\d-\d\d_00\.log$/);
    const text = readFileSync(join(d, files[0]!), 'utf8');
    for (const line of text.split('\n').filter((x) => /^\d{4}-/.test(x))) {
      expect(line).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [TDIWE] \[MediaServer\] \[\d+-[^\]]+\] \S+:\d+ .* \| /);
    }
    expect(text).toContain('# request:\nGET /index/api/version?secret=wrong\n# header:\n');
    const scan = await scanLogDir(d);
    const ids = scan.hits.map((h) => h.id);
    expect(ids).toContain('ip-not-allowed');
    expect(ids).toContain('api-auth-failed');
    expect(ids).toContain('unknown-config-key');
    expect(scanLines(text.split('\n')).hits.map((h) => `${h.id}:${h.count}`)).toEqual(scan.hits.map((h) => `${h.id}:${h.count}`));
  });
});

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}
