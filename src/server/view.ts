/**
 * What the API answers, computed from the engine's state: the fleet overview
 * (filter, sort, page, counts), the hook chain by stage, the doctor-style
 * report of one node. Pure: no I/O, no Fastify; the texts in both languages.
 */
import type { Lang, Localized } from '../i18n/index.ts';
import type { HookStatus, NodeState, PhaseTimings, ProbeResult, Readiness } from '../monitor/index.ts';
import { HEALTH, READINESS_ALL, type SORT_KEYS } from './schemas.ts';

export interface NodeSummary {
  name: string;
  labels: Record<string, string>;
  health: NodeState['health'];
  readiness: NodeState['readiness'];
  since: number;
  lastProbe: number | null;
  latencyMs: number | null;
  findings: { error: number; warning: number; info: number } | null;
  drift: number | null;
  consecutiveFailures: number;
  openAlerts: number;
}

export function summarize(s: NodeState, openAlerts = 0): NodeSummary {
  const p = s.lastProbe;
  return {
    name: s.name,
    labels: s.labels,
    health: s.health,
    readiness: s.readiness,
    since: s.since,
    lastProbe: p ? p.at : null,
    latencyMs: p ? Math.round(p.api.phases.total * 10) / 10 : null,
    findings: p?.findings ?? null,
    drift: p?.drift ?? null,
    consecutiveFailures: s.consecutiveFailures,
    openAlerts,
  };
}

// ───────────────────────────── the fleet overview ─────────────────────────────

