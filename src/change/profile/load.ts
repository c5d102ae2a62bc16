/**
 * Reading a profile directory (the I/O around mergeProfile): `<dir>/base.ini` and `<dir>/<env>.ini`,
 * each read the way zlm-doctor reads any config.ini (size, encoding, refusing YAML). The result is written
 * in base.ini's encoding.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readConfigFile, type ConfigEncoding } from '../../io/read-config.ts';
import { mergeProfile, type MergeResult } from './merge.ts';
import type { ProfileProblem, VarValues } from './vars.ts';

export interface RenderInput {
  /** the profile directory (base.ini, dev.ini, test.ini, prod.ini …) */
  dir: string;
  /** the environment: its overlay is `<env>.ini` */
  env: string;
  /** variable values (the process environment, with an env file's under it) */
  vars: VarValues;
}

export interface Rendered extends MergeResult {
  /** the files read, base first */
  files: string[];
  encoding: ConfigEncoding;
  /** the bytes to write */
  bytes: Buffer;
  /** warnings only (errors throw ProfileError) */
  warnings: ProfileProblem[];
}

/** Rendering failed: nothing may be written. Every problem (errors first) is in `problems`. */
export class ProfileError extends Error {
  constructor(readonly problems: ProfileProblem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(errors.map((p) => `${p.file}${p.line ? `:${p.line}:${p.column}` : ''}: ${p.message.en}`).join('\n'));
  }
}

const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The environments a profile directory offers (every `*.ini` but base.ini). */
export function profileEnvs(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.ini') && f !== 'base.ini')
      .map((f) => f.slice(0, -4))
      .sort();
  } catch {
    return [];
  }
}

function fileProblem(code: ProfileProblem['code'], file: string, en: string, zh: string): ProfileProblem {
  return { severity: 'error', code, file, line: 0, column: 0, message: { en, zh } };
}

/**
 * Render one environment of a profile directory. Throws ProfileError when a file is missing, a variable is
 * unresolved or the overlay cannot be placed (every problem named with file:line), InputError when a file
 * cannot be read as config.ini.
 */
export function renderProfile(input: RenderInput): Rendered {
  const { dir, env } = input;
  const basePath = join(dir, 'base.ini');
  if (!ENV_NAME.test(env) || env === 'base') {
    throw new ProfileError([fileProblem('bad-env', dir, `"${env}" is not an environment name (use the name of an overlay file, e.g. prod for prod.ini)`, `"${env}" 不是环境名（请使用覆盖文件的名字，例如 prod 对应 prod.ini）`)]);
  }
  const overlayPath = join(dir, `${env}.ini`);
  const missing: ProfileProblem[] = [];
  if (!existsSync(basePath)) missing.push(fileProblem('missing-file', basePath, `no base.ini in ${dir}: a profile directory holds base.ini and one overlay per environment`, `${dir} 中没有 base.ini：profile 目录应包含 base.ini 和每个环境的覆盖文件`));
  if (!existsSync(overlayPath)) {
    const envs = profileEnvs(dir);
    missing.push(
      fileProblem(
        'missing-file',
        overlayPath,
        `no overlay for environment "${env}"${envs.length ? ` (this directory has: ${envs.join(', ')})` : ''}; create ${env}.ini (it may be empty) to render base.ini alone`,
        `没有环境 "${env}" 的覆盖文件${envs.length ? `（该目录中有：${envs.join('、')}）` : ''}；如只需渲染 base.ini，请创建 ${env}.ini（可以为空）`,
      ),
    );
  }
  if (missing.length) throw new ProfileError(missing);
  const base = readConfigFile(basePath);
  const overlay = readConfigFile(overlayPath);
  const r = mergeProfile({ file: basePath, doc: base.doc }, { file: overlayPath, doc: overlay.doc }, input.vars);
  if (r.problems.some((p) => p.severity === 'error')) throw new ProfileError(r.problems);
  return { ...r, files: [basePath, overlayPath], encoding: base.encoding, bytes: base.encode(r.text), warnings: r.problems };
}
