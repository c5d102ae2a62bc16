/**
 * What `apply` would do (pure): the changes between the current config and the desired one, how each reaches
 * the running server, and what will be checked afterwards. `apply --dry-run` prints it; the executing pipeline
 * follows it.
 *
 * How a change reaches ZLM (../shared/zlm-reference/config-behaviour.md, ZLM's src/Common/config.cpp):
 * - `process` target (the file is ours to write, the process ours to signal): write config.ini, then SIGHUP
 *   re-reads it (live and new-streams keys). We never use setServerConfig here: it rewrites the whole file in
 *   ZLM's own dump format, and turns the second of two duplicate keys into an empty value.
 * - `api` target (only the HTTP API): setServerConfig for live keys. Keys read at start-up only cannot be
 *   applied without a restart, ffmpeg.bin / ffmpeg.snap are refused by the API, and a key cannot be removed.
 * - start-up-only keys (catalogue reload 'start': every listener port, rtp_proxy.port_range,
 *   hook.alive_interval …) need a restart, and the plan names them.
 * - hook.enable 0→1 with on_server_keepalive set: event hooks are live, but the keepalive timer is only created
 *   at start-up (observed), so WVP would never see a keepalive: restart.
 * - a key removed from the file: SIGHUP merges the file into the running config and keeps keys the file no
 *   longer has (loadIniConfig), so the compiled-in default only applies after a restart (unless the running
 *   value already is the default, or no ZLM code reads the key).
 */
import { canonicalFromMap, semanticDiff, PLAIN_OPTIONS, type KeyChange } from '../../history/index.ts';
import { keyDef } from '../../zlm/catalogue.ts';
import { defaultOf, LISTENER_KEYS } from '../../zlm/effective.ts';
import { readBool, readNumber } from '../../zlm/value.ts';
import type { Localized } from '../../i18n/index.ts';

export type PlanReload = 'none' | 'live' | 'sighup' | 'restart';
/** how one change reaches the running server */
export type Via = 'none' | 'sighup' | 'setServerConfig' | 'restart' | 'not-applied';

export interface PlanChange {
  key: string;
  kind: KeyChange['kind'];
  /** values with secrets as tokens `‹secret:<fp>›` (never in clear) */
  old?: string;
  new?: string;
  /** the catalogue's class: live, new-streams (live for streams created afterwards), restart; none: no ZLM code reads it */
  reload: KeyChange['reload'] | 'none';
  via: Via;
  risky: boolean;
  known: boolean;
  /** why this change needs a restart or cannot be applied */
  why?: Localized;
}

export type VerifyStep =
  | { check: 'api' }
  /** getServerConfig shows the intended value of every key (a removed key: its compiled-in default) */
  | { check: 'config'; keys: string[] }
  /**
   * a configured listener accepts (a port the server must open). `optional`: not being up is normal —
   * 'lazy' (onvif.port binds on first use), 'feature' (rtc.* and srt.* exist only in builds with WebRTC / SRT)
   */
  | { check: 'listener'; key: string; port: number; transport: 'tcp' | 'udp' | 'both'; optional?: 'lazy' | 'feature' }
  /** a listener's old port, free after the restart */
  | { check: 'port-free'; key: string; port: number }
  /** the hook chain: an on_server_keepalive request reaches the receiver */
  | { check: 'hook-keepalive' };

export interface ApplyPlan {
  result: 'dry-run' | 'refused';
  reload: PlanReload;
  changes: PlanChange[];
  /** the keys that make the restart necessary */
  restartKeys: string[];
  /** api target: keys this apply cannot deliver (restart needed, or refused by the API) */
  notApplied: string[];
  verified: VerifyStep[];
  reason: Localized;
  /** risks worth a line (not blocking) */
  notes: Localized[];
}

export interface PlanInput {
  /** the config ZLM runs on now: the file's `section.key → value` map (IniDocument.toMap()), or getServerConfig's */
  current: ReadonlyMap<string, string>;
  /** the desired config's map */
  desired: ReadonlyMap<string, string>;
  /** process: file + signals (SIGHUP / restart); api: setServerConfig only */
  mode: 'process' | 'api';
  /** error-level findings of the desired config (validation); any, without force → refused; UNRESOLVED → refused even with force */
  errors?: readonly { ruleId: string; key?: string; message: string }[];
  force?: boolean;
  /** the desired file sets some key twice (setServerConfig's rewrite would empty the second one) */
  duplicateKeys?: readonly string[];
}

/** The ruleId of a desired value that still holds a `${VAR}` reference: refused even with force. */
export const UNRESOLVED = 'unresolved-placeholder';

/** The API refuses these (WebApi.cpp: "not allowed to be set by setServerConfig api"). */
const API_REFUSED = new Set(['ffmpeg.bin', 'ffmpeg.snap']);

