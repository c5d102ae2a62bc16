import { describe, expect, it } from 'vitest';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runWatch, type WatchCliOptions } from '../../src/cli/watch.ts';
import type { Io } from '../../src/cli/io.ts';
import { UsageError } from '../../src/cli/io.ts';
import { runCli } from '../support/cli.ts';
import { freshDirs } from '../support/temp-tree.ts';

const fresh = freshDirs('zd-watchcli-');
const SECRET = 'Hj4kL8mN2pQ6rS0tV3wX7yZ1aB5cD9eF';
const config = (timeout: number, secret = SECRET) => ['[api]', `secret=${secret}`, '', '[hook]', 'enable=1', `timeoutSec=${timeout}`, ''].join('\n');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (s) => out.push(s), err: (s) => err.push(s), stdout: { isTTY: false }, stderr: { isTTY: false }, env: { LANG: 'C' } };
  return { io, out, err };
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(20);
  }
}

function setup() {
  const d = fresh();
  const file = join(d, 'config.ini');
  writeFileSync(file, config(10));
  return { d, file, stateDir: join(d, 'state') };
}

describe('zlm-doctor watch (CLI)', () => {
  it('prints one line per revision (baseline first), never a value, and stops cleanly', async () => {
    const { file, stateDir } = setup();
    const { io, out, err } = capture();
    const ac = new AbortController();
    const o: WatchCliOptions = { stateDir, debounce: '60', format: 'text', lang: 'en', reason: 'watched' };
    const running = runWatch([file], o, io, ac.signal);
    await until(() => out.length === 1);
    expect(out[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z {2}\S+-[0-9a-f]{8} {2}[0-9a-f]{12} {2}\(baseline\) {2}operator: api\.secret, hook\.enable, hook\.timeoutSec\n$/);
    expect(err.join('')).toContain('watching 1 file(s)');
    writeFileSync(`${file}.new`, config(20, 'Another-secret-value-0123456789ab'));
    renameSync(`${file}.new`, file);
    await until(() => out.length === 2);
    expect(out[1]).toMatch(/ {2}operator: api\.secret, hook\.timeoutSec\n$/);
    ac.abort();
    expect(await running).toBe(0);
    expect(err.join('')).toContain('watch stopped');
    const all = out.join('') + err.join('');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('Another-secret');
    const h = JSON.parse((await runCli(['history', file, '--format', 'json', '--state-dir', stateDir])).stdout);
    expect(h.revisions.map((r: { reason: string }) => r.reason)).toEqual(['watched', 'watched']);
  });

  it('speaks Chinese, prints JSON lines, says when the baseline is unchanged', async () => {
    const { file, stateDir } = setup();
    const first = capture();
    const ac1 = new AbortController();
    const r1 = runWatch([file], { stateDir, format: 'json', lang: 'en' }, first.io, ac1.signal);
    await until(() => first.out.length === 1);
    const j = JSON.parse(first.out[0]!);
    expect(j).toMatchObject({ version: 1, file, baseline: true, attribution: 'operator', keys: ['api.secret', 'hook.enable', 'hook.timeoutSec'] });
    expect(j.rev).toMatch(/^[0-9a-f]{40}$/);
    ac1.abort();
    expect(await r1).toBe(0);

    const second = capture();
    const ac2 = new AbortController();
    const r2 = runWatch([file], { stateDir, debounce: '60', format: 'text', lang: 'zh' }, second.io, ac2.signal);
    await until(() => second.err.some((l) => l.includes('正在监视')));
    expect(second.err.join('')).toContain('自上一修订以来未变');
    writeFileSync(file, config(30));
    await until(() => second.out.length === 1);
    expect(second.out[0]).toMatch(/运维人员: hook\.timeoutSec\n$/);
    ac2.abort();
    expect(await r2).toBe(0);
    expect(second.err.join('')).toContain('监视已停止');
  });

  it('refuses bad arguments with exit 2 and a clear line', async () => {
    const { d, file } = setup();
    const r = await runCli(['watch', join(d, 'no-such-dir', 'config.ini'), '--state-dir', join(d, 'state')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/its directory does not exist/);
    const zh = await runCli(['watch', join(d, 'no-such-dir', 'config.ini'), '--lang', 'zh', '--state-dir', join(d, 'state')]);
    expect(zh.stderr).toContain('所在目录不存在');
    const dirArg = join(d, 'sub');
    mkdirSync(dirArg);
    expect((await runCli(['watch', dirArg, '--state-dir', join(d, 'state')])).stderr).toContain('is not a regular file');
    const bad = await runCli(['watch', file, '--debounce', '5', '--state-dir', join(d, 'state')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--debounce takes milliseconds');
    await expect(runWatch([file], { format: 'xml', lang: 'en' }, capture().io)).rejects.toThrow(UsageError);
  });

  it('exits 2 with the store error when the state directory cannot be used', async () => {
    const { d, file } = setup();
    const stateDir = join(d, 'state-is-a-file');
    writeFileSync(stateDir, 'x');
    const { io, err } = capture();
    expect(await runWatch([file], { stateDir, format: 'text', lang: 'en' }, io, new AbortController().signal)).toBe(2);
    expect(err.join('')).toContain('state-is-a-file');
    // no --state-dir, no XDG_STATE_HOME, no HOME: nowhere to record
    const bare = capture();
    bare.io.env = {};
    expect(await runWatch([file], { format: 'text', lang: 'en' }, bare.io, new AbortController().signal)).toBe(2);
    expect(bare.err.join('')).toContain('--state-dir');
  });
});
