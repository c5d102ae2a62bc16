/**
 * Findings that share one cause: the same rule saying the same thing about
 * several keys ("hook.on_play uses port 18080, but WVP's server.port is 18978"
 * for ten hooks). Text output shows such a group once, with its keys listed;
 * JSON keeps one finding per key and gives them the same `group` id.
 *
 * Pure: no I/O, no state.
 */
import type { Finding, Severity } from '../rules/index.ts';
import { SEVERITY_RANK } from '../rules/index.ts';

/** Stands for the finding's own key in a message shared by a group. */
export const KEY_MARK = '‹key›';

export interface FindingGroup {
  /** stable id: `<ruleId>:<8 hex>` of the rule, severity, file and the message with the key taken out */
  id: string;
  ruleId: string;
  severity: Severity;
  /** the shared message, with each finding's key replaced by KEY_MARK (the message itself for a group of one) */
  message: string;
  /** in input order; at least one */
  findings: Finding[];
}

const isWord = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** `text` with each whole-word `word` (not after a word character or `.`, not before a word character) replaced by `by`. */
function replaceWord(text: string, word: string, by: string): string {
  let out = '';
  let from = 0;
  for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + 1)) {
    if (i < from) continue;
    const before = i > 0 ? text.charCodeAt(i - 1) : -1;
    const after = i + word.length < text.length ? text.charCodeAt(i + word.length) : -1;
    if (isWord(before) || before === 46 || isWord(after)) continue;
    out += text.slice(from, i) + by;
    from = i + word.length;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** The finding's message with its own key (`section.key`, or the bare key name) taken out. */
export function causeOf(f: Finding): string {
  if (!f.key) return f.message;
  const bare = f.key.slice(f.key.lastIndexOf('.') + 1);
  // the full key first; the bare name only as a whole word, so `port` does not eat `server.port`
  let m = f.message.split(f.key).join(KEY_MARK);
  if (bare && bare !== f.key && m === f.message) m = replaceWord(m, bare, KEY_MARK);
  return m;
}

/** FNV-1a, 32 bit: a short stable hash (node:crypto costs start-up time for eight hex digits). */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

const idCache = new Map<string, string>();

/** The group id of one finding (the same for every finding of its group). */
export function groupId(f: Finding): string {
  const cause = `${f.ruleId}\u0000${f.severity}\u0000${f.file}\u0000${causeOf(f)}`;
  // every output asks for each finding's id (text groups, JSON, SARIF): hash each cause once
  let id = idCache.get(cause);
  if (id === undefined) {
    id = `${f.ruleId}:${fnv1a(cause)}`;
    if (idCache.size >= 4096) idCache.clear();
    idCache.set(cause, id);
  }
  return id;
}

/**
 * Groups findings by cause. Groups come in the order of their first finding;
 * findings keep their order inside a group.
 */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const byId = new Map<string, FindingGroup>();
  for (const f of findings) {
    const id = groupId(f);
    const g = byId.get(id);
    if (g) g.findings.push(f);
    else byId.set(id, { id, ruleId: f.ruleId, severity: f.severity, message: f.message, findings: [f] });
  }
  for (const g of byId.values()) if (g.findings.length > 1) g.message = causeOf(g.findings[0]!);
  return [...byId.values()];
}

/** Errors first, then warnings, then info; within a severity, the input order (by file and line). */
export function bySeverity(groups: readonly FindingGroup[]): FindingGroup[] {
  return groups
    .map((g, i) => ({ g, i }))
    .sort((a, b) => SEVERITY_RANK[b.g.severity] - SEVERITY_RANK[a.g.severity] || a.i - b.i)
    .map((x) => x.g);
}
