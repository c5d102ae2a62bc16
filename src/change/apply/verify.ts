/**
 * Verification after an apply (and after its rollback): the plan's VerifySteps
 * checked against the running server, polled until every required check holds
 * or the deadline passes (a SIGHUP or a restart takes a moment to show).
 *
 * - api: getServerConfig answers code 0;
 * - config: every key shows its intended value (a removed key: its compiled-in default);
 * - listener: a TCP listener accepts a connection; a UDP one is held by the server's processes
 *   (optional ones — onvif binds lazily, rtc/srt only in some builds — never fail the apply);
 * - port-free: no process holds the old port of a moved listener;
 * - hook-keepalive: an on_server_keepalive request to the configured receiver answers code 0.
 */
import type { Localized } from '../../i18n/index.ts';
import { HOOK_BODIES, listeningSockets, probeUrl } from '../../doctor/index.ts';
import { createZlmApi } from '../../zlm/api.ts';
import { defaultOf } from '../../zlm/effective.ts';
import { tcpAccepts } from '../restart/ports.ts';
import type { VerifyStep } from './plan.ts';

export interface VerifyOutcome {
  check: VerifyStep['check'] | 'rollback-config';
  ok: boolean;
  /**
   * a listener that may normally be down, reported, never fatal: 'lazy' (onvif binds on first use), 'feature'
   * (rtc/srt exist only in builds with them), 'advisory' (an API-only target's listeners, seen through NAT/port mapping)
   */
  optional?: 'lazy' | 'feature' | 'advisory';
  key?: string;
  keys?: string[];
  port?: number;
  transport?: string;
  /** why it failed (keys with another value: names only, never values) */
  detail?: Localized;
}

export interface VerifyContext {
  apiBase: string | undefined;
  /** the secret to ask with (the intended one when the apply changes api.secret) */
  secret: string | undefined;
  /** the value each checked key should show (raw, secrets included: compared, never printed) */
  expected: ReadonlyMap<string, string>;
  /** the host to connect to for TCP listeners */
  host: string;
  /** the server's pids (UDP listeners are looked up in its network namespace); undefined: any holder */
  pids: () => number[] | undefined;
  deadline: number;
  sleep?: (ms: number) => Promise<void>;
  fetchImpl?: typeof fetch;
  procRoot?: string;
  /** API-only target: its listeners are seen from here, through whatever NAT or port mapping lies between: advisory */
  advisoryListeners?: boolean;
}

const left = (deadline: number, max: number) => Math.max(100, Math.min(max, deadline - performance.now()));

async function liveConfig(ctx: VerifyContext): Promise<{ ok: true; data: Record<string, string> } | { ok: false; why: Localized }> {
  if (!ctx.apiBase) return { ok: false, why: { en: 'no API address (http.port is 0 and no --api)', zh: '没有 API 地址（http.port 为 0 且未给出 --api）' } };
  const t = left(ctx.deadline, 2000);
  const api = createZlmApi({ base: ctx.apiBase, ...(ctx.secret ? { secret: ctx.secret } : {}), timeoutMs: t, ...(ctx.fetchImpl ? { fetchImpl: ctx.fetchImpl } : {}) });
  const r = await api.getServerConfig({ timeoutMs: t });
  if (r.ok) return { ok: true, data: r.data };
  return { ok: false, why: { en: `${ctx.apiBase}: ${r.error.explain.en.split('\n')[0]}`, zh: `${ctx.apiBase}：${r.error.explain.zh.split('\n')[0]}` } };
}

