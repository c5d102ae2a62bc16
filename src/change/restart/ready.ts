/**
 * Waiting, bounded, until a (re)started server is ready: its processes are
 * there (watchdog and worker under -d), its API answers getServerConfig, and
 * every configured listener is held by it and accepts a TCP connection.
 */
import { findMediaServers, listeningSockets, type MediaServerProcess } from '../../doctor/index.ts';
import { createZlmApi } from '../../zlm/api.ts';
import { holders, label, tcpAccepts, type Listener } from './ports.ts';
import { groupPids, groupsOf, type ServerGroup } from './target.ts';
import type { RestartSys, Spawned } from './types.ts';

export interface ReadySpec {
  /** the new server among the running ones */
  isNew: (g: ServerGroup) => boolean;
  /** started with -d: a worker must be up too */
  needWorker: boolean;
  spawned?: Spawned;
  apiBase?: string;
  /** the secret to use now (re-read: ZLM replaces a sample or empty secret at start-up and rewrites the file) */
  secret: () => string | undefined;
  listeners: readonly Listener[];
  host: string;
  deadline: number;
}

export interface ReadyOutcome {
  ok: boolean;
  group?: ServerGroup;
  /** 'ok': getServerConfig answered code 0; 'refused': ZLM answered but refused our secret or IP; 'none': no answer */
  api: 'ok' | 'refused' | 'none' | 'not-checked';
  /** what was still missing at the end, one item each */
  missing: string[];
  /** the started process exited (status) before it was ready */
  exited?: number | null;
  ms: number;
}

const ZLM_REFUSALS = new Set(['auth', 'ip-not-allowed', 'invalid-args', 'exception', 'not-found', 'failed']);

export async function waitReady(spec: ReadySpec, sys: RestartSys): Promise<ReadyOutcome> {
  const t0 = performance.now();
  let missing: string[] = ['process'];
  let api: ReadyOutcome['api'] = spec.apiBase ? 'none' : 'not-checked';
  let group: ServerGroup | undefined;
  for (;;) {
    const st = spec.spawned?.exitStatus();
    if (st !== undefined) return { ok: false, api, missing, exited: st, ms: performance.now() - t0 };
    missing = [];
    let servers: MediaServerProcess[] = [];
    try {
      servers = findMediaServers({ root: sys.procRoot, passwd: sys.passwd, ...(sys.clkTck ? { clkTck: sys.clkTck } : {}) });
    } catch {
      servers = [];
    }
    group = groupsOf(servers).find(spec.isNew);
    if (!group) missing.push('process');
    else if (spec.needWorker && group.workers.length === 0) missing.push('worker');

    if (group && missing.length === 0) {
      if (spec.apiBase) {
        const left = Math.max(100, Math.min(1000, spec.deadline - performance.now()));
        const secret = spec.secret();
        const client = createZlmApi({ base: spec.apiBase, ...(secret ? { secret } : {}), timeoutMs: left, ...(sys.fetch ? { fetchImpl: sys.fetch } : {}) });
        const r = await client.getServerConfig({ timeoutMs: left });
        api = r.ok ? 'ok' : ZLM_REFUSALS.has(r.error.kind) ? 'refused' : 'none';
        if (api === 'none') missing.push(`API ${spec.apiBase}`);
      }
      const pids = new Set(groupPids(group));
      const { sockets } = listeningSockets({ root: sys.procRoot, netnsOf: [...pids] });
      const h = holders(spec.listeners, sockets);
      for (const l of spec.listeners) {
        const x = h.get(l)!;
        if (!x.pids.some((p) => pids.has(p)) && !(x.held && x.pids.length === 0)) {
          missing.push(label(l));
          continue;
        }
        if (l.transport === 'tcp' && !(await tcpAccepts(spec.host, l.port, Math.max(100, Math.min(500, spec.deadline - performance.now()))))) missing.push(`${label(l)} (no accept)`);
      }
    }
    if (missing.length === 0) return { ok: true, group, api, missing, ms: performance.now() - t0 };
    if (performance.now() >= spec.deadline) return { ok: false, ...(group ? { group } : {}), api, missing, ms: performance.now() - t0 };
    await sys.sleep(100);
  }
}
