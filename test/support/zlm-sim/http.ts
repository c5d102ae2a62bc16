/**
 * A raw HTTP/1.1 client for tests: exact request headers and bodies, and the
 * answer with its raw header pairs and status text (fetch hides both).
 */
import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  statusText: string;
  /** Header pairs in wire order, names as sent. */
  headers: [string, string][];
  body: string;
}

export function rawRequest(
  base: string,
  req: { method?: string; path: string; headers?: Record<string, string>; body?: string; timeoutMs?: number },
): Promise<RawAnswer> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const r = request(
      { host: u.hostname, port: u.port, method: req.method ?? 'GET', path: req.path, headers: { Connection: 'close', ...req.headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: [string, string][] = [];
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    r.setTimeout(req.timeoutMs ?? 5000, () => r.destroy(new Error('timeout')));
    r.on('error', reject);
    r.end(req.body ?? '');
  });
}
