/**
 * The REST API of `zlm-doctor serve` as the dashboard uses it (the shapes of src/server/schemas.ts, served as
 * /api/openapi.json), the bearer token (kept in sessionStorage, this tab only) and the live stream (SSE).
 */
export type Health = 'up' | 'degraded' | 'down' | 'unknown';
export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
}
export interface Meta {
  name: string;
  version: string;
  demo: boolean;
  lang: 'en' | 'zh';
  auth: boolean;
  status: 'ok' | 'monitor_isolated';
  nodes: number;
  history: boolean;
  storage: boolean;
}
export interface Counts {
  health: Record<string, number>;
  readiness: Record<string, number>;
  labels: Record<string, Record<string, number>>;
}
export interface NodeSummary {
  name: string;
  labels: Record<string, string>;
  health: Health;
  readiness: string;
  since: number;
  lastProbe: number | null;
  latencyMs: number | null;
  findings: SeverityCounts | null;
  drift: number | null;
  consecutiveFailures: number;
  openAlerts: number;
}
export interface NodeList {
  total: number;
  offset: number;
  limit: number;
  items: NodeSummary[];
  counts: Counts;
  fleet: Counts;
}
export interface Phases {
  dns?: number;
  connect?: number;
  tls?: number;
  firstByte?: number;
  total: number;
}
export interface HookStep {
  key: string;
  url: string | null;
  status: string;
  phases: Phases | null;
  detail: string | null;
}
export interface HookChain {
  at: number | null;
  enabled: boolean | null;
  keepaliveTimer: boolean | null;
  stages: { stage: string; hooks: HookStep[] }[];
}
export interface Finding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  key?: string;
  line?: number;
  message: string;
  why?: string;
  fix?: string;
}
export interface DoctorReport {
  version: 1;
  diagnosis: { title: string; keys: string[]; evidence: string[]; fix: string; guess?: true }[];
  checks: { id: string; status: 'ok' | 'warn' | 'fail' | 'skip' | 'crash'; message: string }[];
  findings: Finding[];
}
export interface ProbeResult {
  node: string;
  at: number;
  readiness: string;
  api: { at: number; ok: boolean; readiness: string; phases: Phases; detail?: string; mediaServerId?: string; build?: string; streams?: number; readers?: number };
}
export interface Alert {
  id: string;
  node: string;
  rule: string;
  severity: string;
  status: 'open' | 'resolved';
  openedAt: number;
  updatedAt: number;
  resolvedAt: number | null;
  summary: string;
  details: string[];
  acknowledged: { at: number; by: string | null; comment: string | null } | null;
  silencedBy: string | null;
}
export interface NodeDetail {
  node: NodeSummary;
  report: DoctorReport;
  hooks: HookChain;
  lastProbe: ProbeResult | null;
  alerts: Alert[];
}
export interface Findings {
  node: string;
  findings: Finding[];
  summary: SeverityCounts;
}
export interface DiffChange {
  key: string;
  kind: 'added' | 'removed' | 'changed';
  risky: boolean;
  reload: string;
  before: string | null;
  after: string | null;
  secret?: string;
}
export interface Drift {
  node: string;
  baseline: { source: string | null; at: number | null };
  changes: DiffChange[];
  lastChange: { attribution: string; keys: string[] } | null;
}
export interface History {
  node: string;
  revisions: { rev: string; time: string; source: string; attribution: string; reason: string | null; keys: string[] }[];
}
export interface Blame {
  node: string;
  keys: { key: string; rev: string; time: string; source: string; attribution: string; reason: string | null; actor?: string }[];
}
export interface Revision {
  rev: string;
  node: string;
  time: string;
  source: string;
  attribution: string;
  reason: string | null;
  changes: DiffChange[];
}
export interface Config {
  node: string;
  at: number | null;
  source: string | null;
  sections: Record<string, Record<string, string>>;
}
export interface Series {
  node: string;
  resolution: string;
  latency: { t: number; avgMs: number; maxMs: number; probes: number; failed: number; ready: number }[];
  load: { t: number; load: number | null; delayMs: number | null; streams: number | null; readers: number | null }[];
}
export interface Event {
  at: number;
  node: string;
  kind: string;
  message: string;
}
export interface Silence {
  id: string;
  node: string | null;
  labels: Record<string, string>;
  startsAt: number;
  endsAt: number;
  by: string | null;
  comment: string | null;
}
export interface Alerts {
  items: Alert[];
  silences: Silence[];
}

const TOKEN_KEY = 'zlm-doctor.token';

export function getToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}
export function setToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage disabled: the token lives as long as the page
  }
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** One call; an answer that is not 2xx becomes an ApiError with the server's {error, message}. */
export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    ...(init.signal ? { signal: init.signal } : {}),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const e = (data ?? {}) as { error?: string; message?: string };
    throw new ApiError(res.status, e.error ?? 'http', e.message ?? `HTTP ${res.status}`);
  }
  return data as T;
}

export const enc = encodeURIComponent;

export type LiveHandler = (event: string, data: unknown) => void;

/**
 * The live stream: one EventSource for the whole page (EventSource sends no headers, so the token goes as
 * ?access_token=), reconnecting by itself; handlers are called with the event name and its parsed data.
 */
class Live {
  private source: EventSource | undefined;
  private readonly handlers = new Set<LiveHandler>();
  private readonly stateHandlers = new Set<(up: boolean) => void>();
  up = false;

  start(): void {
    if (this.source) return;
    const token = getToken();
    const src = new EventSource(`/api/events/stream${token ? `?access_token=${enc(token)}` : ''}`);
    this.source = src;
    const setUp = (up: boolean) => {
      this.up = up;
      for (const h of this.stateHandlers) h(up);
    };
    src.onopen = () => setUp(true);
    src.onerror = () => setUp(false);
    for (const name of ['hello', 'probe', 'event', 'alert', 'nodes', 'status', 'silence']) {
      src.addEventListener(name, (e) => {
        let data: unknown;
        try {
          data = JSON.parse((e as MessageEvent<string>).data);
        } catch {
          return;
        }
        for (const h of this.handlers) h(name, data);
      });
    }
  }

  stop(): void {
    this.source?.close();
    this.source = undefined;
  }

  on(h: LiveHandler): () => void {
    this.handlers.add(h);
    return () => this.handlers.delete(h);
  }

  onState(h: (up: boolean) => void): () => void {
    this.stateHandlers.add(h);
    return () => this.stateHandlers.delete(h);
  }
}

export const live = new Live();
