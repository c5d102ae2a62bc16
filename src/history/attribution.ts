/**
 * Who made a revision: the operator, WVP (setServerConfig push), ZLM itself
 * (rewrites at start-up and after every setServerConfig), or zlm-doctor.
 * Pure: works on two canonical configs (canonical.ts), never on files.
 *
 * - zlm-doctor: ctx.actor says so; everything in the revision is ours.
 * - WVP push (wvp-reference.md §2.2): WVP sets its whole key set at once, so
 *   after a push all ten hooks point at one `{http|https}://{hook-ip}:{port}
 *   {context-path}/index/hook/<name>` prefix, the six other hooks are "",
 *   hook.enable=1, hook.timeoutSec is 30 (20 before 2.7.4) and
 *   protocol.continue_push_ms is 3000. When the new config is in that state and
 *   the revision moves at least one of those keys to WVP's value, every
 *   changed key WVP pushes (with WVP's value) is WVP's: the keys above, plus
 *   rtp_proxy.port_range, ffmpeg.snap and the recording paths. A change of
 *   rtp_proxy.port_range alone is the operator's: nothing tells them apart.
 *   api.secret is never counted as WVP's (only WVP up to v2.7.4-20250709 sent it).
 * - ZLM self-rewrite (config-behaviour.md): the sample secret (or an empty one)
 *   replaced by a generated one; keys appended at their built-in default
 *   (code-only keys and any registered key missing from the file); a whole
 *   default dump over a missing or empty file. A dump-format-only rewrite has
 *   no key change at all (canonical equal), so it makes no revision:
 *   `attribute` then returns parts [] and 'zlm'.
 *   When the caller knows the new file was written by a person
 *   (ctx.afterDumpStyle 'hand-written'), keys added at their default are the
 *   operator's. Keys appended at their default are a side effect of whatever
 *   made ZLM rewrite the file (a setServerConfig push): they are listed as a
 *   ZLM part but do not make the revision 'mixed' (a WVP push that made ZLM
 *   append missing keys is 'wvp'; appended keys alone are 'zlm').
 * - the operator: everything else. Mixed revisions list each part.
 */
import type { DumpStyle } from '../ini/document.ts';
import type { Lang } from '../i18n/index.ts';
import { keyDef } from '../zlm/catalogue.ts';
import { defaultOf, SAMPLE_SECRET } from '../zlm/effective.ts';
import { WVP_BLANKED_HOOKS, WVP_HOOKS } from '../wvp/expected.ts';
import { PLAIN_OPTIONS, secretToken, tokenFingerprint, type Canonical } from './canonical.ts';
import { semanticDiff, type KeyChange } from './semantic-diff.ts';

export type Actor = 'operator' | 'wvp' | 'zlm' | 'zlm-doctor';
export type Attribution = Actor | 'mixed';

export interface AttributionPart {
  by: Actor;
  keys: string[];
  why: string;
}

export interface AttributionResult {
  attribution: Attribution;
  parts: AttributionPart[];
}

export interface AttributionContext {
  /** 'zlm-doctor' when we wrote the change (fix, apply, restore) */
  actor?: 'zlm-doctor';
  /** the fingerprint the canonical configs were made with (to recognise the sample secret); default: plainFingerprint */
  fingerprint?: (value: string) => string;
  /** the dump style of the new file, when known (IniDocument.dumpStyle) */
  afterDumpStyle?: DumpStyle;
}

const EMPTY: Canonical = { entries: new Map() };

// ─────────────────────────────── ZLM ───────────────────────────────

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const NUMERIC_STORAGE = new Set(['float', 'int32', 'uint32', 'uint16', 'uint64']);

/** Whether `value` is what ZLM writes for `key` when the file lacks it (its built-in default). */
export function isZlmDefault(key: string, value: string): boolean {
  const d = keyDef(key);
  const def = defaultOf(key);
  if (!d || def === undefined) return false;
  if (def === value) return true;
  // ZLM prints floats it wrote itself as 30.000000
  if (NUMERIC_STORAGE.has(d.storage) && /^-?\d+(\.\d+)?$/.test(value) && /^-?\d+(\.\d+)?$/.test(def)) return Number(def) === Number(value);
  if (!/<random \d+ chars>|<build info>/.test(def)) return false;
  // placeholders in the catalogue: a generated value, the build's own text
  const re = escapeRe(def)
    .replace(/<random (\d+) chars>/g, '[A-Za-z0-9]{$1}')
    .replace(/<build info>/g, '[^<>]*');
  return new RegExp(`^${re}$`, 's').test(value);
}

