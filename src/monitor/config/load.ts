/**
 * `loadMonitorConfig(pathOrDir, env)`: read zlm-doctor.yml (or every *.yml / *.yaml of a directory, in name
 * order, merged), expand `$VAR` / `${VAR}`, validate, apply defaults. Never throws for a bad config: every
 * problem is one error with file, line, column and reason (en + zh). Only an unreadable path throws
 * (`ConfigReadError`), because then there is nothing to point at.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Fields, type ReadContext } from './fields.ts';
import { mergeTrees, parseYamlTree, type LNode } from './tree.ts';
import { readAlerts, readDefaults, readListen, readMaintenance, readNodes } from './sections.ts';
import type { ConfigError, MonitorConfig } from './types.ts';

export class ConfigReadError extends Error {
  constructor(
    readonly path: string,
    readonly en: string,
    readonly zh: string,
  ) {
    super(`${path}: ${en}`);
  }
}

export interface LoadResult {
  /** usable only when errors is empty (then every field is set and checked) */
  config: MonitorConfig;
  errors: ConfigError[];
}

const MAX_FILE = 4 * 1024 * 1024;

/** The files a path names: itself, or a directory's *.yml / *.yaml (not hidden), sorted. */
export function configFiles(pathOrDir: string): string[] {
  const p = resolve(pathOrDir);
  let st;
  try {
    st = statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigReadError(p, code === 'ENOENT' ? 'no such file or directory' : `cannot read (${code})`, code === 'ENOENT' ? '文件或目录不存在' : `无法读取（${code}）`);
  }
  if (!st.isDirectory()) return [p];
  const files = readdirSync(p)
    .filter((n) => /\.ya?ml$/i.test(n) && !n.startsWith('.'))
    .sort()
    .map((n) => join(p, n));
  if (files.length === 0) throw new ConfigReadError(p, 'the directory holds no *.yml or *.yaml file', '该目录下没有 *.yml 或 *.yaml 文件');
  return files;
}

function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Load from already-read texts (tests, and the engine's reload which reads the files itself). */
export function loadMonitorConfigTexts(sources: { file: string; text: string }[], env: NodeJS.ProcessEnv, opts: { baseDir?: string } = {}): LoadResult {
  const errors: ConfigError[] = [];
  const secrets = new Set<string>();
  let tree: LNode | undefined;
  for (const s of sources) {
    const t = parseYamlTree(s.text, s.file, env, errors);
    if (!t) continue;
    if (t.kind !== 'map') {
      errors.push({ file: s.file, line: t.loc.line, col: t.loc.col, reason: { en: 'the file must be a map of settings (listen:, nodes:, alerts: …)', zh: '文件内容必须是设置映射（listen:、nodes:、alerts: …）' } });
      continue;
    }
    tree = tree ? mergeTrees(tree, t, errors) : t;
  }
  const ctx: ReadContext = { errors, secrets, baseDir: (loc) => dirname(resolve(loc.file)) };
  const first = sources[0]?.file ?? 'zlm-doctor.yml';
  const root = new Fields(ctx, tree?.kind === 'map' ? tree : { kind: 'map', entries: [], loc: { file: first, line: 1, col: 1 } }, '');
  const listen = readListen(root);
  const lang = root.oneOf('lang', ['en', 'zh'] as const, 'en');
  const sd = root.str('state-dir');
  // the REST API's bearer token (usually ${ZLM_DOCTOR_TOKEN}): a secret like any other
  const token = root.str('token', { secret: true });
  const base = opts.baseDir ?? dirname(resolve(first));
  const stateDir = sd ? resolve(ctx.baseDir(root.scalar('state-dir')!.loc), sd) : join(base, '.zlm-doctor');
  const defaults = readDefaults(ctx, root.node('defaults'));
  const nodes = readNodes(ctx, root.node('nodes'), defaults);
  const alerts = readAlerts(ctx, root.node('alerts'));
  const maintenance = readMaintenance(ctx, root.node('maintenance'), localZone());
  root.done();
  errors.sort((a, b) => (a.file === b.file ? a.line - b.line || a.col - b.col : sources.findIndex((s) => s.file === a.file) - sources.findIndex((s) => s.file === b.file)));
  return {
    config: { listen, lang, stateDir, ...(token ? { token } : {}), defaults, nodes, alerts, maintenance, files: sources.map((s) => s.file), secrets: [...secrets].filter((s) => s.length > 0) },
    errors,
  };
}

export function loadMonitorConfig(pathOrDir: string, env: NodeJS.ProcessEnv = process.env): LoadResult {
  const files = configFiles(pathOrDir);
  const sources = files.map((file) => {
    try {
      const buf = readFileSync(file);
      if (buf.length > MAX_FILE) throw new ConfigReadError(file, `larger than ${MAX_FILE} bytes: not a config file`, `超过 ${MAX_FILE} 字节：不是配置文件`);
      return { file, text: buf.toString('utf8') };
    } catch (e) {
      if (e instanceof ConfigReadError) throw e;
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      throw new ConfigReadError(file, `cannot read (${code})`, `无法读取（${code}）`);
    }
  });
  const st = statSync(resolve(pathOrDir));
  return loadMonitorConfigTexts(sources, env, { baseDir: st.isDirectory() ? resolve(pathOrDir) : dirname(resolve(pathOrDir)) });
}

/** `file:line:col reason` in the chosen language. */
export function formatConfigError(e: ConfigError, lang: 'en' | 'zh'): string {
  return `${e.file}:${e.line}:${e.col} ${e.reason[lang]}`;
}
