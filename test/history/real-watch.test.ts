/**
 * Issue 10's acceptance test, on the REAL MediaServer (../shared/zlm): a watched
 * config.ini rewritten by WVP's setServerConfig push, by ZLM replacing the
 * sample secret at start-up, by the operator's hand and by a cosmetic re-save;
 * each attributed to who did it, `blame` naming the right source per key, the
 * store readable by git, and no secret anywhere in the state directory.
 * Loopback only; every process and temp dir is gone after the suite.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { IniDocument } from '../../src/ini/document.ts';
import { SAMPLE_SECRET } from '../../src/zlm/effective.ts';
import { watchConfigs, type Watcher, type WatchRevision } from '../../src/history/watch.ts';
import { HistoryStore } from '../../src/history/store/index.ts';
import { describeShared, mediaServerPath } from '../support/shared.ts';
import { freePort, realConfig, REAL_SECRET } from '../support/zlm-sim/real.ts';
import { runCli } from '../support/cli.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, get: () => T | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** The MediaServer in a temp dir, started and stopped on one config.ini (the real README's way). */
class Zlm {
  child: ChildProcess | undefined;
  readonly dir = mkdtempSync(join(tmpdir(), 'zd-realwatch-'));
  readonly config = join(this.dir, 'config.ini');
  constructor(readonly port: number) {
    const bin = mediaServerPath()!;
    copyFileSync(bin, join(this.dir, 'MediaServer'));
    const pem = join(dirname(bin), 'default.pem');
    if (existsSync(pem)) copyFileSync(pem, join(this.dir, 'default.pem'));
  }
  get base() {
    return `http://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    const child = spawn(join(this.dir, 'MediaServer'), ['-c', this.config, '-l', '2'], { cwd: this.dir, stdio: 'ignore', detached: true });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', reject);
    });
    // up when the API answers at all (the secret may be one ZLM just generated)
    await until(
      'MediaServer to answer',
      () => {
        if (child.exitCode !== null) throw new Error(`MediaServer exited with ${child.exitCode}`);
        return this.answered;
      },
      15_000,
    ).catch((e) => {
      child.kill('SIGKILL');
      throw e;
    });
  }
  private answered = false;
  async probe(): Promise<void> {
    this.answered = false;
    for (let i = 0; i < 150 && !this.answered; i++) {
      try {
        const r = await fetch(`${this.base}/index/api/getServerConfig?secret=-`, { signal: AbortSignal.timeout(500) });
        this.answered = typeof ((await r.json()) as { code?: number }).code === 'number';
      } catch {
        await sleep(100);
      }
    }
  }
  async stop(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    const t = setTimeout(() => c.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
  }
  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Every file of the state dir as bytes, plus every git object inflated (loose ones by zlib, packed ones through git). */
function stateDirBlobs(stateDir: string, repo: string): Buffer[] {
  const out: Buffer[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const b = readFileSync(p);
        out.push(b);
        try {
          out.push(inflateSync(b));
        } catch {
          // not a zlib stream (index files, packs)
        }
      }
    }
  };
  walk(stateDir);
  out.push(execFileSync('git', ['-C', repo, 'cat-file', '--batch-all-objects', '--batch'], { maxBuffer: 64 << 20, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }));
  return out;
}

describeShared(['zlm', 'MediaServer'], 'watch on the real MediaServer (issue 10 acceptance)', () => {
  let zlm: Zlm;
  let hooks: Server;
  let hookPort: number;
  let watcher: Watcher | undefined;
  let stateRoot: string;
  const revs: WatchRevision[] = [];

  beforeAll(async () => {
    hooks = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end('{"code":0,"msg":"success"}');
      });
    });
    await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
    hookPort = (hooks.address() as { port: number }).port;
    zlm = new Zlm(await freePort());
    stateRoot = mkdtempSync(join(tmpdir(), 'zd-realwatch-state-'));
  });

  afterAll(async () => {
    await watcher?.close();
    await zlm?.close();
    await new Promise<void>((r) => (hooks ? hooks.close(() => r()) : r()));
    if (stateRoot) rmSync(stateRoot, { recursive: true, force: true });
  });

  it('records WVP push, ZLM secret rewrite and operator edit, each attributed; nothing for a cosmetic re-save; no secret in the store', { timeout: 90_000 }, async () => {
    const stateDir = join(stateRoot, 'state');
    const baseText = realConfig(zlm.port, { 'hook.on_server_exited': `http://127.0.0.1:${hookPort}/ok/on_server_exited` });
    writeFileSync(zlm.config, baseText);
    const started = zlm.start();
    await zlm.probe();
    await started;

    // 1. watch the file: the baseline
    watcher = watchConfigs({ files: [zlm.config], stateDir, debounceMs: 250, pollMs: 200, onRevision: (r) => revs.push(r) });
    await watcher.ready;
    expect(revs).toHaveLength(1);
    expect(revs[0]!.baseline).toBe(true);
    const node = revs[0]!.node;

    // 2. WVP's exact setServerConfig push (wvp-reference.md §2.2; hooks on loopback; rtp enabled with a range; rtsp off so no ffmpeg.snap)
    const prefix = `http://127.0.0.1:${hookPort}/index/hook`;
    const push: Record<string, string> = {
      secret: REAL_SECRET,
      'hook.enable': '1',
      'hook.on_play': `${prefix}/on_play`,
      'hook.on_publish': `${prefix}/on_publish`,
      'hook.on_server_started': `${prefix}/on_server_started`,
      'hook.on_stream_changed': `${prefix}/on_stream_changed`,
      'hook.on_stream_none_reader': `${prefix}/on_stream_none_reader`,
      'hook.on_stream_not_found': `${prefix}/on_stream_not_found`,
      'hook.on_server_keepalive': `${prefix}/on_server_keepalive`,
      'hook.on_send_rtp_stopped': `${prefix}/on_send_rtp_stopped`,
      'hook.on_rtp_server_timeout': `${prefix}/on_rtp_server_timeout`,
      'hook.on_record_mp4': `${prefix}/on_record_mp4`,
      'hook.on_flow_report': '',
      'hook.on_http_access': '',
      'hook.on_record_ts': '',
      'hook.on_rtsp_auth': '',
      'hook.on_rtsp_realm': '',
      'hook.on_shell_login': '',
      'hook.timeoutSec': '30',
      'protocol.continue_push_ms': '3000',
      'rtp_proxy.port_range': '40000-40500',
    };
    const r = await fetch(`${zlm.base}/index/api/setServerConfig`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(push).toString(),
      signal: AbortSignal.timeout(5000),
    });
    const answer = (await r.json()) as { code: number; changed: number };
    expect(answer.code).toBe(0);
    expect(answer.changed).toBeGreaterThan(10);
    const wvpRev = await until('the WVP revision', () => revs[1]);
    await sleep(800);
    await watcher.idle();
    expect(revs).toHaveLength(2);
    expect(wvpRev.attribution).toBe('wvp');
    // the keys the push really changed (the base had 18999/ok hooks, timeoutSec 3, continue_push_ms 15000; some blank hooks were blank already)
    const baseDoc = IniDocument.parse(baseText);
    const wvpKeys = Object.keys(push).filter((k) => k !== 'secret' && (baseDoc.get(k) ?? '') !== push[k]);
    expect(wvpKeys.length).toBeGreaterThan(12);
    // each is in the revision and WVP's; anything else in it is ZLM appending keys it missed (a side effect)
    const wvpPart = wvpRev.parts!.find((p) => p.attribution === 'wvp')!;
    expect([...wvpPart.keys].sort()).toEqual([...wvpKeys].sort());
    for (const p of wvpRev.parts!) expect(['wvp', 'zlm']).toContain(p.attribution);

