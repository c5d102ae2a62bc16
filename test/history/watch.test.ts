import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { watchConfigs, type Watcher, type WatchRevision } from '../../src/history/watch.ts';
import { HistoryStore } from '../../src/history/store/index.ts';
import { freshDirs } from '../support/temp-tree.ts';

const fresh = freshDirs('zd-watch-');
const SECRET = 'Wq8mZ2pL5vN9xR3tY7bC1dF4gH6jK0sA';
const config = (timeout = 10, extra: string[] = []) =>
  ['[api]', `secret=${SECRET}`, '', '[general]', 'mediaServerId=node-w', '', '[hook]', 'enable=1', 'on_play=http://127.0.0.1:18080/index/hook/on_play', `timeoutSec=${timeout}`, ...extra, ''].join('\n');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const open: Watcher[] = [];
afterEach(async () => {
  for (const w of open.splice(0)) await w.close();
});

function start(file: string, stateDir: string, extra: { debounceMs?: number; maxWaitMs?: number } = {}) {
  const revs: WatchRevision[] = [];
  const notices: string[] = [];
  const w = watchConfigs({ files: [file], stateDir, debounceMs: 80, pollMs: 150, ...extra, onRevision: (r) => revs.push(r), onNotice: (en) => notices.push(en) });
  open.push(w);
  return { w, revs, notices };
}

/** Write like vim / sed -i: a new file renamed over the old one. */
function replaceByRename(file: string, text: string): void {
  writeFileSync(`${file}.tmp~`, text);
  renameSync(`${file}.tmp~`, file);
}

function setup(text = config()) {
  const d = fresh();
  const dir = join(d, 'conf');
  mkdirSync(dir);
  const file = join(dir, 'config.ini');
  writeFileSync(file, text);
  return { d, dir, file, stateDir: join(d, 'state') };
}

