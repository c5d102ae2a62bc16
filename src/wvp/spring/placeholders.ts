/**
 * Spring's placeholders (PropertyPlaceholderHelper): `${NAME}`, `${NAME:default}`
 * (the default may be empty or contain ':'), nested in longer strings or in
 * each other. Finding them, resolving them against a lookup, and where to
 * write a new value into one.
 */

export interface Resolution {
  value: string | undefined;
  unresolved: string[];
  usedDefault: boolean;
  usedEnv?: string;
}

/** Resolves one placeholder name (the environment, then other keys); undefined when nothing defines it. */
export type NameLookup = (name: string, visiting: Set<string>) => Resolution | undefined;

export interface Placeholder {
  /** offsets in the string: `${` start, closing `}` end (exclusive) */
  start: number;
  end: number;
  keyStart: number;
  keyEnd: number;
  /** default text offsets, when there is a ':' */
  defStart?: number;
  defEnd?: number;
}

/** Spring's PropertyPlaceholderHelper: `${`, nested `{`/`}` counted, value separator ':' at depth 0. */
export function findPlaceholder(s: string, from: number): Placeholder | undefined {
  const start = s.indexOf('${', from);
  if (start < 0) return undefined;
  let depth = 0;
  let sep = -1;
  for (let i = start + 2; i < s.length; i++) {
    const ch = s[i];
    if (ch === '{') depth++;
    else if (ch === '}') {
      if (depth === 0) {
        const ph: Placeholder = { start, end: i + 1, keyStart: start + 2, keyEnd: sep >= 0 ? sep : i };
        if (sep >= 0) {
          ph.defStart = sep + 1;
          ph.defEnd = i;
        }
        return ph;
      }
      depth--;
    } else if (ch === ':' && depth === 0 && sep < 0) sep = i;
  }
  return undefined; // unterminated: Spring leaves the text as it is
}

function singlePlaceholder(s: string): Placeholder | undefined {
  const ph = findPlaceholder(s, 0);
  return ph && ph.start === 0 && ph.end === s.length ? ph : undefined;
}

/**
 * Where to write a new value into a value that is exactly one placeholder:
 * its default (the innermost one for `${A:${B:x}}`), or right after the name
 * when it has none (`${NAME}` → `${NAME:value}`).
 */
export function placeholderTarget(s: string, base = 0): { a: number; b: number; hasDefault: boolean } | undefined {
  const ph = singlePlaceholder(s);
  if (!ph) return undefined;
  if (ph.defStart === undefined || ph.defEnd === undefined) return { a: base + ph.keyEnd, b: base + ph.keyEnd, hasDefault: false };
  const nested = placeholderTarget(s.slice(ph.defStart, ph.defEnd), base + ph.defStart);
  return nested ?? { a: base + ph.defStart, b: base + ph.defEnd, hasDefault: true };
}

/**
 * Replaces every placeholder in `s`: its name is resolved first (it may hold
 * placeholders), then looked up, then its default is used. Names that stay
 * unresolved are listed and leave `value` undefined.
 */
export function resolvePlaceholders(s: string, visiting: Set<string>, lookup: NameLookup): Resolution {
  const res: Resolution = { value: undefined, unresolved: [], usedDefault: false };
  let out = '';
  let pos = 0;
  for (;;) {
    const ph = findPlaceholder(s, pos);
    if (!ph) break;
    out += s.slice(pos, ph.start);
    pos = ph.end;
    const keyR = resolvePlaceholders(s.slice(ph.keyStart, ph.keyEnd), visiting, lookup);
    mergeResolution(res, keyR);
    if (keyR.value === undefined) continue;
    const name = keyR.value.trim();
    const found = lookup(name, visiting);
    if (found) {
      mergeResolution(res, found);
      if (found.value !== undefined) out += found.value;
      continue;
    }
    if (ph.defStart !== undefined) {
      const d = resolvePlaceholders(s.slice(ph.defStart, ph.defEnd), visiting, lookup);
      mergeResolution(res, d);
      res.usedDefault = true;
      if (d.value !== undefined) out += d.value;
      continue;
    }
    if (!res.unresolved.includes(name)) res.unresolved.push(name);
  }
  out += s.slice(pos);
  if (!res.unresolved.length) res.value = out;
  return res;
}

function mergeResolution(into: Resolution, r: Resolution): void {
  for (const u of r.unresolved) if (!into.unresolved.includes(u)) into.unresolved.push(u);
  if (r.usedDefault) into.usedDefault = true;
  if (r.usedEnv && !into.usedEnv) into.usedEnv = r.usedEnv;
}
