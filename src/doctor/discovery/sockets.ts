/**
 * Listening sockets for `zlm-doctor doctor`: every TCP listener and bound UDP
 * socket (also in the network namespaces of containerised MediaServers), each
 * with the processes that hold it. Read from procfs (parsing in ../procfs.ts);
 * unreadable entries are skipped and make the result `partial`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { posix } from 'node:path';
import { parseNetTable, socketInode, type NetSocket, type NetTable } from '../procfs.ts';
import { errCode, listPids, readLink, type ProcOptions } from './proc-read.ts';

const { join } = posix;

export interface ListeningSocket extends NetSocket {
  /** processes holding the socket (fd links `socket:[inode]`), ascending */
  pids: number[];
  /** false when no holder was found and some processes' fds could not be read */
  ownersKnown: boolean;
  /** network namespace the table was read from, when it is not the doctor's own */
  netns?: string;
}

export interface SocketScan {
  /** TCP LISTEN and bound (unconnected, port ≠ 0) UDP sockets of tcp, tcp6, udp, udp6 */
  sockets: ListeningSocket[];
  /** some holders may be missing: a table or some /proc/<pid>/fd could not be read */
  partial: boolean;
  /** processes whose fd directory was unreadable (permission) */
  unreadablePids: number[];
  /** tables that exist but could not be read */
  unreadableTables: NetTable[];
}

export interface SocketOptions extends ProcOptions {
  /**
   * Also read the socket tables of these processes' network namespaces when
   * they differ from ours (e.g. MediaServer in a Docker bridge network, whose
   * listeners are invisible in the host's /proc/net). Pass the MediaServer pids.
   */
  netnsOf?: readonly number[];
}

const TABLES: readonly NetTable[] = ['tcp', 'tcp6', 'udp', 'udp6'];

/**
 * All listening TCP and bound UDP sockets, each with the pids that hold it.
 * Holders are found by scanning every /proc/<pid>/fd; processes we may not
 * read are skipped and make the result `partial`.
 */
export function listeningSockets(opts: SocketOptions = {}): SocketScan {
  const root = opts.root ?? '/proc';
  const sockets: ListeningSocket[] = [];
  const unreadableTables: NetTable[] = [];
  let partial = false;

  const readTables = (dir: string, netns: string | undefined): void => {
    for (const table of TABLES) {
      let text: string;
      try {
        text = readFileSync(join(dir, table), 'utf8');
      } catch (e) {
        // no tcp6/udp6 when IPv6 is disabled: nothing to see, not a gap
        if (errCode(e) !== 'ENOENT') {
          partial = true;
          if (!unreadableTables.includes(table)) unreadableTables.push(table);
        }
        continue;
      }
      for (const s of parseNetTable(text, table)) {
        if (!s.listening) continue;
        sockets.push({ ...s, pids: [], ownersKnown: true, ...(netns !== undefined ? { netns } : {}) });
      }
    }
  };

  readTables(join(root, 'net'), undefined);
  if (opts.netnsOf?.length) {
    const seen = new Set<string>();
    const own = readLink(join(root, 'self', 'ns', 'net'));
    if (own !== undefined) seen.add(own);
    for (const pid of opts.netnsOf) {
      const ns = readLink(join(root, String(pid), 'ns', 'net'));
      if (ns === undefined || seen.has(ns)) continue;
      seen.add(ns);
      readTables(join(root, String(pid), 'net'), ns);
    }
  }

  const byInode = new Map<number, ListeningSocket[]>();
  for (const s of sockets) {
    if (s.inode === 0) continue;
    const list = byInode.get(s.inode);
    if (list) list.push(s);
    else byInode.set(s.inode, [s]);
  }

  const unreadablePids: number[] = [];
  if (byInode.size > 0) {
    for (const pid of listPids(root)) {
      const fdDir = join(root, String(pid), 'fd');
      let fds: string[];
      try {
        fds = readdirSync(fdDir);
      } catch (e) {
        const code = errCode(e);
        if (code === 'EACCES' || code === 'EPERM') unreadablePids.push(pid);
        continue; // ENOENT: vanished (or a kernel thread without fds)
      }
      for (const fd of fds) {
        const link = readLink(join(fdDir, fd));
        if (link === undefined) continue;
        const inode = socketInode(link);
        if (inode === undefined) continue;
        for (const s of byInode.get(inode) ?? []) if (!s.pids.includes(pid)) s.pids.push(pid);
      }
    }
  }
  if (unreadablePids.length) partial = true;
  for (const s of sockets) {
    s.pids.sort((a, b) => a - b);
    s.ownersKnown = s.pids.length > 0 || !partial;
  }
  return { sockets, partial, unreadablePids, unreadableTables };
}
