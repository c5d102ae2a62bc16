/**
 * Reading config files from disk with errors an operator can act on:
 * missing, a directory, unreadable, binary, too large, neither UTF-8 nor
 * GBK/GB18030, or not a config.ini at all (a YAML or compose file).
 */
import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { IniDocument } from '../ini/document.ts';
import { notIniReason, yamlKindOfLines } from './not-ini.ts';

/** How a config.ini was encoded: ZLM reads bytes, and GBK comments are common in Chinese deployments. */
export type ConfigEncoding = 'utf-8' | 'gb18030';

type IconvLite = { decode(b: Buffer, enc: string): string; encode(s: string, enc: string): Buffer };
declare const require: ((id: string) => unknown) | undefined;
let iconvLite: IconvLite | undefined;
/**
 * iconv-lite and its tables cost tens of ms to load: only a file that is not UTF-8 pays for it.
 * In the CommonJS bundle `require` is esbuild's own (iconv-lite is bundled); under the tests it is Node's.
 */
function iconv(): IconvLite {
  if (iconvLite) return iconvLite;
  if (typeof require === 'function') {
    try {
      iconvLite = require('iconv-lite') as IconvLite;
      return iconvLite;
    } catch {
      // an ESM bundle's require shim: fall through to Node's resolver
    }
  }
  // node:module only here: loading it at start-up compiles four of Node's internal modules, for every check
  iconvLite = process.getBuiltinModule('node:module').createRequire(import.meta.url)('iconv-lite') as IconvLite;
  return iconvLite;
}

/** A config.ini is ~40 KB; anything past this is not a config file. */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    /** the reason in 简体中文, when it has its own wording */
    readonly reasonZh?: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

function errnoReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (cannot read the file)';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return (e as Error).message;
  }
}

/** Decode bytes as ZLM would read them, refusing what is not a text config. */
export function decodeConfig(file: string, buf: Buffer): string {
  const nul = buf.indexOf(0);
  if (nul !== -1) throw new InputError(file, `binary data (NUL byte at offset ${nul}); not a config file`);
  // valid UTF-8 as a whole (what a fatal TextDecoder accepts, without loading Node's encoding module); the
  // decode keeps a BOM as U+FEFF, because ZLM keeps it as part of the first line
  if (isUtf8(buf)) return buf.toString('utf8');
  const at = firstInvalidUtf8(buf);
  let line = 1;
  for (let i = 0; i < at; i++) if (buf[i] === 0x0a) line++;
  const byte = buf[at] ?? 0;
  throw new InputError(file, `not valid UTF-8 (byte 0x${byte.toString(16).padStart(2, '0')} on line ${line}); save the file as UTF-8`);
}

/**
 * Decode config.ini bytes as ZLM would read them: UTF-8, else GB18030 (a
 * superset of GBK) when that decoding gives back exactly the same bytes, so a
 * repair can be written in the file's own encoding, byte-exact outside the
 * edited value. Binary or undecodable files are refused with the line.
 */
export function decodeConfigBytes(file: string, buf: Buffer): { text: string; encoding: ConfigEncoding } {
  try {
    return { text: decodeConfig(file, buf), encoding: 'utf-8' };
  } catch (e) {
    if (!(e instanceof InputError) || !e.reason.startsWith('not valid UTF-8')) throw e;
    const text = iconv().decode(buf, 'gb18030');
    if (!text.includes('\uFFFD') && iconv().encode(text, 'gb18030').equals(buf)) return { text, encoding: 'gb18030' };
    throw new InputError(file, e.reason.replace('not valid UTF-8', 'neither UTF-8 nor GBK/GB18030'));
  }
}

/** Text → bytes in the given encoding (the inverse of decodeConfigBytes). */
export function encodeConfig(text: string, encoding: ConfigEncoding): Buffer {
  return encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv().encode(text, encoding);
}

/** Refuse a YAML document (application.yml, compose, k8s) given as config.ini, with the option to use instead. Prints nothing of it. */
export function refuseNonIni(file: string, doc: IniDocument): void {
  const kind = yamlKindOfLines(doc.lines);
  if (!kind) return;
  const r = notIniReason(kind);
  throw new InputError(file, r.en, r.zh);
}

/** A config.ini from bytes already read (a file, or stdin): decoded, parsed, checked to be an INI. */
export function configFromBytes(file: string, bytes: Buffer, mtimeMs = 0): LoadedConfig {
  const { text, encoding } = decodeConfigBytes(file, bytes);
  const doc = new IniDocument(text, encoding);
  refuseNonIni(file, doc);
  return { file, doc, bytes, mtimeMs, encoding, encode: (t: string) => encodeConfig(t, encoding) };
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    let n = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b === 0xe0) [n, lo] = [2, 0xa0];
    else if (b >= 0xe1 && b <= 0xec) n = 2;
    else if (b === 0xed) [n, hi] = [2, 0x9f];
    else if (b >= 0xee && b <= 0xef) n = 2;
    else if (b === 0xf0) [n, lo] = [3, 0x90];
    else if (b >= 0xf1 && b <= 0xf3) n = 3;
    else if (b === 0xf4) [n, hi] = [3, 0x8f];
    else return i;
    for (let k = 1; k <= n; k++) {
      const c = buf[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += n + 1;
  }
  return buf.length;
}

export interface LoadedConfig {
  file: string;
  doc: IniDocument;
  /** the exact bytes read, to detect a concurrent change before writing */
  bytes: Buffer;
  mtimeMs: number;
  /** the file's encoding; a repair is written back in it */
  encoding: ConfigEncoding;
  /** the bytes to write for a new text of this file (`writeFileSafely(file, cfg.encode(text), …)`) */
  encode(text: string): Buffer;
}

/**
 * The bytes of an input file (config.ini, application.yml, a compose or .env file), refusing what cannot be one
 * with a line that says why: missing, a directory, not a regular file, unreadable, too large. `typical` ends the
 * too-large message ("a ZLMediaKit config.ini is normally under 100 KB").
 */
export function readInputBytes(file: string, typical: string): { bytes: Buffer; mtimeMs: number } {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    throw new InputError(file, errnoReason(e));
  }
  if (st.isDirectory()) throw new InputError(file, 'is a directory, not a file');
  if (!st.isFile()) throw new InputError(file, 'not a regular file');
  if (st.size > MAX_CONFIG_BYTES) throw new InputError(file, `too large (${(st.size / 1048576).toFixed(1)} MB); ${typical}`);
  try {
    return { bytes: readFileSync(file), mtimeMs: st.mtimeMs };
  } catch (e) {
    throw new InputError(file, errnoReason(e));
  }
}

/** An input file's text (UTF-8, or GBK/GB18030 as ZLM would read its bytes), with readInputBytes' refusals. */
export function readInputText(file: string, typical: string): string {
  return decodeConfig(file, readInputBytes(file, typical).bytes);
}

export function readConfigFile(file: string): LoadedConfig {
  const { bytes, mtimeMs } = readInputBytes(file, 'a ZLMediaKit config.ini is normally under 100 KB');
  return configFromBytes(file, bytes, mtimeMs);
}
