/**
 * Pure parsers for the Linux /proc files the doctor reads: text in, data out.
 * No I/O here (discovery/ does that), so every parser is tested on fixture
 * text.
 *
 *  - /proc/net/{tcp,tcp6,udp,udp6}: one socket per line;
 *  - /proc/<pid>/cmdline: NUL-separated argv;
 *  - /proc/<pid>/stat and /proc/<pid>/status;
 *  - /etc/passwd (uid → name).
 */
import { formatIp } from '../util/ip.ts';

// ---------------------------------------------------------------------------
// /proc/net/{tcp,tcp6,udp,udp6}
// ---------------------------------------------------------------------------

export type NetTable = 'tcp' | 'tcp6' | 'udp' | 'udp6';

/** TCP_LISTEN in include/net/tcp_states.h. */
export const TCP_LISTEN = 0x0a;
/** TCP_CLOSE: what an unconnected (bound) UDP socket shows. A connect()ed UDP socket shows 01. */
export const UDP_UNCONNECTED = 0x07;

export interface NetSocket {
  /** the table the line came from */
  table: NetTable;
  transport: 'tcp' | 'udp';
  family: 4 | 6;
  /** local address, canonical text (RFC 5952 for IPv6, `::ffff:a.b.c.d` for IPv4-mapped) */
  address: string;
  port: number;
  remoteAddress: string;
  remotePort: number;
  /** kernel socket state (st column), e.g. 0x0A */
  state: number;
  /** TCP in LISTEN, or UDP unconnected with a non-zero local port: a listener */
  listening: boolean;
  uid: number;
  /** socket inode, matched against /proc/<pid>/fd links `socket:[inode]` (0 for some kernel sockets) */
  inode: number;
}

export interface NetParseOptions {
  /**
   * The kernel prints each 32-bit address word in host byte order. Linux
   * hosts are little-endian almost always; pass true for a big-endian host.
   */
  bigEndian?: boolean;
}

/** Bytes of one 8-hex-digit address word as the kernel printed it. */
function wordBytes(hex8: string, bigEndian: boolean): number[] | undefined {
  if (!/^[0-9A-Fa-f]{8}$/.test(hex8)) return undefined;
  const b = [0, 2, 4, 6].map((i) => parseInt(hex8.slice(i, i + 2), 16));
  return bigEndian ? b : b.reverse();
}

/** Canonical IPv6 text (RFC 5952): lower case, longest zero run compressed, IPv4-mapped as `::ffff:a.b.c.d`. */
export function formatIPv6(bytes: readonly number[]): string {
  const v4mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (v4mapped) return `::ffff:${bytes.slice(12).join('.')}`;
  return formatIp({ family: 6, bytes: [...bytes] });
}

/** `0100007F:1F90` or the 32-digit IPv6 form → address text and port. */
export function decodeHexEndpoint(text: string, family: 4 | 6, opts: NetParseOptions = {}): { address: string; port: number } | undefined {
  const colon = text.indexOf(':');
  if (colon === -1) return undefined;
  const addr = text.slice(0, colon);
  const portHex = text.slice(colon + 1);
  if (!/^[0-9A-Fa-f]{1,4}$/.test(portHex)) return undefined;
  const port = parseInt(portHex, 16);
  const be = opts.bigEndian ?? false;
  if (family === 4) {
    const b = wordBytes(addr, be);
    if (!b) return undefined;
    return { address: b.join('.'), port };
  }
  if (addr.length !== 32) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < 32; i += 8) {
    const b = wordBytes(addr.slice(i, i + 8), be);
    if (!b) return undefined;
    bytes.push(...b);
  }
  return { address: formatIPv6(bytes), port };
}

/**
 * Every socket line of /proc/net/<table>. The header line and malformed lines
 * are skipped. Columns: sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
 */
