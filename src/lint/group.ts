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

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The finding's message with its own key (`section.key`, or the bare key name) taken out. */
export function causeOf(f: Finding): string {
  if (!f.key) return f.message;
  const bare = f.key.slice(f.key.lastIndexOf('.') + 1);
  // the full key first; the bare name only as a whole word, so `port` does not eat `server.port`
  let m = f.message.split(f.key).join(KEY_MARK);
  if (bare && bare !== f.key && m === f.message) m = m.replace(new RegExp(`(?<![\\w.])${escapeRegExp(bare)}(?![\\w])`, 'g'), KEY_MARK);
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

/** The group id of one finding (the same for every finding of its group). */
export function groupId(f: Finding): string {
  return `${f.ruleId}:${fnv1a(`${f.ruleId}\u0000${f.severity}\u0000${f.file}\u0000${causeOf(f)}`)}`;
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
