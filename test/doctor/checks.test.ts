/**
 * Ok and fail paths of the process and logs checks, with a real process
 * named MediaServer and log directories seeded with recorded logs.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync as mkdtemp, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { refText } from '../support/zlm-sim/recordings.ts';
import { runCli } from '../support/cli.ts';

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A temp dir removed after the suite. */
function mkdtempSync(prefix: string): string {
  const d = mkdtemp(prefix);
  dirs.push(d);
  return d;
}

/** Only the log lines of a recorded sample (the files carry a prose header). */
function logLines(name: string): string {
  return refText(`logs/${name}`)
    .split('\n')
    .filter((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [TDIWE] /.test(l) || /^\s/.test(l))
    .join('\n');
}

async function checks(args: string[]) {
  const r = await runCli(['doctor', '--format', 'json', '--timeout', '4s', '--since', '3000d', ...args]);
  const j = JSON.parse(r.stdout) as { checks: { id: string; status: string; message: string }[]; diagnosis: { title: string }[] };
  return { r, j, status: (id: string) => j.checks.find((c) => c.id === id)?.status };
}

describe('doctor checks, ok and fail', () => {
  it('process: a running MediaServer is found (ok), whatever other MediaServers run here', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zd-proc-'));
    const exe = join(dir, 'MediaServer');
    symlinkSync(process.execPath, exe);
    // it holds the copied config's http.port: that ties it to the config even when other
    // MediaServers run meanwhile (the only-one assumption is covered in server-choice.test.ts)
    const code = "const s=require('http').createServer((q,r)=>{r.statusCode=404;r.end()}).listen(0,'127.0.0.1',()=>console.log(s.address().port));setTimeout(()=>process.exit(0),15000)";
    const child = spawn(exe, ['-e', code], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(child);
    const port = await new Promise<number>((res, rej) => {
      child.stdout!.once('data', (b: Buffer) => res(Number(String(b).trim())));
      child.once('exit', () => rej(new Error('the fake MediaServer exited')));
    });
    const cfg = join(dir, 'config.ini');
    writeFileSync(cfg, `[api]\nsecret=Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE\n[http]\nport=${port}\n[shell]\nport=0\n`);
    const { j } = await checks(['--config', cfg, '--log-dir', dir]);
    const p = j.checks.find((c) => c.id === 'process')!;
    expect(p.status, p.message).toBe('ok');
    expect(p.message).toMatch(new RegExp(`^pid ${child.pid} \\(single\\)`));
  });

  it('logs: seeded with recorded failure logs (fail) and a normal start (ok)', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'zd-logs-'));
    mkdirSync(join(bad, 'log'));
    writeFileSync(join(bad, 'log', '2026-11-23_00.log'), [logLines('hook-fail-closed-port.txt'), logLines('port-in-use.txt')].join('\n') + '\n');
    const f = await checks(['--log-dir', join(bad, 'log')]);
    expect(f.status('logs')).toBe('fail');
    expect(f.j.diagnosis.map((d) => d.title).join('\n')).toMatch(/in the log/);

    const good = mkdtempSync(join(tmpdir(), 'zd-logs-ok-'));
    writeFileSync(join(good, '2026-11-23_00.log'), logLines('publish-play-normal.txt') + '\n');
    const o = await checks(['--log-dir', good]);
    expect(['ok', 'warn']).toContain(o.status('logs'));
    expect(o.j.checks.find((c) => c.id === 'logs')!.message).not.toMatch(/error/);
  });
});
