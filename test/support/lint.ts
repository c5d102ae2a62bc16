import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { IniDocument } from '../../src/ini/document.ts';
import { lint, type LintInput } from '../../src/lint/engine.ts';
import { decodeConfigBytes } from '../../src/io/read-config.ts';
import type { Finding, Rule } from '../../src/rules/types.ts';
import type { WvpConfig } from '../../src/wvp/types.ts';
import type { InputShape } from '../../src/zlm/shape-types.ts';
import { ZLM_RULES } from '../../src/rules/index.ts';
import { buildWvp } from '../../src/wvp/load.ts';
import { parseCompose } from '../../src/deploy/compose.ts';
import { knownEnvironment, wvpService } from '../../src/deploy/query.ts';

/** A fixture's deployment context: a docker-compose text (and the .env beside it). */
export interface FixtureCompose {
  path: string;
  text: string;
  dotenv?: string;
}

/**
 * Lint an inline config text (and optionally WVP yml text and a compose deployment) with the given rules (default:
 * all ZLM rules). With a compose file, the WVP service's environment resolves the yml's placeholders.
 */
export function lintText(text: string, rules: readonly Rule[] = ZLM_RULES, yml?: string, compose?: FixtureCompose, encoding?: string): Finding[] {
  const fx: FixtureText = { ini: text, ...(yml !== undefined ? { yml } : {}), ...(compose ? { compose } : {}), ...(encoding !== undefined ? { encoding } : {}) };
  return lint({ ...fixtureContext(fx).lint, rules, lang: 'en' });
}

/** A fixture's texts, as readFixture gives them. */
export interface FixtureText {
  ini: string;
  yml?: string;
  compose?: FixtureCompose;
  encoding?: string;
}

/**
 * What lint and fix are given for a fixture (all but the rules and the language), and how to rebuild WVP's
 * configuration from edited yml texts (the fix loop does).
 */
export function fixtureContext(fx: FixtureText): {
  lint: Omit<LintInput, 'rules' | 'lang'>;
  wvpTexts: Map<string, string>;
  buildWvp?: (texts: Map<string, string>) => WvpConfig;
} {
  const { ini: text, yml, compose, encoding } = fx;
  const deploy = compose ? parseCompose([{ path: compose.path, text: compose.text }], { env: {}, ...(compose.dotenv !== undefined ? { dotenv: { path: '.env', text: compose.dotenv } } : {}) }) : undefined;
  const ws = wvpService(deploy);
  const rebuild = (texts: Map<string, string>): WvpConfig => buildWvp([...texts].map(([path, t]) => ({ path, text: t })), { env: ws ? knownEnvironment(ws) : {} });
  const wvpTexts = new Map(yml === undefined ? [] : [['application.yml', yml] as const]);
  const wvp = yml === undefined ? undefined : rebuild(wvpTexts);
  const shape = declaredShape(text);
  return {
    lint: { doc: new IniDocument(text, encoding), file: 'config.ini', ...(wvp ? { wvp } : {}), ...(deploy ? { deploy } : {}), ...(shape ? { shape } : {}), hasZlm: text !== '' || yml === undefined },
    wvpTexts,
    ...(yml === undefined ? {} : { buildWvp: rebuild }),
  };
}

/**
 * A fixture line `; input: whole` says the text stands for a whole file, so a key it leaves out is absent (rule
 * fixtures are tiny; without it they would be read as excerpts, where nothing is reported for being missing).
 */
export function declaredShape(text: string): InputShape | undefined {
  return /^[;#][ \t]*input:[ \t]*whole\b/m.test(text) ? { kind: 'whole', complete: true, sections: [], describe: { en: 'read as a whole file', zh: '按完整文件读取' } } : undefined;
}

/**
 * A fixture is an .ini file, or a directory holding config.ini (and, for WVP rules, application.yml). A deployment
 * context rides along as a sibling `<name>.compose.yml` (+ `<name>.env`) of an .ini fixture, or as
 * `docker-compose.yml` (+ `.env`) inside a directory fixture.
 */
export function readFixture(path: string): { ini: string; yml?: string; compose?: FixtureCompose; encoding?: string } {
  const withCompose = (composePath: string, envPath: string): { compose?: FixtureCompose } =>
    existsSync(composePath)
      ? { compose: { path: composePath, text: readFileSync(composePath, 'utf8'), ...(existsSync(envPath) ? { dotenv: readFileSync(envPath, 'utf8') } : {}) } }
      : {};
  if (path.endsWith('.ini')) return { ...readIniFixture(path), ...withCompose(path.replace(/\.ini$/, '.compose.yml'), path.replace(/\.ini$/, '.env')) };
  const ini = existsSync(join(path, 'config.ini')) ? readFileSync(join(path, 'config.ini'), 'utf8') : '';
  const ymlPath = join(path, 'application.yml');
  const compose = withCompose(join(path, 'docker-compose.yml'), join(path, '.env'));
  return existsSync(ymlPath) ? { ini, yml: readFileSync(ymlPath, 'utf8'), ...compose } : { ini, ...compose };
}

/** An .ini fixture as the CLI reads it: UTF-8, or GBK/GB18030 (then `encoding` says so); anything else as lossy UTF-8. */
function readIniFixture(path: string): { ini: string; encoding?: string } {
  const buf = readFileSync(path);
  try {
    const { text, encoding } = decodeConfigBytes(path, buf);
    return encoding === 'utf-8' ? { ini: text } : { ini: text, encoding };
  } catch {
    return { ini: buf.toString('utf8') };
  }
}

/** Keys a fixture says must be flagged: comment lines `; expect: a.b, c.d`. */
export function expectedKeys(ini: string): string[] {
  const out: string[] = [];
  for (const m of ini.matchAll(/^[;#]\s*expect:\s*(.+)$/gm)) out.push(...m[1]!.split(',').map((s) => s.trim()).filter(Boolean));
  return out;
}