async function once(steps: readonly VerifyStep[], ctx: VerifyContext): Promise<VerifyOutcome[]> {
  const out: VerifyOutcome[] = [];
  const needApi = steps.some((s) => s.check === 'api' || s.check === 'config' || s.check === 'hook-keepalive');
  const live = needApi ? await liveConfig(ctx) : undefined;
  let sockets: ReturnType<typeof listeningSockets>['sockets'] | undefined;
  const socketsNow = () => {
    if (!sockets) {
      const pids = ctx.pids();
      try {
        sockets = listeningSockets({ ...(ctx.procRoot ? { root: ctx.procRoot } : {}), ...(pids?.length ? { netnsOf: pids } : {}) }).sockets;
      } catch {
        sockets = [];
      }
    }
    return sockets;
  };
  for (const s of steps) {
    switch (s.check) {
      case 'api':
        out.push({ check: 'api', ok: !!live?.ok, ...(live && !live.ok ? { detail: live.why } : {}) });
        break;
      case 'config': {
        if (!live?.ok) {
          out.push({ check: 'config', ok: false, keys: s.keys, detail: live && !live.ok ? live.why : { en: 'not read', zh: '未读取' } });
          break;
        }
        const wrong = s.keys.filter((k) => (live.data[k] ?? defaultOf(k) ?? '') !== (ctx.expected.get(k) ?? defaultOf(k) ?? ''));
        out.push({
          check: 'config',
          ok: wrong.length === 0,
          keys: s.keys,
          ...(wrong.length ? { detail: { en: `getServerConfig does not show the intended value of: ${wrong.join(', ')}`, zh: `getServerConfig 未显示以下配置项的目标值：${wrong.join('、')}` } } : {}),
        });
        break;
      }
      case 'listener': {
        const transports: ('tcp' | 'udp')[] = s.transport === 'both' ? ['tcp', 'udp'] : [s.transport];
        const bad: string[] = [];
        for (const t of transports) {
          if (t === 'tcp') {
            if (!(await tcpAccepts(ctx.host, s.port, left(ctx.deadline, 500)))) bad.push(`${s.port}/tcp`);
          } else {
            const pids = ctx.pids();
            const on = socketsNow().filter((x) => x.transport === 'udp' && x.port === s.port);
            if (!on.length || (pids?.length && on.every((x) => x.pids.length > 0 && !x.pids.some((p) => pids.includes(p))))) bad.push(`${s.port}/udp`);
          }
        }
        out.push({
          check: 'listener',
          ok: bad.length === 0,
          key: s.key,
          port: s.port,
          transport: s.transport,
          ...(s.optional ? { optional: s.optional } : ctx.advisoryListeners ? { optional: 'advisory' as const } : {}),
          ...(bad.length ? { detail: { en: `${s.key}: nothing listens on ${bad.join(', ')}`, zh: `${s.key}：${bad.join('、')} 上没有监听` } } : {}),
        });
        break;
      }
      case 'port-free': {
        const held = socketsNow().filter((x) => x.port === s.port);
        const accepts = await tcpAccepts(ctx.host, s.port, left(ctx.deadline, 300));
        const ok = held.length === 0 && !accepts;
        out.push({ check: 'port-free', ok, key: s.key, port: s.port, ...(ok ? {} : { detail: { en: `the old ${s.key} port ${s.port} is still held`, zh: `原 ${s.key} 端口 ${s.port} 仍被占用` } }) });
        break;
      }
      case 'hook-keepalive': {
        const url = live?.ok ? live.data['hook.on_server_keepalive'] : ctx.expected.get('hook.on_server_keepalive');
        if (!url) {
          out.push({ check: 'hook-keepalive', ok: false, detail: { en: 'no hook.on_server_keepalive to probe', zh: '没有可探测的 hook.on_server_keepalive' } });
          break;
        }
        const r = await probeUrl(url, { timeoutMs: left(ctx.deadline, 3000), body: HOOK_BODIES.on_server_keepalive ?? {}, expectCodeZero: true });
        out.push({ check: 'hook-keepalive', ok: r.ok, ...(r.ok ? {} : { detail: { en: `on_server_keepalive: ${r.failure ?? 'failed'}${r.status ? ` (HTTP ${r.status})` : ''}`, zh: `on_server_keepalive：${r.failure ?? '失败'}${r.status ? `（HTTP ${r.status}）` : ''}` } }) });
        break;
      }
    }
  }
  return out;
}

export const failed = (v: readonly VerifyOutcome[]) => v.filter((x) => !x.ok && !x.optional);

/** Check every step; poll until they all hold (optional listeners aside) or the deadline passes. */
export async function verifySteps(steps: readonly VerifyStep[], ctx: VerifyContext): Promise<VerifyOutcome[]> {
  const sleep = ctx.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (;;) {
    const r = await once(steps, ctx);
    if (failed(r).length === 0 || performance.now() >= ctx.deadline) return r;
    await sleep(200);
  }
}
