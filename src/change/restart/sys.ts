/**
 * The real system calls of a restart: run a program (bounded, no shell),
 * signal a pid, start a process detached in its own session with its output
 * to /dev/null. Tests replace any of them (RestartOptions.sys).
 */
import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import type { CommandResult, RestartSys, Spawned, StartSpec } from './types.ts';

function run(cmd: string, args: string[], timeoutMs: number): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: Math.max(1, timeoutMs), killSignal: 'SIGKILL', maxBuffer: 1 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return resolve({ code: 0, stdout, stderr });
      const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean };
      if (typeof e.code === 'string') return resolve({ code: null, stdout: stdout ?? '', stderr: stderr ?? '', error: `${cmd}: ${e.code}` });
      resolve({ code: typeof e.code === 'number' ? e.code : null, stdout: stdout ?? '', stderr: stderr ?? '', ...(e.killed ? { timedOut: true } : {}) });
    });
  });
}

function kill(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

async function start(spec: StartSpec): Promise<Spawned> {
  const out = openSync(spec.output, 'a');
  try {
    const child = spawn(spec.command, spec.argv.slice(1), {
      argv0: spec.argv[0] ?? spec.command,
      cwd: spec.cwd,
      env: spec.env,
      // its own session (setsid): our terminal, our process group and our exit do not reach it
      detached: true,
      stdio: ['ignore', out, out],
      ...(spec.uid !== undefined ? { uid: spec.uid } : {}),
      ...(spec.gid !== undefined ? { gid: spec.gid } : {}),
    });
    let status: number | null | undefined;
    child.once('exit', (code) => {
      status = code;
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', reject);
    });
    child.unref();
    return { pid: child.pid!, exitStatus: () => status };
  } finally {
    closeSync(out);
  }
}

export function systemRestartSys(over: Partial<RestartSys> = {}): RestartSys {
  return {
    procRoot: '/proc',
    passwd: '/etc/passwd',
    run,
    kill,
    spawn: start,
    fetch: undefined,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    uid: process.getuid?.() ?? 0,
    clkTck: undefined,
    ...over,
  };
}
