/**
 * Static findings on a node's running config: the lint engine on the
 * getServerConfig map (a whole dump, so a missing key is a fact), with the
 * WVP rules when the node has an application.yml. Recomputed only when the
 * config changed. Only rule ids and counts leave here: no message text, so
 * no value (and no secret) is carried along.
 */
import { IniDocument } from '../ini/document.ts';
import { lint } from '../lint/index.ts';
import { WVP_RULES, ZLM_RULES } from '../rules/index.ts';
import type { WvpConfig } from '../wvp/index.ts';

export interface FindingSummary {
  error: number;
  warning: number;
  info: number;
  /** rule ids at error level */
  errors: string[];
}

/** The flat map as config.ini text, one section per prefix (values kept verbatim; mINI does not unquote). */
export function liveConfigText(live: Record<string, string>): string {
  const sections = new Map<string, string[]>();
  for (const [k, v] of Object.entries(live)) {
    const dot = k.indexOf('.');
    if (dot <= 0 || /[\r\n]/.test(v)) continue;
    const s = k.slice(0, dot);
    let list = sections.get(s);
    if (!list) sections.set(s, (list = []));
    list.push(`${k.slice(dot + 1)}=${v}`);
  }
  return [...sections].map(([s, lines]) => `[${s}]\n${lines.join('\n')}\n`).join('\n');
}

export function liveFindings(live: Record<string, string>, wvp?: WvpConfig): FindingSummary {
  const doc = IniDocument.parse(liveConfigText(live));
  const findings = lint({ doc, file: 'getServerConfig', rules: wvp ? [...ZLM_RULES, ...WVP_RULES] : ZLM_RULES, lang: 'en', ...(wvp ? { wvp } : {}) });
  const out: FindingSummary = { error: 0, warning: 0, info: 0, errors: [] };
  for (const f of findings) {
    out[f.severity]++;
    if (f.severity === 'error' && !out.errors.includes(f.ruleId)) out.errors.push(f.ruleId);
  }
  out.errors.sort();
  return out;
}
