/**
 * The rendered file on the real MediaServer: ZLM reads what render meant (a CRLF base with comments, an overlay,
 * a secret from the environment), and the plan's "live: SIGHUP" for a hook URL holds: written + SIGHUP → live,
 * no restart (same pid); and its "a removed key needs a restart" too: after SIGHUP the running value stays.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { writeFileSync } from 'node:fs';
import { IniDocument } from '../../src/ini/document.ts';
import { mergeProfile, planApply } from '../../src/change/index.ts';
import { mediaServerPath } from '../support/shared.ts';
import { freePort, realConfig, startRealZlm, type RealZlm } from '../support/zlm-sim/real.ts';

const bin = mediaServerPath();
const SECRET = 'rendered-secret-3f9a1c7e5b2d4a6c8e0f';

async function serverConfig(z: RealZlm): Promise<Record<string, string>> {
  const r = await fetch(`${z.base}/index/api/getServerConfig?secret=${encodeURIComponent(SECRET)}`, { signal: AbortSignal.timeout(3000) });
  const j = (await r.json()) as { code: number; data: Record<string, string>[] };
  expect(j.code).toBe(0);
  return j.data[0]!;
}

(bin ? describe : describe.skip)(`render on the real MediaServer${bin ? '' : ' (skipped: no MediaServer; set ZLM_MEDIASERVER or provide ../shared/zlm/MediaServer)'}`, () => {
  let z: RealZlm | undefined;
  afterAll(async () => {
    await z?.close();
  });

  it('ZLM runs on the rendered config as rendered; a hook URL change is live after SIGHUP', async () => {
    const port = await freePort();
    const base = realConfig(port, { 'api.secret': '${ZLM_API_SECRET}' }).replace(/\r?\n/g, '\r\n');
    const overlay = '[general]\nmediaServerId=zlm-rendered\n[hook]\non_play=http://127.0.0.1:18080/index/hook/on_play\n';
    const r = mergeProfile({ file: 'base.ini', doc: new IniDocument(base) }, { file: 'prod.ini', doc: new IniDocument(overlay) }, { ZLM_API_SECRET: SECRET });
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.text.split('\r\n').length).toBeGreaterThan(10);
    expect(r.text.replace(/\r\n/g, '')).not.toContain('\n');

    z = await startRealZlm(r.text);
    const live = await serverConfig(z);
    expect(live['api.secret']).toBe(SECRET);
    expect(live['general.mediaServerId']).toBe('zlm-rendered');
    expect(live['hook.on_play']).toBe('http://127.0.0.1:18080/index/hook/on_play');

    // the plan for a hook URL: SIGHUP, no restart; do what it says and check what it says to verify
    const desired = r.doc.set('hook.on_play', 'http://127.0.0.1:18080/index/hook/on_play_v2');
    const plan = planApply({ current: r.doc.toMap(), desired: desired.toMap(), mode: 'process' });
    expect(plan.reload).toBe('sighup');
    writeFileSync(z.config, desired.text);
    const pid = z.pid;
    z.reload();
    const until = Date.now() + 5000;
    let after = await serverConfig(z);
    while (after['hook.on_play'] !== 'http://127.0.0.1:18080/index/hook/on_play_v2' && Date.now() < until) {
      await new Promise((res) => setTimeout(res, 100));
      after = await serverConfig(z);
    }
    const configStep = plan.verified.find((v) => v.check === 'config');
    for (const k of configStep && configStep.check === 'config' ? configStep.keys : []) expect(after[k]).toBe(desired.get(k));
    expect(z.pid).toBe(pid);

    // a key removed from the file: SIGHUP keeps its running value (so the plan says restart)
    const removed = desired.remove('general.mediaServerId');
    const p2 = planApply({ current: desired.toMap(), desired: removed.toMap(), mode: 'process' });
    expect(p2.changes).toMatchObject([{ key: 'general.mediaServerId', kind: 'removed', via: 'restart' }]);
    // with a marker change in the same write, to know when the SIGHUP has been handled
    writeFileSync(z.config, removed.set('hook.on_play', 'http://127.0.0.1:18080/index/hook/on_play_v3').text);
    z.reload();
    const until2 = Date.now() + 5000;
    let now = await serverConfig(z);
    while (now['hook.on_play'] !== 'http://127.0.0.1:18080/index/hook/on_play_v3' && Date.now() < until2) {
      await new Promise((res) => setTimeout(res, 100));
      now = await serverConfig(z);
    }
    expect(now['hook.on_play']).toBe('http://127.0.0.1:18080/index/hook/on_play_v3');
    expect(now['general.mediaServerId']).toBe('zlm-rendered');
  }, 30_000);
});
