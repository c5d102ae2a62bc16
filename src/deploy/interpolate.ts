/**
 * docker compose's variable interpolation (compose-spec "Interpolation"):
 * `$VAR`, `${VAR}`, `${VAR:-default}` (unset or empty), `${VAR-default}`
 * (unset), `${VAR:?err}` / `${VAR?err}` (required), `${VAR:+alt}` /
 * `${VAR+alt}` (replacement when set), `$$` for a literal `$`. Defaults may
 * themselves contain interpolations. A variable that is not set becomes ''
 * (compose warns) and is listed in `unresolved`: the caller must treat such a
 * value as unknown, never as a fact.
 */

export interface Interpolated {
  value: string;
  /** variables that were needed but not set (no default applied) */
  unresolved: string[];
}

export type Lookup = (name: string) => string | undefined;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Interpolates one string. Never throws: a malformed `${` is kept literally. */
export function interpolate(s: string, lookup: Lookup): Interpolated {
  const unresolved: string[] = [];
  const value = run(s, lookup, unresolved, 0);
  return { value, unresolved: [...new Set(unresolved)] };
}

function run(s: string, lookup: Lookup, unresolved: string[], depth: number): string {
  if (depth > 10 || !s.includes('$')) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = s[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const close = matchingBrace(s, i + 1);
      if (close < 0) {
        out += s.slice(i);
        break;
      }
      out += braced(s.slice(i + 2, close), lookup, unresolved, depth);
      i = close + 1;
      continue;
    }
    const m = NAME.exec(s.slice(i + 1));
    if (!m) {
      out += '$';
      i++;
      continue;
    }
    const v = lookup(m[0]);
    if (v === undefined) unresolved.push(m[0]);
    out += v ?? '';
    i += 1 + m[0].length;
  }
  return out;
}

/** Index of the `}` closing the `{` at `open`, honouring nested `${…}`. */
function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    if (s[j] === '{') depth++;
    else if (s[j] === '}') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

function braced(body: string, lookup: Lookup, unresolved: string[], depth: number): string {
  const m = NAME.exec(body);
  if (!m) return '${' + body + '}';
  const name = m[0];
  const rest = body.slice(name.length);
  const v = lookup(name);
  if (rest === '') {
    if (v === undefined) unresolved.push(name);
    return v ?? '';
  }
  const op = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest);
  if (!op) return '${' + body + '}';
  const arg = rest.slice(op[0].length);
  const sub = () => run(arg, lookup, unresolved, depth + 1);
  switch (op[0]) {
    case ':-':
      return v === undefined || v === '' ? sub() : v;
    case '-':
      return v === undefined ? sub() : v;
    case ':?':
    case '?':
      if (v === undefined || (op[0] === ':?' && v === '')) {
        unresolved.push(name);
        return '';
      }
      return v;
    case ':+':
      return v !== undefined && v !== '' ? sub() : '';
    default:
      return v !== undefined ? sub() : '';
  }
}
