/**
 * `zlm-doctor systemd-unit`: a unit for this MediaServer that systemd accepts
 * (`systemd-analyze verify`, when it exists), built from flags or from the
 * running server (a `-d` one: the unit leaves `-d` out). Also `restart` on the
 * command line: usage errors, json output, nothing to restart.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { mediaServerPath } from '../support/shared.ts';
import { freePort, realConfig, startRealZlm, type RealZlm } from '../support/zlm-sim/real.ts';
import { execWord, renderSystemdUnit } from '../../src/zlm/systemd-unit.ts';

const dir = mkdtempSync(join(tmpdir(), 'zd-unit-'));
const servers: RealZlm[] = [];
afterAll(async () => {
  for (const s of servers) await s.close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}, 20_000);

const analyze = (() => {
  try {
    execFileSync('systemd-analyze', ['--version'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
})();

/** systemd-analyze verify on the unit: its output ('' when it has nothing to say), or throws with it. */
function verify(unit: string, name: string): string {
  const file = join(dir, `${name}.service`);
  writeFileSync(file, unit);
  return execFileSync('systemd-analyze', ['verify', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
}

/** the binary ExecStart names must exist for verify: the real MediaServer copied, else a stand-in */
const exe = join(dir, 'MediaServer');
copyFileSync(mediaServerPath() ?? '/bin/true', exe);
chmodSync(exe, 0o755);

describe('systemd-unit', () => {
  it('from flags: the lines ZLM needs, no -d', async () => {
    const config = join(dir, 'config.ini');
    writeFileSync(config, realConfig(await freePort(), { 'rtsp.port': '554' }));
    const r = await runCli(['systemd-unit', '--config', config, '--exe', exe, '--user', 'zlm']);
    expect(r.code, r.stderr).toBe(0);
    const u = r.stdout;
    expect(u).toContain(`ExecStart=${exe} -c ${config}\n`);
    expect(u).toContain(`WorkingDirectory=${dir}\n`);
    expect(u).toContain('KillSignal=SIGINT\n');
    expect(u).toContain('Restart=on-failure\n');
    expect(u).toContain('ExecReload=/bin/kill -HUP $MAINPID\n');
    expect(u).toMatch(/^TimeoutStopSec=\d+$/m);
    expect(u).toMatch(/^LimitNOFILE=\d+$/m);
    expect(u).toContain('User=zlm\n');
    // rtsp.port 554 as a non-root user
    expect(u).toContain('AmbientCapabilities=CAP_NET_BIND_SERVICE\n');
    expect(u).not.toMatch(/ExecStart=.* -d\b/);
  });

  it.skipIf(!analyze)('systemd-analyze verify accepts it', async () => {
    const config = join(dir, 'my config%.ini');
    writeFileSync(config, realConfig(await freePort()));
    const r = await runCli(['systemd-unit', '--config', config, '--exe', exe]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`ExecStart=${exe} -c "${dir}/my config%%.ini"`);
    expect(() => verify(r.stdout, 'zlm-doctor-verify')).not.toThrow();
  });
  if (!analyze) it.skip('systemd-analyze verify (skipped: systemd-analyze not found)', () => {});

  it.skipIf(!mediaServerPath())('from a running -d server: its cwd, config and options, without -d', async () => {
    const z = await startRealZlm(realConfig(await freePort()), { args: ['-d'] });
    servers.push(z);
    const r = await runCli(['systemd-unit', '--pid', String(z.pid)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`ExecStart=${join(z.dir, 'MediaServer')} -c ${z.config} -l 2\n`);
    expect(r.stdout).toContain(`WorkingDirectory=${z.dir}\n`);
    expect(r.stderr).toMatch(/runs with -d; the unit leaves it out/);
    if (analyze) expect(() => verify(r.stdout, 'zlm-doctor-running')).not.toThrow();
  }, 30_000);

  it('ExecStart words: % and $ doubled, quoted when needed; a line break is refused', () => {
    expect(execWord('/a b/c')).toBe('"/a b/c"');
    expect(execWord('50%')).toBe('50%%');
    expect(execWord('$HOME')).toBe('$$HOME');
    expect(execWord('a"b')).toBe('"a\\"b"');
    expect(() => renderSystemdUnit({ exe: '/x/MediaServer', configPath: '/x/a\nb.ini', workingDirectory: '/x' })).toThrow(/line break/);
    expect(() => renderSystemdUnit({ exe: 'MediaServer', configPath: '/x/c.ini', workingDirectory: '/x' })).toThrow(/absolute/);
  });
});

describe('restart on the command line', () => {
  it('bad arguments exit 2; nothing to restart exits 1 with the reason, in json too', async () => {
    expect((await runCli(['restart', '--pid', 'abc'])).code).toBe(2);
    expect((await runCli(['restart', '--api', 'not a url'])).code).toBe(2);
    const none = await runCli(['restart', '--config', join(dir, 'nobody-runs-this.ini'), '--format', 'json']);
    expect(none.code).toBe(1);
    const j = JSON.parse(none.stdout) as { version: number; result: string; reason: string };
    expect(j).toMatchObject({ version: 1, result: 'refused' });
    expect(j.reason).toMatch(/no running MediaServer matches config/);
    const zh = await runCli(['restart', '--config', join(dir, 'nobody-runs-this.ini'), '--lang', 'zh']);
    expect(zh.stdout).toMatch(/未重启/);
  });
});
