/**
 * Stopping a server group the way ZLM stops cleanly: SIGTERM to the process
 * that was started (the `-d` watchdog, never only the worker: the watchdog
 * would start a new worker 3 s later), then a bounded wait for every process
 * of the group. SIGKILL only when the bound passes, watchdog first; it costs
 * the on_server_exited hook and may leave MP4 recordings unfinished.
 */
import { processStartTicks } from '../../doctor/index.ts';
import type { RestartSys } from './types.ts';
import type { ServerGroup } from './target.ts';

export interface StopOutcome {
  ok: boolean;
  /** pids that got SIGKILL */
  killed: number[];
  /** pids still alive at the end (only when !ok) */
  left: number[];
  /** ms until the last process was gone (or the end of the wait) */
  ms: number;
}

/** Same process still there: alive, not a zombie, and not a new process that reuses the pid. */
function aliveAs(pid: number, ticks: number, root: string): boolean {
  return processStartTicks(pid, { root }) === ticks;
}

export async function stopGroup(g: ServerGroup, sys: RestartSys, graceMs: number): Promise<StopOutcome> {
  const t0 = performance.now();
  const procs = [g.top, ...g.workers].map((p) => ({ pid: p.pid, ticks: p.startTicks }));
  const left = (): number[] => procs.filter((p) => aliveAs(p.pid, p.ticks, sys.procRoot)).map((p) => p.pid);
  const waitGone = async (until: number): Promise<number[]> => {
    let l = left();
    while (l.length > 0 && performance.now() < until) {
      await sys.sleep(50);
      l = left();
    }
    return l;
  };

  if (aliveAs(g.top.pid, g.top.startTicks, sys.procRoot)) sys.kill(g.top.pid, 'SIGTERM');
  else for (const w of g.workers) if (aliveAs(w.pid, w.startTicks, sys.procRoot)) sys.kill(w.pid, 'SIGTERM');
  let l = await waitGone(t0 + graceMs);
  if (l.length === 0) return { ok: true, killed: [], left: [], ms: performance.now() - t0 };

  // last resort: the watchdog first (killing only the worker makes the watchdog start another)
  const killed: number[] = [];
  const order = [g.top.pid, ...g.workers.map((w) => w.pid)].filter((p) => l.includes(p));
  for (const pid of order) {
    const p = procs.find((q) => q.pid === pid)!;
    if (aliveAs(p.pid, p.ticks, sys.procRoot) && sys.kill(pid, 'SIGKILL')) killed.push(pid);
  }
  l = await waitGone(performance.now() + 3000);
  return { ok: l.length === 0, killed, left: l, ms: performance.now() - t0 };
}
