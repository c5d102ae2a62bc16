/**
 * The engine against the real MediaServer: killed, it is down after N probes
 * with one alert; started again, a restart event and the alert resolved;
 * setServerConfig on a hook, a risky drift attributed to the API, with the
 * diff in the alert. No secret in any event, alert or stored row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDirs } from '../support/temp-tree.ts';
import { mediaServerPath } from '../support/shared.ts';
import { hasSqlite, realServeSkipNote } from '../support/monitor.ts';
import { freePort, realConfig, REAL_SECRET, startRealZlm, type RealZlm } from '../support/zlm-sim/real.ts';
import { startReceiver, type Receiver } from '../support/hook-receivers.ts';
import { MonitorEngine, type AlertChange } from '../../src/monitor/engine.ts';
import { MonitorStore } from '../../src/monitor/storage/store.ts';
import type { MonitorEvent } from '../../src/monitor/types.ts';
import { HOOK_URL_KEYS } from '../../src/zlm/hook-urls.ts';

const bin = mediaServerPath();
const why = realServeSkipNote(bin);
const dir = freshDirs('zd-mon-real-');

(bin && hasSqlite ? describe : describe.skip)(`monitor engine against the real MediaServer${why}`, () => {
  let receiver: Receiver;
  let other: Receiver;
  let z: RealZlm | undefined;
  let text: string;
  beforeAll(async () => {
    receiver = await startReceiver('good');
    other = await startReceiver('good');
    const hooks = Object.fromEntries(HOOK_URL_KEYS.map((k) => [k, '']));
    text = realConfig(await freePort(), { ...hooks, 'hook.enable': '1', 'hook.on_play': `${receiver.url}/index/hook/on_play`, 'hook.on_server_keepalive': `${receiver.url}/index/hook/on_server_keepalive`, 'general.mediaServerId': 'real-node' });
    z = await startRealZlm(text);
  }, 30_000);
  afterAll(async () => {
    await z?.close();
    await receiver?.close();
    await other?.close();
  });

  it('killed: down after N probes and one alert; back: restart event, alert resolved; hook changed by API: attributed risky drift', async () => {
    const stateDir = dir();
    const store = MonitorStore.open(stateDir);
    const engine = new MonitorEngine([{ name: 'real', api: z!.base, secret: REAL_SECRET, labels: { site: 'lab' } }], { intervalMs: 1_000, timeoutMs: 1_500, state: { downAfter: 2, recoverAfter: 1, degradeAfter: 1 }, store, stateDir, selfCheck: async () => ({ ok: true }) });
    const events: MonitorEvent[] = [];
    const alerts: AlertChange[] = [];
    engine.listen({ onEvent: (e) => events.push(e), onAlert: (a) => alerts.push(a) });

    await engine.probeNow('real');
    expect(engine.state('real')).toMatchObject({ health: 'up', readiness: 'ready' });
    expect(engine.state('real')!.lastProbe!.api.mediaServerId).toBe('real-node');

    // killed
    process.kill(z!.pid, 'SIGKILL');
    await z!.close();
    z = undefined;
    await engine.probeNow('real');
    expect(engine.state('real')!.health).toBe('up');
    await engine.probeNow('real');
    expect(engine.state('real')!.health).toBe('down');
    await engine.probeNow('real');
    const downs = alerts.filter((a) => a.kind === 'opened' && a.id.startsWith('node-down/'));
    expect(downs).toHaveLength(1);
    expect(store.alerts('open').map((a) => a.rule)).toEqual(['node-down']);

    // started again on the same port
    z = await startRealZlm(text);
    await engine.probeNow('real');
    expect(engine.state('real')!.health).toBe('up');
    expect(events.some((e) => e.kind === 'restart' && e.node === 'real')).toBe(true);
    expect(alerts.some((a) => a.kind === 'resolved' && a.id.startsWith('node-down/'))).toBe(true);
    expect(store.alerts('open')).toEqual([]);

    // a hook moved by setServerConfig: risky drift, attributed, with the diff
    const q = new URLSearchParams({ secret: REAL_SECRET, 'hook.on_play': `${other.url}/index/hook/on_play` });
    const r = (await (await fetch(`${z.base}/index/api/setServerConfig?${q}`)).json()) as { code: number };
    expect(r.code).toBe(0);
    await engine.probeNow('real');
    const drift = events.find((e) => e.kind === 'drift');
    expect(drift?.message).toMatch(/by operator/);
    expect((drift?.data?.diff as string[]).join('\n')).toMatch(/hook\.on_play: ".*" → ".*on_play"/);
    const opened = alerts.find((a) => a.kind === 'opened' && a.alert?.rule === 'risky-drift');
    expect(opened?.alert?.summary.en).toMatch(/hook\.on_play/);
    expect(opened?.alert?.details.map((d) => d.en).join('\n')).toMatch(new RegExp(`hook\\.on_play: .*${other.port}`));
    expect(engine.state('real')!.lastProbe!.drift).toBe(1);
    // and recorded in the history store, attributed
    await engine.historyIdle();
    expect(events.find((e) => e.kind === 'drift' && /recorded as revision/.test(e.message))?.message).toMatch(/\((operator|mixed)\)/);

    await engine.stop();
    // no secret anywhere: events, alerts, every stored row
    const dump = [JSON.stringify(events), JSON.stringify(alerts)];
    for (const { name } of store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]) dump.push(JSON.stringify(store.db.prepare(`SELECT * FROM ${name}`).all()));
    store.close();
    expect(dump.join('\n').includes(REAL_SECRET)).toBe(false);
  }, 60_000);
});
