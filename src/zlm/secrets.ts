/**
 * Every form in which a config's secrets can show up in our output: the raw
 * value, and the value without an inline comment or quotes (rules print the
 * cleaned form in their fix text).
 */
import type { IniDocument } from '../ini/document.ts';
import { shapedTokens, valueForms } from '../util/redact.ts';

/** Keys whose values are secrets. */
export const SECRET_KEYS = ['api.secret', 'srt.passPhrase', 'rtc.icePwd'] as const;

/** Every form of a secret value that can show up in output (see valueForms). */
export const secretForms = valueForms;

export function configSecrets(doc: IniDocument): string[] {
  const out: string[] = [];
  for (const key of SECRET_KEYS) {
    // rtc.icePwd's public default is not a secret worth hiding
    for (const line of doc.occurrences.get(key) ?? []) if (line.value !== 'ZLMediaKit') out.push(...secretForms(line.value!));
  }
  // A secret where a name belongs: a line without '=' (a value whose key line was split: `XYZ` alone, or
  // `secretXYZ`), a section header (`[api XYZ]`), a key. ZLM stores it as a key, and the findings print keys: every
  // token there shaped like a secret (real keys and sections are words: no digits among mixed-case letters).
  // (indexed, and into one array: this runs for every line at every start, and an iterator result or an empty array
  // per line is young memory a check may not have to spare)
  const lines = doc.lines;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.kind === 'section' || line.kind === 'entry') shapedTokens(line.name!, out);
  }
  return out;
}
