/**
 * Every form in which a config's secrets can show up in our output: the raw
 * value, and the value without an inline comment or quotes (rules print the
 * cleaned form in their fix text).
 */
import type { IniDocument } from '../ini/document.ts';

/** Keys whose values are secrets. */
export const SECRET_KEYS = ['api.secret', 'srt.passPhrase', 'rtc.icePwd'] as const;

export function secretForms(value: string): string[] {
  const out = new Set<string>([value]);
  const ic = /^(.*?\S)[ \t]+[#;].*$/.exec(value);
  if (ic) out.add(ic[1]!);
  for (const v of [...out]) {
    const q = /^(["'])(.*)\1$/.exec(v);
    if (q) out.add(q[2]!);
  }
  return [...out].filter((v) => v.length > 0);
}

export function configSecrets(doc: IniDocument): string[] {
  const out: string[] = [];
  for (const key of SECRET_KEYS) {
    // rtc.icePwd's public default is not a secret worth hiding
    for (const line of doc.occurrences.get(key) ?? []) if (line.value !== 'ZLMediaKit') out.push(...secretForms(line.value!));
  }
  return out;
}
