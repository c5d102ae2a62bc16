/**
 * The schema of zlm-doctor.yml, section by section, read with `Fields` so every error carries its file,
 * line and column. Defaults are applied here; nothing is left optional that the engine needs.
 */
import { isAbsolute, resolve } from 'node:path';
import { CHANNEL_TYPES, DEFAULT_CHANNEL_TIMEOUT_MS, type AnyChannelConfig, type ChannelCommon } from '../channels/types.ts';
import { CHANNELS } from '../channels/registry.ts';
import { DAY_NAMES, parseCron, parseCronField } from './cron.ts';
import { Fields, type ReadContext } from './fields.ts';
import type { LNode } from './tree.ts';
import {
  ALERT_SEVERITIES,
  DEFAULT_LISTEN,
  DEFAULT_SETTINGS,
  type AlertsConfig,
  type LabelMatchers,
  type Loc,
  type MaintenanceConfig,
  type MaintenanceWindow,
  type NodeConfig,
  type ProbeSettings,
  type RouteConfig,
  type Weekday,
} from './types.ts';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const LABEL = /^[A-Za-z_][A-Za-z0-9_]*$/;
const at = (l: Loc) => `${l.file}:${l.line}:${l.col}`;

export function parseListen(v: string): { host: string; port: number } | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]*)):(\d{1,5})$/.exec(v.trim());
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port > 65535) return undefined;
  return { host: m[1] ?? m[2] ?? '', port };
}

export function readListen(f: Fields): { host: string; port: number } {
  const n = f.scalar('listen');
  const v = n ? String(n.value) : DEFAULT_LISTEN;
  const r = parseListen(v);
  if (!r) {
    f.error(n!.loc, `listen must be HOST:PORT, e.g. ${DEFAULT_LISTEN} (got "${v}")`, `listen 必须是 HOST:PORT，例如 ${DEFAULT_LISTEN}（实际为 "${v}"）`);
    return parseListen(DEFAULT_LISTEN)!;
  }
  return r;
}

/** The probe settings in `defaults` or on one node (over `base`). */
export function readSettings(f: Fields, base: ProbeSettings): ProbeSettings {
  const s: ProbeSettings = {
    intervalMs: f.duration('interval', base.intervalMs, { min: 1000, max: 86_400_000 }),
    timeoutMs: f.duration('timeout', base.timeoutMs, { min: 100, max: 600_000 }),
    downAfter: f.int('down-after', base.downAfter, 1, 100),
    recoverAfter: f.int('recover-after', base.recoverAfter, 1, 100),
    concurrency: f.int('concurrency', base.concurrency, 1, 10_000),
    jitterMs: f.duration('jitter', base.jitterMs, { max: 3_600_000 }),
  };
  if (s.timeoutMs >= s.intervalMs && (f.has('timeout') || f.has('interval'))) {
    f.error(f.loc, `${f.name('timeout')} (${s.timeoutMs} ms) must be shorter than ${f.name('interval')} (${s.intervalMs} ms)`, `${f.name('timeout')}（${s.timeoutMs} ms）必须小于 ${f.name('interval')}（${s.intervalMs} ms）`);
  }
  return s;
}

export function readDefaults(ctx: ReadContext, node: LNode | undefined): ProbeSettings {
  if (!node) return { ...DEFAULT_SETTINGS };
  const f = Fields.of(ctx, node, 'defaults');
  if (!f) return { ...DEFAULT_SETTINGS };
  const s = readSettings(f, DEFAULT_SETTINGS);
  f.done();
  return s;
}

function path(ctx: ReadContext, f: Fields, key: string): string | undefined {
  const v = f.str(key);
  if (v === undefined) return undefined;
  return isAbsolute(v) ? v : resolve(ctx.baseDir(f.scalar(key)!.loc), v);
}

function readLabels(f: Fields, key: string): Record<string, string> {
  const m = f.strMap(key) ?? {};
  const out: Record<string, string> = {};
  const map = f.mapOf(key);
  for (const [k, v] of Object.entries(m)) {
    if (!LABEL.test(k)) {
      const e = map?.entries.find((x) => x.key === k);
      f.error(e?.keyLoc ?? f.loc, `label name "${k}" must match [A-Za-z_][A-Za-z0-9_]* (it becomes a Prometheus label)`, `标签名 "${k}" 必须符合 [A-Za-z_][A-Za-z0-9_]*（会成为 Prometheus 标签）`);
      continue;
    }
    out[k] = v[0]!;
  }
  return out;
}

