/**
 * Helpers that only rules use: detection of text that mINI keeps in a value
 * although the author meant it as a comment or quoting, where to report a
 * missing key, did-you-mean distances, whether WVP is in play, and the words a
 * message shows in place of a value, in both languages. ZLM facts
 * (effective values, hook URLs) live in src/zlm/effective.ts and
 * src/zlm/hook-urls.ts.
 */
import type { IniDocument, IniLine } from '../ini/document.ts';
import type { Localized } from '../i18n/index.ts';
import { hookEntries, hookName, isSampleHookUrl, parseHookUrl } from '../zlm/hook-urls.ts';

// Regular expressions of the helpers every rule calls for every line: made once (a literal inside a function is a
// new object at every call, and these run thousands of times in every check, in the interpreter).
const INLINE_COMMENT = /^(.*?\S)[ \t]+([#;].*)$/;
const QUOTED = /^(["'])(.*)\1$/;

/** What a message shows in place of a value that is empty, withheld (a secret) or not there at all. */
export const VALUE_WORD = {
  empty: { en: '(empty)', zh: '（空）' },
  hidden: { en: '(hidden)', zh: '（已隐藏）' },
  none: { en: '(none)', zh: '（无）' },
} as const satisfies Record<string, Localized>;

/** The compiled-in default of a key the file leaves out, shown as its value: `0 (default)`, `0（默认值）`. */
export function shownDefault(raw: string): Localized {
  return { en: `${raw} (default)`, zh: `${raw}（默认值）` };
}

/**
 * Text that follows a value and was meant as a comment: `8080 # note`,
 * `http://x/on_play ; old`. mINI keeps it in the value. Returns the value
 * without it, or undefined when there is none.
 */
export function inlineComment(value: string): { clean: string; comment: string } | undefined {
  // most values hold neither comment character: no regular expression runs for them
  if (!value.includes('#') && !value.includes(';')) return undefined;
  const m = INLINE_COMMENT.exec(value);
  if (!m) return undefined;
  return { clean: m[1]!, comment: m[2]! };
}

/** A value wrapped in quotes (mINI never strips them). Returns the inside. */
export function quotedValue(value: string): { inner: string; quote: string } | undefined {
  const q = value.charCodeAt(0);
  if ((q !== 34 && q !== 39) || value.charCodeAt(value.length - 1) !== q) return undefined;
  const m = QUOTED.exec(value);
  if (m) return { inner: m[2]!, quote: m[1]! };
  return undefined;
}

/** Levenshtein distance, for did-you-mean suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** A section's first header line, else the file's first line: where to report a missing key. */
export function sectionLine(doc: IniDocument, section: string): IniLine | undefined {
  return doc.sectionHeaders().find((h) => h.name === section) ?? doc.lines[0];
}

/** The key's winning line, else its section header, else the first line. */
export function lineFor(doc: IniDocument, key: string): IniLine | undefined {
  return doc.entry(key) ?? sectionLine(doc, key.slice(0, key.indexOf('.')));
}

/** Hooks in WVP's `<prefix>/index/hook/<own name>` layout (the untouched sample URLs excluded). */
export function wvpLayoutHooks(doc: IniDocument): { key: string; line: IniLine; value: string }[] {
  return hookEntries(doc).filter((e) => {
    if (isSampleHookUrl(e.key, e.value)) return false;
    const url = parseHookUrl(e.value);
    return url !== undefined && (url.path.endsWith('/') ? url.path.replace(/\/+$/, '') : url.path).endsWith(`/index/hook/${hookName(e.key)}`);
  });
}

/** Whether WVP is the controller: application.yml was given, or the hooks follow WVP's layout. */
export function wvpInPlay(ctx: { doc: IniDocument; wvp?: unknown }): boolean {
  return ctx.wvp !== undefined || wvpLayoutHooks(ctx.doc).length > 0;
}