export interface NodeQuery {
  label?: string[];
  readiness?: string;
  health?: string;
  q?: string;
  sort?: (typeof SORT_KEYS)[number];
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

export interface Counts {
  health: Record<string, number>;
  readiness: Record<string, number>;
  labels: Record<string, Record<string, number>>;
}

/** `site:lab` or `site=lab` → [key, value]; a bare `site` matches any value. */
export function parseLabel(v: string): [string, string | undefined] {
  const i = v.search(/[:=]/);
  return i < 0 ? [v, undefined] : [v.slice(0, i), v.slice(i + 1)];
}

const HEALTH_RANK: Record<string, number> = { down: 0, degraded: 1, unknown: 2, up: 3 };
const READINESS_RANK = new Map<string, number>(READINESS_ALL.map((r, i) => [r, i]));

function emptyCounts(): Counts {
  return { health: Object.fromEntries(HEALTH.map((h) => [h, 0])), readiness: Object.fromEntries(READINESS_ALL.map((r) => [r, 0])), labels: {} };
}

function count(c: Counts, s: NodeState): void {
  c.health[s.health] = (c.health[s.health] ?? 0) + 1;
  c.readiness[s.readiness] = (c.readiness[s.readiness] ?? 0) + 1;
  for (const k in s.labels) {
    const byValue = (c.labels[k] ??= {});
    const v = s.labels[k]!;
    byValue[v] = (byValue[v] ?? 0) + 1;
  }
}

export function listNodes(states: readonly NodeState[], q: NodeQuery, openAlerts: (name: string) => number): { total: number; offset: number; limit: number; items: NodeSummary[]; counts: Counts; fleet: Counts } {
  const labels = (q.label ?? []).map(parseLabel);
  const readiness = q.readiness ? new Set(q.readiness.split(',')) : undefined;
  const health = q.health ? new Set(q.health.split(',')) : undefined;
  const needle = q.q?.toLowerCase();
  const fleet = emptyCounts();
  const counts = emptyCounts();
  const matched: NodeState[] = [];
  for (const s of states) {
    count(fleet, s);
    if (readiness && !readiness.has(s.readiness)) continue;
    if (health && !health.has(s.health)) continue;
    if (needle && !s.name.toLowerCase().includes(needle)) continue;
    let ok = true;
    for (const [k, v] of labels) {
      const have = s.labels[k];
      if (have === undefined || (v !== undefined && have !== v)) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    count(counts, s);
    matched.push(s);
  }
  const dir = q.order === 'desc' ? -1 : 1;
  const key = sortKey(q.sort ?? 'name');
  // each key computed once (decorate, sort, undecorate)
  const keyed = matched.map((s) => ({ s, k: key(s) }));
  keyed.sort((a, b) => {
    const ka = a.k;
    const kb = b.k;
    // nodes without a value (never probed) go last whatever the order
    if (ka === kb) return a.s.name < b.s.name ? -1 : a.s.name > b.s.name ? 1 : 0;
    if (ka === undefined) return 1;
    if (kb === undefined) return -1;
    return (ka < kb ? -1 : 1) * dir;
  });
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 100;
  const items = keyed.slice(offset, offset + limit).map(({ s }) => summarize(s, openAlerts(s.name)));
  return { total: matched.length, offset, limit, items, counts, fleet };
}

function sortKey(sort: NonNullable<NodeQuery['sort']>): (s: NodeState) => string | number | undefined {
  switch (sort) {
    case 'health':
      return (s) => HEALTH_RANK[s.health];
    case 'readiness':
      return (s) => READINESS_RANK.get(s.readiness);
    case 'lastProbe':
      return (s) => s.lastProbe?.at;
    case 'latency':
      return (s) => s.lastProbe?.api.phases.total;
    case 'findings':
      return (s) => (s.lastProbe?.findings ? s.lastProbe.findings.error * 1e6 + s.lastProbe.findings.warning * 1e3 + s.lastProbe.findings.info : undefined);
    case 'drift':
      return (s) => s.lastProbe?.drift;
    default:
      return (s) => s.name;
  }
}

// ───────────────────────────── the hook chain ─────────────────────────────

export type HookStage = 'server' | 'publish' | 'play' | 'stream' | 'record' | 'rtp' | 'access' | 'other';

const STAGES: [HookStage, string[]][] = [
  ['server', ['on_server_started', 'on_server_keepalive', 'on_server_exited']],
  ['publish', ['on_publish', 'on_stream_changed']],
  ['play', ['on_play', 'on_rtsp_realm', 'on_rtsp_auth', 'on_flow_report']],
  ['stream', ['on_stream_none_reader', 'on_stream_not_found']],
  ['record', ['on_record_mp4', 'on_record_ts']],
  ['rtp', ['on_rtp_server_timeout', 'on_send_rtp_stopped']],
  ['access', ['on_http_access', 'on_shell_login']],
];
const STAGE_OF = new Map<string, { stage: HookStage; order: number }>();
STAGES.forEach(([stage, hooks], i) => hooks.forEach((h, j) => STAGE_OF.set(`hook.${h}`, { stage, order: i * 100 + j })));

export interface HookStep {
  key: string;
  url: string | null;
  status: HookStatus;
  phases: PhaseTimings | null;
  detail: string | null;
}

/** The hook chain ZLM → WVP, by lifecycle stage; URLs from the live config (the caller redacts them). */
export function hookChain(probe: ProbeResult | undefined, live: Record<string, string> | undefined): { at: number | null; enabled: boolean | null; keepaliveTimer: boolean | null; stages: { stage: HookStage; hooks: HookStep[] }[] } {
  const hooks = probe?.hooks?.hooks ?? {};
  const keys = new Set(Object.keys(hooks));
  if (live) for (const k of Object.keys(live)) if (k.startsWith('hook.on_')) keys.add(k);
  const steps = [...keys]
    .map((key) => {
      const h = hooks[key];
      const url = live?.[key];
      return { key, url: url ? url : null, status: h?.status ?? (url ? 'not_configured' : 'not_configured'), phases: h?.phases ?? null, detail: h?.detail ?? null } satisfies HookStep;
    })
    .sort((a, b) => (STAGE_OF.get(a.key)?.order ?? 10_000) - (STAGE_OF.get(b.key)?.order ?? 10_000) || (a.key < b.key ? -1 : 1));
  const stages: { stage: HookStage; hooks: HookStep[] }[] = [];
  for (const s of steps) {
    const stage = STAGE_OF.get(s.key)?.stage ?? 'other';
    let g = stages.find((x) => x.stage === stage);
    if (!g) stages.push((g = { stage, hooks: [] }));
    g.hooks.push(s);
  }
  const en = live?.['hook.enable'];
  return { at: probe?.hooks?.at ?? null, enabled: en === undefined ? null : en === '1' || en.toLowerCase() === 'true', keepaliveTimer: probe?.hooks?.keepaliveTimer ?? null, stages };
}

// ───────────────────────────── the report ─────────────────────────────

interface Cause {
  title: Localized;
  keys: string[];
  fix: Localized;
}

const CAUSES: Record<Exclude<Readiness, 'ready'>, Cause> = {
  api_unreachable: {
    title: { en: 'The ZLM HTTP API does not answer', zh: 'ZLM HTTP 接口无响应' },
    keys: ['http.port'],
    fix: { en: 'Check that MediaServer runs and listens on the API address (http.port), and that nothing between blocks it', zh: '确认 MediaServer 正在运行并监听接口地址（http.port），且中间没有拦截' },
  },
  secret_rejected: {
    title: { en: 'ZLM rejects the API secret', zh: 'ZLM 拒绝了接口密钥' },
    keys: ['api.secret'],
    fix: { en: "Give the monitor the node's current api.secret (the node's secret in zlm-doctor.yml)", zh: '为监控配置该节点当前的 api.secret（zlm-doctor.yml 中节点的 secret）' },
  },
  ip_not_allowed: {
    title: { en: "ZLM refuses API calls from the monitor's address", zh: 'ZLM 拒绝来自监控地址的接口调用' },
    keys: ['http.allow_ip_range'],
    fix: { en: "Add the monitor's address to http.allow_ip_range", zh: '将监控的地址加入 http.allow_ip_range' },
  },
  identity_mismatch: {
    title: { en: 'ZLM and WVP disagree on the node identity (mediaServerId or secret)', zh: 'ZLM 与 WVP 的节点标识不一致（mediaServerId 或密钥）' },
    keys: ['general.mediaServerId', 'api.secret'],
    fix: { en: "Make general.mediaServerId and api.secret equal to WVP's media.id and media.secret", zh: '使 general.mediaServerId 与 api.secret 等于 WVP 的 media.id 与 media.secret' },
  },
  config_not_converged: {
    title: { en: 'The hooks ZLM runs with differ from what WVP expects', zh: 'ZLM 当前的 hook 配置与 WVP 期望的不一致' },
    keys: ['hook.enable'],
    fix: { en: 'Let WVP push its settings again (restart WVP or re-add the node), or set the hook URLs to WVP\'s', zh: '让 WVP 重新下发配置（重启 WVP 或重新添加节点），或将 hook 地址改为 WVP 的地址' },
  },
  hook_unreachable: {
    title: { en: 'A hook receiver does not answer', zh: 'hook 接收端无响应' },
    keys: [],
    fix: { en: 'Check that WVP (the hook receiver) runs and that ZLM can reach the hook URL', zh: '确认 WVP（hook 接收端）正在运行，且 ZLM 能访问该 hook 地址' },
  },
  keepalive_timer_missing: {
    title: { en: 'ZLM sends no keepalive to WVP', zh: 'ZLM 未向 WVP 发送心跳' },
    keys: ['hook.alive_interval', 'hook.on_server_keepalive'],
    fix: { en: 'Set hook.alive_interval > 0 and hook.on_server_keepalive to WVP; a running ZLM needs a restart to start the timer', zh: '设置 hook.alive_interval > 0 并让 hook.on_server_keepalive 指向 WVP；运行中的 ZLM 需重启才会启动该定时器' },
  },
  restarting: {
    title: { en: 'ZLM has just restarted', zh: 'ZLM 刚刚重启' },
    keys: [],
    fix: { en: 'Wait for the next probes; if it keeps restarting, read its log', zh: '等待后续探测；若反复重启，请查看其日志' },
  },
};

const T = {
  apiOk: { en: 'API answered in {ms} ms', zh: '接口在 {ms} 毫秒内应答' },
  apiNot: { en: 'API: {detail}', zh: '接口：{detail}' },
  notProbed: { en: 'not probed yet', zh: '尚未探测' },
  hooksOk: { en: '{n} hook(s) answer', zh: '{n} 个 hook 正常应答' },
  hooksBad: { en: '{bad} of {n} hook(s) fail: {keys}', zh: '{n} 个 hook 中 {bad} 个失败：{keys}' },
  hooksNone: { en: 'no hook probed', zh: '未探测 hook' },
  driftNone: { en: 'no risky key differs from the baseline', zh: '没有高风险键偏离基线' },
  drift: { en: '{n} risky key(s) differ from the baseline', zh: '{n} 个高风险键偏离基线' },
  driftTitle: { en: 'Risky keys differ from the baseline: {keys}', zh: '高风险键偏离基线：{keys}' },
  driftFix: { en: 'Review the drift (who changed it is in the history); put the baseline value back, or accept the change as the new baseline', zh: '检查偏离（修改者见历史记录）；恢复基线值，或将此修改接受为新基线' },
  findings: { en: '{e} error(s), {w} warning(s), {i} info', zh: '{e} 个错误，{w} 个警告，{i} 个提示' },
  findingsNone: { en: 'config not read yet', zh: '尚未读取配置' },
  health: { en: 'health {h}, readiness {r}', zh: '健康度 {h}，就绪状态 {r}' },
  hookEvidence: { en: '{key}: {status}', zh: '{key}：{status}' },
} satisfies Record<string, Localized>;

function t(x: Localized, lang: Lang, data: Record<string, string | number> = {}): string {
  return x[lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in data ? String(data[k]) : m));
}

export interface ReportFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  key?: string;
  fix?: string;
  [k: string]: unknown;
}

