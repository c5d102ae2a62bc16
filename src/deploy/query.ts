/**
 * Pure questions rules ask of a deployment: which service runs ZLM or WVP,
 * how a container port is seen from the host, whether a name is a compose
 * service (resolvable only inside the compose network).
 */
import type { ComposeService, Deployment, PortMapping, Proto } from './types.ts';

/** The service that runs ZLMediaKit, when one is recognisable. */
export function zlmService(d: Deployment | undefined): ComposeService | undefined {
  return d?.services.find((s) => s.role === 'zlm');
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
  return d.services.some((s) => s.name.toLowerCase() === h);
}
