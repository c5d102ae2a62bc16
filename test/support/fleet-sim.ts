/**
 * A light simulated ZLM fleet for bench/fleet.ts and the Prometheus integration test: ONE node:http server on
 * 127.0.0.1 answers ZLM's API for any number of nodes, each under its own path (`<base>/n/<i>/index/api/…`),
 * with the recorded answers of the real MediaServer (test/fixtures/zlm-reference: version, getServerConfig,
 * getThreadsLoad, getStatistic, getMediaList with one RTMP stream). Each node gets its own mediaServerId; its
 * hook URLs (the 14 the recorded config sets) point at a WVP-like receiver on the same server
 * (`<base>/wvp/index/hook/<hook>`, answering `{"code":0,"msg":"success"}`). A node can be taken down
 * (connection reset) and brought back. Bodies are prepared once, so a request costs little more than the
 * HTTP exchange itself.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { apiRecording } from './zlm-sim/recordings.ts';

export interface FleetSim {
  base: string;
  port: number;
  secret: string;
  /** the API base URL of node i */
  nodeApi(i: number): string;
  /** node i resets every connection (down) or answers again */
  setDown(i: number, down: boolean): void;
  stats(): FleetSimStats;
  close(): Promise<void>;
}

export interface FleetSimStats {
  requests: number;
  api: number;
  hooks: number;
  cpuUserUs: number;
  cpuSystemUs: number;
  rss: number;
}

const RECORDED_HOOK_BASE = 'http://127.0.0.1:18999/ok/';

function recorded(name: string): { body: Buffer; secret?: string } {
  const r = apiRecording(name);
  return { body: Buffer.from(r.response.body_raw, 'utf8'), secret: new URL(r.request.url).searchParams.get('secret') ?? undefined };
}

export async function startFleetSim(opts: { port?: number } = {}): Promise<FleetSim> {
  const version = recorded('version.secret-ok');
  const secret = version.secret!;
  const wrong = recorded('getServerConfig.secret-wrong').body;
  const fixed: Record<string, Buffer> = {
    version: version.body,
    getThreadsLoad: recorded('getThreadsLoad.secret-ok').body,
    getStatistic: recorded('getStatistic.secret-ok').body,
    getMediaList: recorded('getMediaList.with-rtmp-stream.secret-ok').body,
  };
  const hookOk = Buffer.from('{"code":0,"msg":"success"}');
  const down = new Set<number>();
  const sockets = new Set<Socket>();
  let api = 0;
  let hooks = 0;
  let cfgPre = '';
  let cfgPost = '';

  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    const send = (body: Buffer) => {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
      res.end(body);
    };
    if (url.startsWith('/wvp/')) {
      hooks++;
      req.resume();
      req.on('end', () => send(hookOk));
      return;
    }
    if (url === '/__stats') {
      const c = process.cpuUsage();
      send(Buffer.from(JSON.stringify({ requests: api + hooks, api, hooks, cpuUserUs: c.user, cpuSystemUs: c.system, rss: process.memoryUsage.rss() } satisfies FleetSimStats)));
      return;
    }
    const m = /^\/n\/(\d+)\/index\/api\/(\w+)(?:\?(.*))?$/.exec(url);
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    const node = Number(m[1]);
    if (down.has(node)) {
      req.socket.destroy();
      return;
    }
    api++;
    if (new URLSearchParams(m[3] ?? '').get('secret') !== secret) return send(wrong);
    const name = m[2]!;
    if (name === 'getServerConfig') return send(Buffer.from(`${cfgPre}sim-${node}${cfgPost}`, 'utf8'));
    const body = fixed[name];
    if (body) return send(body);
    res.writeHead(404).end();
  });
  // what the real build answers (`Keep-Alive: timeout=30`, http.keepAliveSecond): a probe's kept connection stays open
  server.keepAliveTimeout = 30_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  // the recorded config, hooks pointed at our WVP-like receiver, mediaServerId per node
  const cfg = apiRecording('getServerConfig.secret-ok').response.body_raw.replaceAll(RECORDED_HOOK_BASE, `${base}/wvp/index/hook/`);
  const idAt = /("general\.mediaServerId" : ")[^"]*(")/.exec(cfg)!;
  cfgPre = cfg.slice(0, idAt.index + idAt[1]!.length);
  cfgPost = cfg.slice(idAt.index + idAt[0].length - 1);

  return {
    base,
    port,
    secret,
    nodeApi: (i) => `${base}/n/${i}`,
    setDown: (i, d) => (d ? down.add(i) : down.delete(i)),
    stats: () => {
      const c = process.cpuUsage();
      return { requests: api + hooks, api, hooks, cpuUserUs: c.user, cpuSystemUs: c.system, rss: process.memoryUsage.rss() };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