// ─────────────────────────────── WVP ───────────────────────────────

const HOOK_URL = /^(https?:\/\/[^/?#\s]+(?:\/[^?#\s]*)?\/index\/hook)\/([a-z0-9_]+)$/;
const WVP_URL_HOOKS = WVP_HOOKS.map((h) => `hook.${h}`);
const WVP_EMPTY_HOOKS = WVP_BLANKED_HOOKS.map((h) => `hook.${h}`);

/** The `/index/hook` prefix when every WVP hook in `c` points at WVP with one prefix. */
export function wvpHookPrefix(c: Canonical): string | undefined {
  let prefix: string | undefined;
  for (const key of WVP_URL_HOOKS) {
    const m = HOOK_URL.exec(c.entries.get(key) ?? '');
    if (!m || `hook.${m[2]}` !== key) return undefined;
    if (prefix === undefined) prefix = m[1];
    else if (prefix !== m[1]) return undefined;
  }
  return prefix;
}

/** The state WVP leaves after a push (the keys it always sends). */
function wvpState(c: Canonical): string | undefined {
  const prefix = wvpHookPrefix(c);
  if (prefix === undefined) return undefined;
  if (c.entries.get('hook.enable') !== '1') return undefined;
  if (WVP_EMPTY_HOOKS.some((k) => (c.entries.get(k) ?? '') !== '')) return undefined;
  const t = c.entries.get('hook.timeoutSec');
  if (t !== '30' && t !== '20') return undefined;
  const cp = c.entries.get('protocol.continue_push_ms') ?? c.entries.get('general.continue_push_ms');
  if (cp !== '3000') return undefined;
  return prefix;
}

/** Keys whose new value a push sets every time: a change of one of them to that value marks a push. */
function wvpDefinitive(ch: KeyChange, prefix: string): boolean {
  const v = ch.after;
  if (v === undefined) return false;
  if (WVP_URL_HOOKS.includes(ch.key)) return v === `${prefix}/${ch.key.slice(5)}`;
  if (WVP_EMPTY_HOOKS.includes(ch.key)) return v === '';
  if (ch.key === 'hook.enable') return v === '1';
  if (ch.key === 'hook.timeoutSec') return v === '30' || v === '20';
  if (ch.key === 'protocol.continue_push_ms' || ch.key === 'general.continue_push_ms') return v === '3000';
  return false;
}

/** Keys WVP sends only in some setups, with a value of its own making. */
const WVP_OPTIONAL = new Set(['rtp_proxy.port_range', 'ffmpeg.snap', 'protocol.mp4_save_path', 'record.appName', 'protocol.downloadRoot']);

function wvpOptional(ch: KeyChange): boolean {
  if (!WVP_OPTIONAL.has(ch.key) || ch.after === undefined) return false;
  if (ch.key === 'rtp_proxy.port_range') return /^\d+-\d+$/.test(ch.after);
  return true;
}

// ─────────────────────────────── attribute ───────────────────────────────

/**
 * The `why` of a part: stored as written here (English, stable: JSON output and the store keep it); shown through
 * whyText in the language asked for.
 */
const WHY = {
  doctor: 'written by zlm-doctor',
  dumped: 'defaults dumped by ZLM over a missing or empty file',
  firstValue: 'first recorded value',
  firstVersion: 'first recorded version',
  secretReplaced: 'ZLM replaced the sample (or empty) api.secret with a generated one at start-up',
  appendedCodeOnly: 'code-only key appended by ZLM at its default',
  appendedMissing: 'missing key appended by ZLM at its built-in default',
  operator: 'edited by the operator',
} as const;
const wvpPushWhy = (prefix: string) => `WVP setServerConfig push (hooks to ${prefix})`;

const ORDER: Actor[] = ['wvp', 'zlm', 'zlm-doctor', 'operator'];

/** Classify one revision (before undefined: the first one recorded). */
export function attribute(before: Canonical | undefined, after: Canonical, ctx: AttributionContext = {}): AttributionResult {
  const changes = semanticDiff(before ?? EMPTY, after);
  if (changes.length === 0) return { attribution: 'zlm', parts: [] };
  const allKeys = changes.map((c) => c.key);
  if (ctx.actor === 'zlm-doctor') return { attribution: 'zlm-doctor', parts: [{ by: 'zlm-doctor', keys: allKeys, why: WHY.doctor }] };

  const parts = new Map<string, AttributionPart>();
  const add = (by: Actor, why: string, key: string): void => {
    const id = `${by}\u0000${why}`;
    const p = parts.get(id);
    if (p) p.keys.push(key);
    else parts.set(id, { by, keys: [key], why });
  };

  // a whole default dump over a missing or empty file
  if (!before || before.entries.size === 0) {
    const defaults = changes.filter((c) => c.after !== undefined && (isZlmDefault(c.key, c.after) || isGeneratedSecret(c, after)));
    if (changes.length >= 20 && defaults.length >= changes.length * 0.9) {
      for (const c of changes) add(defaults.includes(c) ? 'zlm' : 'operator', defaults.includes(c) ? WHY.dumped : WHY.firstValue, c.key);
      return finish(parts);
    }
    for (const c of changes) add('operator', WHY.firstVersion, c.key);
    return finish(parts);
  }

  const fp = ctx.fingerprint ?? PLAIN_OPTIONS.fingerprint;
  const sample = secretToken(fp(SAMPLE_SECRET));
  const prefix = wvpState(after);
  const pushed = prefix !== undefined && changes.some((c) => wvpDefinitive(c, prefix));
  const handWritten = ctx.afterDumpStyle === 'hand-written';

  for (const c of changes) {
    if (pushed && (wvpDefinitive(c, prefix) || wvpOptional(c))) {
      add('wvp', wvpPushWhy(prefix), c.key);
    } else if (c.key === 'api.secret' && c.kind === 'changed' && (c.before === sample || c.before === '') && tokenFingerprint(c.after) !== undefined) {
      add('zlm', WHY.secretReplaced, c.key);
    } else if (c.kind === 'added' && !handWritten && isZlmDefault(c.key, c.after!)) {
      add('zlm', keyDef(c.key)?.codeOnly ? WHY.appendedCodeOnly : WHY.appendedMissing, c.key);
    } else {
      add('operator', WHY.operator, c.key);
    }
  }
  return finish(parts);
}

/** The api.secret / mediaServerId ZLM generates when there is no file. */
function isGeneratedSecret(c: KeyChange, after: Canonical): boolean {
  if (c.key === 'api.secret') return tokenFingerprint(after.entries.get('api.secret')) !== undefined;
  return false;
}

const SIDE_EFFECTS = new Set<string>([WHY.appendedCodeOnly, WHY.appendedMissing]);

/** The stored `why` of a part is English and stable (JSON output and the store keep it): its Chinese for display. */
const WHY_ZH: Record<string, string> = {
  [WHY.doctor]: '由 zlm-doctor 写入',
  [WHY.dumped]: 'ZLM 在文件缺失或为空时写出的默认值',
  [WHY.firstValue]: '首次记录的值',
  [WHY.firstVersion]: '首次记录的版本',
  [WHY.secretReplaced]: 'ZLM 启动时把示例（或空的）api.secret 换成了自动生成的密钥',
  [WHY.appendedCodeOnly]: 'ZLM 以默认值追加的仅在代码中定义的配置项',
  [WHY.appendedMissing]: 'ZLM 以内置默认值追加的缺失配置项',
  [WHY.operator]: '运维人员修改',
};

/** A part's `why` in the language asked for (unknown texts, e.g. from a newer version, as stored). */
export function whyText(why: string, lang: Lang): string {
  if (lang === 'en') return why;
  const m = /^WVP setServerConfig push \(hooks to (.*)\)$/.exec(why);
  if (m) return `WVP 通过 setServerConfig 推送（hook 指向 ${m[1]}）`;
  return WHY_ZH[why] ?? why;
}

const FIRST = new Set<string>([WHY.firstVersion, WHY.firstValue, WHY.dumped]);

/** Whether these parts are those of a node's first revision (the baseline), not of a change. */
export function isFirstRevision(parts: readonly { why?: string; what?: string }[]): boolean {
  return parts.length > 0 && parts.every((p) => FIRST.has(p.why ?? p.what ?? ''));
}

function finish(parts: Map<string, AttributionPart>): AttributionResult {
  const list = [...parts.values()].sort((a, b) => ORDER.indexOf(a.by) - ORDER.indexOf(b.by));
  const primary = list.filter((p) => !SIDE_EFFECTS.has(p.why));
  const actors = new Set((primary.length ? primary : list).map((p) => p.by));
  const attribution: Attribution = actors.size === 1 ? [...actors][0]! : 'mixed';
  return { attribution, parts: list };
}
