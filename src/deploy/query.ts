/**
 * Pure questions rules ask of a deployment: which service runs ZLM or WVP,
 * how a container port is seen from the host, whether a name is a compose
 * service (resolvable only inside the compose network).
 */
import { dirname, resolve } from 'node:path';
import type { ComposeService, Deployment, PortMapping, Proto } from './types.ts';

/** The service that runs ZLMediaKit, when one is recognisable. */
export function zlmService(d: Deployment | undefined): ComposeService | undefined {
  return d?.services.find((s) => s.role === 'zlm');
}

/**
 * The ZLM service that runs this config.ini: the one mounting it (or its directory), else the only ZLM
 * service; undefined when several could and none mounts it.
 */
export function zlmServiceFor(d: Deployment | undefined, configFile: string): ComposeService | undefined {
  const all = d?.services.filter((s) => s.role === 'zlm') ?? [];
  if (all.length <= 1) return all[0];
  const abs = configFile ? resolve(configFile) : '';
  return all.find((s) => s.mounts.some((m) => m.source !== '' && (m.source === abs || m.source === dirname(abs))));
}

/** The service that runs WVP, when one is recognisable. */
export function wvpService(d: Deployment | undefined): ComposeService | undefined {
  return d?.services.find((s) => s.role === 'wvp');
}

/** Whether the service shares the host's network stack (no port mapping applies). */
export function usesHostNetwork(s: ComposeService): boolean {
  return s.networkMode === 'host';
}

/** The mapping that publishes `containerPort/proto` of the service, if any. */
export function mappingFor(s: ComposeService, containerPort: number, proto: Proto): PortMapping | undefined {
  return s.ports.find((p) => p.protocol === proto && containerPort >= p.containerPort && containerPort <= p.containerPortEnd);
}

/**
 * The host port under which a container port is reachable from outside the
 * compose network: the same number with host networking, the mapped one when
 * published, undefined when not published (or published on a random port).
 */
export function hostPortFor(s: ComposeService, containerPort: number, proto: Proto): number | undefined {
  if (usesHostNetwork(s)) return containerPort;
  const m = mappingFor(s, containerPort, proto);
  if (!m || m.hostPort === undefined) return undefined;
  return m.hostPort + (containerPort - m.containerPort);
}

/** Whether a host name is a compose service name (or alias) of this deployment. */
export function isServiceName(d: Deployment | undefined, host: string): boolean {
  if (!d) return false;
  const h = host.toLowerCase();
  return d.services.some((s) => [s.name, s.containerName, ...(s.aliases ?? [])].some((n) => n !== undefined && n.toLowerCase() === h));
}

/** The service whose network stack `s` uses (`network_mode: service:x` → x), else `s` itself. */
export function networkOwner(d: Deployment | undefined, s: ComposeService): ComposeService {
  const m = /^(?:service|container):(.+)$/.exec(s.networkMode ?? '');
  if (!m || !d) return s;
  return d.services.find((o) => o.name === m[1] || o.containerName === m[1]) ?? s;
}

/** Whether everything about the service's publishing is known (no `ports` entry with an unset variable). */
export function portsKnown(s: ComposeService): boolean {
  return !s.portsUnknown || s.portsUnknown.length === 0;
}

/**
 * The parts of container ports [start, end]/proto that are not published from
 * the host: [] when all are (or the service uses the host network), undefined
 * when that cannot be told (a `ports` entry depends on an unset variable, or
 * the network belongs to a container outside the deployment).
 */
export function unpublished(d: Deployment | undefined, svc: ComposeService, start: number, end: number, proto: Proto): [number, number][] | undefined {
  const s = networkOwner(d, svc);
  if (usesHostNetwork(s)) return [];
  if (/^(?:service|container|none)/.test(s.networkMode ?? '') && s === svc) return undefined;
  if (!portsKnown(s)) return undefined;
  const out: [number, number][] = [];
  let from = start;
  for (let p = start; p <= end + 1; p++) {
    const covered = p <= end && s.ports.some((m) => m.protocol === proto && p >= m.containerPort && p <= m.containerPortEnd);
    if (covered || p === end + 1) {
      if (p > from) out.push([from, p - 1]);
      from = p + 1;
    }
  }
  return out;
}

/** Mappings of the service that publish a container port under another host port number (`10000:8000/udp`). */
export function remappedPorts(s: ComposeService): PortMapping[] {
  if (usesHostNetwork(s)) return [];
  return s.ports.filter((m) => m.hostPort !== undefined && m.hostPort !== m.containerPort);
}

/** The environment a service runs with, minus values built on unset compose variables (unknown, not ''). */
export function knownEnvironment(s: ComposeService): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of s.environment) if (!s.envUnresolved?.has(k)) out[k] = v;
  return out;
}

/**
 * The compose networks a service is attached to ('default' when none is named); [] with any `network_mode`
 * (host, none, service:x, or Docker's plain `bridge`, where service names do not resolve).
 */
export function networksOf(s: ComposeService): string[] {
  if (s.networkMode !== undefined) return [];
  return s.networks.length > 0 ? s.networks : ['default'];
}

/**
 * Whether two services share a compose network, so they reach each other by service name and see each other's
 * container ports and container addresses (a Docker bridge subnet, 172.16.0.0/12 or 192.168.0.0/16 by default,
 * unless the network declares its own `ipam` subnet).
 */
export function shareNetwork(a: ComposeService, b: ComposeService): boolean {
  const na = networksOf(a);
  return networksOf(b).some((n) => na.includes(n));
}

/**
 * What is known of the address `from` has when it connects to `to` over their shared network: a fixed
 * `ipv4_address`, else the subnets the network declares. Undefined when they share no network (then it is
 * the Docker host's address, or unknown).
 */
export function addressSeenBy(d: Deployment, from: ComposeService, to: ComposeService): { address?: string; subnets: string[] } | undefined {
  const shared = networksOf(from).filter((n) => networksOf(to).includes(n));
  if (shared.length === 0) return undefined;
  for (const n of shared) {
    const ip = from.ipv4Addresses?.get(n);
    if (ip) return { address: ip, subnets: d.subnets?.get(n) ?? [] };
  }
  return { subnets: shared.flatMap((n) => d.subnets?.get(n) ?? []) };
}
