/**
 * docker-compose's short port syntax (`[ip:][host:]container[/proto]`, ranges
 * `8000-8010`, IPv6 `[::1]:80:80`) read into a PortMapping.
 */
import type { PortMapping, Proto } from './types.ts';

/** `N` or `N-M` (ports, M ≥ N); undefined otherwise. */
export function parseRange(s: string): [number, number] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(s.trim());
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a > 65535 || b > 65535 || b < a) return undefined;
  return [a, b];
}

/** One short-syntax port entry (`[ip:][host:]container[/proto]`), already interpolated. */
export function parsePortSpec(spec: string): Omit<PortMapping, 'raw' | 'loc'> | undefined {
  let s = spec.trim();
  let protocol: Proto = 'tcp';
  const slash = s.lastIndexOf('/');
  if (slash >= 0) {
    const p = s.slice(slash + 1).toLowerCase();
    if (p !== 'tcp' && p !== 'udp') return undefined;
    protocol = p;
    s = s.slice(0, slash);
  }
  let hostIp = '';
  const v6 = /^\[([^\]]*)\]:(.*)$/.exec(s);
  if (v6) {
    hostIp = v6[1]!;
    s = v6[2]!;
  }
  const parts = s.split(':');
  let host: string | undefined;
  let container: string;
  if (parts.length === 1) container = parts[0]!;
  else if (parts.length === 2) [host, container] = parts as [string, string];
  else if (parts.length === 3 && !v6) [hostIp, host, container] = parts as [string, string, string];
  else return undefined;
  const c = parseRange(container);
  if (!c) return undefined;
  const out: Omit<PortMapping, 'raw' | 'loc'> = { hostIp, containerPort: c[0], containerPortEnd: c[1], protocol };
  if (host !== undefined && host !== '') {
    const h = parseRange(host);
    if (!h) return undefined;
    out.hostPort = h[0];
    out.hostPortEnd = h[1];
  }
  return out;
}
