/**
 * `check --compose FILE…` and `check DIR`: turns the command line into the
 * files to check plus the deployment they run in. A directory argument is
 * expanded (config.ini, application*.yml, compose files and .env); the WVP
 * service's environment resolves application.yml's `${VAR}`s.
 */
import { statSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import type { Deployment, ComposeService } from '../deploy/types.ts';
import { knownEnvironment, wvpService } from '../deploy/query.ts';
import type { Lang } from '../i18n/index.ts';
import { UsageError } from './io.ts';

export interface DeploymentInputs {
  /** config.ini files to check (directory arguments replaced by what they hold) */
  files: string[];
  /** application.yml: --wvp, else the one found in the directory */
  wvp?: string;
  deploy?: Deployment;
  /** environment for the WVP loader: the process env with the WVP service's environment over it */
  wvpEnv?: NodeJS.ProcessEnv;
  /** lines for stderr: what was read, and what could not be */
  notes: string[];
}

const MSG = {
  dirEmpty: {
    en: (d: string) => `${d}: no config.ini, application*.yml or docker-compose file found (looked in the directory and its context/ folder)`,
    zh: (d: string) => `${d}：未找到 config.ini、application*.yml 或 docker-compose 文件（已查找该目录及其 context/ 子目录）`,
  },
  oneDir: { en: 'give one deployment directory, or files', zh: '请只给出一个部署目录，或者给出文件' },
  read: {
    en: (files: string, zlm: string, wvp: string) => `deployment context: ${files}; ZLM service: ${zlm}; WVP service: ${wvp}`,
    zh: (files: string, zlm: string, wvp: string) => `部署上下文：${files}；ZLM 服务：${zlm}；WVP 服务：${wvp}`,
  },
  none: { en: 'not recognised', zh: '未识别' },
  envFrom: {
    en: (s: string) => `application.yml placeholders are resolved with the environment of compose service "${s}"`,
    zh: (s: string) => `application.yml 中的占位符使用 compose 服务 "${s}" 的环境变量解析`,
  },
  unresolved: {
    en: (s: string, vars: string) => `compose service "${s}": ${vars} not set (no .env value): those values are unknown, not checked`,
    zh: (s: string, vars: string) => `compose 服务 "${s}"：${vars} 未设置（.env 中也没有）：这些值未知，不做检查`,
  },
  problem: { en: (f: string, d: string) => `${f}: ${d}`, zh: (f: string, d: string) => `${f}：${d}` },
};

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function display(p: string): string {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
}

/** Which WVP service's environment applies to the yml: the only one, or the one mounting its folder. */
function wvpServiceFor(d: Deployment, yml: string | undefined): ComposeService | undefined {
  const all = d.services.filter((s) => s.role === 'wvp');
  if (all.length <= 1) return wvpService(d);
  if (!yml) return undefined;
  const abs = resolve(yml);
  return all.find((s) => s.mounts.some((m) => m.source !== '' && (m.source === abs || m.source === dirname(abs))));
}

export async function deploymentInputs(
  args: readonly string[],
  o: { compose?: string[]; wvp?: string; lang: Lang },
  env: NodeJS.ProcessEnv,
): Promise<DeploymentInputs> {
  const out: DeploymentInputs = { files: [...args], notes: [], ...(o.wvp ? { wvp: o.wvp } : {}) };
  const compose = [...(o.compose ?? [])];
  const dirs = args.filter(isDir);
  if (dirs.length > 0) {
    if (args.length > 1) throw new UsageError(MSG.oneDir[o.lang]);
    const { discoverDir } = await import('../deploy/discover.ts');
    const found = discoverDir(dirs[0]!);
    if (!found.config && !found.wvp && found.compose.length === 0) throw new UsageError(MSG.dirEmpty[o.lang](dirs[0]!));
    out.files = found.config ? [found.config] : [];
    if (!out.wvp && found.wvp) out.wvp = found.wvp;
    if (compose.length === 0) compose.push(...found.compose);
    out.notes.push(...found.notes);
  }
  if (compose.length === 0) return out;
  const { loadDeployment } = await import('../deploy/load.ts');
  const d = loadDeployment(compose, { env });
  out.deploy = d;
  if (dirs.length > 0 || (args.length === 0 && !o.wvp)) {
    // a compose project keeps its configs in subfolders: take the ones the ZLM and WVP services mount
    // (for `check DIR`, and for `check --compose FILE` given no config file)
    const { mountedConfig } = await import('../deploy/discover.ts');
    if (out.files.length === 0) {
      const ini = mountedConfig(d, 'zlm');
      if (ini) out.files = [ini];
    }
    if (!out.wvp) {
      const yml = mountedConfig(d, 'wvp');
      if (yml) out.wvp = yml;
    }
  }
  for (const p of d.problems) out.notes.push(MSG.problem[o.lang](display(p.file) + (p.line ? `:${p.line}` : ''), p.detail));
  if (d.files.length > 0) {
    const names = [...d.files, ...d.envFiles].map((f) => basename(f)).join(', ');
    const zlm = d.services.filter((s) => s.role === 'zlm').map((s) => s.name).join(', ') || MSG.none[o.lang];
    const wvp = d.services.filter((s) => s.role === 'wvp').map((s) => s.name).join(', ') || MSG.none[o.lang];
    out.notes.push(MSG.read[o.lang](names, zlm, wvp));
  }
  const ws = out.wvp ? wvpServiceFor(d, out.wvp) : undefined;
  if (ws) {
    out.wvpEnv = { ...env, ...knownEnvironment(ws) };
    out.notes.push(MSG.envFrom[o.lang](ws.name));
  }
  for (const s of d.services) {
    if (s.role === 'other' || !s.envUnresolved?.size) continue;
    const vars = [...new Set([...s.envUnresolved.values()].flat())].map((v) => '${' + v + '}').join(', ');
    out.notes.push(MSG.unresolved[o.lang](s.name, vars));
  }
  return out;
}

/** Values of a deployment that are secrets by their variable name (for the redactor). */
export function deploymentSecrets(d: Deployment): string[] {
  const out: string[] = [];
  for (const s of d.services) {
    for (const [k, v] of s.environment) if (/secret|passw|pwd|token|api_?key|sercert/i.test(k) && v.length >= 4) out.push(v);
  }
  for (const [k, v] of d.dotenv) if (/secret|passw|pwd|token|api_?key|sercert/i.test(k) && v.length >= 4) out.push(v);
  return out;
}
