import type { Rule } from '../types.ts';
import { zlmTrim } from '../../ini/document.ts';
import type { Localized } from '../../i18n/index.ts';
import { parseIp, compare, formatIp, type Ip } from '../../util/ip.ts';
import { wvpCaller } from '../../wvp/link.ts';
import { VALUE_WORD } from '../util.ts';

/**
 * http.allow_ip_range, parsed the way HttpFileManager::isIPAllowed does it:
 * split on ",", trim, skip empty items; split the item on "-" (toolkit::split
 * drops empty pieces); one piece = one IP, two = a range of the same family;
 * anything else is skipped with "Invalid ip ..." in the log. An IP is what
 * inet_pton accepts (no CIDR, no zone id, no leading zeros in IPv4 octets).
 * An empty parsed list means no restriction.
 */

/** toolkit::split: empty pieces are dropped. */
function splitZ(s: string, delim: string): string[] {
  return s.split(delim).filter((p) => p.length > 0);
}

/** `ip/len` → first and last address of the block, or undefined. */
function cidrRange(entry: string): { first: Ip; last: Ip; written: string } | undefined {
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(entry);
  if (!m) return undefined;
  const ip = parseIp(m[1]!);
  if (!ip) return undefined;
  const len = Number(m[2]);
  const bits = ip.bytes.length * 8;
  if (len > bits) return undefined;
  const first: number[] = [];
  const last: number[] = [];
  for (let i = 0; i < ip.bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, len - i * 8));
    const mask = keep === 0 ? 0 : (0xff << (8 - keep)) & 0xff;
    first.push(ip.bytes[i]! & mask);
    last.push((ip.bytes[i]! & mask) | (~mask & 0xff));
  }
  return { first: { family: ip.family, bytes: first }, last: { family: ip.family, bytes: last }, written: m[1]! };
}

type Verdict =
  | { kind: 'ok' }
  | { kind: 'reversed'; swapped: string }
  | { kind: 'cidr'; replacement: string }
  | { kind: 'family' }
  | { kind: 'bad' };

function judge(item: string): Verdict {
  const range = splitZ(item, '-');
  if (range.length === 2) {
    const a = parseIp(zlmTrim(range[0]!));
    const b = parseIp(zlmTrim(range[1]!));
    if (a && b && a.family === b.family) {
      if (compare(a, b) > 0) return { kind: 'reversed', swapped: `${zlmTrim(range[1]!)}-${zlmTrim(range[0]!)}` };
      return { kind: 'ok' };
    }
    if (a && b) return { kind: 'family' };
    return { kind: 'bad' };
  }
  if (range.length === 1) {
    if (parseIp(zlmTrim(range[0]!))) return { kind: 'ok' };
    const c = cidrRange(zlmTrim(range[0]!));
    if (c) {
      const same = compare(c.first, c.last) === 0;
      const firstText = formatIp(c.first);
      const replacement = same ? firstText : `${firstText}-${formatIp(c.last)}`;
      return { kind: 'cidr', replacement };
    }
  }
  return { kind: 'bad' };
}

/** One entry ZLM keeps: a single IP (first = last) or a start-end range (a reversed one matches nothing). */
export interface AllowEntry {
  first: Ip;
  last: Ip;
  text: string;
}

/**
 * http.allow_ip_range as ZLM's isIPAllowed uses it: the entries it keeps. An empty result
 * means no restriction (everyone is allowed), also when every entry was unusable (CIDR).
 */
export function allowList(value: string): AllowEntry[] {
  const out: AllowEntry[] = [];
  for (const piece of value.split(',')) {
    const item = zlmTrim(piece);
    if (item === '') continue;
    const range = splitZ(item, '-');
    if (range.length === 2) {
      const a = parseIp(zlmTrim(range[0]!));
      const b = parseIp(zlmTrim(range[1]!));
      if (a && b && a.family === b.family) out.push({ first: a, last: b, text: item });
    } else if (range.length === 1) {
      const a = parseIp(zlmTrim(range[0]!));
      if (a) out.push({ first: a, last: a, text: item });
    }
  }
  return out;
}

