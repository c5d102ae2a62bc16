/**
 * `zlm-doctor diff A B`: the semantic difference between two ZLM configs
 * (src/history/semantic-diff.ts), whatever wrote them: key level, order,
 * comments, blank lines, CRLF and ZLM's dump formats ignored, secrets as
 * fingerprint tokens, risky keys first, each change with its reload class.
 *
 * Sides. Each side is a spec string resolved by the first matching
 * DiffSideResolver in SIDE_RESOLVERS: `http(s)://host:port` (or `--api URL`)
 * is the live getServerConfig answer, anything else a config file (`-` reads
 * standard input). To add a side kind (the history store's `<node>@<rev>`):
 * call registerDiffSide({ id, matches, resolve }) before runDiff runs — e.g.
 * from the command block in main.ts, or from a module main.ts imports for a
 * `--rev` option that turns into a spec (`--rev X` → `<node>@X`). Resolvers
 * registered later are tried before the built-in file resolver (which
 * matches everything). A resolver returns the canonical config made with
 * ctx.fingerprint, a display name, and the raw secrets it saw (they are
 * added to the output redactor).
 *
 * Exit codes: 0 done (with --exit-code: no changes), 1 changes with
 * --exit-code, 2 error (bad arguments, unreadable file, unreachable API).
 */
import { createTwoFilesPatch } from 'diff';
import type { Lang } from '../i18n/index.ts';
import { configFromBytes, readConfigFile } from '../io/read-config.ts';
import { canonicalize, canonicalFromApi, canonicalText, plainFingerprint, type Canonical } from '../history/canonical.ts';
import { secretChangeText, semanticDiff, type KeyChange, type Reload } from '../history/semantic-diff.ts';
import { configSecrets } from '../zlm/secrets.ts';
import { STDIN_NAME, UsageError, type Io } from './io.ts';
import { maxOf } from '../util/arrays.ts';

export interface SideContext {
  io: Io;
  lang: Lang;
  /** --secret, else ZLM_SECRET, else api.secret of a file side */
  secret: string | undefined;
  timeoutMs: number;
  fingerprint: (value: string) => string;
}

export interface ResolvedSide {
  /** how the side is named in the output (a path, an API base URL, node@rev) */
  name: string;
  canonical: Canonical;
  /** raw secrets seen while resolving it (taught to the output redactor) */
  secrets: string[];
  /** a config file's raw api.secret: the API side's secret when none is given */
  apiSecret?: string;
}

export interface DiffSideResolver {
  id: string;
  matches(spec: string): boolean;
  resolve(spec: string, ctx: SideContext): Promise<ResolvedSide>;
}

const MAX_STDIN = 4 * 1024 * 1024;

const fileSide: DiffSideResolver = {
  id: 'file',
  matches: () => true,
  async resolve(spec, ctx) {
    let cfg;
    if (spec === '-') {
      if (!ctx.io.readStdin) throw new UsageError('standard input is not available');
      const bytes = await ctx.io.readStdin(MAX_STDIN);
      if (bytes.length > MAX_STDIN) throw new UsageError(`${STDIN_NAME}: too large`);
      cfg = configFromBytes(STDIN_NAME, bytes);
    } else cfg = readConfigFile(spec);
    const secrets = configSecrets(cfg.doc);
    ctx.io.redactor?.learn(cfg.doc.text);
    const apiSecret = cfg.doc.get('api.secret');
    return { name: spec === '-' ? STDIN_NAME : spec, canonical: canonicalize(cfg.doc, { fingerprint: ctx.fingerprint }), secrets, ...(apiSecret ? { apiSecret } : {}) };
  },
};

const API_URL = /^https?:\/\/[^/\s]+\/?$/;

const apiSide: DiffSideResolver = {
  id: 'api',
  matches: (spec) => /^https?:\/\//i.test(spec),
  async resolve(spec, ctx) {
    if (!API_URL.test(spec)) throw new UsageError(ctx.lang === 'zh' ? `--api 只接受 http://主机:端口（收到 "${spec}"）` : `--api takes http://host:port (got "${spec}")`);
    const { createZlmApi } = await import('../zlm/api.ts');
    const api = createZlmApi({ base: spec, ...(ctx.secret ? { secret: ctx.secret } : {}), timeoutMs: ctx.timeoutMs });
    const r = await api.getServerConfig();
    if (!r.ok) {
      const why = r.error.explain[ctx.lang].split('\n')[0];
      throw new UsageError(ctx.lang === 'zh' ? `${api.base}: 无法读取 getServerConfig：${why}` : `${api.base}: cannot read getServerConfig: ${why}`);
    }
    const secret = r.data['api.secret'];
    return { name: api.base, canonical: canonicalFromApi(r.data, { fingerprint: ctx.fingerprint }), secrets: secret ? [secret] : [] };
  },
};