    // 3. restart with the sample secret: the operator puts it in (recorded), ZLM replaces it at start-up (recorded, ZLM's)
    await zlm.stop();
    await sleep(400);
    await watcher.idle();
    expect(revs).toHaveLength(2);
    writeFileSync(zlm.config, IniDocument.parse(readFileSync(zlm.config, 'utf8')).set('api.secret', SAMPLE_SECRET).text);
    const sampleRev = await until('the sample secret written', () => revs[2]);
    expect(sampleRev).toMatchObject({ keys: ['api.secret'], attribution: 'operator' });
    const restarted = zlm.start();
    await zlm.probe();
    await restarted;
    const zlmRev = await until('ZLM rewriting the secret', () => revs[3]);
    await sleep(800);
    await watcher.idle();
    expect(revs).toHaveLength(4);
    expect(zlmRev).toMatchObject({ keys: ['api.secret'], attribution: 'zlm' });
    const generated = IniDocument.parse(readFileSync(zlm.config, 'utf8')).get('api.secret')!;
    expect(generated).toMatch(/^[A-Za-z0-9]{32}$/);
    // the new secret works (the rewrite is real), and the history shows only fingerprints
    const cfg = (await (await fetch(`${zlm.base}/index/api/getServerConfig?secret=${generated}`, { signal: AbortSignal.timeout(5000) })).json()) as { code: number };
    expect(cfg.code).toBe(0);
    const shown = await runCli(['show', zlmRev.rev, '--state-dir', stateDir]);
    expect(shown.stdout).toMatch(/api\.secret: ‹secret changed: [0-9a-f]{4,} → [0-9a-f]{4,}›/);

