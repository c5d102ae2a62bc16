/**
 * Routing: which channels an alert goes to. A route matches on labels (the node's labels plus `node`,
 * `rule`, `severity`, `alertname`) and a lowest severity; an alert goes to the channels of every route it
 * matches, and to `default-channels` (every channel unless set) when it matches none. With no routes at
 * all, every alert goes to the default channels.
 */
import { SEVERITY_RANK, type AlertsConfig, type LabelMatchers } from '../config/types.ts';
import type { Alert } from './model.ts';

/** `{site: [lab, prod]}` any of them; `'!lab'` anything but; every key must match. */
export function labelsMatch(m: LabelMatchers, labels: Record<string, string>): boolean {
  for (const [k, vals] of Object.entries(m)) {
    const v = labels[k];
    const pos = vals.filter((x) => !x.startsWith('!'));
    const neg = vals.filter((x) => x.startsWith('!')).map((x) => x.slice(1));
    if (pos.length && (v === undefined || !pos.includes(v))) return false;
    if (neg.length && v !== undefined && neg.includes(v)) return false;
  }
  return true;
}

export function routeAlert(a: Alert, cfg: AlertsConfig): string[] {
  if (cfg.routes.length === 0) return [...cfg.defaultChannels];
  const out = new Set<string>();
  let matched = false;
  for (const r of cfg.routes) {
    if (SEVERITY_RANK[a.severity] < SEVERITY_RANK[r.minSeverity] || !labelsMatch(r.match, a.labels)) continue;
    matched = true;
    for (const c of r.channels) out.add(c);
  }
  return matched ? [...out] : [...cfg.defaultChannels];
}