export function readNodes(ctx: ReadContext, node: LNode | undefined, defaults: ProbeSettings): NodeConfig[] {
  if (!node) return [];
  if (node.kind !== 'seq') {
    ctx.errors.push({ file: node.loc.file, line: node.loc.line, col: node.loc.col, reason: { en: 'nodes must be a list (- name: …)', zh: 'nodes 必须是列表（- name: …）' } });
    return [];
  }
  const out: NodeConfig[] = [];
  const seen = new Map<string, Loc>();
  node.items.forEach((item, i) => {
    const f = Fields.of(ctx, item, `nodes[${i}]`);
    if (!f) return;
    const name = f.str('name', { required: true });
    const nameLoc = f.scalar('name')?.loc ?? f.loc;
    if (name !== undefined) {
      if (!NAME.test(name)) f.error(nameLoc, `node name "${name}" may hold only letters, digits, _ . - and must start with a letter or digit`, `节点名 "${name}" 只能包含字母、数字、_ . -，并以字母或数字开头`);
      const first = seen.get(name);
      if (first) f.error(nameLoc, `node name "${name}" is already used at ${at(first)}; names must be unique`, `节点名 "${name}" 已在 ${at(first)} 使用；节点名必须唯一`);
      else seen.set(name, nameLoc);
    }
    const api = f.url('api', { required: true });
    const secret = f.str('secret', { secret: true });
    const config = path(ctx, f, 'config');
    const wvp = path(ctx, f, 'wvp');
    const labels = readLabels(f, 'labels');
    const settings = readSettings(f, defaults);
    f.done();
    if (name === undefined || api === undefined) return;
    out.push({ name, api, ...(secret !== undefined ? { secret } : {}), ...(config ? { config } : {}), ...(wvp ? { wvp } : {}), labels, settings, loc: f.loc });
  });
  return out;
}

function readMatchers(f: Fields, key: string): LabelMatchers | undefined {
  const m = f.strMap(key, { lists: true });
  return m;
}

function readChannel(ctx: ReadContext, item: LNode, i: number): AnyChannelConfig | undefined {
  const f = Fields.of(ctx, item, `alerts.channels[${i}]`);
  if (!f) return undefined;
  const name = f.str('name', { required: true });
  if (name !== undefined && !NAME.test(name)) f.error(f.scalar('name')!.loc, `channel name "${name}" may hold only letters, digits, _ . -`, `通道名 "${name}" 只能包含字母、数字、_ . -`);
  const typeNode = f.scalar('type');
  if (!typeNode) {
    f.required('type', ` (one of ${CHANNEL_TYPES.join(', ')})`, `（${CHANNEL_TYPES.join('、')} 之一）`);
    return undefined;
  }
  const type = f.oneOf('type', CHANNEL_TYPES, 'webhook');
  if (!(CHANNEL_TYPES as readonly string[]).includes(String(typeNode.value))) return undefined;
  const lang = f.has('lang') ? f.oneOf('lang', ['en', 'zh'] as const, 'en') : undefined;
  const common: ChannelCommon = {
    name: name ?? '',
    type,
    ...(lang ? { lang } : {}),
    timeoutMs: f.duration('timeout', DEFAULT_CHANNEL_TIMEOUT_MS, { min: 100, max: 300_000 }),
    ...(f.has('send-resolved') ? { sendResolved: f.bool('send-resolved', true) } : {}),
    ...(f.has('repeat-interval') ? { repeatIntervalMs: f.duration('repeat-interval', 0, { max: 30 * 86_400_000 }) } : {}),
    loc: f.loc,
  };
  const cfg = (CHANNELS[type].parse as (f: Fields, c: ChannelCommon) => AnyChannelConfig | undefined)(f, common);
  f.done();
  return name === undefined ? undefined : cfg;
}

export function readAlerts(ctx: ReadContext, node: LNode | undefined): AlertsConfig {
  const out: AlertsConfig = { channels: [], routes: [], defaultChannels: [], repeatIntervalMs: 4 * 3_600_000, sendResolved: true };
  if (!node) return out;
  const f = Fields.of(ctx, node, 'alerts');
  if (!f) return out;
  const chans = f.seq('channels');
  const seen = new Map<string, Loc>();
  chans?.items.forEach((item, i) => {
    const c = readChannel(ctx, item, i);
    if (!c) return;
    const first = seen.get(c.name);
    if (first) f.error(c.loc, `channel name "${c.name}" is already used at ${at(first)}; names must be unique`, `通道名 "${c.name}" 已在 ${at(first)} 使用；通道名必须唯一`);
    else {
      seen.set(c.name, c.loc);
      out.channels.push(c);
    }
  });
  const known = (names: string[] | undefined, loc: Loc, key: string): string[] => {
    const ok: string[] = [];
    for (const n of names ?? []) {
      if (seen.has(n)) ok.push(n);
      else f.error(loc, `${key}: no channel is named "${n}" (channels: ${[...seen.keys()].join(', ') || 'none'})`, `${key}：没有名为 "${n}" 的通道（已有通道：${[...seen.keys()].join('、') || '无'}）`);
    }
    return ok;
  };
  f.seq('routes')?.items.forEach((item, i) => {
    const r = Fields.of(ctx, item, `alerts.routes[${i}]`);
    if (!r) return;
    const match = readMatchers(r, 'match') ?? {};
    const minSeverity = r.oneOf('severity', ALERT_SEVERITIES, 'info');
    const chNode = r.node('channels');
    const list = r.strList('channels');
    if (!chNode) r.required('channels');
    r.done();
    const route: RouteConfig = { match, minSeverity, channels: known(list, chNode?.loc ?? r.loc, r.name('channels')), loc: r.loc };
    out.routes.push(route);
  });
  const dc = f.node('default-channels');
  out.defaultChannels = dc ? known(f.strList('default-channels'), dc.loc, 'alerts.default-channels') : out.channels.map((c) => c.name);
  out.repeatIntervalMs = f.duration('repeat-interval', out.repeatIntervalMs, { max: 30 * 86_400_000 });
  out.sendResolved = f.bool('send-resolved', true);
  f.done();
  return out;
}