/** IPv4-mapped IPv6 (::ffff:a.b.c.d) is seen as plain IPv4 (ZLToolKit converts it). */
function unmap(ip: Ip): Ip {
  if (ip.family === 6 && ip.bytes.slice(0, 10).every((b) => b === 0) && ip.bytes[10] === 0xff && ip.bytes[11] === 0xff) return { family: 4, bytes: ip.bytes.slice(12) };
  return ip;
}

/** Whether ZLM lets `addr` call the secret-protected API under this list (empty list: everyone). */
export function allowed(list: readonly AllowEntry[], addr: string): boolean | undefined {
  const p = parseIp(addr);
  if (!p) return undefined;
  if (list.length === 0) return true;
  const ip = unmap(p);
  return list.some((e) => e.first.family === ip.family && compare(e.first, ip) <= 0 && compare(ip, e.last) <= 0);
}

const WHY_SKIPPED = {
  en: 'ZLM accepts only single IPs and start-end ranges of one address family; CIDR is not supported. Each unusable entry is skipped with "Invalid ip" in the log, so the whitelist that applies to the secret-protected API and to HTTP file access is only: {kept}. Callers outside it get -100 "Your ip is not allowed to access the service." (HTTP 401 for files).',
  zh: 'ZLM 只接受单个 IP 和同一地址族的 起始-结束 范围，不支持 CIDR。每个无法解析的条目都会被跳过并在日志中打印 "Invalid ip"，因此对受 secret 保护的 API 和 HTTP 文件访问实际生效的白名单只有：{kept}。名单之外的调用方会收到 -100 "Your ip is not allowed to access the service."（文件访问为 HTTP 401）。',
};

