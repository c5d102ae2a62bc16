/**
 * Spring Boot's relaxed binding of property names: `hook-ip`, `hookIp` and
 * `hook_ip` are one key; `[...]` elements (bracket notation, list indexes)
 * stay whole.
 */

/** Splits a dotted path; `[...]` elements (Spring's bracket notation) stay whole. */
export function splitPath(path: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of path) {
    if (ch === '[') depth++;
    if (ch === ']') depth = Math.max(0, depth - 1);
    if (ch === '.' && depth === 0) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

/** One path element in canonical form: lower case, '-' and '_' dropped. */
export function normSeg(s: string): string {
  return s.toLowerCase().replace(/[-_]/g, '');
}

/** Canonical form of a property name: lower case, '-' and '_' dropped per element (relaxed binding). */
export function canonicalKey(path: string): string {
  return splitPath(path).map(normSeg).join('.');
}
