/**
 * Helpers shared by rules: what value ZLM really uses for a key (file value or
 * compiled-in default), hook URL parsing, and detection of text that mINI
 * keeps in a value although the author meant it as a comment or quoting.
 */
import type { IniDocument, IniLine } from '../ini/document.ts';
import { keyDef, KEYS } from '../zlm/catalogue.ts';
import { readBool, readNumber, readPortRange, type PortRange } from '../zlm/value.ts';

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

/** Every hook URL key (hook.on_*), from the catalogue. */
export const HOOK_URL_KEYS: readonly string[] = KEYS.filter((k) => k.key.startsWith('hook.on_')).map((k) => k.key);

/** The hook name a URL key stands for: hook.on_play → on_play. */
export function hookName(key: string): string {
  return key.slice('hook.'.length);
}

/**
 * Text that follows a value and was meant as a comment: `8080 # note`,
 * `http://x/on_play ; old`. mINI keeps it in the value. Returns the value
 * without it, or undefined when there is none.
 */
export function inlineComment(value: string): { clean: string; comment: string } | undefined {
  const m = /^(.*?\S)[ \t]+([#;].*)$/.exec(value);
  if (!m) return undefined;
  return { clean: m[1]!, comment: m[2]! };
}

/** A value wrapped in quotes (mINI never strips them). Returns the inside. */
export function quotedValue(value: string): { inner: string; quote: string } | undefined {
  const m = /^(["'])(.*)\1$/.exec(value);
  if (m) return { inner: m[2]!, quote: m[1]! };
  return undefined;
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

/**
 * Parse a hook URL the way an operator reads it. Returns undefined for
 * values ZLM's HttpClient cannot use (see rule hook-url-invalid).
 */
export function parseHookUrl(value: string): HookUrl | undefined {
  if (!/^https?:\/\/[^\s"',;]+$/i.test(value)) return undefined;
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

/** The sample secret shipped in conf/config.ini: public, replaced at start-up. */
export const SAMPLE_SECRET = '035c73f7-bb6b-4889-a715-d9eb2d1925cc';

/** A section's first header line, else the file's first line: where to report a missing key. */
export function sectionLine(doc: IniDocument, section: string): IniLine | undefined {
  return doc.sectionHeaders().find((h) => h.name === section) ?? doc.lines[0];
}

/** The key's winning line, else its section header, else the first line. */
export function lineFor(doc: IniDocument, key: string): IniLine | undefined {
  return doc.entry(key) ?? sectionLine(doc, key.slice(0, key.indexOf('.')));
}

/** Every listener port: catalogue type 'port' with a transport. */
export const LISTENER_KEYS = KEYS.filter((k) => k.type === 'port' && k.transport);

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
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === '0.0.0.0' || h === '::' || /^0+(?::0+){7}$/.test(h) || h === '0') return 'unspecified';
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^0+(?::0+){6}:0*1$/.test(h) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return 'loopback';
  return 'other';
}

/** Hooks in WVP's `<prefix>/index/hook/<own name>` layout (the untouched sample URLs excluded). */
export function wvpLayoutHooks(doc: IniDocument): { key: string; line: IniLine; value: string }[] {
  return hookEntries(doc).filter((e) => {
    if (isSampleHookUrl(e.key, e.value)) return false;
    const url = parseHookUrl(e.value);
    return url !== undefined && url.path.replace(/\/+$/, '').endsWith(`/index/hook/${hookName(e.key)}`);
  });
}

/** Whether WVP is the controller: application.yml was given, or the hooks follow WVP's layout. */
export function wvpInPlay(ctx: { doc: IniDocument; wvp?: unknown }): boolean {
  return ctx.wvp !== undefined || wvpLayoutHooks(ctx.doc).length > 0;
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
  const host = url.host.replace(/^\[|\]$/g, '');
  const self = allInterfaces ? hookHostKind(url.host) !== 'other' || host === listen : host === listen;
  if (!self) return undefined;
  for (const portKey of ['http.port', 'http.sslport']) {
    if (excerpt && effective(doc, portKey).source !== 'file') continue;
    const port = effNumber(doc, portKey);
    if (port > 0 && port === url.port) return { portKey, port };
  }
  return undefined;
}
