/**
 * Repair config.ini and WVP's yml together: run the rules, apply every safe
 * edit on both sides (non-overlapping, per file), generate a secret where one
 * must change, rebuild, and repeat until nothing more can be fixed.
 * Pure: texts in, texts out; the caller reads and writes files.
 */
import { IniDocument, applyEdits, editsOverlap, type TextEdit } from '../ini/document.ts';
import type { WvpConfig } from '../wvp/types.ts';
import type { Finding, Rule, RuleOptions } from '../rules/types.ts';
import type { Lang } from '../i18n/index.ts';
import { lint } from './engine.ts';

export interface LinkFixInput {
  doc: IniDocument;
  file: string;
  /** WVP yml texts by path (application.yml and overlays); empty without --wvp */
  wvpTexts: Map<string, string>;
  buildWvp?: (texts: Map<string, string>) => WvpConfig;
  rules: readonly Rule[];
  lang: Lang;
  options: RuleOptions;
  /** makes a new strong secret (injected for tests) */
  newSecret: () => string;
}

export interface GeneratedSecret {
  value: string;
  /** where it was written: 'config.ini api.secret', 'application.yml media.secret' */
  written: string[];
  /** WVP path or ZLM key the operator must set by hand (value only with --show-secrets) */
  pending: string[];
}

export interface LinkFixResult {
  doc: IniDocument;
  wvpTexts: Map<string, string>;
  fixed: Finding[];
  remaining: Finding[];
  secret?: GeneratedSecret;
}

export function fixLink(input: LinkFixInput): LinkFixResult {
  let doc = input.doc;
  const wvpTexts = new Map(input.wvpTexts);
  const fixed: Finding[] = [];
  let secret: GeneratedSecret | undefined;
  const run = () => {
    const wvp = input.buildWvp && wvpTexts.size > 0 ? input.buildWvp(wvpTexts) : undefined;
    return { wvp, findings: lint({ doc, file: input.file, rules: input.rules, lang: input.lang, options: input.options, ...(wvp ? { wvp } : {}) }) };
  };
  let { wvp, findings } = run();
  for (let pass = 0; pass < 10; pass++) {
    const zlmEdits: TextEdit[] = [];
    const ymlEdits = new Map<string, TextEdit[]>();
    const take = (f: Finding, zl: TextEdit[], yl: { file: string; edit: TextEdit }[]): boolean => {
      if (zl.some((e) => zlmEdits.some((c) => editsOverlap(c, e)))) return false;
      if (yl.some((y) => (ymlEdits.get(y.file) ?? []).some((c) => editsOverlap(c, y.edit)))) return false;
      zlmEdits.push(...zl);
      for (const y of yl) ymlEdits.set(y.file, [...(ymlEdits.get(y.file) ?? []), y.edit]);
      fixed.push(f);
      return true;
    };
    for (const f of findings) {
      if (f.newSecret && !secret) {
        const value = input.newSecret();
        const zl: TextEdit[] = [];
        const yl: { file: string; edit: TextEdit }[] = [];
        const s: GeneratedSecret = { value, written: [], pending: [] };
        if (f.newSecret.zlmKey) {
          zl.push(doc.editSet(f.newSecret.zlmKey, value));
          s.written.push(`${input.file} ${f.newSecret.zlmKey}`);
        }
        if (f.newSecret.wvpPath && wvp) {
          const e = wvp.editScalar(f.newSecret.wvpPath, value);
          if (e) {
            yl.push(e);
            s.written.push(`${e.file} ${f.newSecret.wvpPath}`);
          } else s.pending.push(f.newSecret.wvpPath);
        }
        if (take(f, zl, yl)) secret = s;
        continue;
      }
      if (!f.edits && !f.wvpEdits) continue;
      take(f, f.edits ?? [], f.wvpEdits ?? []);
    }
    if (zlmEdits.length === 0 && ymlEdits.size === 0) break;
    if (zlmEdits.length) doc = new IniDocument(applyEdits(doc.text, zlmEdits));
    for (const [file, edits] of ymlEdits) wvpTexts.set(file, applyEdits(wvpTexts.get(file)!, edits));
    ({ wvp, findings } = run());
  }
  return { doc, wvpTexts, fixed, remaining: findings, ...(secret ? { secret } : {}) };
}