/**
 * `profile:<env>`: the config a profile renders (`diff --env prod`: base.ini + prod.ini + ${VAR}s), the
 * desired state. A variable that is not set fails the side, naming it.
 */
export function profileSide(profiles: string, envFile: string | undefined): DiffSideResolver {
  return {
    id: 'profile',
    matches: (spec) => spec.startsWith('profile:'),
    async resolve(spec, ctx) {
      const env = spec.slice('profile:'.length);
      const { renderProfile, ProfileError } = await import('../change/index.ts');
      const { varsFrom } = await import('./apply.ts');
      try {
        const r = renderProfile({ dir: profiles, env, vars: varsFrom({ ...(envFile ? { envFile } : {}) }, ctx.io.env) });
        const secrets = configSecrets(r.doc);
        ctx.io.redactor?.learn(r.doc.text);
        const apiSecret = r.doc.get('api.secret');
        return { name: `${profiles}/${env}.ini (rendered)`, canonical: canonicalize(r.doc, { fingerprint: ctx.fingerprint }), secrets, ...(apiSecret ? { apiSecret } : {}) };
      } catch (e) {
        if (!(e instanceof ProfileError)) throw e;
        const lines = e.problems.filter((p) => p.severity === 'error').map((p) => `${p.line ? `${p.file}:${p.line}:${p.column}` : p.file}: ${p.message[ctx.lang]}`);
        throw new UsageError(`${ctx.lang === 'zh' ? `无法渲染 --env ${env}` : `cannot render --env ${env}`}: ${lines.join('; ')}`);
      }
    },
  };
}

/** Tried in order; the file resolver (matches everything) stays last. */
export const SIDE_RESOLVERS: DiffSideResolver[] = [apiSide, fileSide];

/** Add a side kind (e.g. the history store's `<node>@<rev>`); it is tried before the built-in ones. */
export function registerDiffSide(r: DiffSideResolver): void {
  const at = SIDE_RESOLVERS.findIndex((x) => x.id === r.id);
  if (at >= 0) SIDE_RESOLVERS.splice(at, 1);
  SIDE_RESOLVERS.unshift(r);
}

export function resolverFor(spec: string): DiffSideResolver {
  return SIDE_RESOLVERS.find((r) => r.matches(spec))!;
}

export interface DiffOptions {
  api?: string;
  secret?: string;
  format: string;
  exitCode: boolean;
  lang: Lang;
  timeout: string;
  /** a side rendered from a profile (`--env prod`): the desired state, compared last */
  env?: string;
  profiles?: string;
  envFile?: string;
  /** the store passes its keyed HMAC; default: keyless short sha256 */
  fingerprint?: (value: string) => string;
}

export const DIFF_FORMATS = ['text', 'json', 'unified'] as const;

export async function runDiff(specs: string[], o: DiffOptions, io: Io): Promise<number> {
  io.redactor?.add(o.secret).add(io.env.ZLM_SECRET);
  if (!(DIFF_FORMATS as readonly string[]).includes(o.format)) throw new UsageError(`unknown format "${o.format}" (use text, json or unified)`);
  if (o.env) registerDiffSide(profileSide(o.profiles ?? 'profiles', o.envFile));
  const all = [...specs, ...(o.api ? [o.api] : []), ...(o.env ? [`profile:${o.env}`] : [])];
  if (all.length !== 2) {
    throw new UsageError(
      o.lang === 'zh'
        ? `diff 需要恰好两侧（收到 ${all.length} 个）：两个配置文件，或一个配置文件加 --api URL`
        : `diff takes exactly two sides (got ${all.length}): two config files, or one config file and --api URL (or --env NAME)`,
    );
  }
  const { parseDuration } = await import('./doctor.ts');
  const ctx: SideContext = {
    io,
    lang: o.lang,
    secret: o.secret ?? io.env.ZLM_SECRET,
    timeoutMs: parseDuration(o.timeout, '--timeout'),
    fingerprint: o.fingerprint ?? plainFingerprint,
  };
  // sides that need no network first: a file's api.secret is the API's default secret
  const order = all.map((s, i) => ({ s, i, r: resolverFor(s) })).sort((a, b) => Number(a.r.id === 'api') - Number(b.r.id === 'api'));
  const sides: ResolvedSide[] = [];
  for (const { s, i, r } of order) {
    const side = await r.resolve(s, ctx);
    for (const x of side.secrets) io.redactor?.add(x);
    if (ctx.secret === undefined && side.apiSecret) ctx.secret = side.apiSecret;
    sides[i] = side;
  }
  let [a, b] = sides as [ResolvedSide, ResolvedSide];
  // the live API lists every key ZLM knows: against a rendered profile, only the keys the profile sets count
  // (what production lacks or has differently), never the compiled-in defaults the profile leaves out
  if (o.env && order.some((x) => x.r.id === 'api')) {
    const keep = (s: ResolvedSide, other: ResolvedSide): ResolvedSide => ({ ...s, canonical: { entries: new Map([...s.canonical.entries].filter(([k]) => other.canonical.entries.has(k))) } });
    if (order.find((x) => x.i === 0)!.r.id === 'api') a = keep(a, b);
    else if (order.find((x) => x.i === 1)!.r.id === 'api') b = keep(b, a);
  }
  const changes = semanticDiff(a.canonical, b.canonical);
  let out: string;
  if (o.format === 'json') out = `${JSON.stringify(toJson(changes))}\n`;
  else if (o.format === 'unified') out = unified(a, b);
  else out = toText(changes, a.name, b.name, o.lang);
  io.out(out);
  return o.exitCode && changes.length > 0 ? 1 : 0;
}

