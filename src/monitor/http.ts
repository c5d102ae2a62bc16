/**
 * A small router on node:http: startServe's listener when no other is given
 * (tests of the engine). `serve` itself passes the REST API server
 * (src/server, Fastify), which offers the same `route()`, so /metrics and
 * /healthz are registered the same way on either. Handlers never see a request body larger
 * than they read themselves; a handler that throws answers 500 without
 * details. Every socket has a timeout, so a client that never reads cannot
 * hold the process at shutdown.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

export interface HttpServer {
  route(method: string, path: string | RegExp, handler: Handler): void;
  listen(host: string, port: number): Promise<{ host: string; port: number }>;
  close(boundMs?: number): Promise<void>;
  readonly server: Server;
}

export function parseListen(v: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(v.trim());
  if (!m) throw new Error(`--listen wants HOST:PORT, got "${v}"`);
  const port = Number(m[3]);
  if (port > 65535) throw new Error(`--listen: port ${port} is out of range`);
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}

export function createHttpServer(): HttpServer {
  const routes: { method: string; path: string | RegExp; handler: Handler }[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const r = routes.find((x) => (x.method === req.method || (x.method === 'GET' && req.method === 'HEAD')) && (typeof x.path === 'string' ? x.path === url.pathname : x.path.test(url.pathname)));
    if (!r) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    Promise.resolve()
      .then(() => r.handler(req, res, url))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('internal error\n');
      });
  });
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  server.keepAliveTimeout = 5_000;
  return {
    server,
    route(method, path, handler) {
      routes.push({ method: method.toUpperCase(), path, handler });
    },
    listen(host, port) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const a = server.address() as { address: string; port: number };
          resolve({ host: a.address, port: a.port });
        });
      });
    },
    close(boundMs = 1_000) {
      return new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, boundMs);
        server.close(() => {
          clearTimeout(t);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