const eff = (m: ReadonlyMap<string, string>, key: string) => m.get(key) ?? defaultOf(key) ?? '';

function portOf(m: ReadonlyMap<string, string>, key: string): number {
  return readNumber(keyDef(key)?.storage ?? 'uint16', eff(m, key));
}

const WHY = {
  start: (k: string): Localized => ({ en: `${k} is read at start-up only`, zh: `${k} 仅在启动时读取` }),
  keepalive: {
    en: 'hook.enable 0→1: event hooks are live, but the on_server_keepalive timer is only created at start-up',
    zh: 'hook.enable 0→1：事件 hook 立即生效，但 on_server_keepalive 定时器只在启动时创建',
  },
  removed: (k: string): Localized => ({
    en: `${k} is removed: a reload keeps its running value; the default applies at the next start`,
    zh: `${k} 被删除：重新加载会保留其运行中的值；默认值在下次启动时才生效`,
  }),
  apiRefused: (k: string): Localized => ({ en: `setServerConfig refuses ${k}`, zh: `setServerConfig 不允许修改 ${k}` }),
  apiRemove: (k: string): Localized => ({ en: `${k} cannot be removed through the API`, zh: `无法通过 API 删除 ${k}` }),
  apiRestart: (k: string): Localized => ({ en: `${k} is read at start-up only: it needs a restart, which an API-only target cannot do`, zh: `${k} 仅在启动时读取：需要重启，而仅有 API 的目标无法重启` }),
};

/** The plan. Pure: maps in, plan out. */
export function planApply(input: PlanInput): ApplyPlan {
  const { current, desired, mode } = input;
  // an API target cannot remove keys, and getServerConfig lists every key: compare only what the desired config sets
  const cur = mode === 'api' ? new Map([...current].filter(([k]) => desired.has(k))) : current;
  const diff = semanticDiff(canonicalFromMap(cur, PLAIN_OPTIONS), canonicalFromMap(desired, PLAIN_OPTIONS));
  const keepaliveTimer =
    diff.some((c) => c.key === 'hook.enable') && !readBool(eff(current, 'hook.enable')).value && readBool(eff(desired, 'hook.enable')).value && eff(desired, 'hook.on_server_keepalive') !== '';

  const changes: PlanChange[] = diff.map((c) => {
    const base = { key: c.key, kind: c.kind, ...(c.before !== undefined ? { old: c.before } : {}), ...(c.after !== undefined ? { new: c.after } : {}), risky: c.risky, known: c.known };
    const reload: PlanChange['reload'] = c.known ? c.reload : 'none';
    let needsRestart = reload === 'restart';
    let why: Localized | undefined = needsRestart ? WHY.start(c.key) : undefined;
    if (c.key === 'hook.enable' && keepaliveTimer) {
      needsRestart = true;
      why = WHY.keepalive;
    }
    if (c.kind === 'removed' && c.known && !needsRestart && (current.get(c.key) ?? '') !== (defaultOf(c.key) ?? '')) {
      needsRestart = true;
      why = WHY.removed(c.key);
    }
    if (mode === 'api') {
      if (API_REFUSED.has(c.key)) return { ...base, reload, via: 'not-applied', why: WHY.apiRefused(c.key) };
      if (c.kind === 'removed') return { ...base, reload, via: 'not-applied', why: WHY.apiRemove(c.key) };
      if (needsRestart) return { ...base, reload, via: 'not-applied', why: c.key === 'hook.enable' ? why! : WHY.apiRestart(c.key) };
      return { ...base, reload, via: reload === 'none' ? 'none' : 'setServerConfig' };
    }
    if (needsRestart) return { ...base, reload, via: 'restart', why: why! };
    return { ...base, reload, via: reload === 'none' ? 'none' : 'sighup' };
  });

  const restartKeys = changes.filter((c) => c.via === 'restart' || (c.via === 'not-applied' && c.why && (c.reload === 'restart' || c.key === 'hook.enable'))).map((c) => c.key);
  const notApplied = changes.filter((c) => c.via === 'not-applied').map((c) => c.key);
  const reload: PlanReload = changes.some((c) => c.via === 'restart')
    ? 'restart'
    : changes.some((c) => c.via === 'sighup')
      ? 'sighup'
      : changes.some((c) => c.via === 'setServerConfig')
        ? 'live'
        : 'none';

  const notes: Localized[] = [];
  if (mode === 'api' && reload === 'live') {
    notes.push({ en: 'setServerConfig rewrites config.ini in ZLM\'s own format (comments kept, blank lines dropped, CRLF)', zh: 'setServerConfig 会按 ZLM 自己的格式重写 config.ini（保留注释、删除空行、改为 CRLF）' });
    if (input.duplicateKeys?.length) {
      notes.push({
        en: `the file sets ${input.duplicateKeys.join(', ')} twice: ZLM's rewrite empties the second one, which wins at the next start`,
        zh: `文件中 ${input.duplicateKeys.join('、')} 出现两次：ZLM 重写时会把第二处写成空值，下次启动时空值生效`,
      });
    }
  }
  if (changes.some((c) => c.reload === 'new-streams' && c.via !== 'not-applied')) {
    notes.push({ en: 'new-streams keys apply to streams and sessions created afterwards', zh: 'new-streams 类配置只对之后新建的流和会话生效' });
  }

  // what will be checked after the change
  const verified: VerifyStep[] = [];
  const applied = changes.filter((c) => c.via !== 'not-applied' && c.via !== 'none');
  if (reload !== 'none') {
    verified.push({ check: 'api' });
    if (applied.length) verified.push({ check: 'config', keys: applied.map((c) => c.key) });
    const after = mode === 'api' ? new Map([...current, ...desired]) : desired;
    for (const d of LISTENER_KEYS) {
      const port = portOf(after, d.key);
      const optional = d.key === 'onvif.port' ? 'lazy' : d.key.startsWith('rtc.') || d.key.startsWith('srt.') ? 'feature' : undefined;
      if (port > 0) verified.push({ check: 'listener', key: d.key, port, transport: d.transport!, ...(optional ? { optional } : {}) });
    }
    if (reload === 'restart') {
      for (const c of applied) {
        if (keyDef(c.key)?.type !== 'port' || !keyDef(c.key)?.transport) continue;
        const old = portOf(current, c.key);
        if (old > 0 && old !== portOf(after, c.key)) verified.push({ check: 'port-free', key: c.key, port: old });
      }
    }
    const hooksChanged = applied.some((c) => c.key.startsWith('hook.'));
    if (hooksChanged && readBool(eff(after, 'hook.enable')).value && eff(after, 'hook.on_server_keepalive') !== '') verified.push({ check: 'hook-keepalive' });
  }

  // a value still holding a ${VAR} is unknown, never applied, --force or not
  const errors = input.errors ?? [];
  const unforceable = errors.some((e) => e.ruleId === UNRESOLVED);
  const refusedBy = errors.length > 0 && (!input.force || unforceable) ? errors : undefined;
  const rules = refusedBy ? [...new Set(refusedBy.map((e) => e.ruleId))] : [];
  const reason = refusedBy
    ? {
        en: `the desired config has ${refusedBy.length} error finding(s) (${rules.join(', ')}); ${unforceable ? 'a ${VAR} must be resolved first: render the profile, or use --env' : '--force applies it anyway'}`,
        zh: `目标配置有 ${refusedBy.length} 个错误（${rules.join('、')}）；${unforceable ? '必须先解析 ${VAR}：请渲染 profile，或使用 --env' : '--force 可强制应用'}`,
      }
    : reasonOf(reload, restartKeys, changes, notApplied);
  return { result: refusedBy ? 'refused' : 'dry-run', reload, changes, restartKeys, notApplied, verified, reason, notes };
}

