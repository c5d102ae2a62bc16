/** Loopback receivers for channel tests: one that records every request, one that accepts and never answers. */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Receiver {
  base: string;
  requests: Received[];
  close(): Promise<void>;
}

/** `answer` decides each reply (default 200 `ok`). */
export async function recorder(answer: (r: Received, n: number) => { status?: number; body?: string } = () => ({})): Promise<Receiver> {
  const requests: Received[] = [];
  const srv = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(r);
      const a = answer(r, requests.length);
      res.writeHead(a.status ?? 200, { 'Content-Type': 'application/json' });
      res.end(a.body ?? 'ok');
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((r) => { srv.closeAllConnections(); srv.close(() => r()); }),
  };
}

/** Accepts connections, reads everything, never writes, never closes. */
export async function blackHole(): Promise<{ port: number; base: string; accepted: () => number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let n = 0;
  const srv = createNetServer((s) => {
    n++;
    sockets.add(s);
    s.on('data', () => undefined);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    accepted: () => n,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); srv.close(() => r()); }),
  };
}
