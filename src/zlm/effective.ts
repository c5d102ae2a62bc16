/**
 * What value ZLM really uses for a key: the file's winning line, else the
 * compiled-in default from the catalogue. Shared by the rules, --explain and
 * the doctor.
 */
import type { IniDocument, IniLine } from '../ini/document.ts';
import { keyDef, KEYS } from './catalogue.ts';
import { readBool, readNumber, readPortRange, type PortRange } from './value.ts';

export interface Effective {
  /** the string ZLM uses */
  raw: string;
  /** the winning line, when the file sets the key */
  line?: IniLine;
  /** 'file' when the file sets it, 'default' when the compiled-in default applies */
  source: 'file' | 'default';
}

/** The compiled-in default: what ZLM uses when the file lacks the key. */
export function defaultOf(key: string): string | undefined {
  const d = keyDef(key);
  if (!d) return undefined;
  return d.builtin ?? d.shipped;
}

export function effective(doc: IniDocument, key: string): Effective {
  const line = doc.entry(key);
  if (line) return { raw: line.value!, line, source: 'file' };
  return { raw: defaultOf(key) ?? '', source: 'default' };
}

export function effNumber(doc: IniDocument, key: string): number {
  const d = keyDef(key);
  return readNumber(d?.storage ?? 'float', effective(doc, key).raw);
}

export function effBool(doc: IniDocument, key: string): boolean {
  return readBool(effective(doc, key).raw).value;
}

export function effRange(doc: IniDocument, key: string): PortRange {
  const def = defaultOf(key) ?? '0-0';
  const [a, b] = def.split('-').map(Number);
  return readPortRange(effective(doc, key).raw, a ?? 0, b ?? 0);
}

/** Every listener port: catalogue type 'port' with a transport (onvif.port is bound lazily, UDP). */
export const LISTENER_KEYS = KEYS.filter((k) => k.type === 'port' && k.transport);

/** The sample secret shipped in conf/config.ini: public, replaced at start-up. */
export const SAMPLE_SECRET = '035c73f7-bb6b-4889-a715-d9eb2d1925cc';
