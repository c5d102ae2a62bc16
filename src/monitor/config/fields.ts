/**
 * Reading one YAML map against its schema: each getter checks a key's type and records an error with the
 * value's file, line and column (never throwing), and `done()` reports the keys nobody asked for, with a
 * "did you mean". Channel files use the same reader for their own fields (src/monitor/channels).
 */
import { parseDurationMs } from './duration.ts';
import { err, type LMap, type LNode, type LScalar, type LSeq } from './tree.ts';
import type { ConfigError, Loc } from './types.ts';

export interface ReadContext {
  errors: ConfigError[];
  /** values to hide in every output */
  secrets: Set<string>;
  /** the directory relative paths are resolved against (the file's own directory) */
  baseDir(loc: Loc): string;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

const KIND = { scalar: ['a value', '一个值'], map: ['a map (key: value)', '一个映射（键: 值）'], seq: ['a list', '一个列表'] } as const;

export class Fields {
  private readonly asked = new Set<string>();

  constructor(
    readonly ctx: ReadContext,
    readonly map: LMap,
    /** where this map sits, for messages: `nodes[2]`, `alerts.channels[0]` */
    readonly path: string,
  ) {}

  /** A map node as Fields; an error (and undefined) when the node is something else. */
  static of(ctx: ReadContext, node: LNode, path: string): Fields | undefined {
    if (node.kind !== 'map') {
      ctx.errors.push(err(node.loc, `${path} must be a map (key: value)`, `${path} 必须是映射（键: 值）`));
      return undefined;
    }
    return new Fields(ctx, node, path);
  }

  get loc(): Loc {
    return this.map.loc;
  }

