/**
 * `serve` with no config monitors the MediaServer it finds on this machine
 * (the embedded default): its API port and secret come from its config.ini.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDirs } from '../support/temp-tree.ts';
import { mediaServerPath } from '../support/shared.ts';
import { hasSqlite, realServeSkipNote } from '../support/monitor.ts';
import { startRealZlm, type RealZlm } from '../support/zlm-sim/real.ts';
import { runServeEngine } from '../../src/cli/serve-run.ts';
import type { Io } from '../../src/cli/io.ts';
import type { ServeHandle } from '../../src/monitor/engine-serve.ts';

const bin = mediaServerPath();
const why = realServeSkipNote(bin);
const dir = freshDirs('zd-serve-local-');

(bin && hasSqlite ? describe : describe.skip)(`serve without a config (embedded default)${why}`, () => {
  let z: RealZlm | undefined;
  beforeAll(async () => {
    z = await startRealZlm();
  }, 30_000);
  afterAll(async () => {
    await z?.close();
  });

  it('monitors the local MediaServer it discovers', async () => {
    let out = '';
    const io: Io = { out: (s) => (out += s), err: (s) => (out += s), stdout: {}, stderr: {}, env: { LANG: 'C' } };
    let stop!: () => void;
    const stopWhen = new Promise<void>((r) => (stop = r));
    let handle: ServeHandle | undefined;
    const cwd = process.cwd();
    process.chdir(dir());
    const done = runServeEngine({ listen: '127.0.0.1:0', stateDir: dir(), lang: 'en', stopWhen, onReady: (h) => (handle = h) }, io);
    process.chdir(cwd);
    const until = async <T>(f: () => T | undefined): Promise<T> => {
      for (let i = 0; i < 100; i++) {
        const v = f();
        if (v) return v;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out: ${out}`);
    };
    const h = await until(() => handle);
    expect(out).toMatch(/no config: monitoring the local MediaServer/);
    // other tests may run MediaServers of their own at the same time: ours is `local` or `local-<port>`
    const names = h.engine.states().map((s) => s.name);
    const name = names.includes(`local-${z!.port}`) ? `local-${z!.port}` : 'local';
    expect(names).toContain(name);
    const st = await until(() => (h.engine.state(name)?.lastProbe ? h.engine.state(name) : undefined));
    expect(st!.lastProbe!.api.ok).toBe(true);
    expect(st!.health).toBe('up');
    stop();
    expect(await done).toBe(0);
  }, 40_000);
});