function reasonOf(reload: PlanReload, restartKeys: string[], changes: PlanChange[], notApplied: string[]): Localized {
  const n = changes.length;
  const tail: Localized = notApplied.length
    ? { en: `; not applied through the API: ${notApplied.join(', ')}`, zh: `；无法通过 API 应用：${notApplied.join('、')}` }
    : { en: '', zh: '' };
  switch (reload) {
    case 'none':
      return n === 0
        ? { en: 'nothing changes', zh: '没有任何改动' }
        : { en: `no reload: ${changes.filter((c) => c.via === 'none').map((c) => c.key).join(', ') || '-'} read by no ZLM code${tail.en}`, zh: `无需重新加载：${changes.filter((c) => c.via === 'none').map((c) => c.key).join('、') || '-'} 不被 ZLM 读取${tail.zh}` };
    case 'restart':
      return { en: `restart: ${restartKeys.join(', ')} ${restartKeys.length === 1 ? 'takes' : 'take'} effect only at start-up`, zh: `需要重启：${restartKeys.join('、')} 仅在启动时生效` };
    case 'sighup':
      return { en: `reload with SIGHUP: ${n} key(s) are live`, zh: `通过 SIGHUP 重新加载：${n} 个配置项可在线生效` };
    case 'live':
      return { en: `setServerConfig: ${changes.filter((c) => c.via === 'setServerConfig').length} live key(s)${tail.en}`, zh: `通过 setServerConfig 修改 ${changes.filter((c) => c.via === 'setServerConfig').length} 个在线生效的配置项${tail.zh}` };
  }
}