export function parseNetTable(text: string, table: NetTable, opts: NetParseOptions = {}): NetSocket[] {
  const family: 4 | 6 = table.endsWith('6') ? 6 : 4;
  const transport: 'tcp' | 'udp' = table.startsWith('tcp') ? 'tcp' : 'udp';
  const out: NetSocket[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || !/^\d+:$/.test(f[0]!)) continue;
    const local = decodeHexEndpoint(f[1]!, family, opts);
    const remote = decodeHexEndpoint(f[2]!, family, opts);
    if (!local || !remote || !/^[0-9A-Fa-f]{2}$/.test(f[3]!)) continue;
    const state = parseInt(f[3]!, 16);
    const uid = Number(f[7]);
    const inode = Number(f[9]);
    if (!Number.isInteger(uid) || !Number.isInteger(inode)) continue;
    const listening = transport === 'tcp' ? state === TCP_LISTEN : state === UDP_UNCONNECTED && local.port !== 0;
    out.push({
      table,
      transport,
      family,
      address: local.address,
      port: local.port,
      remoteAddress: remote.address,
      remotePort: remote.port,
      state,
      listening,
      uid,
      inode,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------
// /proc/<pid>/cmdline
// ---------------------------------------------------------------------------

/** argv from /proc/<pid>/cmdline (NUL-separated, NUL-terminated; empty for kernel threads). */
export function parseCmdline(buf: Buffer | Uint8Array | string): string[] {
  const text = typeof buf === 'string' ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('utf8');
  if (text === '') return [];
  const parts = text.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

// ---------------------------------------------------------------------------
// /proc/<pid>/stat, /proc/<pid>/status, /etc/passwd
// ---------------------------------------------------------------------------

export interface ProcStat {
  pid: number;
  /** the name between the parentheses (may contain spaces and ')') */
  comm: string;
  /** R, S, D, Z, T, ... */
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  numThreads: number;
  /** start time in clock ticks after boot (field 22) */
  startTicks: number;
}

/**
 * /proc/<pid>/stat. The comm is everything between the first '(' and the
 * LAST ')': a process can name itself `a) (b` and the fields follow the last one.
 */
export function parseStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open === -1 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const rest = text.slice(close + 1).trim().split(/\s+/);
  // rest[0] is field 3 (state); field N is rest[N - 3]
  if (!Number.isInteger(pid) || rest.length < 20) return undefined;
  const num = (n: number): number => Number(rest[n - 3]);
  const st: ProcStat = {
    pid,
    comm: text.slice(open + 1, close),
    state: rest[0]!,
    ppid: num(4),
    pgrp: num(5),
    session: num(6),
    numThreads: num(20),
    startTicks: num(22),
  };
  if (![st.ppid, st.startTicks].every(Number.isFinite)) return undefined;
  return st;
}

export interface ProcStatus {
  name?: string;
  ppid?: number;
  /** Uid: real, effective, saved set, filesystem */
  uid?: { real: number; effective: number; saved: number; fs: number };
  gid?: { real: number; effective: number; saved: number; fs: number };
  /** CapEff as a bit mask */
  capEff?: bigint;
}

/** CAP_NET_BIND_SERVICE: bind ports below net.ipv4.ip_unprivileged_port_start. */
export const CAP_NET_BIND_SERVICE = 10;

export function hasCapability(mask: bigint | undefined, cap: number): boolean {
  return mask !== undefined && ((mask >> BigInt(cap)) & 1n) === 1n;
}

/** /proc/<pid>/status: `Key:\tvalue` lines. */
export function parseStatus(text: string): ProcStatus {
  const r: ProcStatus = {};
  const ids = (v: string): ProcStatus['uid'] => {
    const n = v.trim().split(/\s+/).map(Number);
    if (n.length < 4 || !n.every(Number.isInteger)) return undefined;
    return { real: n[0]!, effective: n[1]!, saved: n[2]!, fs: n[3]! };
  };
  for (const line of text.split('\n')) {
    const c = line.indexOf(':');
    if (c === -1) continue;
    const k = line.slice(0, c);
    const v = line.slice(c + 1);
    switch (k) {
      case 'Name':
        r.name = v.replace(/^\t/, '').replace(/\r$/, '');
        break;
      case 'PPid': {
        const n = Number(v.trim());
        if (Number.isInteger(n)) r.ppid = n;
        break;
      }
      case 'Uid': {
        const u = ids(v);
        if (u) r.uid = u;
        break;
      }
      case 'Gid': {
        const g = ids(v);
        if (g) r.gid = g;
        break;
      }
      case 'CapEff':
        if (/^[0-9a-fA-F]{1,16}$/.test(v.trim())) r.capEff = BigInt(`0x${v.trim()}`);
        break;
    }
  }
  return r;
}

/** /etc/passwd → uid → user name (the first line for a uid wins, like getpwuid). */
export function parsePasswd(text: string): Map<number, string> {
  const m = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const f = line.split(':');
    if (f.length < 3 || f[0] === '') continue;
    const uid = Number(f[2]);
    if (Number.isInteger(uid) && f[2] !== '' && !m.has(uid)) m.set(uid, f[0]!);
  }
  return m;
}

/** /proc/uptime: seconds since boot (the first number). */
export function parseUptime(text: string): number | undefined {
  const n = Number(text.trim().split(/\s+/)[0]);
  return Number.isFinite(n) && text.trim() !== '' ? n : undefined;
}

/** A `/proc/<pid>/fd/N` link target `socket:[12345]` → 12345. */
export function socketInode(link: string): number | undefined {
  const m = /^socket:\[(\d+)\]$/.exec(link);
  return m ? Number(m[1]) : undefined;
}
