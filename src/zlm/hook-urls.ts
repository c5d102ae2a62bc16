/**
 * ZLM's hook URLs: which keys hold them, how ZLM's HttpClient reads a URL, the
 * sample URLs shipped in conf/config.ini, and whether a URL leads back to ZLM
 * itself. Shared by the rules, --explain and the doctor.
 */
import type { IniDocument, IniLine } from '../ini/document.ts';
import { KEYS } from './catalogue.ts';
import { effective, effNumber } from './effective.ts';
import { isDigits } from '../util/chars.ts';
import { parseIPv4, unbracket } from '../util/ip.ts';

/** Every hook URL key (hook.on_*), from the catalogue. */
export const HOOK_URL_KEYS: readonly string[] = KEYS.filter((k) => k.key.startsWith('hook.on_')).map((k) => k.key);

/** The hook name a URL key stands for: hook.on_play → on_play. */
export function hookName(key: string): string {
  return key.slice('hook.'.length);
}

export interface HookUrl {
  scheme: string;
  host: string;
  /** explicit or implied port */
  port: number;
  path: string;
  query: string;
  /** host:port as written (lower-cased host) */
  authority: string;
}

const hookUrlCache = new Map<string, HookUrl | undefined>();

/**
 * Parse a hook URL the way an operator reads it. Returns undefined for
 * values ZLM's HttpClient cannot use (see rule hook-url-invalid).
 */
export function parseHookUrl(value: string): HookUrl | undefined {
  // a dozen rules parse the same ~20 hook values of a document: parse each once (callers only read the result)
  if (hookUrlCache.has(value)) return hookUrlCache.get(value);
  const u = parseHookUrlOnce(value);
  if (hookUrlCache.size >= 512) hookUrlCache.clear();
  hookUrlCache.set(value, u);
  return u;
}

/**
 * The form nearly every hook URL has, `http(s)://host[:port][/path][?query]`, with nothing in it that the WHATWG
 * parser would rewrite: a lower-case scheme and host name, no user info, no percent sign or backslash in the path,
 * no fragment. Such a URL is split by hand (URL's first use in a process costs more than a rule, and so does the
 * compilation of a pattern for it); its parts are what URL gives (test/zlm/hook-url-plain.test.ts compares the two).
 * Anything else goes through URL.
 *
 * The grammar, as a regular expression (the test holds this one too):
 *   ^(https?):\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d{1,5}))?(\/[A-Za-z0-9_~!$&()*+=:@/.-]*)?(\?[A-Za-z0-9_~!$&()*+=:@/?.%-]*)?$
 */
/** what a hook URL must look like at all (ZLM's HttpClient): http or https, no blanks, quotes or list separators */
const HOOK_URL_SHAPE = /^https?:\/\/[^\s"',;]+$/i;

/** a host name's character: a-z 0-9 - */
function hostChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45;
}

/** a plain path's character, A-Za-z0-9 and _~!$&()*+=:@/.- (with ? and %: a plain query's) */
function pathChar(c: number, query: boolean): boolean {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) return true;
  switch (c) {
    case 95: case 126: case 33: case 36: case 38: case 40: case 41: case 42: case 43: case 61: case 58: case 64: case 47: case 46: case 45:
      return true;
    case 63: case 37:
      return query;
    default:
      return false;
  }
}

