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
import { hashText } from '../util/hash.ts';

/** Stands for the finding's own key in a message shared by a group. */
export const KEY_MARK = '‹key›';

export interface FindingGroup {
  /** stable id: `<ruleId>:<8 hex>`, a hash of the rule, severity, file and the message with the key taken out */
  readonly id: string;
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

/** What makes findings one group: the rule, severity, file and the message with the key taken out. */
function causeKey(f: Finding): string {
  return `${f.ruleId}\u0000${f.severity}\u0000${f.file}\u0000${causeOf(f)}`;
}

const idCache = new Map<string, string>();

/** The group id of one finding (the same for every finding of its group). */
export function groupId(f: Finding): string {
  const cause = causeKey(f);
  // JSON and SARIF ask for each finding's id: hash each cause once
  let id = idCache.get(cause);
  if (id === undefined) {
    id = `${f.ruleId}:${hashText(cause).toString(16).padStart(8, '0')}`;
    if (idCache.size >= 4096) idCache.clear();
    idCache.set(cause, id);
  }
  return id;
}

/**
 * Groups findings by cause. Groups come in the order of their first finding;
 * findings keep their order inside a group. A group's id is made when asked for: text output, which only groups,
 * hashes nothing.
 */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const byCause = new Map<string, FindingGroup>();
  for (const f of findings) {
    const cause = causeKey(f);
    const g = byCause.get(cause);
    if (g) g.findings.push(f);
    else
      byCause.set(cause, {
        get id() {
          return groupId(this.findings[0]!);
        },
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        findings: [f],
      });
  }
  for (const g of byCause.values()) if (g.findings.length > 1) g.message = causeOf(g.findings[0]!);
  return [...byCause.values()];
}

/** Errors first, then warnings, then info; within a severity, the input order (by file and line). */
export function bySeverity(groups: readonly FindingGroup[]): FindingGroup[] {
  return groups
    .map((g, i) => ({ g, i }))
    .sort((a, b) => SEVERITY_RANK[b.g.severity] - SEVERITY_RANK[a.g.severity] || a.i - b.i)
    .map((x) => x.g);
}