    // 4. the operator edits one hook by hand (an editor's replace-by-rename)
    const edited = readFileSync(zlm.config, 'utf8').replace(`on_play=${prefix}/on_play`, `on_play=http://127.0.0.1:${hookPort}/custom/on_play`);
    writeFileSync(`${zlm.config}.swp`, edited);
    renameSync(`${zlm.config}.swp`, zlm.config);
    const opRev = await until('the hand edit', () => revs[4]);
    await sleep(800);
    await watcher.idle();
    expect(revs).toHaveLength(5);
    expect(opRev).toMatchObject({ keys: ['hook.on_play'], attribution: 'operator' });

    // 5. a cosmetic re-save: sections in reverse order, LF instead of ZLM's CRLF, a comment added
    const lines = readFileSync(zlm.config, 'utf8').split(/\r?\n/);
    const blocks: string[][] = [[]];
    for (const l of lines) {
      if (l.startsWith('[')) blocks.push([]);
      blocks[blocks.length - 1]!.push(l);
    }
    const [preamble, ...sections] = blocks;
    writeFileSync(zlm.config, ['; re-saved by hand', ...preamble!, ...sections.reverse().flat(), ''].join('\n'));
    await sleep(1200);
    await watcher.idle();
    expect(revs).toHaveLength(5);

    // 6. blame: the right source for each key
    const b = await runCli(['blame', node, '--format', 'json', '--state-dir', stateDir]);
    expect(b.code).toBe(0);
    const blamed = new Map((JSON.parse(b.stdout).keys as { key: string; rev: string; attribution: string }[]).map((e) => [e.key, e]));
    for (const k of wvpKeys.filter((k) => k !== 'hook.on_play')) expect(blamed.get(k), k).toMatchObject({ rev: wvpRev.rev, attribution: 'wvp' });
    expect(blamed.get('api.secret')).toMatchObject({ rev: zlmRev.rev, attribution: 'zlm' });
    expect(blamed.get('hook.on_play')).toMatchObject({ rev: opRev.rev, attribution: 'operator' });
    expect(blamed.get('http.port')).toMatchObject({ rev: revs[0]!.rev });
    const history = JSON.parse((await runCli(['history', node, '--format', 'json', '--state-dir', stateDir])).stdout);
    expect(history.revisions.map((x: { attribution: string }) => x.attribution)).toEqual(['operator', 'zlm', 'operator', 'wvp', 'operator']);

    await watcher.close();
    watcher = undefined;

    // the store is a real git repository
    const store = HistoryStore.open(stateDir, { create: false })!;
    const repo = store.layout.repo;
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
    expect(git('log', '--format=%H').trim().split('\n')).toHaveLength(5);
    git('fsck', '--strict');
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);

    // no secret anywhere in the state directory, git objects inflated
    for (const blob of stateDirBlobs(stateDir, repo)) {
      for (const s of [REAL_SECRET, SAMPLE_SECRET, generated]) expect(blob.includes(s), `${s.slice(0, 4)}… in the state dir`).toBe(false);
    }
  });
});
