/**
 * The listeners a config asks for, who holds them, and whether they accept:
 * the restart checks them free before it starts the server and up (held by
 * the new processes, a TCP connect accepted) before it calls the restart done.
 */
import { connect } from 'node:net';
import type { IniDocument } from '../../ini/document.ts';
import type { ListeningSocket } from '../../doctor/index.ts';
import { effective, LISTENER_KEYS } from '../../zlm/effective.ts';
import { readValue } from '../../zlm/value.ts';

export interface Listener {
  key: string;
  port: number;
  transport: 'tcp' | 'udp';
  /** 'lazy': onvif binds on first use; 'feature': rtc.* / srt.* exist only in builds with WebRTC / SRT */
  optional?: 'lazy' | 'feature';
}

/** Every configured listener (effective value, non-zero), one row per transport. */
export function configuredListeners(doc: IniDocument): Listener[] {
  const out: Listener[] = [];
  for (const def of LISTENER_KEYS) {
    const v = readValue('uint16', effective(doc, def.key).raw).value;
    const port = typeof v === 'number' ? v : 0;
    if (port === 0) continue;
    const optional = def.key === 'onvif.port' ? 'lazy' : def.key.startsWith('rtc.') || def.key.startsWith('srt.') ? 'feature' : undefined;
    const transports: ('tcp' | 'udp')[] = def.transport === 'both' ? ['tcp', 'udp'] : [def.transport === 'udp' ? 'udp' : 'tcp'];
    for (const transport of transports) out.push({ key: def.key, port, transport, ...(optional ? { optional } : {}) });
  }
  return out;
}

export function label(l: Listener): string {
  return `${l.key}=${l.port}/${l.transport}`;
}

/** pids holding each listener's port and transport (any address). */
export function holders(listeners: readonly Listener[], sockets: readonly ListeningSocket[]): Map<Listener, { pids: number[]; held: boolean }> {
  const m = new Map<Listener, { pids: number[]; held: boolean }>();
  for (const l of listeners) {
    const on = sockets.filter((s) => s.transport === l.transport && s.port === l.port);
    m.set(l, { pids: [...new Set(on.flatMap((s) => s.pids))].sort((a, b) => a - b), held: on.length > 0 });
  }
  return m;
}

/** The address to test a TCP listener on: general.listen_ip when it is one address, else loopback. */
export function probeHost(doc: IniDocument): string {
  const ip = effective(doc, 'general.listen_ip').raw.trim();
  if (ip === '' || ip === '::' || ip === '0.0.0.0' || ip === '::0') return '127.0.0.1';
  return ip;
}

/** A TCP connect that is accepted within `ms` (then closed at once). */
export function tcpAccepts(host: string, port: number, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (ok: boolean): void => {
      clearTimeout(t);
      s.destroy();
      resolve(ok);
    };
    const t = setTimeout(() => done(false), Math.max(50, ms));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}