export const rule: Rule = {
  meta: {
    id: 'allow-ip-range-invalid',
    severity: 'error',
    category: 'security',
    fixable: true,
    title: { en: 'IP whitelist entries ZLM cannot parse', zh: 'IP 白名单中有 ZLM 无法解析的条目' },
  },
  messages: {
    invalid: {
      message: {
        en: 'http.allow_ip_range has entries ZLM cannot use: {entries}; they are skipped',
        zh: 'http.allow_ip_range 中有 ZLM 无法使用的条目：{entries}；这些条目会被跳过',
      },
      why: WHY_SKIPPED,
      fix: {
        en: 'Write every entry as a single IP or start-end range, e.g. 10.0.0.0/8 → 10.0.0.0-10.255.255.255. --fix converts CIDR entries in place.',
        zh: '每个条目写成单个 IP 或 起始-结束 范围，例如 10.0.0.0/8 → 10.0.0.0-10.255.255.255。--fix 会原位转换 CIDR 条目。',
      },
    },
    allInvalid: {
      message: {
        en: 'no entry of http.allow_ip_range can be parsed ({entries}): the whitelist is empty and ZLM allows every IP',
        zh: 'http.allow_ip_range 中没有一个条目可以解析（{entries}）：白名单为空，ZLM 会放行所有 IP',
      },
      why: {
        en: 'ZLM skips each unusable entry ("Invalid ip" in the log). When nothing is left, the parsed list is empty and an empty list means no restriction: the API is open to any IP and protected only by api.secret, the opposite of what the value intends.',
        zh: 'ZLM 会跳过每个无法解析的条目（日志中打印 "Invalid ip"）。全部被跳过后解析结果为空，而空列表表示不做限制：API 对任何 IP 开放，只剩 api.secret 保护，与配置的本意相反。',
      },
      fix: {
        en: 'Write every entry as a single IP or start-end range, e.g. 10.0.0.0/8 → 10.0.0.0-10.255.255.255. --fix converts CIDR entries in place.',
        zh: '每个条目写成单个 IP 或 起始-结束 范围，例如 10.0.0.0/8 → 10.0.0.0-10.255.255.255。--fix 会原位转换 CIDR 条目。',
      },
    },
    empty: {
      message: {
        en: 'http.allow_ip_range is empty: the HTTP API and files are reachable from any IP',
        zh: 'http.allow_ip_range 为空：HTTP API 和文件对任何 IP 开放',
      },
      why: {
        en: 'An empty whitelist disables the IP check. The API is then protected only by api.secret, and HTTP file access (recordings under the HTTP root) is open unless hook.on_http_access is set.',
        zh: '白名单为空即关闭 IP 检查。API 只剩 api.secret 保护；若未设置 hook.on_http_access，HTTP 文件访问（HTTP 根目录下的录像等）也完全开放。',
      },
      fix: {
        en: 'List the controller and operator networks, e.g. allow_ip_range=::1,127.0.0.1,10.0.0.0-10.255.255.255',
        zh: '列出控制端和运维所在网段，例如 allow_ip_range=::1,127.0.0.1,10.0.0.0-10.255.255.255',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const key = 'http.allow_ip_range';
    const line = doc.entry(key);
    if (!line) return; // compiled-in default is a valid private-network list
    const value = line.value ?? '';
    const pieces = value.split(',');
    const kept: string[] = [];
    const unusable: string[] = [];
    const notesEn: string[] = [];
    const notesZh: string[] = [];
    let parsedCount = 0;
    let cidrFixes = 0;
    const fixed: string[] = [];
    for (const piece of pieces) {
      const item = zlmTrim(piece);
      if (item === '') {
        fixed.push(piece);
        continue;
      }
      const v = judge(item);
      switch (v.kind) {
        case 'ok':
          kept.push(item);
          parsedCount++;
          fixed.push(piece);
          break;
        case 'reversed':
          // ZLM stores the range but no address can match it
          parsedCount++;
          unusable.push(item);
          notesEn.push(`${item}: start is after end, the range matches nothing; write ${v.swapped}`);
          notesZh.push(`${item}：起始地址大于结束地址，该范围匹配不到任何 IP；应写为 ${v.swapped}`);
          fixed.push(piece);
          break;
        case 'cidr':
          unusable.push(item);
          cidrFixes++;
          notesEn.push(`${item}: CIDR is not supported; ${v.replacement}`);
          notesZh.push(`${item}：不支持 CIDR；应写为 ${v.replacement}`);
          fixed.push(piece.replace(item, v.replacement));
          break;
        case 'family':
          unusable.push(item);
          notesEn.push(`${item}: the two ends are of different address families (IPv4/IPv6)`);
          notesZh.push(`${item}：两端地址族不同（IPv4/IPv6）`);
          fixed.push(piece);
          break;
        case 'bad':
          unusable.push(item);
          notesEn.push(`${item}: not an IP address or start-end range`);
          notesZh.push(`${item}：不是 IP 地址，也不是 起始-结束 范围`);
          fixed.push(piece);
          break;
      }
    }
    if (unusable.length === 0) {
      if (parsedCount === 0) ctx.report({ messageId: 'empty', key, line, severity: 'info' });
      return;
    }
    // the CIDR conversion must never lock out the controller: a list ZLM ignores today allows
    // everyone, and one whose entries all fail narrows to exactly what is written
    let writeFix = cidrFixes > 0;
    if (writeFix) {
      const before = allowList(value);
      const after = allowList(fixed.join(','));
      const caller = ctx.wvp || ctx.options.hosts?.wvp ? wvpCaller(ctx) : undefined;
      if (caller?.ip && allowed(after, caller.ip) === false) {
        writeFix = false;
        notesEn.push(`the converted list would exclude WVP (${caller.ip}, ${caller.basis_en}): add it before converting`);
        notesZh.push(`转换后的名单会把 WVP（${caller.ip}，${caller.basis_zh}）挡在外面：转换前先把它加入`);
      } else if (before.length === 0 && !caller?.ip) {
        writeFix = false;
        notesEn.push('today the list allows every IP; converting restricts it to what is written, so check that WVP and every API caller are inside before writing it (or pass --hosts wvp=IP)');
        notesZh.push('目前名单实际放行所有 IP；转换后只放行所写范围，写入前请确认 WVP 和所有 API 调用方都在其中（或用 --hosts wvp=IP 指明）');
      }
    }
    const suggestion: Localized = { en: notesEn.join('; '), zh: notesZh.join('；') };
    ctx.report({
      messageId: parsedCount === 0 ? 'allInvalid' : 'invalid',
      key,
      line,
      data: { entries: unusable.join(', '), kept: kept.length > 0 ? kept.join(', ') : VALUE_WORD.none },
      suggestion,
      ...(writeFix ? { edits: [doc.editValue(line, fixed.join(','))] } : {}),
    });
  },
};
