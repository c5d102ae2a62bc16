/**
 * `serve --demo`: a small simulated fleet on one loopback HTTP server, so the
 * monitor, its metrics and its alerts can be seen without a real ZLM. Every
 * node lives under its own path prefix (`http://127.0.0.1:PORT/demo-3`),
 * answers the few API calls the probe makes with ZLM's JSON shapes, and has a
 * hook receiver at `/hook/...`. Some nodes misbehave on purpose: one is down
 * from time to time, one has a broken hook, one drifts. Everything it serves
 * says DEMO. Never part of a real fleet: names start with `demo-`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { MonitorNode } from '../node.ts';

export interface DemoFleet {
  nodes: MonitorNode[];
  secret: string;
  close(): Promise<void>;
}

type Behaviour = 'good' | 'flaky' | 'hook-broken' | 'drifting';

const HOOKS = ['on_play', 'on_publish', 'on_server_started', 'on_stream_changed', 'on_stream_none_reader', 'on_stream_not_found', 'on_server_keepalive'];

export async function startDemoFleet(count = 6, now: () => number = Date.now): Promise<DemoFleet> {
  const secret = `demo-${randomBytes(12).toString('hex')}`;
  const behaviours: Behaviour[] = Array.from({ length: count }, (_, i) => (i === 1 ? 'flaky' : i === 2 ? 'hook-broken' : i === 3 ? 'drifting' : 'good'));
  const started = now();
  let port = 0;
  // the simulated WVP hook receiver listens on its own port, as a real WVP does (a hook aimed at ZLM's own port is a fault)
  let hookPort = 0;
  const config = (i: number): Record<string, string> => {
    const hookBase = `http://127.0.0.1:${hookPort}/hook/demo-${i}`;
    const c: Record<string, string> = {
      'api.secret': secret,
      'general.mediaServerId': `demo-${i}`,
      'http.port': String(port),
      // the telnet debug shell off, as a careful operator has it
      'shell.port': '0',
      'hook.enable': '1',
      'hook.timeoutSec': '10',
      'rtp_proxy.port_range': '30000-30500',
    };
    for (const h of HOOKS) c[`hook.${h}`] = behaviours[i] === 'hook-broken' && h === 'on_server_keepalive' ? `${hookBase}/broken/${h}` : `${hookBase}/${h}`;
    // the drifting node changes a risky key every two minutes
    if (behaviours[i] === 'drifting' && Math.floor((now() - started) / 120_000) % 2 === 1) c['rtp_proxy.port_range'] = '40000-40500';
    return c;
  };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', server: 'ZLMediaKit DEMO (zlm-doctor serve --demo)' });
      res.end(JSON.stringify(body));
    };
    const hook = /^\/hook\/demo-\d+\/(broken\/)?\w+$/.exec(url.pathname);
    if (hook) return hook[1] ? json(404, { demo: true }) : json(200, { code: 0, msg: 'success (DEMO)' });
    const m = /^\/demo-(\d+)\/index\/api\/(\w+)$/.exec(url.pathname);
    const i = m ? Number(m[1]) : -1;
    if (!m || i >= count) return json(404, { demo: true });
    // the flaky node refuses for one minute in five (the socket is dropped, like a dead process)
    if (behaviours[i] === 'flaky' && Math.floor((now() - started) / 60_000) % 5 === 4) {
      req.socket.destroy();
      return;
    }
    if (url.searchParams.get('secret') !== secret) return json(200, { code: -100, msg: 'Incorrect secret' });
    const t = (now() - started) / 1000;
    switch (m[2]) {
      case 'version':
        return json(200, { code: 0, data: { branchName: 'demo', buildTime: 'DEMO', commitHash: 'demo' } });
      case 'getServerConfig':
        return json(200, { code: 0, data: [config(i)] });
      case 'getThreadsLoad':
        return json(200, { code: 0, data: [0, 1].map((k) => ({ name: `event poller ${k}`, load: Math.round(20 + 15 * Math.sin(t / 30 + i + k)), delay: (i + k) % 3, fd_count: 10 })) });
      case 'getStatistic':
        return json(200, { code: 0, data: { MediaSource: 2 * i, Socket: 10 + i } });
      case 'getMediaList':
        return json(200, { code: 0, data: Array.from({ length: i % 4 }, (_, k) => ({ schema: 'rtsp', vhost: '__defaultVhost__', app: 'live', stream: `demo${k}`, totalReaderCount: (k + i) % 3 })) });
      default:
        return json(200, { code: -1, msg: 'not in the DEMO' });
    }
  };
  const listen = async (): Promise<{ server: Server; port: number }> => {
    const server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, port: (server.address() as { port: number }).port };
  };
  const api = await listen();
  const hooks = await listen();
  port = api.port;
  hookPort = hooks.port;
  const servers = [api.server, hooks.server];
  return {
    secret,
    nodes: behaviours.map((b, i) => ({ name: `demo-${i}`, api: `http://127.0.0.1:${port}/demo-${i}`, secret, labels: { demo: 'true', behaviour: b } })),
    close: () =>
      Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      ).then(() => undefined),
  };
}
