import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { snapshot } from '../../src/history/snapshot.ts';
import { apiOrigin, HistoryStore, nodeIdentity } from '../../src/history/store/index.ts';
import { freshDirs } from '../support/temp-tree.ts';

const fresh = freshDirs('zd-store-');

const CONFIG = ['[api]', 'apiDebug=1', 'secret=035c73f7-bb6b-4889-a715-d9eb2d1925cc', '', '[hook]', 'enable=1', 'on_play=http://127.0.0.1:18080/index/hook/on_play', 'timeoutSec=10', '', '[http]', 'port=80', ''].join('\n');

const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });

function setup() {
  const d = fresh();
  const file = join(d, 'config.ini');
  writeFileSync(file, CONFIG);
  return { d, file, stateDir: join(d, 'state') };
}

describe('history store', () => {
  it('records a first snapshot, then only significant changes', async () => {
    const { file, stateDir } = setup();
    const r1 = await snapshot({ stateDir, target: { file }, reason: 'baseline' });
    expect(r1.rev).toMatch(/^[0-9a-f]{40}$/);
    expect(r1.node).toMatch(/-[0-9a-f]{8}$/);
    // unchanged, and cosmetic re-saves (order, comments, CRLF, blank lines) record nothing
    expect((await snapshot({ stateDir, target: { file } })).rev).toBeNull();
    writeFileSync(file, '; a comment\r\n' + CONFIG.split('\n').reverse().join('\r\n'));
    // a reversed file puts keys before their section: build a real reordering instead
    writeFileSync(file, ['; saved again', '[http]', 'port=80', '', '[hook]', 'timeoutSec=10', 'on_play=http://127.0.0.1:18080/index/hook/on_play', 'enable=1', '[api]', 'secret=035c73f7-bb6b-4889-a715-d9eb2d1925cc', 'apiDebug=1'].join('\r\n'));
    expect((await snapshot({ stateDir, target: { file } })).rev).toBeNull();
    writeFileSync(file, CONFIG.replace('timeoutSec=10', 'timeoutSec=20'));
    const r2 = await snapshot({ stateDir, target: { file }, reason: 'slower hooks' });
    expect(r2.rev).not.toBeNull();
    expect(r2.keys).toEqual(['hook.timeoutSec']);

    const store = HistoryStore.open(stateDir, { create: false })!;
    const revs = store.revisions(r1.node);
    expect(revs.map((r) => r.rev)).toEqual([r1.rev, r2.rev]);
    expect(revs[1]!.parent).toBe(r1.rev);
    expect(revs[1]!.reason).toBe('slower hooks');

    // a real git repository, readable by git itself
    const repo = join(stateDir, 'repo.git');
    const log = git(repo, 'log', '--format=%H %an%n%B');
    expect(log).toContain(`${r2.rev} zlm-doctor`);
    expect(log).toContain('Keys: hook.timeoutSec');
    expect(log).toContain('Source: file');
    expect(git(repo, 'rev-list', '--count', 'main').trim()).toBe('2');
    git(repo, 'fsck', '--strict');
    const text = git(repo, 'show', `main:nodes/${r1.node}.ini`);
    expect(text).toContain('timeoutSec=20');
    expect(text).not.toContain('035c73f7');
    expect(JSON.parse(git(repo, 'show', 'main:nodes.json')).nodes[r1.node].id).toBe(file);
  });

  it('creates the state directory 0700 and the key 0600', async () => {
    const { file, stateDir } = setup();
    await snapshot({ stateDir, target: { file } });
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(stateDir, 'hmac.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(stateDir, 'hmac.key')).length).toBe(32);
  });
});

describe('node identity of an API address', () => {
  it('keeps a path prefix (ZLMs behind one proxy are different nodes) and drops credentials, query, /index/api and a trailing slash', () => {
    expect(apiOrigin('http://u:p@127.0.0.1:8080/index/api/getServerConfig?secret=x')).toBe('http://127.0.0.1:8080');
    expect(apiOrigin('http://127.0.0.1')).toBe('http://127.0.0.1:80');
    expect(apiOrigin('http://127.0.0.1:9000/zlm-a/')).toBe('http://127.0.0.1:9000/zlm-a');
    const a = nodeIdentity({ api: 'http://127.0.0.1:9000/zlm-a' });
    const b = nodeIdentity({ api: 'http://127.0.0.1:9000/zlm-b' });
    expect(a.name).not.toBe(b.name);
    expect(a.name).toMatch(/^api-127-0-0-1-9000-zlm-a-[0-9a-f]{8}$/);
    expect(nodeIdentity({ api: 'http://127.0.0.1:9000/' }).name).toBe(nodeIdentity({ api: 'http://127.0.0.1:9000' }).name);
  });
});
