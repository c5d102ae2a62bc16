/**
 * IP addresses as inet_pton reads them (what ZLM uses): dotted-quad IPv4
 * without leading zeros, IPv6 with at most one "::" and an optional IPv4 tail.
 * Kept here instead of node:net, whose import alone costs several ms of start-up.
 */
import { isDigits } from './chars.ts';

export type Ip = { family: 4 | 6; bytes: number[] };

const IPV6_CHARS = /^[0-9a-fA-F:.]+$/;
const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/;

export function parseIPv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (p.length > 3 || !isDigits(p) || (p.length > 1 && p[0] === '0')) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

export function parseIPv6(s: string): number[] | undefined {
  if (!s.includes(':') || !IPV6_CHARS.test(s)) return undefined;
  const dbl = s.indexOf('::');
  if (dbl !== -1 && s.indexOf('::', dbl + 1) !== -1) return undefined;
  const toGroups = (part: string, allowV4Tail: boolean): number[] | undefined => {
    if (part === '') return [];
    const items = part.split(':');
    const out: number[] = [];
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      if (allowV4Tail && i === items.length - 1 && it.includes('.')) {
        const v4 = parseIPv4(it);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
        continue;
      }
      if (!IPV6_GROUP.test(it)) return undefined;
      out.push(parseInt(it, 16));
    }
    return out;
  };
  let groups: number[];
  if (dbl === -1) {
    const g = toGroups(s, true);
    if (!g || g.length !== 8) return undefined;
    groups = g;
  } else {
    const head = toGroups(s.slice(0, dbl), false);
    const tail = toGroups(s.slice(dbl + 2), true);
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    groups = [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  const bytes: number[] = [];
  for (const g of groups) bytes.push(g >> 8, g & 0xff);
  return bytes;
}

export function parseIp(s: string): Ip | undefined {
  const v4 = parseIPv4(s);
  if (v4) return { family: 4, bytes: v4 };
  const v6 = parseIPv6(s);
  if (v6) return { family: 6, bytes: v6 };
  return undefined;
}

export function compare(a: Ip, b: Ip): number {
  for (let i = 0; i < a.bytes.length; i++) if (a.bytes[i] !== b.bytes[i]) return a.bytes[i]! - b.bytes[i]!;
  return 0;
}

export function formatIp(ip: Ip): string {
  if (ip.family === 4) return ip.bytes.join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip.bytes[i]! << 8) | ip.bytes[i + 1]!);
  // RFC 5952: compress the longest run (>= 2) of zero groups
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** The host without the brackets of an IPv6 literal (a leading `[` and a trailing `]`, each if present). */
export function unbracket(host: string): string {
  const from = host.startsWith('[') ? 1 : 0;
  return host.endsWith(']') && host.length > from ? host.slice(from, -1) : host.slice(from);
}
