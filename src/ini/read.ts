/**
 * Reading config files from disk with errors an operator can act on:
 * missing, a directory, unreadable, binary, too large, not UTF-8.
 */
import { readFileSync, statSync } from 'node:fs';
import { IniDocument } from './document.ts';

/** A config.ini is ~40 KB; anything past this is not a config file. */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
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
  try {
    // ignoreBOM: keep a BOM as U+FEFF, because ZLM keeps it as part of the first line
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
  } catch {
    const at = firstInvalidUtf8(buf);
    let line = 1;
    for (let i = 0; i < at; i++) if (buf[i] === 0x0a) line++;
    const byte = buf[at] ?? 0;
    throw new InputError(file, `not valid UTF-8 (byte 0x${byte.toString(16).padStart(2, '0')} on line ${line}); save the file as UTF-8`);
  }
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
}

export function readConfigFile(file: string): LoadedConfig {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    throw new InputError(file, errnoReason(e));
  }
  if (st.isDirectory()) throw new InputError(file, 'is a directory, not a file');
  if (!st.isFile()) throw new InputError(file, 'not a regular file');
  if (st.size > MAX_CONFIG_BYTES) {
    throw new InputError(file, `too large (${(st.size / 1048576).toFixed(1)} MB); a ZLMediaKit config.ini is normally under 100 KB`);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new InputError(file, errnoReason(e));
  }
  return { file, doc: new IniDocument(decodeConfig(file, bytes)), bytes, mtimeMs: st.mtimeMs };
}
