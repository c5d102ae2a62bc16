/**
 * Real hook receivers on 127.0.0.1 for doctor tests: one that answers like
 * WVP, one slow past the timeout, one answering non-JSON, one answering
 * code -1, and a closed port. Every server closes with the test.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';

export type ReceiverKind = 'good' | 'slow' | 'nonjson' | 'code-1';

export interface Receiver {
  url: string;
  port: number;
  requests: { path: string; body: string }[];
  close(): Promise<void>;
}

export async function startReceiver(kind: ReceiverKind, slowMs = 3000): Promise<Receiver> {
  const requests: { path: string; body: string }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', body });
      const answer = () => {
        if (kind === 'nonjson') {
          res.writeHead(200, { 'Content-Type': 'text/html' });
          res.end('<html><body>Whitelabel Error Page</body></html>');
        } else {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(kind === 'code-1' ? '{"code":-1,"msg":"fail"}' : '{"code":0,"msg":"success"}');
        }
      };
      if (kind === 'slow') {
        const t = setTimeout(answer, slowMs);
        timers.add(t);
      } else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((r) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A loopback port nobody listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface RawPeer {
  url: string;
  port: number;
  /** connections accepted so far */
  accepted(): number;
  close(): Promise<void>;
}

/**
 * A peer that accepts connections and never answers nor closes ('silent'), or
 * one that sends a valid response head and then one body byte every
 * `everyMs` forever ('trickle'). Closed by the test, never by itself.
 */
export async function startRawPeer(kind: 'silent' | 'trickle', everyMs = 100): Promise<RawPeer> {
  const sockets = new Set<import('node:net').Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let n = 0;
  const server = createNetServer((c) => {
    n++;
    sockets.add(c);
    c.on('error', () => undefined);
    c.on('close', () => sockets.delete(c));
    if (kind === 'trickle') {
      c.once('data', () => {
        c.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{');
        const t = setInterval(() => c.write(' '), everyMs);
        timers.add(t);
        c.on('close', () => clearInterval(t));
      });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    accepted: () => n,
    close: () =>
      new Promise<void>((r) => {
        for (const t of timers) clearInterval(t);
        for (const c of sockets) c.destroy();
        server.close(() => r());
      }),
  };
}