export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function readTimeZone(f: Fields, def: string): string {
  const n = f.scalar('timezone');
  if (!n) return def;
  const tz = String(n.value);
  if (!validTimeZone(tz)) {
    f.error(n.loc, `${f.name('timezone')} "${tz}" is not an IANA time zone (e.g. Asia/Shanghai, UTC)`, `${f.name('timezone')} "${tz}" 不是 IANA 时区（例如 Asia/Shanghai、UTC）`);
    return def;
  }
  return tz;
}

function hhmm(f: Fields, key: string): number | undefined {
  const n = f.scalar(key);
  if (!n) return undefined;
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(String(n.value));
  if (!m) {
    f.error(n.loc, `${f.name(key)} must be a time of day HH:MM, e.g. "23:30" (got "${n.value}")`, `${f.name(key)} 必须是 HH:MM 格式的时刻，例如 "23:30"（实际为 "${n.value}"）`);
    return undefined;
  }
  return Number(m[1]) * 60 + Number(m[2]);
}

function readDays(f: Fields): Weekday[] {
  const n = f.node('days');
  if (!n) return [0, 1, 2, 3, 4, 5, 6];
  const items = n.kind === 'seq' ? n.items : [n];
  const out = new Set<Weekday>();
  for (const it of items) {
    const s = it.kind === 'scalar' ? parseCronField(String(it.value), 0, 6, DAY_NAMES) : { en: 'not a value', zh: '不是一个值' };
    if (!(s instanceof Set)) f.error(it.loc, `${f.name('days')}: ${s.en} (use mon, tue, … sun, or a range such as mon-fri)`, `${f.name('days')}：${s.zh}（请用 mon、tue … sun，或 mon-fri 这样的范围）`);
    else for (const d of s) out.add(d as Weekday);
  }
  return [...out].sort();
}

export function readMaintenance(ctx: ReadContext, node: LNode | undefined, localZone: string): MaintenanceConfig {
  const out: MaintenanceConfig = { timezone: localZone, windows: [] };
  if (!node) return out;
  const f = Fields.of(ctx, node, 'maintenance');
  if (!f) return out;
  out.timezone = readTimeZone(f, localZone);
  f.seq('windows')?.items.forEach((item, i) => {
    const w = Fields.of(ctx, item, `maintenance.windows[${i}]`);
    if (!w) return;
    const name = w.str('name') ?? `window-${i + 1}`;
    const timezone = readTimeZone(w, out.timezone);
    const cronText = w.str('cron');
    const cronLoc = w.scalar('cron')?.loc;
    const startMinute = hhmm(w, 'start');
    const endMinute = hhmm(w, 'end');
    const days = readDays(w);
    const hasDuration = w.has('duration');
    let durationMs = w.duration('duration', 0, { min: 60_000, max: 7 * 86_400_000 });
    const match = readMatchers(w, 'match');
    w.done();
    if (cronText !== undefined) {
      const c = parseCron(cronText);
      if (!('minute' in c)) w.error(cronLoc!, `${w.name('cron')}: ${c.en}`, `${w.name('cron')}：${c.zh}`);
      if (startMinute !== undefined || w.has('days')) w.error(w.loc, `${w.name('cron')} and start/days exclude each other`, `${w.name('cron')} 与 start/days 不能同时使用`);
      if (!hasDuration) w.error(w.loc, `${w.name('duration')} is required with cron (e.g. duration: 2h)`, `使用 cron 时必须设置 ${w.name('duration')}（例如 duration: 2h）`);
    } else if (startMinute !== undefined) {
      if (endMinute !== undefined && hasDuration) w.error(w.loc, `${w.name('end')} and ${w.name('duration')} exclude each other`, `${w.name('end')} 与 ${w.name('duration')} 不能同时使用`);
      else if (endMinute !== undefined) durationMs = ((endMinute - startMinute + 1440) % 1440 || 1440) * 60_000;
      else if (!hasDuration) w.error(w.loc, `${w.name('end')} or ${w.name('duration')} is required`, `必须设置 ${w.name('end')} 或 ${w.name('duration')}`);
    } else if (!w.has('start')) {
      w.error(w.loc, `a window needs start (HH:MM) with end or duration, or cron with duration`, `维护窗口需要 start（HH:MM）加 end 或 duration，或 cron 加 duration`);
    }
    if (durationMs <= 0) return;
    const win: MaintenanceWindow = { name, timezone, days, durationMs, loc: w.loc, ...(cronText !== undefined ? { cron: cronText } : {}), ...(startMinute !== undefined ? { startMinute } : {}), ...(match ? { match } : {}) };
    out.windows.push(win);
  });
  f.done();
  return out;
}