// ─────────────────────────────── formats ───────────────────────────────

/** The machine-readable contract: `{"version":1,"changes":[{"key","kind","risky","reload","before","after"}]}` (null when absent). */
export function toJson(changes: readonly KeyChange[]): { version: 1; changes: { key: string; kind: string; risky: boolean; reload: Reload; before: string | null; after: string | null }[] } {
  return {
    version: 1,
    changes: changes.map((c) => ({ key: c.key, kind: c.kind, risky: c.risky, reload: c.reload, before: c.before ?? null, after: c.after ?? null })),
  };
}

export function unified(a: ResolvedSide, b: ResolvedSide): string {
  const ta = canonicalText(a.canonical);
  const tb = canonicalText(b.canonical);
  if (ta === tb) return '';
  return createTwoFilesPatch(a.name, b.name, ta, tb, undefined, undefined, { context: 3 });
}

const RELOAD_TEXT: Record<Reload, { en: string; zh: string }> = {
  live: { en: 'live', zh: '立即生效' },
  'new-streams': { en: 'new streams only', zh: '仅对新流生效' },
  restart: { en: 'restart needed', zh: '需重启' },
};

const MAX_SHOWN = 100;

function shown(v: string | undefined): string {
  if (v === undefined) return '';
  const s = v === '' ? '""' : v;
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN - 1)}…` : s;
}

function changeLine(c: KeyChange, lang: Lang, width: number): string {
  const mark = c.kind === 'added' ? '+' : c.kind === 'removed' ? '-' : '~';
  const sec = secretChangeText(c);
  let what: string;
  if (sec) what = sec;
  else if (c.kind === 'changed') what = `${shown(c.before)} → ${shown(c.after)}`;
  else what = shown(c.kind === 'added' ? c.after : c.before);
  const reload = c.known ? RELOAD_TEXT[c.reload][lang] : lang === 'zh' ? 'ZLM 不读取此键' : 'not read by ZLM';
  return `  ${mark} ${c.key.padEnd(width)}  ${what}  [${reload}]`;
}

export function toText(changes: readonly KeyChange[], nameA: string, nameB: string, lang: Lang): string {
  const zh = lang === 'zh';
  if (changes.length === 0) {
    return zh ? `无实质差异：${nameA} 与 ${nameB} 对 ZLM 而言相同（忽略顺序、注释、空行、换行符与转储格式）\n` : `No significant difference: ${nameA} and ${nameB} mean the same to ZLM (order, comments, blank lines, line endings and dump format ignored)\n`;
  }
  const risky = changes.filter((c) => c.risky);
  const other = changes.filter((c) => !c.risky);
  const restart = changes.filter((c) => c.known && c.reload === 'restart').length;
  const width = Math.min(32, maxOf(changes.map((c) => c.key.length)));
  const lines: string[] = [];
  lines.push(
    zh
      ? `${changes.length} 处差异（${risky.length} 处有风险，${restart} 处需重启）：${nameA} → ${nameB}`
      : `${changes.length} change${changes.length === 1 ? '' : 's'} (${risky.length} risky, ${restart} need${restart === 1 ? 's' : ''} a restart): ${nameA} → ${nameB}`,
  );
  if (risky.length) {
    lines.push('', zh ? '有风险（hook、密钥、ID、端口、端口范围、IP 白名单）：' : 'Risky (hooks, secrets, id, ports, port ranges, IP allow lists):');
    for (const c of risky) lines.push(changeLine(c, lang, width));
  }
  if (other.length) {
    lines.push('', zh ? '其他：' : 'Other:');
    for (const c of other) lines.push(changeLine(c, lang, width));
  }
  return `${lines.join('\n')}\n`;
}
