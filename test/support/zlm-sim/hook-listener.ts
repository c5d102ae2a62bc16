/**
 * The hook receiver of the capture runs (README.md: `http://127.0.0.1:18999/<mode>/<hook>`),
 * for tests: 127.0.0.1, random port. Modes, as in hook-failures.md:
 *   ok        200 {"code": 0, "msg": "success"}
 *   slow      answers `ok` after `slowMs` (the recordings used 15 s: "slow15")
 *   nonjson   200 text/plain "hello, not json"
 *   deny      200 {"code":-1,"msg":"denied by test listener"}
 *   http500   500 {"code":0,"msg":"success"}
 *   codestr   200 {"code":"0","msg":"success"}
 *   nocode    200 {"msg":"success"}
 *   closeyes  200 {"code":0,"close":true}
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

export type HookListenerMode = 'ok' | 'slow' | 'nonjson' | 'deny' | 'http500' | 'codestr' | 'nocode' | 'closeyes';

export interface ReceivedHook {
  mode: string;
  hook: string;
  method: string;
  path: string;
  /** Raw header pairs as received. */
  headers: [string, string][];
  body: string;
  json: unknown;
  at: Date;
}

export interface HookListener {
  readonly base: string;
  readonly port: number;
  readonly received: ReceivedHook[];
  url(mode: HookListenerMode, hook: string): string;
  waitFor(hook: string, n: number, timeoutMs?: number): Promise<ReceivedHook[]>;
  close(): Promise<void>;
}

export async function startHookListener(opts: { slowMs?: number } = {}): Promise<HookListener> {
  const received: ReceivedHook[] = [];
  const waiters: (() => void)[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const srv = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const [, mode = '', hook = ''] = (req.url ?? '').split('?')[0]!.split('/');
      const headers: [string, string][] = [];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      received.push({ mode, hook, method: req.method ?? '', path: req.url ?? '', headers, body, json, at: new Date() });
      for (const w of waiters.splice(0)) w();
      const reply = (status: number, text: string, type = 'application/json'): void => {
        if (res.destroyed) return;
        res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(text)) });
        res.end(text);
      };
      switch (mode) {
        case 'slow': {
          const t = setTimeout(() => {
            timers.delete(t);
            reply(200, '{"code": 0, "msg": "success"}');
          }, opts.slowMs ?? 15000);
          timers.add(t);
          return;
        }
        case 'nonjson':
          return reply(200, 'hello, not json', 'text/plain');
        case 'deny':
          return reply(200, '{"code":-1,"msg":"denied by test listener"}');
        case 'http500':
          return reply(500, '{"code":0,"msg":"success"}');
        case 'codestr':
          return reply(200, '{"code":"0","msg":"success"}');
        case 'nocode':
          return reply(200, '{"msg":"success"}');
        case 'closeyes':
          return reply(200, '{"code":0,"close":true}');
        default:
          return reply(200, '{"code": 0, "msg": "success"}');
      }
    });
  });
  srv.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
  const port = (srv.address() as { port: number }).port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    received,
    url: (mode, hook) => `http://127.0.0.1:${port}/${mode}/${hook}`,
    waitFor(hook, n, timeoutMs = 10_000) {
      const got = (): ReceivedHook[] => received.filter((r) => r.hook === hook);
      if (got().length >= n) return Promise.resolve(got());
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`hook listener: ${got().length}/${n} ${hook} after ${timeoutMs} ms`)), timeoutMs);
        const check = (): void => {
          if (got().length >= n) {
            clearTimeout(t);
            resolve(got());
          } else waiters.push(check);
        };
        waiters.push(check);
      });
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => srv.close(() => resolve()));
    },
  };
}
