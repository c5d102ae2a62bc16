/**
 * Configured listener ports vs. who holds them: for every listener key of
 * config.ini, the process that holds its port (the server, another process,
 * nobody), and whether the server's user may bind it at all. Used by the
 * listeners and drift checks.
 */
import { posix } from 'node:path';
import type { IniDocument } from '../../ini/document.ts';
import { effective, LISTENER_KEYS } from '../../zlm/effective.ts';
import { readValue } from '../../zlm/value.ts';
import type { ListeningSocket } from '../discovery/sockets.ts';
import { processComm, readText, type ProcOptions } from '../discovery/proc-read.ts';
import { CAP_NET_BIND_SERVICE, hasCapability, parseStatus } from '../procfs.ts';

const { join } = posix;

export type PortState = 'ours' | 'other' | 'free' | 'unknown';

/** Processes that hold a port on behalf of a container (published ports) or proxy it: not the server. */
export const PORT_FORWARDERS = /^(docker-proxy|rootlessport|rootlesskit|slirp4netns|pasta|conmon|containerd-shim.*|nginx|haproxy|envoy|caddy|traefik|socat|sshd?)$/;

export interface PortOwner {
  pid: number;
  /** /proc/<pid>/comm, '?' when gone */
  comm: string;
  /** one of serverPids */
  ours: boolean;
}

export interface PortOwnership {
  /** the listener key, e.g. 'http.port' */
  key: string;
  port: number;
  /** one row per transport: a 'both' key (rtp_proxy.port) gives a tcp row and a udp row */
  transport: 'tcp' | 'udp';
  /** where the value comes from */
  source: 'file' | 'default';
  /**
   * ours: a MediaServer pid holds it; other: another process (or, with no
   * holder found in a complete scan, the kernel); free: nobody listens, the
   * listener is not up; unknown: something listens but its holder is unreadable.
   */
  state: PortState;
  /** ours: the MediaServer holder; other: the first foreign holder (absent for kernel sockets) */
  owner?: PortOwner;
  /** every holder found */
  owners: PortOwner[];
  /** local addresses bound on that port and transport */
  addresses: string[];
  /**
   * The port is below net.ipv4.ip_unprivileged_port_start (1024 by default)
   * and the MediaServer user is known and neither root nor holds
   * CAP_NET_BIND_SERVICE: binding it fails with "permission denied".
   */
  privileged: boolean;
  /** the port is below ip_unprivileged_port_start, whoever runs the server */
  privilegedPort: boolean;
  /**
   * Why 'free' may be normal: 'lazy' (onvif.port binds on first use);
   * 'feature' (rtc.* and srt.* only exist in builds with WebRTC / SRT).
   */
  optional?: 'lazy' | 'feature';
}

export interface OwnershipOptions extends ProcOptions {
  /** effective uid of the MediaServer user; default: read from the first readable serverPid */
  serverUid?: number;
  /** whether that user may bind low ports anyway (CAP_NET_BIND_SERVICE); default: read with the uid */
  serverCanBindPrivileged?: boolean;
  /** default: <root>/sys/net/ipv4/ip_unprivileged_port_start, else 1024 */
  unprivilegedPortStart?: number;
}

function optionalKind(key: string): PortOwnership['optional'] {
  if (key === 'onvif.port') return 'lazy';
  if (key.startsWith('rtc.') || key.startsWith('srt.')) return 'feature';
  return undefined;
}

/**
 * For every configured listener (LISTENER_KEYS, effective value, non-zero)
 * and each of its transports: who holds the port. Ordered as LISTENER_KEYS,
 * tcp before udp.
 */
export function portOwnership(
  doc: IniDocument,
  sockets: readonly ListeningSocket[],
  serverPids: readonly number[],
  opts: OwnershipOptions = {},
): PortOwnership[] {
  const root = opts.root ?? '/proc';
  const ours = new Set(serverPids);

  let start = opts.unprivilegedPortStart;
  if (start === undefined) {
    const text = readText(join(root, 'sys', 'net', 'ipv4', 'ip_unprivileged_port_start'));
    const n = text === undefined ? NaN : Number(text.trim());
    start = text !== undefined && text.trim() !== '' && Number.isInteger(n) && n >= 0 ? n : 1024;
  }

  let uid = opts.serverUid;
  let canBind = opts.serverCanBindPrivileged;
  if (uid === undefined) {
    for (const pid of serverPids) {
      const st = parseStatus(readText(join(root, String(pid), 'status')) ?? '');
      if (st.uid) {
        uid = st.uid.effective;
        canBind ??= hasCapability(st.capEff, CAP_NET_BIND_SERVICE);
        break;
      }
    }
  }
  const userMayNotBind = uid !== undefined && uid !== 0 && !canBind;

  const comms = new Map<number, string>();
  const ownerOf = (pid: number): PortOwner => {
    let comm = comms.get(pid);
    if (comm === undefined) {
      comm = processComm(pid, { root }) ?? '?';
      comms.set(pid, comm);
    }
    return { pid, comm, ours: ours.has(pid) };
  };

  const out: PortOwnership[] = [];
  for (const def of LISTENER_KEYS) {
    const eff = effective(doc, def.key);
    const v = readValue('uint16', eff.raw).value;
    const port = typeof v === 'number' ? v : 0;
    if (port === 0) continue;
    const transports: ('tcp' | 'udp')[] = def.transport === 'both' ? ['tcp', 'udp'] : [def.transport === 'udp' ? 'udp' : 'tcp'];
    for (const transport of transports) {
      const held = sockets.filter((s) => s.transport === transport && s.port === port);
      const pids = [...new Set(held.flatMap((s) => s.pids))].sort((a, b) => a - b);
      const owners = pids.map(ownerOf);
      let state: PortState;
      let owner: PortOwner | undefined;
      if (held.length === 0) state = 'free';
      else if ((owner = owners.find((o) => o.ours))) state = 'ours';
      else if ((owner = owners.find((o) => !o.ours))) state = 'other';
      else state = held.some((s) => !s.ownersKnown) ? 'unknown' : 'other';
      const optional = optionalKind(def.key);
      out.push({
        key: def.key,
        port,
        transport,
        source: eff.source,
        state,
        ...(owner ? { owner } : {}),
        owners,
        addresses: [...new Set(held.map((s) => s.address))],
        privileged: port < start && userMayNotBind,
        privilegedPort: port < start,
        ...(optional ? { optional } : {}),
      });
    }
  }
  return out;
}
