/**
 * The API probe: ONE attempt per call through the ZLM API client, under the
 * caller's deadline (AbortSignal), over one connection per probe
 * (transport.ts), with the call that made it timed by phase the way
 * blackbox_exporter times a probe. `version` goes first and decides
 * reachability and auth; getServerConfig, getThreadsLoad and getMediaList
 * then run together. Only counts are kept from the media list,
 * never a per-stream series. The live config is returned beside the evidence
 * (it holds api.secret) and never stored or exported as is.
 */
import { createZlmApi, type ApiError, type CallOptions, type ZlmApi } from '../../zlm/api.ts';
import type { HttpPhases } from '../../zlm/http.ts';
import type { ApiEvidence, PhaseTimings, Readiness } from '../types.ts';
import type { MonitorNode } from '../node.ts';
import { probeTransport } from './transport.ts';

export interface ApiProbeOutput {
  evidence: ApiEvidence;
  /** getServerConfig's flat map (secret inside: keep in memory only) */
  liveConfig?: Record<string, string>;
}

export function toTimings(p: HttpPhases | undefined, fallbackMs: number): PhaseTimings {
  const t: PhaseTimings = { total: Math.round(p?.totalMs ?? fallbackMs) };
  if (p?.dnsMs !== undefined) t.dns = p.dnsMs;
  if (p?.connectMs !== undefined) t.connect = p.connectMs;
  if (p?.tlsMs !== undefined) t.tls = p.tlsMs;
  if (p?.firstByteMs !== undefined) t.firstByte = p.firstByteMs;
  return t;
}

/** What the API alone says about readiness. */
export function apiReadiness(e: ApiError | undefined): Readiness {
  if (!e) return 'ready';
  if (e.kind === 'auth') return 'secret_rejected';
  if (e.kind === 'ip-not-allowed') return 'ip_not_allowed';
  return 'api_unreachable';
}

function detailOf(e: ApiError): string {
  return `${e.api}: ${e.kind}${e.code !== undefined ? ` code ${e.code}` : ''}${e.status !== undefined && e.status !== 200 ? ` HTTP ${e.status}` : ''}${e.msg ? ` (${e.msg.slice(0, 120)})` : ''}`;
}

export interface ApiProbeOptions {
  signal: AbortSignal;
  now?: () => number;
  /** a client to use instead of createZlmApi (tests) */
  api?: ZlmApi;
  /** kept by the caller across this node's probes: an unchanged getServerConfig is not parsed again (same map returned) */
  answerMemo?: Map<string, { digest: string; data: unknown }>;
}

/**
 * One API client per node, kept across its probes (its URLs are made once); each probe passes its own
 * connection (transport) per call. A node replaced by a reload is a new object, hence a new client.
 */
const clients = new WeakMap<MonitorNode, { memo: ApiProbeOptions['answerMemo']; api: ZlmApi }>();

function clientOf(node: MonitorNode, memo: ApiProbeOptions['answerMemo']): ZlmApi {
  const c = clients.get(node);
  if (c && c.memo === memo) return c.api;
  const api = createZlmApi({
    base: node.api,
    ...(node.secret !== undefined ? { secret: node.secret } : {}),
    // a generous per-call bound; the real deadline is the caller's signal
    timeoutMs: node.timeoutMs ?? 2_147_483_647,
    // answers are never shown from here: no redacted copy of every body
    rawBody: false,
    ...(memo ? { answerMemo: memo } : {}),
  });
  clients.set(node, { memo, api });
  return api;
}

export async function probeApi(node: MonitorNode, opts: ApiProbeOptions): Promise<ApiProbeOutput> {
  const now = opts.now ?? Date.now;
  const at = now();
  // one connection for the probe's calls, closed when it ends (transport.ts)
  const transport = opts.api ? undefined : probeTransport();
  try {
    return await probeWith(opts.api ?? clientOf(node, opts.answerMemo), at, transport ? { signal: opts.signal, fetchImpl: transport.fetch } : { signal: opts.signal }, () => transport?.phases);
  } finally {
    transport?.close();
  }
}

async function probeWith(api: ZlmApi, at: number, call: CallOptions, phases: () => HttpPhases | undefined): Promise<ApiProbeOutput> {
  const v = await api.version(call);
  if (!v.ok) {
    return {
      evidence: { at, ok: false, readiness: apiReadiness(v.error), phases: toTimings(phases(), v.ms), detail: detailOf(v.error), errorKind: v.error.kind },
    };
  }
  const timings = toTimings(phases(), v.ms);
  // (no getStatistic: nothing the monitor keeps comes from it, and a call less is a fifth of a probe's cost)
  const [cfg, load, media] = await Promise.all([api.getServerConfig(call), api.getThreadsLoad(call), api.mediaCounts(call)]);
  const evidence: ApiEvidence = { at, ok: true, readiness: 'ready', phases: timings };
  const build = [v.data.commitHash, v.data.buildTime].filter((x) => typeof x === 'string' && x !== '').join(' ');
  if (build) evidence.build = build;
  let liveConfig: Record<string, string> | undefined;
  if (cfg.ok) {
    liveConfig = cfg.data;
    const id = cfg.data['general.mediaServerId'];
    if (id !== undefined) evidence.mediaServerId = id;
  } else {
    // version answered but getServerConfig did not: the answer is the failure (auth is per API)
    evidence.ok = false;
    evidence.readiness = apiReadiness(cfg.error);
    evidence.detail = detailOf(cfg.error);
    evidence.errorKind = cfg.error.kind;
  }
  if (load.ok) evidence.threadLoad = load.data.map((t) => ({ load: Number(t.load) || 0, delay: Number(t.delay) || 0 }));
  if (media.ok) {
    evidence.streams = media.data.streams;
    evidence.readers = media.data.readers;
  }
  return { evidence, ...(liveConfig ? { liveConfig } : {}) };
}
