/**
 * The API probe: ONE attempt per call through the ZLM API client, under the
 * caller's deadline (AbortSignal), over the node's kept connection
 * (transport.ts: opened anew at least once a minute, closed after a failed
 * probe), with the probe's first call timed by phase the way
 * blackbox_exporter times a probe. `getServerConfig` goes first and decides
 * reachability and auth; getThreadsLoad and getMediaList then run together,
 * and `version` with them when it is due: on a node's first probe, on the
 * first answer after a failed probe, and once a minute otherwise. Its answer
 * (the build) changes only with a restart, and a call less is a quarter of
 * what a probe costs the monitor and the server. Only counts are kept from the
 * media list, never a per-stream series. The live config is returned beside
 * the evidence (it holds api.secret) and never stored or exported as is.
 */
import { createZlmApi, type ApiError, type CallOptions, type ZlmApi } from '../../zlm/api.ts';
import type { HttpPhases } from '../../zlm/http.ts';
import type { ApiEvidence, PhaseTimings, Readiness } from '../types.ts';
import type { MonitorNode } from '../node.ts';
import { probeTransport, type ProbeTransport } from './transport.ts';

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
  /** with `api` (tests): what the probes of this node know of `version`; kept per node otherwise */
  version?: VersionState;
}

/**
 * One API client per node, kept across its probes (its URLs are made once), with the node's connection
 * (transport). A node replaced by a reload is a new object, hence a new client: the engine closes the old
 * one's connection (closeNodeConnection).
 */
const clients = new WeakMap<MonitorNode, Client>();

interface Client {
  memo: ApiProbeOptions['answerMemo'];
  api: ZlmApi;
  /** the node's connection, kept between its probes */
  transport: ProbeTransport;
  /** a probe is using the transport (a second one at once, "probe now", gets its own connection) */
  busy: boolean;
  /** the node is no longer monitored: the probe in flight closes the connection at its end */
  retired?: boolean;
  /** what this node's probes know of `version` between the calls of it */
  version: VersionState;
}

/** The build `version` last gave, when it was asked, and whether the last probe failed (then it is asked again). */
export interface VersionState {
  at?: number;
  build?: string;
  failed?: boolean;
}

/** `version` is asked again after this long (and after a failed probe): its answer changes only with a restart. */
export const VERSION_EVERY_MS = 60_000;

function clientOf(node: MonitorNode, memo: ApiProbeOptions['answerMemo']): Client {
  const c = clients.get(node);
  if (c && c.memo === memo) return c;
  const api = createZlmApi({
    base: node.api,
    ...(node.secret !== undefined ? { secret: node.secret } : {}),
    // a generous per-call bound; the real deadline is the caller's signal
    timeoutMs: node.timeoutMs ?? 2_147_483_647,
    // answers are never shown from here: no redacted copy of every body
    rawBody: false,
    ...(memo ? { answerMemo: memo } : {}),
  });
  if (c) retire(c);
  const client: Client = { memo, api, version: {}, transport: probeTransport(), busy: false };
  clients.set(node, client);
  return client;
}

/** A client no longer used closes its connection; a probe in flight is not cut short: it closes it when it ends. */
function retire(c: Client): void {
  if (c.busy) c.retired = true;
  else c.transport.close();
}

/** Close the connection kept for a node (it is no longer monitored, was replaced by a reload, or the engine stops). */
export function closeNodeConnection(node: MonitorNode): void {
  const c = clients.get(node);
  if (!c) return;
  clients.delete(node);
  retire(c);
}

export async function probeApi(node: MonitorNode, opts: ApiProbeOptions): Promise<ApiProbeOutput> {
  const now = opts.now ?? Date.now;
  const at = now();
  if (opts.api) return probeWith(opts.api, opts.version ?? {}, at, { signal: opts.signal }, () => undefined);
  const client = clientOf(node, opts.answerMemo);
  // the node's kept connection, or a connection of its own for a probe that overlaps another (closed at its end)
  const own = client.busy;
  const transport = own ? probeTransport() : client.transport;
  client.busy = true;
  transport.begin();
  let answered = false;
  try {
    const out = await probeWith(client.api, client.version, at, { signal: opts.signal, fetchImpl: transport.fetch }, () => transport.phases);
    answered = true;
    return out;
  } finally {
    if (!own) client.busy = false;
    if (answered && !own && !client.retired) transport.park();
    else transport.close();
  }
}

async function probeWith(api: ZlmApi, vs: VersionState, at: number, call: CallOptions, phases: () => HttpPhases | undefined): Promise<ApiProbeOutput> {
  const cfg = await api.getServerConfig(call);
  if (!cfg.ok) {
    vs.failed = true;
    return {
      evidence: { at, ok: false, readiness: apiReadiness(cfg.error), phases: toTimings(phases(), cfg.ms), detail: detailOf(cfg.error), errorKind: cfg.error.kind },
    };
  }
  const timings = toTimings(phases(), cfg.ms);
  const askVersion = vs.at === undefined || vs.failed === true || at - vs.at >= VERSION_EVERY_MS || at < vs.at;
  // (no getStatistic: nothing the monitor keeps comes from it)
  const [load, media, v] = await Promise.all([api.getThreadsLoad(call), api.mediaCounts(call), askVersion ? api.version(call) : undefined]);
  vs.failed = false;
  const evidence: ApiEvidence = { at, ok: true, readiness: 'ready', phases: timings };
  if (v?.ok) {
    const build = [v.data.commitHash, v.data.buildTime].filter((x) => typeof x === 'string' && x !== '').join(' ');
    vs.at = at;
    if (build) vs.build = build;
    else delete vs.build;
  }
  if (vs.build) evidence.build = vs.build;
  const liveConfig = cfg.data;
  const id = cfg.data['general.mediaServerId'];
  if (id !== undefined) evidence.mediaServerId = id;
  if (load.ok) evidence.threadLoad = load.data.map((t) => ({ load: Number(t.load) || 0, delay: Number(t.delay) || 0 }));
  if (media.ok) {
    evidence.streams = media.data.streams;
    evidence.readers = media.data.readers;
  }
  return { evidence, liveConfig };
}
