/**
 * `.env` and `env_file:` files as docker compose v2 reads them: `KEY=VALUE`,
 * optional `export `, `#` comment lines, single quotes literal, double quotes
 * with `\n`-style escapes and interpolation, unquoted values trimmed and cut
 * at ` #`. Later values may use earlier ones (`${BASE}/data`).
 */
import { interpolate, type Lookup } from './interpolate.ts';

export interface EnvEntry {
  value: string;
  line: number;
  column: number;
  /** variables the value needed that were not set */
  unresolved: string[];
}

/**
 * Parses an env file. `outer` is consulted for interpolation after the
 * file's own earlier entries (compose: the shell environment wins over .env,
 * which the caller arranges by looking the shell up first).
 */
export function parseEnvFile(text: string, outer: Lookup = () => undefined): Map<string, EnvEntry> {
  const out = new Map<string, EnvEntry>();
  const lookup: Lookup = (n) => outer(n) ?? out.get(n)?.value;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const m = /^(\s*)(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(raw);
    if (!m) continue;
    const key = m[2]!;
    let rest = m[3]!;
    let value: string;
    let unresolved: string[] = [];
    const q = rest[0];
    if (q === "'" || q === '"') {
      // a quoted value may span lines until the closing quote
      let body = rest.slice(1);
      let end = findClose(body, q);
      while (end < 0 && i + 1 < lines.length) {
        i++;
        body += '\n' + lines[i]!;
        end = findClose(body, q);
      }
      body = end < 0 ? body : body.slice(0, end);
      if (q === "'") value = body;
      else {
        const r = interpolate(unescape(body), lookup);
        value = r.value;
        unresolved = r.unresolved;
      }
    } else {
      const hash = rest.search(/\s#/);
      if (hash >= 0) rest = rest.slice(0, hash);
      const r = interpolate(rest.trim(), lookup);
      value = r.value;
      unresolved = r.unresolved;
    }
    out.set(key, { value, line: i + 1, column: m[1]!.length + 1, unresolved });
  }
  return out;
}

function findClose(s: string, q: string): number {
  for (let j = 0; j < s.length; j++) {
    if (s[j] === '\\' && q === '"') {
      j++;
      continue;
    }
    if (s[j] === q) return j;
  }
  return -1;
}

function unescape(s: string): string {
  return s.replace(/\\([nrt"\\])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' })[c] ?? c);
}
