/**
 * The real MediaServer (../shared/zlm/MediaServer or $ZLM_MEDIASERVER) for
 * tests: copied with default.pem into a temporary directory, started there on
 * 127.0.0.1 with free ports (TLS, shell, rtc, srt off), ready when
 * getServerConfig answers (code 0, or a refusal when the config locks us out). close() stops it and removes the directory.
 * Tests that need it skip with one line when mediaServerPath() is undefined.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { IniDocument } from '../../../src/ini/document.ts';
import { mediaServerPath } from '../shared.ts';
import { testConfigText } from './recordings.ts';

export interface RealZlm {
  base: string;
  port: number;
  pid: number;
  dir: string;
  config: string;
  logDir: string;
  secret: string;
  /** SIGHUP: reload config.ini */
  reload(): void;
  /** current config.ini text */
  configText(): string;
  close(): Promise<void>;
}

export const REAL_SECRET = 'real-zlm-test-secret-7c1d9e2a4b6f8a0c';

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Loopback-only settings every real-server test needs: everything but HTTP off, unless set by `extra`. */
export function realConfig(port: number, extra: Record<string, string> = {}, base: string = testConfigText()): string {
  let doc = IniDocument.parse(base);
  const set: Record<string, string> = {
    'general.listen_ip': '127.0.0.1',
    'api.secret': REAL_SECRET,
    'http.port': String(port),
    'http.sslport': '0',
    'rtsp.port': '0',
    'rtsp.sslport': '0',
    'rtmp.port': '0',
    'rtmp.sslport': '0',
    'rtp_proxy.port': '0',
    'shell.port': '0',
    'rtc.port': '0',
    'rtc.tcpPort': '0',
    'rtc.signalingPort': '0',
    'rtc.icePort': '0',
    'srt.port': '0',
    'hook.enable': '0',
    ...extra,
  };
  for (const [k, v] of Object.entries(set)) doc = doc.set(k, v);
  return doc.text;
}

async function ready(base: string, secret: string, child: ChildProcess, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`MediaServer exited with ${child.exitCode} before it was ready`);
    try {
      const r = await fetch(`${base}/index/api/getServerConfig?secret=${secret}`, { signal: AbortSignal.timeout(500) });
      const j = (await r.json()) as { code?: number };
      // any API answer means it is up (an allow_ip_range that locks out 127.0.0.1 answers -100)
      if (typeof j.code === 'number') return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`MediaServer not ready within ${ms} ms`);
}

/**
 * Start the real server with `configText` (default: realConfig on a free port).
 * The config's http.port must be free; use realConfig(await freePort(), …).
 * `opts.args` go before `-c` (e.g. ['-d'] for the watchdog; close() then stops the watchdog, which stops its worker).
 */
export async function startRealZlm(configText?: string, opts: { args?: string[] } = {}): Promise<RealZlm> {
  const bin = mediaServerPath();
  if (!bin) throw new Error('no MediaServer (mediaServerPath() is undefined)');
  const dir = mkdtempSync(join(tmpdir(), 'zd-real-'));
  try {
    copyFileSync(bin, join(dir, 'MediaServer'));
    const pem = join(dirname(bin), 'default.pem');
    if (existsSync(pem)) copyFileSync(pem, join(dir, 'default.pem'));
    const text = configText ?? realConfig(await freePort());
    const doc = IniDocument.parse(text);
    const port = Number(doc.get('http.port'));
    const secret = doc.get('api.secret') ?? '';
    const config = join(dir, 'config.ini');
    writeFileSync(config, text);
    const child = spawn(join(dir, 'MediaServer'), [...(opts.args ?? []), '-c', config, '-l', '2'], { cwd: dir, stdio: 'ignore', detached: true });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', reject);
    });
    const base = `http://127.0.0.1:${port}`;
    try {
      await ready(base, secret, child, 15_000);
    } catch (e) {
      child.kill('SIGKILL');
      throw e;
    }
    const exited = new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
    return {
      base,
      port,
      pid: child.pid!,
      dir,
      config,
      logDir: join(dir, 'log'),
      secret,
      reload: () => child.kill('SIGHUP'),
      configText: () => readFileSync(config, 'utf8'),
      close: async () => {
        if (child.exitCode === null) child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(t);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