  name(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  has(key: string): boolean {
    return this.map.entries.some((e) => e.key === key);
  }

  node(key: string): LNode | undefined {
    this.asked.add(key);
    const e = this.map.entries.find((x) => x.key === key);
    if (!e) return undefined;
    // `key:` with nothing after it is the same as leaving the key out
    if (e.value.kind === 'scalar' && e.value.value === null) return undefined;
    return e.value;
  }

  error(loc: Loc, en: string, zh: string): void {
    this.ctx.errors.push(err(loc, en, zh));
  }

  private want<K extends LNode['kind']>(key: string, kind: K): Extract<LNode, { kind: K }> | undefined {
    const n = this.node(key);
    if (!n) return undefined;
    if (n.kind !== kind) {
      this.error(n.loc, `${this.name(key)} must be ${KIND[kind][0]}`, `${this.name(key)} 必须是${KIND[kind][1]}`);
      return undefined;
    }
    return n as Extract<LNode, { kind: K }>;
  }

  required(key: string, en = '', zh = ''): void {
    if (!this.node(key)) this.error(this.loc, `${this.name(key)} is required${en}`, `缺少必填项 ${this.name(key)}${zh}`);
  }

  scalar(key: string): LScalar | undefined {
    return this.want(key, 'scalar');
  }

  str(key: string, opts: { required?: boolean; secret?: boolean } = {}): string | undefined {
    const n = this.scalar(key);
    if (!n) {
      if (opts.required) this.required(key);
      return undefined;
    }
    const v = String(n.value);
    if (opts.required && v === '') {
      this.error(n.loc, `${this.name(key)} is empty`, `${this.name(key)} 为空`);
      return undefined;
    }
    if (opts.secret) this.ctx.secrets.add(v);
    return v;
  }

  oneOf<T extends string>(key: string, values: readonly T[], def: T): T {
    const n = this.scalar(key);
    if (!n) return def;
    const v = String(n.value);
    if ((values as readonly string[]).includes(v)) return v as T;
    this.error(n.loc, `${this.name(key)} must be one of ${values.join(', ')} (got "${v}")`, `${this.name(key)} 必须是 ${values.join('、')} 之一（实际为 "${v}"）`);
    return def;
  }

  int(key: string, def: number, min: number, max: number): number {
    const n = this.scalar(key);
    if (!n) return def;
    const v = typeof n.value === 'number' ? n.value : /^\s*-?\d+\s*$/.test(String(n.value)) ? Number(n.value) : NaN;
    if (!Number.isInteger(v) || v < min || v > max) {
      this.error(n.loc, `${this.name(key)} must be a whole number from ${min} to ${max} (got "${n.value}")`, `${this.name(key)} 必须是 ${min} 到 ${max} 之间的整数（实际为 "${n.value}"）`);
      return def;
    }
    return v;
  }

  bool(key: string, def: boolean): boolean {
    const n = this.scalar(key);
    if (!n) return def;
    if (typeof n.value === 'boolean') return n.value;
    if (n.fromEnv && /^(true|false)$/i.test(String(n.value))) return /^true$/i.test(String(n.value));
    this.error(n.loc, `${this.name(key)} must be true or false (got "${n.value}")`, `${this.name(key)} 必须是 true 或 false（实际为 "${n.value}"）`);
    return def;
  }

  duration(key: string, def: number, opts: { min?: number; max?: number } = {}): number {
    const n = this.scalar(key);
    if (!n) return def;
    const ms = typeof n.value === 'number' || typeof n.value === 'string' ? parseDurationMs(n.value) : undefined;
    if (ms === undefined) {
      this.error(n.loc, `${this.name(key)} must be a duration such as 10s, 500ms, 1m or 2h (got "${n.value}")`, `${this.name(key)} 必须是时长，例如 10s、500ms、1m、2h（实际为 "${n.value}"）`);
      return def;
    }
    const min = opts.min ?? 0;
    const max = opts.max ?? Number.MAX_SAFE_INTEGER;
    if (ms < min || ms > max) {
      const range = `${min} ms … ${max === Number.MAX_SAFE_INTEGER ? '∞' : `${max} ms`}`;
      this.error(n.loc, `${this.name(key)} is out of range (${range})`, `${this.name(key)} 超出范围（${range}）`);
      return def;
    }
    return ms;
  }

  /** An http(s) URL; its tokens (userinfo password, token-like query values and path parts) become secrets. */
  url(key: string, opts: { required?: boolean; schemes?: string[] } = {}): string | undefined {
    const n = this.scalar(key);
    if (!n) {
      if (opts.required) this.required(key);
      return undefined;
    }
    const v = String(n.value);
    const schemes = opts.schemes ?? ['http:', 'https:'];
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      this.error(n.loc, `${this.name(key)} is not a URL: "${v}"`, `${this.name(key)} 不是合法的 URL："${v}"`);
      return undefined;
    }
    if (!schemes.includes(u.protocol)) {
      this.error(n.loc, `${this.name(key)} must start with ${schemes.map((s) => `${s}//`).join(' or ')}`, `${this.name(key)} 必须以 ${schemes.map((s) => `${s}//`).join(' 或 ')} 开头`);
      return undefined;
    }
    for (const s of urlSecrets(u)) this.ctx.secrets.add(s);
    return v;
  }

  seq(key: string): LSeq | undefined {
    return this.want(key, 'seq');
  }

  mapOf(key: string): LMap | undefined {
    return this.want(key, 'map');
  }

  /** `to: a@x` or `to: [a@x, b@x]` */
  strList(key: string): string[] | undefined {
    const n = this.node(key);
    if (!n) return undefined;
    if (n.kind === 'scalar') return [String(n.value)];
    if (n.kind !== 'seq') {
      this.error(n.loc, `${this.name(key)} must be a value or a list`, `${this.name(key)} 必须是一个值或列表`);
      return undefined;
    }
    const out: string[] = [];
    for (const i of n.items) {
      if (i.kind !== 'scalar' || i.value === null) this.error(i.loc, `${this.name(key)}: each item must be a value`, `${this.name(key)}：每一项都必须是一个值`);
      else out.push(String(i.value));
    }
    return out;
  }

  /** `labels: { site: lab }` → plain strings; `secretValues` marks every value secret (HTTP headers). */
  strMap(key: string, opts: { secretValues?: boolean; lists?: boolean } = {}): Record<string, string[]> | undefined {
    const m = this.mapOf(key);
    if (!m) return undefined;
    const out: Record<string, string[]> = {};
    for (const e of m.entries) {
      const v = e.value;
      const vals: string[] = [];
      if (v.kind === 'scalar' && v.value !== null) vals.push(String(v.value));
      else if (opts.lists && v.kind === 'seq' && v.items.every((i) => i.kind === 'scalar' && i.value !== null)) vals.push(...v.items.map((i) => String((i as LScalar).value)));
      else {
        this.error(v.loc, `${this.name(key)}.${e.key} must be ${opts.lists ? 'a value or a list of values' : 'a value'}`, `${this.name(key)}.${e.key} 必须是${opts.lists ? '一个值或值的列表' : '一个值'}`);
        continue;
      }
      if (opts.secretValues) for (const x of vals) this.ctx.secrets.add(x);
      out[e.key] = vals;
    }
    return out;
  }

  /** Report every key that no getter asked for (a typo must not pass silently). */
  done(): void {
    const known = [...this.asked];
    for (const e of this.map.entries) {
      if (this.asked.has(e.key)) continue;
      const near = known.filter((k) => editDistance(k, e.key) <= Math.max(1, Math.floor(k.length / 4))).sort((a, b) => editDistance(a, e.key) - editDistance(b, e.key))[0];
      const hint = near ? `; did you mean "${near}"?` : `; known keys: ${known.join(', ')}`;
      const hintZh = near ? `；是否想写 "${near}"？` : `；可用的键：${known.join('、')}`;
      this.error(e.keyLoc, `unknown key "${this.name(e.key)}"${hint}`, `未知的键 "${this.name(e.key)}"${hintZh}`);
    }
  }
}

const TOKEN_PARAM = /key|token|secret|sign|auth|pass|pwd|sig|code/i;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,}$/;

/**
 * The parts of a webhook URL that are credentials: the userinfo password, values of query parameters named
 * like a key or token (`access_token`, `key`, `token`, `sig`), and token-shaped path segments (Feishu's
 * `/hook/<id>`, Slack's `/services/T/B/<secret>`).
 */
export function urlSecrets(u: URL): string[] {
  const out: string[] = [];
  if (u.password) out.push(decodeURIComponent(u.password));
  for (const [k, v] of u.searchParams) if (v && TOKEN_PARAM.test(k)) out.push(v);
  const segs = u.pathname.split('/').filter(Boolean);
  segs.forEach((s, i) => {
    const prev = segs[i - 1] ?? '';
    if (TOKEN_SHAPE.test(s) || (/^(hook|hooks|services|webhook|webhooks)$/i.test(prev) && s.length >= 8) || (i >= 2 && /^services$/i.test(segs[0]!) && s.length >= 8)) out.push(decodeURIComponent(s));
  });
  return out;
}
