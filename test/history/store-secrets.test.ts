/**
 * Secrets never enter the state directory in clear: after snapshots of files and of a live API holding
 * secrets in every place a config can hold one, every file of the state directory is searched, git objects
 * inflated (loose ones by hand, everything, packs included, through `git cat-file --batch-all-objects`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { snapshot } from '../../src/history/snapshot.ts';
import { runCli } from '../support/cli.ts';
import { freshDirs } from '../support/temp-tree.ts';

const fresh = freshDirs('zd-store-secrets-');

const S = {
  api: 'Qw7eR9tY2uI4oP6aS8dF1gH3jK5lZ0xC',
  api2: 'Mn3bV5cX7zL9kJ1hG2fD4sA6pO8iU0yT',
  srt: 'srt-pass-phrase-9d8c7b6a',
  ice: 'ice-pwd-5f4e3d2c1b',
  hookQuery: 'hookTok3n-77aa66bb55cc',
  userinfo: 'us3rinf0-P4ssw0rd',
  admin: 'adm1n-par4ms-S3cret',
  live: 'L1veApiS3cret-00112233',
  cli: 'Cl1S3cretGiven-44556677',
};

const config = (api: string) =>
  [
    '[api]',
    `secret=${api}`,
    '[srt]',
    `passPhrase=${S.srt}`,
    '[rtc]',
    `icePwd=${S.ice}`,
    '[hook]',
    'enable=1',
    `on_play=http://127.0.0.1:18080/index/hook/on_play?secret=${S.hookQuery}`,
    `on_publish=http://wvp:${S.userinfo}@127.0.0.1:18080/index/hook/on_publish`,
    `admin_params=secret=${S.admin}`,
    '[general]',
    'mediaServerId=node-x',
    '',
  ].join('\n');

let server: Server;
let apiUrl = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ code: 0, data: [{ 'api.secret': S.live, 'hook.on_play': `http://127.0.0.1:1/x?secret=${S.live}`, 'general.mediaServerId': 'live-1', 'http.port': '80' }] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

describe('no secret in the state directory', () => {
  it('files, loose objects inflated, and every object git can read (packs included)', async () => {
    const d = fresh();
    const f = join(d, 'config.ini');
    const stateDir = join(d, 'state');
    writeFileSync(f, config(S.api));
    await snapshot({ stateDir, target: { file: f }, reason: 'first' });
    writeFileSync(f, config(S.api2));
    await snapshot({ stateDir, target: { file: f }, reason: 'secret rotated' });
    const cli = await runCli(['snapshot', '--api', apiUrl, '--secret', S.cli, '--state-dir', stateDir]);
    expect(cli.code).toBe(0);
    await runCli(['snapshot', f, '--state-dir', stateDir]);

    const files = walk(stateDir);
    expect(files.some((p) => p.includes('/objects/'))).toBe(true);
    const blobs: { path: string; bytes: Buffer }[] = [];
    for (const p of files) {
      const raw = readFileSync(p);
      blobs.push({ path: p, bytes: raw });
      if (/\/objects\/[0-9a-f]{2}\/[0-9a-f]{38}$/.test(p)) blobs.push({ path: `${p} (inflated)`, bytes: inflateSync(raw) });
    }
    const all = execFileSync('git', ['-C', join(stateDir, 'repo.git'), 'cat-file', '--batch-all-objects', '--batch'], { maxBuffer: 256 * 1024 * 1024 });
    blobs.push({ path: 'git cat-file --batch-all-objects', bytes: all });
    expect(all.length).toBeGreaterThan(1000);
    for (const secret of Object.values(S)) {
      for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]) {
        const hit = blobs.find((b) => b.bytes.includes(Buffer.from(form)));
        expect(hit?.path, `secret ${secret} found in ${hit?.path}`).toBeUndefined();
      }
    }
    // the fingerprints are there instead, and a rotated secret is visible as a change
    const log = execFileSync('git', ['-C', join(stateDir, 'repo.git'), 'log', '--format=%B'], { encoding: 'utf8' });
    expect(log).toContain('Keys: api.secret');
  });
});