/** Whether URL reads the host's last label as a number (decimal, or hex after 0x): the host is then an IPv4 address. */
function numericLabel(host: string): boolean {
  const last = host.slice(host.lastIndexOf('.') + 1);
  if (isDigits(last)) return true;
  if (!last.startsWith('0x')) return false;
  for (let i = 2; i < last.length; i++) {
    const c = last.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** The parts of a plain hook URL, undefined when URL would refuse it, or null when it is not plain. */
export function parsePlainHookUrl(value: string): HookUrl | undefined | null {
  const scheme = value.startsWith('https://') ? 'https' : value.startsWith('http://') ? 'http' : undefined;
  if (scheme === undefined) return null;
  const n = value.length;
  let i = scheme.length + 3;
  // labels of a-z 0-9 -, one dot between two
  const hostStart = i;
  let label = i;
  for (; i < n; i++) {
    const c = value.charCodeAt(i);
    if (hostChar(c)) continue;
    if (c !== 46 || i === label) break;
    label = i + 1;
  }
  if (i === label) return null;
  const host = value.slice(hostStart, i);
  let port = scheme === 'https' ? 443 : 80;
  if (value.charCodeAt(i) === 58 /* : */) {
    const from = ++i;
    while (i < n && value.charCodeAt(i) >= 48 && value.charCodeAt(i) <= 57) i++;
    if (i === from || i - from > 5) return null;
    port = Number(value.slice(from, i));
  }
  const pathStart = i;
  if (value.charCodeAt(i) === 47 /* / */) while (i < n && pathChar(value.charCodeAt(i), false)) i++;
  const path = value.slice(pathStart, i);
  const queryStart = i;
  if (value.charCodeAt(i) === 63 /* ? */) while (i < n && pathChar(value.charCodeAt(i), true)) i++;
  if (i !== n) return null;
  const query = value.slice(queryStart);
  // a number as the last label is an IPv4 address (URL rewrites 127.1 as 127.0.0.1); an xn-- label is punycode
  if ((numericLabel(host) && !parseIPv4(host)) || host.startsWith('xn--') || host.includes('.xn--')) return null;
  // a path segment . or .., which URL resolves
  if (path.includes('/.') && path.split('/').some((seg) => seg === '.' || seg === '..')) return null;
  if (port > 65535) return undefined;
  return { scheme, host, port, path: path || '/', query: query === '?' ? '' : query, authority: `${host}:${port}` };
}

function parseHookUrlOnce(value: string): HookUrl | undefined {
  if (!HOOK_URL_SHAPE.test(value)) return undefined;
  const plain = parsePlainHookUrl(value);
  return plain === null ? parseByUrl(value) : plain;
}

/**
 * A hook URL through the WHATWG parser alone: what parseHookUrl gives for any URL, plain or not (exported for the
 * test that the plain form split by hand agrees with it).
 */
export function parseHookUrlByUrl(value: string): HookUrl | undefined {
  return HOOK_URL_SHAPE.test(value) ? parseByUrl(value) : undefined;
}

function parseByUrl(value: string): HookUrl | undefined {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return undefined;
  }
  if (!u.hostname) return undefined;
  const scheme = u.protocol.slice(0, -1).toLowerCase();
  const port = u.port ? Number(u.port) : scheme === 'https' ? 443 : 80;
  const host = u.hostname.toLowerCase();
  return { scheme, host, port, path: u.pathname, query: u.search, authority: `${host}:${port}` };
}

/** Hook URL entries the file sets to a non-empty value, in file order. */
export function hookEntries(doc: IniDocument): { key: string; line: IniLine; value: string }[] {
  const out: { key: string; line: IniLine; value: string }[] = [];
  for (const key of HOOK_URL_KEYS) {
    const line = doc.entry(key);
    if (line && line.value !== '') out.push({ key, line, value: line.value! });
  }
  return out.sort((a, b) => a.line.index - b.line.index);
}

/** The hook URL shipped in conf/config.ini for a hook key: `https://127.0.0.1/index/hook/<name>`. */
export function sampleHookUrl(key: string): string {
  return `https://127.0.0.1/index/hook/${hookName(key)}`;
}

/** Whether a hook value is the untouched sample URL of its own key. */
export function isSampleHookUrl(key: string, value: string): boolean {
  return value === sampleHookUrl(key);
}

/**
 * What a hook URL's host is to ZLM: 'unspecified' (0.0.0.0, ::: a listen
 * address, which Linux connects to the local host), 'loopback' (127/8,
 * localhost, ::1), else 'other'. Takes parseHookUrl's host (IPv6 in brackets).
 */
export function hookHostKind(host: string): 'unspecified' | 'loopback' | 'other' {
  const h = unbracket(host).toLowerCase();
  // (each pattern only where it can match: a written-out IPv6 zero starts with 0, a 127/8 address with 127.)
  const zeros = h.startsWith('0') && h.includes(':');
  if (h === '0.0.0.0' || h === '::' || (zeros && /^0+(?::0+){7}$/.test(h)) || h === '0') return 'unspecified';
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1' || (zeros && /^0+(?::0+){6}:0*1$/.test(h)) || (h.startsWith('127.') && /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h))) return 'loopback';
  return 'other';
}

/**
 * Whether a hook URL leads back to ZLM's own HTTP server: a loopback or
 * unspecified host (or general.listen_ip itself) on http.port or http.sslport.
 * With ZLM bound to one address only that address counts. In an excerpt a
 * port the file does not set is unknown, not its compiled-in default.
 */
export function selfTarget(doc: IniDocument, url: HookUrl, excerpt = false): { portKey: string; port: number } | undefined {
  const listen = effective(doc, 'general.listen_ip').raw.trim().toLowerCase();
  const allInterfaces = listen === '' || listen === '::' || listen === '0.0.0.0';
  const host = unbracket(url.host);
  const self = allInterfaces ? hookHostKind(url.host) !== 'other' || host === listen : host === listen;
  if (!self) return undefined;
  for (const portKey of ['http.port', 'http.sslport']) {
    if (excerpt && effective(doc, portKey).source !== 'file') continue;
    const port = effNumber(doc, portKey);
    if (port > 0 && port === url.port) return { portKey, port };
  }
  return undefined;
}
