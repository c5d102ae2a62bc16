import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';
import { freshDirs } from '../support/temp-tree.ts';

const fresh = freshDirs('zd-histfix-');
const SECRET = 'Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE';
// inline comments: mINI keeps them in the value, fix moves them to their own line
const CONFIG = ['[api]', `secret=${SECRET}`, '[general]', 'mediaServerId=zlm-a', 'streamNoneReaderDelayMS=20000   ; was 30000', '[hook]', 'enable=1', 'on_play=http://127.0.0.1:18080/index/hook/on_play    # token check', ''].join('\n');

describe('fix records before and after in the history', () => {
  it('fix: the file as found, then as written (zlm-doctor); --dry-run records nothing', async () => {
    const d = fresh();
    const f = join(d, 'config.ini');
    const state = ['--state-dir', join(d, 'state')];
    writeFileSync(f, CONFIG);
    const dry = await runCli(['fix', '--dry-run', f, ...state]);
    expect(dry.stdout).not.toContain('history:');
    const r = await runCli(['fix', f, ...state]);
    expect(r.stdout).toMatch(/history: recorded [0-9a-f]{12} \(before\) and [0-9a-f]{12} \(after, zlm-doctor\)/);
    const h = JSON.parse((await runCli(['history', f, '--format', 'json', ...state])).stdout);
    expect(h.revisions).toHaveLength(2);
    expect(h.revisions[0].attribution).toBe('zlm-doctor');
    expect(h.revisions[0].reason).toMatch(/^zlm-doctor fix: /);
    expect(h.revisions[0].keys).toEqual(expect.arrayContaining(['hook.on_play', 'general.streamNoneReaderDelayMS']));
    expect(h.revisions[1].reason).toBe('before zlm-doctor fix');
    expect(readFileSync(f, 'utf8')).toContain('# token check\non_play=');
  });

  it('check --fix records too; a fix without a state directory (no HOME) records nothing and still succeeds', async () => {
    const d = fresh();
    const f = join(d, 'config.ini');
    writeFileSync(f, CONFIG);
    const r = await runCli(['check', '--fix', f], { XDG_STATE_HOME: join(d, 'xdg') });
    expect(r.stdout + r.stderr).toMatch(/history: recorded/);
    const h = JSON.parse((await runCli(['history', f, '--format', 'json'], { XDG_STATE_HOME: join(d, 'xdg') })).stdout);
    expect(h.revisions.map((x: { attribution: string }) => x.attribution)).toEqual(['zlm-doctor', 'operator']);

    const g = join(fresh(), 'config.ini');
    writeFileSync(g, CONFIG);
    const bare = await runCli(['fix', g]);
    expect(bare.stdout).not.toContain('history');
    expect(readFileSync(g, 'utf8')).toContain('# token check\non_play=');
  });
});
