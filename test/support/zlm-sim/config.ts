/**
 * How MediaServer turns config.ini into its in-memory key map, and how it
 * writes the file back (config-behaviour.md, README.md of zlm-reference):
 *
 *  - registered keys and their built-in defaults = the file the binary wrote
 *    on a first start without config (config.generated-on-first-start-without-config.ini);
 *  - file values override them; unknown keys are kept (and logged);
 *  - an empty or the shipped default api.secret is replaced by a random one;
 *  - the dump used by setServerConfig / the secret replacement keeps comments,
 *    drops blank lines, writes CRLF, keeps a duplicated key's value at its
 *    first line and leaves later duplicates empty, and appends registered keys
 *    missing from the file in sorted `[section]` blocks.
 */
import { randomBytes } from 'node:crypto';
import { IniDocument } from '../../../src/ini/document.ts';
import { refText, SHIPPED_SECRET } from './recordings.ts';

function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

let defaults: Map<string, string> | undefined;

/** Registered keys with their built-in values, as the recorded binary wrote them. */
export function builtinDefaults(): ReadonlyMap<string, string> {
  defaults ??= IniDocument.parse(refText('config.generated-on-first-start-without-config.ini')).toMap();
  return defaults;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomString(n: number): string {
  const b = randomBytes(n);
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[b[i]! % ALNUM.length];
  return s;
}

export interface LoadedConfig {
  /** key → value, what getServerConfig shows. */
  values: Map<string, string>;
  /** File keys the build does not register, in file order ("unknow config" warnings). */
  unknown: [string, string][];
  /** Set when api.secret was empty or the shipped default and got replaced. */
  replacedSecret?: string;
  /** Registered keys the file lacks (they keep built-in defaults). */
  missing: string[];
}

/** Load a config text the way MediaServer does at start-up (and on SIGHUP). */
export function loadConfig(text: string | undefined): LoadedConfig {
  const reg = builtinDefaults();
  const values = new Map<string, string>();
  for (const [k, v] of reg) values.set(k, v);
  // keys that are random per installation when missing
  values.set('api.secret', '');
  values.set('general.mediaServerId', randomString(16));
  const unknown: [string, string][] = [];
  const missing: string[] = [];
  const file = text === undefined ? new Map<string, string>() : IniDocument.parse(text).toMap();
  for (const k of reg.keys()) if (!file.has(k)) missing.push(k);
  for (const [k, v] of file) {
    if (!reg.has(k)) unknown.push([k, v]);
    values.set(k, v);
  }
  unknown.sort((a, b) => byteCompare(a[0], b[0]));
  let replacedSecret: string | undefined;
  const secret = values.get('api.secret') ?? '';
  if (secret === '' || secret === SHIPPED_SECRET) {
    replacedSecret = randomString(32);
    values.set('api.secret', replacedSecret);
  }
  return { values, unknown, replacedSecret, missing };
}

/**
 * The writer (observed on the first-start file and the shipped-config rewrite):
 * each section is `<its comment lines>\r\n[sec]\r\n` (so a section with no
 * comment gets a blank line before it), each key `<comment lines>\r\nk=v\r\n`,
 * and the file ends with one more "\r\n". Blank lines of the original vanish;
 * comments stick to the next section or key.
 */
function sortedBlocks(entries: Iterable<[string, string]>): string {
  const keys = [...entries].sort((a, b) => byteCompare(a[0], b[0]));
  let out = '';
  let section: string | undefined;
  for (const [k, v] of keys) {
    const dot = k.indexOf('.');
    const sec = k.slice(0, dot);
    if (sec !== section) {
      out += `\r\n[${sec}]\r\n`;
      section = sec;
    }
    out += `${k.slice(dot + 1)}=${v}\r\n`;
  }
  return out;
}

/** The file a first start writes when there is none: every key, sorted, no comments. */
export function generateConfig(values: ReadonlyMap<string, string>): string {
  return `${sortedBlocks(values)}\r\n`;
}

/** The file MediaServer writes back over `original` (setServerConfig, secret replacement). */
export function dumpConfig(original: string, values: ReadonlyMap<string, string>): string {
  const doc = IniDocument.parse(original);
  const seen = new Set<string>();
  let out = '';
  let comments: string[] = [];
  for (const l of doc.lines) {
    if (l.kind === 'blank') continue;
    if (l.kind === 'comment') comments.push(l.raw.trim());
    else if (l.kind === 'section') {
      out += `${comments.join('\r\n')}\r\n[${l.name}]\r\n`;
      comments = [];
    } else {
      const key = l.key!;
      out += comments.map((c) => `${c}\r\n`).join('');
      comments = [];
      out += seen.has(key) ? `${l.name}=\r\n` : `${l.name}=${values.get(key) ?? l.value}\r\n`;
      seen.add(key);
    }
  }
  out += comments.map((c) => `${c}\r\n`).join('');
  const missing: [string, string][] = [];
  for (const [k, v] of values) if (!seen.has(k) && !k.startsWith('.')) missing.push([k, v]);
  return `${out}${sortedBlocks(missing)}\r\n`;
}
