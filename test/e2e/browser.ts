/**
 * The browser end-to-end harness: Debian's chromium (headless, playwright-core), `serve` started in this process
 * on 127.0.0.1 (runServeEngine, the code `zlm-doctor serve` runs) with the dashboard built into web/dist, and
 * screenshots under test-artifacts/e2e/ (gitignored). Suites skip with one line when chromium or better-sqlite3
 * (serve's store) is absent.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runServeEngine, type ServeRunOptions } from '../../src/cli/serve-run.ts';
import type { Io } from '../../src/cli/io.ts';
import { redactingIo } from '../../src/cli/redact-io.ts';
import type { ServeHandle } from '../../src/monitor/index.ts';

export const ROOT = join(import.meta.dirname, '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'e2e');

function hasSqlite(): boolean {
  try {
    createRequire(import.meta.url)('better-sqlite3');
    return true;
  } catch {
    return false;
  }
}

/** Why the browser suites cannot run here, or undefined. */
export const e2eMissing: string | undefined = !existsSync(CHROMIUM) ? `${CHROMIUM} not found (apt-get install chromium)` : !hasSqlite() ? 'better-sqlite3 is not installed' : undefined;

/** web/dist, built when older than its sources (what `npm run build` does). */
export function buildWeb(): void {
  execFileSync(process.execPath, [join(ROOT, 'web/build.mjs')], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
}

export async function launch(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where chromium's sandbox refuses to start
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'], timeout: 30_000 });
}

export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(what: string, f: () => Promise<T | undefined | null | false> | T | undefined | null | false, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}

export interface RunningServe {
  base: string;
  handle: ServeHandle;
  log: () => string;
  stop(): Promise<number>;
}

/** `serve` with these options on 127.0.0.1:0 (env: what the process would see, e.g. secrets and the token). */
export async function startServe(o: Omit<ServeRunOptions, 'stopWhen' | 'onReady' | 'lang'> & { lang?: 'en' | 'zh' }, env: NodeJS.ProcessEnv = {}): Promise<RunningServe> {
  let out = '';
  const io: Io = redactingIo({ out: (s) => (out += s), err: (s) => (out += s), stdout: { isTTY: false }, stderr: { isTTY: false }, env: { LANG: 'C', ...env } });
  let stop!: () => void;
  const stopWhen = new Promise<void>((r) => (stop = r));
  let handle: ServeHandle | undefined;
  let exit: number | undefined;
  const done = runServeEngine({ listen: '127.0.0.1:0', lang: 'en', ...o, stopWhen, onReady: (h) => (handle = h) }, io).then((c) => (exit = c));
  const h = await until('serve ready', () => (exit !== undefined ? Promise.reject(new Error(`serve exited ${exit}: ${out}`)) : handle), 20_000);
  return {
    base: `http://127.0.0.1:${h.address.port}`,
    handle: h,
    log: () => out,
    stop: async () => {
      stop();
      return done;
    },
  };
}