describe('watch', () => {
  it('takes a baseline, then records a replace-by-rename, and nothing for a cosmetic re-save', async () => {
    const { file, stateDir } = setup();
    const { w, revs } = start(file, stateDir);
    await w.ready;
    expect(revs).toHaveLength(1);
    expect(revs[0]).toMatchObject({ baseline: true, attribution: 'operator', file });

    replaceByRename(file, config(20));
    await until('the edit', () => revs.length === 2);
    expect(revs[1]).toMatchObject({ baseline: false, keys: ['hook.timeoutSec'], attribution: 'operator' });

    // reordered, CRLF, comments, blank lines: the same config
    replaceByRename(file, ['; re-saved', '[hook]', 'timeoutSec=20', 'on_play=http://127.0.0.1:18080/index/hook/on_play', 'enable=1', '', '', '[general]', 'mediaServerId=node-w', '[api]', `secret=${SECRET}`].join('\r\n'));
    writeFileSync(file, config(20).replace(/\n/g, '\r\n'));
    await sleep(500);
    await w.idle();
    expect(revs).toHaveLength(2);
    await w.close();
    const store = HistoryStore.open(stateDir, { create: false })!;
    expect(store.revisions(revs[0]!.node)).toHaveLength(2);
  });

  it('survives a delete and re-create (recording nothing while the file is gone)', async () => {
    const { file, stateDir } = setup();
    const { w, revs, notices } = start(file, stateDir);
    await w.ready;
    rmSync(file);
    await until('the notice', () => notices.some((n) => n.includes('is gone')));
    expect(revs).toHaveLength(1);
    writeFileSync(file, config(30));
    await until('the re-created file', () => revs.length === 2);
    expect(revs[1]!.keys).toEqual(['hook.timeoutSec']);
    // an empty file (a writer between truncate and write) records nothing either
    writeFileSync(file, '');
    await until('the empty notice', () => notices.some((n) => n.includes('is empty')));
    writeFileSync(file, config(30));
    await sleep(400);
    await w.idle();
    expect(revs).toHaveLength(2);
  });

  it('follows a rotation of its directory (renamed away, a new one created in its place) and of the file', async () => {
    const { dir, file, stateDir } = setup();
    const { w, revs } = start(file, stateDir);
    await w.ready;
    renameSync(dir, `${dir}.1`);
    mkdirSync(dir);
    writeFileSync(file, config(40));
    await until('the file in the new directory', () => revs.length === 2);
    expect(revs[1]!.keys).toEqual(['hook.timeoutSec']);
    // and keeps watching the new directory, not the old one
    writeFileSync(join(`${dir}.1`, 'config.ini'), config(99));
    replaceByRename(file, config(45));
    await until('the next edit', () => revs.length === 3);
    await sleep(300);
    expect(revs).toHaveLength(3);
    // a rotation of the file itself (config.ini → config.ini.1, a new config.ini)
    renameSync(file, `${file}.1`);
    writeFileSync(file, config(50));
    await until('the rotated file', () => revs.length === 4);
    expect(revs[3]!.keys).toEqual(['hook.timeoutSec']);
    const store = HistoryStore.open(stateDir, { create: false })!;
    expect(store.head(revs[0]!.node)!.text).toContain('timeoutSec=50');
  });

  it('debounces: quick successive saves make one revision', async () => {
    const { file, stateDir } = setup();
    const { w, revs } = start(file, stateDir, { debounceMs: 500 });
    await w.ready;
    for (let t = 11; t <= 15; t++) {
      writeFileSync(file, config(t));
      await sleep(10);
    }
    await until('the revision', () => revs.length === 2);
    await sleep(400);
    await w.idle();
    expect(revs).toHaveLength(2);
    expect(revs[1]!.keys).toEqual(['hook.timeoutSec']);
    const store = HistoryStore.open(stateDir, { create: false })!;
    expect(store.head(revs[0]!.node)!.text).toContain('timeoutSec=15');
  });

  it('is bounded: a file rewritten 100 times a second for 2 s makes a handful of revisions, the last state recorded', async () => {
    const { file, stateDir } = setup();
    const { w, revs } = start(file, stateDir, { debounceMs: 100, maxWaitMs: 500 });
    await w.ready;
    const t0 = Date.now();
    let t = 100;
    while (Date.now() - t0 < 2000) {
      writeFileSync(file, config(t++));
      await sleep(10);
    }
    await sleep(600);
    await w.idle();
    // 2 s of changes with maxWait 500 ms: about 4 revisions (never one per write), plus the baseline
    expect(revs.length).toBeGreaterThanOrEqual(2);
    expect(revs.length).toBeLessThanOrEqual(8);
    expect(t - 100).toBeGreaterThan(50);
    const store = HistoryStore.open(stateDir, { create: false })!;
    expect(store.head(revs[0]!.node)!.text).toContain(`timeoutSec=${t - 1}`);
  });

  it('records a change still waiting for its debounce when closed', async () => {
    const { file, stateDir } = setup();
    const { w, revs } = start(file, stateDir, { debounceMs: 5000 });
    await w.ready;
    writeFileSync(file, config(77));
    await sleep(200);
    expect(revs).toHaveLength(1);
    await w.close();
    expect(revs).toHaveLength(2);
    expect(revs[1]!.keys).toEqual(['hook.timeoutSec']);
  });

  it('passes the previous revision to attribution: operator puts the sample secret in, then one rewrite by ZLM and WVP together is mixed', async () => {
    const hooks = (prefix: string | undefined) =>
      ['on_play', 'on_publish', 'on_server_started', 'on_stream_changed', 'on_stream_none_reader', 'on_stream_not_found', 'on_server_keepalive', 'on_send_rtp_stopped', 'on_rtp_server_timeout', 'on_record_mp4'].map((h) => `${h}=${prefix ? `${prefix}/${h}` : ''}`);
    const blanked = ['on_flow_report=', 'on_http_access=', 'on_record_ts=', 'on_rtsp_auth=', 'on_rtsp_realm=', 'on_shell_login='];
    const zlmFile = (secret: string, prefix?: string) =>
      ['[api]', `secret=${secret}`, '[hook]', `enable=${prefix ? 1 : 0}`, ...hooks(prefix), ...blanked, `timeoutSec=${prefix ? 30 : 10}`, '[protocol]', `continue_push_ms=${prefix ? 3000 : 15000}`, ''].join('\r\n');
    const { file, stateDir } = setup(zlmFile(SECRET));
    const { w, revs } = start(file, stateDir, { debounceMs: 300 });
    await w.ready;
    replaceByRename(file, zlmFile('035c73f7-bb6b-4889-a715-d9eb2d1925cc'));
    await until('the sample secret', () => revs.length === 2);
    expect(revs[1]).toMatchObject({ attribution: 'operator', keys: ['api.secret'] });
    // ZLM starts, replaces the secret (in-place rewrite), WVP pushes at once and ZLM dumps again, all within the debounce
    writeFileSync(file, zlmFile('Gq3nR7tW1yB5dF9hK2mP6sV0xZ4cJ8aL'));
    await sleep(50);
    writeFileSync(file, zlmFile('Gq3nR7tW1yB5dF9hK2mP6sV0xZ4cJ8aL', 'http://127.0.0.1:18978/index/hook'));
    await until('the rewrite', () => revs.length === 3);
    expect(revs[2]!.attribution).toBe('mixed');
    const by = Object.fromEntries(revs[2]!.parts!.map((p) => [p.attribution, p.keys]));
    expect(by.zlm).toEqual(['api.secret']);
    expect(by.wvp).toEqual(expect.arrayContaining(['hook.enable', 'hook.on_play', 'hook.timeoutSec', 'protocol.continue_push_ms']));
    expect(by.operator).toBeUndefined();
  });

  it('stops itself with the store error when the store cannot be written', async () => {
    const { d, file } = setup();
    // the state directory is a file
    const stateDir = join(d, 'not-a-dir');
    writeFileSync(stateDir, 'x');
    let fatal: Error | undefined;
    const w = watchConfigs({ files: [file], stateDir, debounceMs: 50, onFatal: (e) => (fatal = e) });
    open.push(w);
    await w.done;
    expect(fatal?.message).toMatch(/not-a-dir/);
  });
});
