/**
 * Contract: the simulator may not be more forgiving than the real server. The
 * same requests go to both (same config, 127.0.0.1) and the answers are
 * compared: HTTP status, content type, JSON code and msg, the keys of the
 * answer and of its data (not volatile values such as times, counters and
 * ports). Skipped with one line without the real MediaServer.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startZlmSim, type ZlmSim } from '../support/zlm-sim/server.ts';
import { rawRequest } from '../support/zlm-sim/http.ts';
import { freePort, realConfig, startRealZlm, REAL_SECRET, type RealZlm } from '../support/zlm-sim/real.ts';
import { mediaServerPath } from '../support/shared.ts';

interface Probe {
  name: string;
  method?: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

const S = REAL_SECRET;
const PROBES: Probe[] = [
  { name: 'getServerConfig, right secret', path: `/index/api/getServerConfig?secret=${S}` },
  { name: 'getServerConfig, wrong secret', path: '/index/api/getServerConfig?secret=wrong-secret' },
  { name: 'getServerConfig, no secret', path: '/index/api/getServerConfig' },
  { name: 'getServerConfig, secret in a JSON body', method: 'POST', path: '/index/api/getServerConfig', body: JSON.stringify({ secret: S }), headers: { 'Content-Type': 'application/json' } },
  { name: 'version', path: `/index/api/version?secret=${S}` },
  { name: 'getApiList', path: `/index/api/getApiList?secret=${S}` },
  { name: 'getThreadsLoad', path: `/index/api/getThreadsLoad?secret=${S}` },
  { name: 'getMediaList, nothing published', path: `/index/api/getMediaList?secret=${S}` },
  { name: 'listRtpServer, none open', path: `/index/api/listRtpServer?secret=${S}` },
  { name: 'isMediaOnline without arguments', path: `/index/api/isMediaOnline?secret=${S}` },
  { name: 'isMediaOnline, not published', path: `/index/api/isMediaOnline?secret=${S}&schema=rtsp&vhost=__defaultVhost__&app=live&stream=nope` },
  { name: 'openRtpServer without stream_id', path: `/index/api/openRtpServer?secret=${S}&port=0&tcp_mode=0` },
  { name: 'closeRtpServer, unknown stream', path: `/index/api/closeRtpServer?secret=${S}&stream_id=nope` },
  { name: 'setServerConfig, unknown key', path: `/index/api/setServerConfig?secret=${S}&no_such.key=1` },
  { name: 'setServerConfig, unchanged value', path: `/index/api/setServerConfig?secret=${S}&general.flowThreshold=1024` },
  { name: 'an API that does not exist', path: `/index/api/noSuchApi?secret=${S}` },
  { name: 'a file that does not exist', path: '/no/such/file.txt' },
];

interface Shape {
  status: number;
  contentType: string | undefined;
  code?: unknown;
  msg?: unknown;
  keys?: string[];
  dataKind?: string;
  dataKeys?: string[];
}

/** What must agree: everything but volatile values. */
function shape(a: { status: number; headers: [string, string][]; body: string }): Shape {
  const ct = a.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1]?.split(';')[0]?.trim();
  const out: Shape = { status: a.status, contentType: ct };
  let j: unknown;
  try {
    j = JSON.parse(a.body);
  } catch {
    return out;
  }
  if (!j || typeof j !== 'object' || Array.isArray(j)) return out;
  const o = j as Record<string, unknown>;
  out.code = o.code;
  out.msg = o.msg;
  out.keys = Object.keys(o).sort();
  const d = o.data;
  if (Array.isArray(d)) {
    out.dataKind = d.length ? 'array' : 'empty-array';
    const first = d[0];
    if (first && typeof first === 'object') out.dataKeys = Object.keys(first as object).filter((k) => !/^(rtc|srt)\./.test(k)).sort();
  } else if (d && typeof d === 'object') {
    out.dataKind = 'object';
    out.dataKeys = Object.keys(d).sort();
  } else if (d !== undefined) out.dataKind = typeof d;
  return out;
}

const bin = mediaServerPath();
(bin ? describe : describe.skip)(`simulator vs real MediaServer: same requests, same answers${bin ? '' : ' (skipped: no MediaServer; set ZLM_MEDIASERVER or provide ../shared/zlm/MediaServer)'}`, () => {
  let real: RealZlm;
  let sim: ZlmSim;
  beforeAll(async () => {
    const text = realConfig(await freePort());
    real = await startRealZlm(text);
    sim = await startZlmSim({ configText: text, port: await freePort() });
  }, 30_000);
  afterAll(async () => {
    await sim?.close();
    await real?.close();
  });

  it.each(PROBES)('$name', async (p) => {
    const req = { method: p.method ?? 'GET', path: p.path, ...(p.body !== undefined ? { body: p.body } : {}), ...(p.headers ? { headers: p.headers } : {}), timeoutMs: 5000 };
    const [r, s] = await Promise.all([rawRequest(real.base, req), rawRequest(sim.base, req)]);
    // the comparison is not vacuous: the real answer has a shape
    expect(shape(r).status).toBeGreaterThan(0);
    if (p.name === 'getServerConfig, right secret') expect(shape(r).dataKeys?.length).toBeGreaterThan(100);
    if (p.name === 'getServerConfig, wrong secret') expect(shape(r).code).toBe(-100);
    expect(shape(s), `sim answered ${s.body.slice(0, 300)}\nreal answered ${r.body.slice(0, 300)}`).toEqual(shape(r));
  });
});
