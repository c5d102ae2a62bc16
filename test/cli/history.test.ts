import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';
import { freshDirs } from '../support/temp-tree.ts';

const fresh = freshDirs('zd-histcli-');
const SECRET = 'Zk3pQ9vL2mN8rT5wX1yB7cD4fG6hJ0sA';
const CONFIG = ['[api]', `secret=${SECRET}`, '', '[general]', 'mediaServerId=node-a', '', '[hook]', 'enable=1', 'on_play=http://127.0.0.1:18080/index/hook/on_play', 'timeoutSec=10', ''].join('\n');

function setup() {
  const d = fresh();
  const file = join(d, 'config.ini');
  writeFileSync(file, CONFIG);
  return { file, state: ['--state-dir', join(d, 'state')] };
}

describe('zlm-doctor snapshot / history / blame / show', () => {
  it('records, lists newest first in the JSON contract, blames and shows with secrets as fingerprints', async () => {
    const { file, state } = setup();
    const s1 = await runCli(['snapshot', file, '--reason', 'baseline', ...state]);
    expect(s1.code).toBe(0);
    expect(s1.stdout).toMatch(/^recorded .* revision [0-9a-f]{12}: its first revision, \d+ key\(s\), the baseline later changes are compared with$/m);
    const again = await runCli(['snapshot', file, ...state]);
    expect(again.stdout).toContain('nothing significant changed');

    writeFileSync(file, CONFIG.replace('timeoutSec=10', 'timeoutSec=15').replace(SECRET, 'an0ther-Secret-Value-123456'));
    const s2 = await runCli(['snapshot', file, '--reason', 'tuning', '--format', 'json', ...state]);
    const j2 = JSON.parse(s2.stdout);
    expect(j2).toMatchObject({ version: 1, keys: ['api.secret', 'hook.timeoutSec'] });

    const h = await runCli(['history', file, '--format', 'json', ...state]);
    expect(h.code).toBe(0);
    const hj = JSON.parse(h.stdout);
    expect(Object.keys(hj)).toEqual(['version', 'node', 'revisions']);
    expect(hj.revisions).toHaveLength(2);
    expect(Object.keys(hj.revisions[0])).toEqual(['rev', 'time', 'source', 'attribution', 'reason', 'keys']);
    expect(hj.revisions[0]).toMatchObject({ rev: j2.rev, source: 'file', reason: 'tuning', keys: ['api.secret', 'hook.timeoutSec'] });
    expect(hj.revisions[1].reason).toBe('baseline');

    const byKey = await runCli(['history', hj.node, '--key', 'hook.timeoutSec', '--format', 'json', ...state]);
    // the first revision set every key
    expect(JSON.parse(byKey.stdout).revisions.map((r: { rev: string }) => r.rev)).toEqual([j2.rev, hj.revisions[1].rev]);
    const future = await runCli(['history', hj.node, '--since', '2999-01-01', '--format', 'json', ...state]);
    expect(JSON.parse(future.stdout).revisions).toEqual([]);

    const b = await runCli(['blame', hj.node, '--format', 'json', ...state]);
    const keys = JSON.parse(b.stdout).keys as { key: string; rev: string }[];
    expect(keys.find((k) => k.key === 'hook.timeoutSec')!.rev).toBe(j2.rev);
    expect(keys.find((k) => k.key === 'general.mediaServerId')!.rev).toBe(hj.revisions[1].rev);

    const show = await runCli(['show', j2.rev.slice(0, 8), ...state]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/api\.secret: ‹secret changed: [0-9a-f]{4,} → [0-9a-f]{4,}›/);
    expect(show.stdout).toContain('hook.timeoutSec: 10 → 15');
    const showJson = JSON.parse((await runCli(['show', j2.rev, '--format', 'json', ...state])).stdout);
    expect(showJson.changes.map((c: { key: string }) => c.key)).toEqual(['api.secret', 'hook.timeoutSec']);
    for (const out of [s1, s2, h, b, show].map((r) => r.stdout + r.stderr)) expect(out).not.toContain(SECRET);

    const zh = await runCli(['history', hj.node, '--lang', 'zh', ...state]);
    expect(zh.stdout).toContain('的历史');
    const showZh = await runCli(['show', j2.rev, '--lang', 'zh', ...state]);
    expect(showZh.stdout).toMatch(/归因：\s*运维人员/);
    expect(showZh.stdout).toMatch(/即时生效|仅对新流生效|需重启/);
  });

  it('fails with one clear line: unknown node, unknown revision, no history yet, both a file and --api', async () => {
    const { file, state } = setup();
    const none = await runCli(['history', file, ...state]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^zlm-doctor: no history in .* yet/);
    await runCli(['snapshot', file, ...state]);
    const unk = await runCli(['blame', 'nope', ...state]);
    expect(unk.code).toBe(2);
    expect(unk.stderr).toMatch(/^zlm-doctor: no history for "nope"/);
    const rev = await runCli(['show', 'abcdef12', ...state]);
    expect(rev.code).toBe(2);
    expect(rev.stderr).toMatch(/no revision "abcdef12"/);
    expect((await runCli(['snapshot', file, '--api', 'http://127.0.0.1:1', ...state])).code).toBe(2);
    const zh = await runCli(['blame', 'nope', '--lang', 'zh', ...state]);
    expect(zh.stderr).toContain('没有 "nope" 的历史');
  });

  it('diff takes revision sides: file ↔ <node>@head, revision ↔ revision, @<rev>', async () => {
    const { file, state } = setup();
    const first = JSON.parse((await runCli(['snapshot', file, '--format', 'json', ...state])).stdout);
    // the same secret in the file and in history compare equal (both fingerprinted with the store's key)
    const same = await runCli(['diff', file, `${file}@head`, '--exit-code', ...state]);
    expect(same.stderr).toBe('');
    expect(same.code).toBe(0);
    writeFileSync(file, CONFIG.replace('timeoutSec=10', 'timeoutSec=30'));
    const fileVsRev = JSON.parse((await runCli(['diff', `${first.node}@head`, file, '--format', 'json', ...state])).stdout);
    expect(fileVsRev.changes).toEqual([{ key: 'hook.timeoutSec', kind: 'changed', risky: false, reload: expect.any(String), before: '10', after: '30' }]);
    const second = JSON.parse((await runCli(['snapshot', file, '--format', 'json', ...state])).stdout);
    const revs = JSON.parse((await runCli(['diff', `${first.node}@head~1`, `@${second.rev.slice(0, 7)}`, '--format', 'json', ...state])).stdout);
    expect(revs.changes.map((c: { key: string }) => c.key)).toEqual(['hook.timeoutSec']);
    const text = await runCli(['diff', `${first.node}@${first.rev.slice(0, 8)}`, `${first.node}@head`, ...state]);
    expect(text.stdout).toContain('hook.timeoutSec');
    const bad = await runCli(['diff', `${first.node}@head~5`, file, ...state]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/has only 2 revision/);
  });
});
