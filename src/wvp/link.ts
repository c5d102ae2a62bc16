/**
 * The ZLM ↔ WVP link: where each side runs, the hook URLs WVP will push (with
 * the hook host corrected when hook-ip points at loopback while WVP runs
 * elsewhere), and locations of WVP values. Used by the cross rules, --explain
 * and the doctor.
 */
import type { IniDocument, TextEdit } from '../ini/document.ts';
import type { Deployment } from '../deploy/types.ts';
import type { WvpConfig, WvpValue } from './types.ts';
import { expectedZlm, WVP_HOOKS } from './expected.ts';
import { unbracket } from '../util/ip.ts';

/** What the link helpers need: a rule context, or the same fields from --explain / doctor. */
export interface LinkCtx {
  readonly doc: IniDocument;
  /** where things run, when the operator told us (--hosts wvp=IP,zlm=IP) */
  readonly options: { readonly hosts?: { wvp?: string; zlm?: string } };
  readonly wvp?: WvpConfig;
}

/** A location in a WVP file, as a finding reports it. */
export interface WvpLoc {
  file?: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export { WVP_HOOKS };

export function isLoopback(host: string | undefined): boolean {
  if (!host) return false;
  const h = unbracket(host.toLowerCase());
  return h === 'localhost' || h === '::1' || /^127\./.test(h);
}

export function isUnspecified(host: string | undefined): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** Loopback, 0.0.0.0 or empty: an address that does not name a host for a peer. */
export function isLocalOnly(host: string | undefined): boolean {
  return !host || isLoopback(host) || isUnspecified(host);
}

function firstUsable(list: string | undefined): string | undefined {
  for (const h of (list ?? '').split(',').map((s) => s.trim())) if (h && !isLocalOnly(h)) return h;
  return undefined;
}

export interface Hosts {
  /** WVP's address as ZLM should reach it */
  wvp?: string;
  /** ZLM's address */
  zlm?: string;
  /** true: same host; false: different hosts; undefined: cannot tell */
  same?: boolean;
  /** how we know, for messages */
  basis: string;
}

export function hosts(ctx: LinkCtx): Hosts {
  const wvp = ctx.wvp!;
  const told = ctx.options.hosts ?? {};
  const mediaIp = wvp.get('media.ip').value;
  const wvpHost = told.wvp ?? firstUsable(wvp.get('sip.ip').value) ?? firstUsable(wvp.get('media.hook-ip').value);
  const zlmHost = told.zlm ?? mediaIp;
  if (isLoopback(zlmHost)) return { wvp: wvpHost, zlm: zlmHost, same: true, basis: `media.ip ${zlmHost}` };
  if (wvpHost && zlmHost) {
    return {
      wvp: wvpHost,
      zlm: zlmHost,
      same: wvpHost === zlmHost,
      basis: told.wvp || told.zlm ? '--hosts' : `media.ip ${zlmHost}, sip.ip ${wvp.get('sip.ip').value}`,
    };
  }
  return { wvp: wvpHost, zlm: zlmHost, basis: 'unknown' };
}

export interface HookHost {
  /** media.hook-ip as WVP resolves it (generation default included) */
  configured?: string;
  /** the host the hooks should use */
  effective?: string;
  /** hook-ip names loopback/0.0.0.0 (or ZLM's own address) while WVP and ZLM run on different hosts */
  unreachable: boolean;
  /** hook-ip is ZLM's own address */
  ownAddress: boolean;
}

export function hookHost(ctx: LinkCtx): HookHost {
  const wvp = ctx.wvp!;
  const configured = wvp.get('media.hook-ip').value;
  const h = hosts(ctx);
  // loopback / 0.0.0.0 / empty while WVP runs elsewhere, or ZLM's own address (wvp#1022: ZLM then calls itself)
  const ownAddress = !!configured && !!h.zlm && configured === h.zlm && h.same === false;
  const unreachable = (isLocalOnly(configured) && (h.same === false || isUnspecified(configured) || configured === '')) || ownAddress;
  return { configured, effective: unreachable ? h.wvp : configured, unreachable, ownAddress };
}

export interface Expected {
  value?: string;
  unresolved: string[];
  from: string[];
}

/** expectedZlm() once per WVP configuration: rules ask for one key at a time. */
const derived = new WeakMap<WvpConfig, ReturnType<typeof expectedZlm>>();
function derive(wvp: WvpConfig): ReturnType<typeof expectedZlm> {
  let e = derived.get(wvp);
  if (!e) derived.set(wvp, (e = expectedZlm(wvp)));
  return e;
}

/** What WVP expects in ZLM for `zlmKey` (hooks use the corrected hook host). */
export function expected(ctx: LinkCtx, zlmKey: string): Expected | undefined {
  const wvp = ctx.wvp!;
  const entry = derive(wvp).find((e) => e.zlmKey === zlmKey);
  if (!entry) return undefined;
  let value = entry.value;
  const hh = hookHost(ctx);
  if (value !== undefined && zlmKey.startsWith('hook.on_') && hh.unreachable && hh.configured !== undefined) {
    if (!hh.effective) return { unresolved: ['media.hook-ip'], from: entry.from };
    value = value.replace(`://${hh.configured}:`, `://${hh.effective}:`);
  }
  return { value, unresolved: entry.unresolved ?? [], from: entry.from };
}

/** A report location for a WVP value: where it is defined, else the top of the main yml. */
export function wvpLoc(wvp: WvpConfig, v: WvpValue | string): WvpLoc {
  const val = typeof v === 'string' ? wvp.get(v) : v;
  if (val.loc) return { ...val.loc };
  return { file: wvp.files[0]!, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

/** Edit of a WVP scalar as a report field, when the key is in a file. */
export function wvpEdit(wvp: WvpConfig, path: string, value: string): { file: string; edit: TextEdit }[] | undefined {
  const e = wvp.editScalar(path, value);
  return e ? [e] : undefined;
}

/**
 * Whether the host part of WVP's hook URLs is a fact. It is not when media.hook-ip
 * is an unresolved placeholder, only a placeholder default, or absent/empty while
 * the WVP generation (which decides its default) is only assumed.
 */
export interface HookHostCertainty {
  known: boolean;
  /** variables (or paths) to set so that it becomes known */
  names: string[];
  /** why it is not known, for messages */
  why_en: string;
  why_zh: string;
}

/** `${A:x}` and `${B}` names in a raw value. */
export function placeholderNames(raw: string | undefined): string[] {
  return [...new Set([...(raw ?? '').matchAll(/\$\{([^}:]+)/g)].map((m) => m[1]!))];
}

export function hookHostCertainty(ctx: LinkCtx): HookHostCertainty {
  const wvp = ctx.wvp!;
  const v = wvp.get('media.hook-ip');
  if (v.unresolved?.length) {
    const names = [...v.unresolved];
    return { known: false, names, why_en: `media.hook-ip is ${v.raw ?? '?'} and ${names.join(', ')} is not set`, why_zh: `media.hook-ip 为 ${v.raw ?? '?'}，且未设置 ${names.join('、')}` };
  }
  if (v.source === 'placeholder-default') {
    const names = placeholderNames(v.raw);
    return { known: false, names, why_en: `media.hook-ip is only the placeholder default of ${v.raw ?? '?'}`, why_zh: `media.hook-ip 只是占位符 ${v.raw ?? '?'} 的默认值` };
  }
  if (v.value === undefined) return { known: false, names: ['media.hook-ip'], why_en: 'media.hook-ip is unknown', why_zh: 'media.hook-ip 未知' };
  if ((v.source === 'code-default' || v.value === '') && !wvp.generationKnown) {
    return {
      known: false,
      names: ['--wvp-version'],
      why_en: `media.hook-ip is ${v.source === 'code-default' ? 'not set' : 'empty'} and the WVP generation is only assumed (2.7.4+ uses ${v.source === 'code-default' ? '127.0.0.1' : 'an empty host'}, 2.6.x-2.7.1 use sip.ip)`,
      why_zh: `media.hook-ip ${v.source === 'code-default' ? '未设置' : '为空'}，且 WVP 版本只是推测（2.7.4+ 使用 ${v.source === 'code-default' ? '127.0.0.1' : '空主机'}，2.6.x-2.7.1 使用 sip.ip）`,
    };
  }
  return { known: true, names: [], why_en: '', why_zh: '' };
}

/** Hosts of the WVP hooks config.ini holds (scheme://HOST:port/.../index/hook/<name>). */
export function zlmHookHosts(ctx: LinkCtx): string[] {
  const out: string[] = [];
  for (const name of WVP_HOOKS) {
    const v = ctx.doc.entry(`hook.${name}`)?.value;
    const m = v ? /^[a-z]+:\/\/(\[[^\]]*\]|[^/:?#]*)/i.exec(v.trim()) : null;
    if (m) out.push(m[1]!.toLowerCase());
  }
  return out;
}

/**
 * Where WVP runs, as far as the inputs say: --hosts wvp=IP, then sip.ip when it names a
 * host (0.0.0.0 or loopback there is only WVP's bind address, no evidence), then
 * media.hook-ip when it names a host. undefined when nothing says it.
 */
export function wvpAddress(ctx: LinkCtx): { host?: string; basis: string } {
  const wvp = ctx.wvp!;
  if (ctx.options.hosts?.wvp) return { host: ctx.options.hosts.wvp, basis: '--hosts' };
  // a placeholder default is a guess, not where WVP runs
  const fact = (p: string): string | undefined => {
    const v = wvp.get(p);
    return v.source === 'placeholder-default' || v.source === 'code-default' ? undefined : firstUsable(v.value);
  };
  const sip = fact('sip.ip');
  if (sip) return { host: sip, basis: 'sip.ip' };
  const hook = fact('media.hook-ip');
  if (hook) return { host: hook, basis: 'media.hook-ip' };
  return { basis: 'unknown' };
}

/** a.b.c.d → its /24 prefix, undefined for anything else */
export function net24(host: string | undefined): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host ?? '');
  if (!m || m.slice(1).some((x) => Number(x) > 255)) return undefined;
  return `${m[1]}.${m[2]}.${m[3]}`;
}

/**
 * The address ZLM sees WVP's API calls come from, when the inputs say it:
 * 127.0.0.1 when media.ip is loopback (WVP on ZLM's host), else --hosts wvp=IP,
 * else sip.ip when it is an IP literal. Placeholder defaults are no evidence; a
 * ZLM in a bridged container sees a NATed address, so then only --hosts counts.
 */
export function wvpCaller(ctx: LinkCtx & { deploy?: Deployment }): { ip?: string; basis_en: string; basis_zh: string } {
  const told = ctx.options.hosts?.wvp;
  const none = { basis_en: 'unknown', basis_zh: '未知' };
  const literal = (h: string | undefined): boolean => !!h && /^[\d.]+$|^[\da-f:]+$/i.test(h) && h.includes(h.includes(':') ? ':' : '.');
  const wvp = ctx.wvp;
  const fact = (p: string) => {
    const v = wvp?.get(p);
    return v && v.source !== 'placeholder-default' && v.source !== 'code-default' ? v.value : undefined;
  };
  const mediaIp = fact('media.ip');
  if (mediaIp && isLoopback(mediaIp)) return { ip: mediaIp.includes(':') ? '::1' : mediaIp, basis_en: `media.ip ${mediaIp}: WVP calls ZLM on its own host`, basis_zh: `media.ip ${mediaIp}：WVP 在 ZLM 所在主机上调用` };
  if (told && literal(told)) return { ip: told, basis_en: '--hosts wvp', basis_zh: '--hosts wvp' };
  const zs = ctx.deploy?.services.find((s) => s.role === 'zlm');
  if (zs && zs.networkMode !== 'host') return none;
  const sip = firstUsable(fact('sip.ip'));
  if (sip && literal(sip)) return { ip: sip, basis_en: `sip.ip ${sip}`, basis_zh: `sip.ip ${sip}` };
  return none;
}
