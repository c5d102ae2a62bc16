/**
 * The dashboard's built files (web/dist) at `/`: index.html for `/` and for
 * any path without an extension (the dashboard routes on the client), the
 * file itself otherwise; never anything outside the directory. Headers keep
 * the page inert against injected markup (CSP without inline scripts).
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** web/dist beside the package: up from src/server (sources) or dist/chunks (the bundle). */
export function webRootDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const d = join(dir, 'web', 'dist');
    if (existsSync(join(d, 'index.html'))) return d;
    dir = dirname(dir);
  }
  return undefined;
}

/** Answer with a file of `root` (true), or false when there is none for this path. */
export async function serveStatic(root: string, path: string, reply: FastifyReply): Promise<boolean> {
  let rel: string;
  try {
    rel = decodeURIComponent(path);
  } catch {
    return false;
  }
  if (rel.includes('\0')) return false;
  const base = resolve(root);
  let file = resolve(base, `.${rel}`);
  if (file !== base && !file.startsWith(base + sep)) return false;
  if (rel.endsWith('/') || !extname(rel)) file = join(base, 'index.html');
  try {
    if (!(await stat(file)).isFile()) return false;
  } catch {
    if (!extname(rel)) return false;
    return false;
  }
  const body = await readFile(file);
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  reply
    .code(200)
    .header('content-type', type)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', file.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600');
  if (type.startsWith('text/html')) reply.header('content-security-policy', CSP).header('x-frame-options', 'DENY');
  await reply.send(body);
  return true;
}
