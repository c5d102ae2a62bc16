/**
 * Every form in which a config's secrets can show up in our output: the raw
 * value, and the value without an inline comment or quotes (rules print the
 * cleaned form in their fix text).
 */
import type { IniDocument } from '../ini/document.ts';
import { valueForms } from '../util/redact.ts';

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
  return out;
}
