import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { IniDocument } from '../../src/ini/document.ts';
import { lint } from '../../src/lint/engine.ts';
import type { Finding, Rule } from '../../src/rules/types.ts';
import { ZLM_RULES } from '../../src/rules/index.ts';
import { buildWvp } from '../../src/wvp/load.ts';

/** Lint an inline config text (and optionally WVP yml text) with the given rules (default: all ZLM rules). */
export function lintText(text: string, rules: readonly Rule[] = ZLM_RULES, yml?: string): Finding[] {
  const wvp = yml === undefined ? undefined : buildWvp([{ path: 'application.yml', text: yml }], { env: {} });
  return lint({ doc: new IniDocument(text), file: 'config.ini', rules, lang: 'en', ...(wvp ? { wvp } : {}), hasZlm: text !== '' || yml === undefined });
}

/** A fixture is an .ini file, or a directory holding config.ini (and, for WVP rules, application.yml). */
export function readFixture(path: string): { ini: string; yml?: string } {
  if (path.endsWith('.ini')) return { ini: readFileSync(path, 'utf8') };
  const ini = existsSync(join(path, 'config.ini')) ? readFileSync(join(path, 'config.ini'), 'utf8') : '';
  const ymlPath = join(path, 'application.yml');
  return existsSync(ymlPath) ? { ini, yml: readFileSync(ymlPath, 'utf8') } : { ini };
}

/** Keys a fixture says must be flagged: comment lines `; expect: a.b, c.d`. */
export function expectedKeys(ini: string): string[] {
  const out: string[] = [];
  for (const m of ini.matchAll(/^[;#]\s*expect:\s*(.+)$/gm)) out.push(...m[1]!.split(',').map((s) => s.trim()).filter(Boolean));
  return out;
}
