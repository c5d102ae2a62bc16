/** The monitor's history writes (src/monitor/drift-history.ts): batched, attributed, and never lost without an event. */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HistoryStore } from '../../src/history/index.ts';
import { driftHistory } from '../../src/monitor/drift-history.ts';
import type { MonitorNode } from '../../src/monitor/node.ts';
import type { MonitorEvent } from '../../src/monitor/types.ts';
import { freshDirs } from '../support/temp-tree.ts';

const fresh = freshDirs('zd-drift-history-');

const node = (i: number): MonitorNode => ({ name: `zlm-${i}`, api: `http://127.0.0.1:${21000 + i}`, labels: {}, intervalMs: 10_000, timeoutMs: 2_000 });
const live = (i: number, timeout = '10') => ({ 'api.secret': `drift-secret-${i}-0123456789abcdef`, 'general.mediaServerId': `zlm-${i}`, 'hook.enable': '1', 'hook.on_play': 'http://127.0.0.1:18080/index/hook/on_play', 'hook.timeoutSec': timeout });

describe('drift history (serve)', () => {
  it('first sights of many nodes go into one commit; a drift is recorded after them, attributed, with one event', async () => {
    const stateDir = join(fresh(), 'state');
    const events: MonitorEvent[] = [];
    const h = driftHistory({ stateDir, event: (e) => events.push(e), now: () => 1 });
    for (let i = 0; i < 30; i++) h.record(node(i), false, live(i));
    h.record(node(3), true, { ...live(3), 'hook.on_play': 'http://10.0.0.9:18080/index/hook/on_play' });
    await h.idle();
    const repo = join(stateDir, 'repo.git');
    expect(execFileSync('git', ['-C', repo, 'rev-list', '--count', 'main'], { encoding: 'utf8' }).trim()).toBe('2');
    execFileSync('git', ['-C', repo, 'fsck', '--strict'], { stdio: 'pipe' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ node: 'zlm-3', kind: 'drift' });
    expect(events[0]!.message).toMatch(/^zlm-3: recorded as revision [0-9a-f]{12} \(/);
    expect(events[0]!.zh).toMatch(/^zlm-3：已记录为版本/);
    const store = HistoryStore.open(stateDir, { create: false })!;
    expect(Object.keys(store.nodes().nodes)).toHaveLength(30);
    const n3 = store.node('http://127.0.0.1:21003').name;
    expect(store.revisions(n3).map((r) => r.reason)).toEqual(['zlm-doctor serve: first seen', 'zlm-doctor serve: drift detected']);
    expect(store.revisions(n3)[1]!.keys).toEqual(['hook.on_play']);
  });

  it('a batch that cannot be written: a monitor event per node and attempt (en and zh), then given up, said so', async () => {
    const d = fresh();
    const notDir = join(d, 'not-a-dir');
    writeFileSync(notDir, 'x');
    const events: MonitorEvent[] = [];
    const h = driftHistory({ stateDir: notDir, event: (e) => events.push(e), now: () => 1, maxDelayMs: 5 });
    h.record(node(1), false, live(1));
    h.record(node(2), true, live(2));
    await h.idle();
    expect(events.every((e) => e.kind === 'monitor')).toBe(true);
    expect(events.filter((e) => e.node === 'zlm-1').length).toBe(5);
    expect(events[0]!.message).toMatch(/^zlm-1: the change could not be recorded in the history: .*not a directory.*\(batch of 2, attempt 1; tried again with the next batch\)$/);
    expect(events[0]!.zh).toMatch(/^zlm-1：变更未能记入历史：.*将随下一批重试）$/);
    expect(events.at(-1)!.message).toMatch(/\(gave up after 5 attempts\)$/);
    expect(events.at(-1)!.zh).toMatch(/已尝试 5 次，放弃）$/);
    // no secret in any event
    expect(JSON.stringify(events)).not.toContain('drift-secret-');
  });
});