export interface DoctorReportJson {
  version: 1;
  diagnosis: { title: string; keys: string[]; evidence: string[]; fix: string; guess?: true }[];
  checks: { id: string; status: 'ok' | 'warn' | 'fail' | 'skip' | 'crash'; message: string }[];
  findings: ReportFinding[];
}

/**
 * The node as the doctor would report it, from the monitor's evidence: the
 * readiness reason first (it is the most fundamental failure), then risky
 * drift, then error-level findings. Evidence strings come from probe
 * details, which the probes redact; the caller redacts the whole answer again.
 */
export function nodeReport(s: NodeState, findings: ReportFinding[], driftKeys: string[], lang: Lang): DoctorReportJson {
  const p = s.lastProbe;
  const diagnosis: DoctorReportJson['diagnosis'] = [];
  const broken = p?.hooks ? Object.entries(p.hooks.hooks).filter(([, h]) => h.status !== 'ok' && h.status !== 'not_configured') : [];
  if (p && p.readiness !== 'ready') {
    const c = CAUSES[p.readiness];
    const evidence = [t(T.health, lang, { h: s.health, r: p.readiness })];
    if (p.api.detail) evidence.push(p.api.detail);
    let keys = c.keys;
    if (p.readiness === 'hook_unreachable') {
      keys = broken.map(([k]) => k);
      for (const [k, h] of broken) evidence.push(t(T.hookEvidence, lang, { key: k, status: h.detail ? `${h.status} (${h.detail})` : h.status }));
    }
    diagnosis.push({ title: c.title[lang], keys, evidence, fix: c.fix[lang] });
  }
  if (driftKeys.length) diagnosis.push({ title: t(T.driftTitle, lang, { keys: driftKeys.slice(0, 8).join(', ') + (driftKeys.length > 8 ? ', …' : '') }), keys: driftKeys, evidence: [], fix: T.driftFix[lang] });
  // error findings of one cause (one group id) make one diagnosis, its keys together
  const byGroup = new Map<string, DoctorReportJson['diagnosis'][number]>();
  for (const f of findings) {
    if (f.severity !== 'error') continue;
    const g = typeof f.group === 'string' ? f.group : `${f.ruleId}/${f.key ?? ''}`;
    const d = byGroup.get(g);
    if (!d) {
      const x = { title: f.message, keys: f.key ? [f.key] : [], evidence: [f.ruleId], fix: f.fix ?? '' };
      byGroup.set(g, x);
      diagnosis.push(x);
    } else {
      if (f.key && !d.keys.includes(f.key)) d.keys.push(f.key);
      if (!d.evidence.includes(f.ruleId)) d.evidence.push(f.ruleId);
    }
  }

  const checks: DoctorReportJson['checks'] = [];
  if (!p) checks.push({ id: 'api', status: 'skip', message: T.notProbed[lang] });
  else checks.push({ id: 'api', status: p.api.ok ? 'ok' : 'fail', message: p.api.ok ? t(T.apiOk, lang, { ms: Math.round(p.api.phases.total) }) : t(T.apiNot, lang, { detail: p.api.detail ?? p.readiness }) });
  if (!p?.hooks) checks.push({ id: 'hooks', status: 'skip', message: T.hooksNone[lang] });
  else {
    const n = Object.values(p.hooks.hooks).filter((h) => h.status !== 'not_configured').length;
    checks.push(broken.length ? { id: 'hooks', status: 'fail', message: t(T.hooksBad, lang, { bad: broken.length, n, keys: broken.map(([k]) => k).join(', ') }) } : { id: 'hooks', status: 'ok', message: t(T.hooksOk, lang, { n }) });
  }
  if (p && (p.readiness === 'identity_mismatch' || p.readiness === 'config_not_converged' || p.readiness === 'keepalive_timer_missing')) checks.push({ id: 'wvp', status: 'fail', message: CAUSES[p.readiness].title[lang] });
  checks.push(p?.drift === undefined ? { id: 'drift', status: 'skip', message: T.findingsNone[lang] } : { id: 'drift', status: driftKeys.length ? 'warn' : 'ok', message: driftKeys.length ? t(T.drift, lang, { n: driftKeys.length }) : T.driftNone[lang] });
  const c = { e: 0, w: 0, i: 0 };
  for (const f of findings) c[f.severity === 'error' ? 'e' : f.severity === 'warning' ? 'w' : 'i']++;
  checks.push(p?.findings === undefined && findings.length === 0 ? { id: 'findings', status: 'skip', message: T.findingsNone[lang] } : { id: 'findings', status: c.e ? 'fail' : c.w ? 'warn' : 'ok', message: t(T.findings, lang, c) });
  return { version: 1, diagnosis, checks, findings };
}
