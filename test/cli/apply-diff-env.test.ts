/**
 * `diff --env prod --api URL`: the rendered profile (the desired state) against the live server, only the
 * keys the profile sets (getServerConfig lists every compiled-in default too): what production lacks.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';
import { startZlmSim, type ZlmSim } from '../support/zlm-sim/index.ts';

const SECRET = 'Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE';
const PROFILES = join(import.meta.dirname, '../../examples/profiles');
const LIVE = `[api]\nsecret=${SECRET}\n[general]\nmediaServerId=zlm-old\n[hook]\nenable=1\n[http]\nport=80\n`;

describe('diff --env NAME', () => {
  let sim: ZlmSim | undefined;
  afterAll(async () => {
    await sim?.close();
  });

  it('--api URL: what production lacks or has differently, secrets as fingerprints; a missing variable is named (exit 2)', async () => {
    sim = await startZlmSim({ configText: LIVE, emitHooks: false });
    const env = { ZLM_API_SECRET: SECRET };
    const r = await runCli(['diff', '--api', sim.base, '--env', 'prod', '--profiles', PROFILES, '--format', 'json'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { changes: { key: string; kind: string; before: string | null; after: string | null }[] };
    const by = Object.fromEntries(j.changes.map((c) => [c.key, c]));
    expect(by['general.mediaServerId']).toMatchObject({ kind: 'changed', before: 'zlm-old', after: 'zlm-prod' });
    expect(by['hook.on_server_exited']).toMatchObject({ after: 'http://127.0.0.1:18080/index/hook/on_server_exited' });
    // only keys the profile sets: no compiled-in default shows up as "removed"
    expect(j.changes.filter((c) => c.kind === 'removed')).toEqual([]);
    expect(by['api.secret']).toBeUndefined();
    expect(r.stdout).not.toContain(SECRET);

    const t = await runCli(['diff', '--api', sim.base, '--env', 'prod', '--profiles', PROFILES], env);
    expect(t.stdout).toMatch(/→ profiles?.*prod\.ini \(rendered\)|prod\.ini \(rendered\)/);
    expect(t.stdout).toMatch(/general\.mediaServerId\s+zlm-old → zlm-prod/);

    const miss = await runCli(['diff', '--api', sim.base, '--env', 'prod', '--profiles', PROFILES, '--secret', SECRET]);
    expect(miss.code).toBe(2);
    expect(miss.stderr).toMatch(/ZLM_API_SECRET/);
  });

  it('a file and --env: the file against the rendered profile', async () => {
    const r = await runCli(['diff', join(PROFILES, 'base.ini'), '--env', 'prod', '--profiles', PROFILES, '--format', 'json'], { ZLM_API_SECRET: SECRET });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { changes: { key: string }[] };
    expect(j.changes.map((c) => c.key)).toEqual(expect.arrayContaining(['general.mediaServerId', 'hook.on_server_exited']));
  });
});
