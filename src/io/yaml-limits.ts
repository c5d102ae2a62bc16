/**
 * YAML documents no config file is, refused with a message rather than a crash: nesting deeper than the parser
 * can follow (it recurses once per level, and a few thousand `[` overflow the stack: the `yaml` package then
 * reports "Maximum call stack size exceeded" as a syntax error). An application.yml or a compose file nests a few
 * levels.
 */
import type { Localized } from '../i18n/index.ts';
import { InputError } from './read-config.ts';

/** What the file should have been, for the messages: `an application.yml`, `a compose file`. */
export type FileKind = Localized;

/** First line whose indentation or bracket depth passes `limit` levels, for the too-deep message. */
export function deepLine(text: string, limit = 64): number | undefined {
  let depth = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    else if (ch === '[' || ch === '{') {
      if (++depth > limit) return line;
    } else if (ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
  }
  line = 1;
  for (const l of text.split('\n')) {
    if (/^ */.exec(l)![0].length > limit * 2) return line;
    line++;
  }
  return undefined;
}

/** Whether a parse error (or a thrown error) is the parser running out of stack. */
export function isTooDeep(e: unknown): boolean {
  return e instanceof RangeError || (e instanceof Error && /call stack/i.test(e.message));
}

export function tooDeep(kind: FileKind, line: number | undefined): Localized {
  return {
    en: `the YAML nesting is too deep to read${line ? ` (from line ${line})` : ''}; ${kind.en} nests a few levels, so this is not one (or it is damaged)`,
    zh: `YAML 嵌套层数过深，无法读取${line ? `（自第 ${line} 行起）` : ''}；${kind.zh}只嵌套几层，这不是${kind.zh}（或文件已损坏）`,
  };
}

/** The InputError (exit 2, one line) for `file` nested too deeply; `line` when the parser's error has a better one. */
export function tooDeepError(file: string, text: string, kind: FileKind, line?: number): InputError {
  const m = tooDeep(kind, deepLine(text) ?? line);
  return new InputError(file, m.en, m.zh);
}
