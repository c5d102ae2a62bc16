/**
 * Which compose service is ZLM and which is WVP: by image, mounted config,
 * command and, failing those, the service name. Databases, caches and proxies
 * beside them never are.
 */
import type { ComposeService, ServiceRole } from './types.ts';

/** Whether a mount target is ZLM's config.ini or the conf directory holding it. */
export function isZlmConfigMount(target: string): boolean {
  const t = target.replace(/\/+$/, '');
  return /(^|\/)config\.ini$/i.test(t) || /\/media\/conf$/i.test(t);
}

/** Whether a mount target is WVP's application*.yml (or a config dir of a WVP image). */
export function isWvpConfigMount(target: string): boolean {
  return /(^|\/)application[^/]*\.ya?ml$/i.test(target.replace(/\/+$/, ''));
}

/** Databases, caches and proxies beside WVP often carry `wvp` in their names: never ZLM or WVP. */
const SIDECAR = /redis|mysql|mariadb|postgres|mongo|nginx|caddy|traefik|builder|kingbase|dm8|\bdb\b|[-_]db$|web$|ui$/;

function score(s: ComposeService, role: 'zlm' | 'wvp'): number {
  // the repository part of the image: `registry/team/wvp-docker/polaris-redis:tag` → polaris-redis
  const image = (s.image ?? '').toLowerCase().split('@')[0]!.split('/').pop()!.split(':')[0]!;
  const name = s.name.toLowerCase();
  const cmd = (s.command ?? '').toLowerCase();
  if (SIDECAR.test(image) || SIDECAR.test(name)) return 0;
  let n = 0;
  if (role === 'zlm') {
    if (/zlmediakit|zlm/.test(image)) n += 3;
    if (s.mounts.some((m) => isZlmConfigMount(m.target))) n += 3;
    if (/mediaserver/.test(cmd)) n += 2;
    if (/^(zlm|zlmediakit|mediaserver|media-?server)$/.test(name)) n += 2;
    else if (/zlm|mediaserver|media$|-media\b/.test(name)) n += 1;
  } else {
    if (/wvp/.test(image)) n += 3;
    if (s.mounts.some((m) => isWvpConfigMount(m.target))) n += 3;
    if (/wvp.*\.jar/.test(cmd)) n += 2;
    if (/^wvp$/.test(name)) n += 2;
    else if (/wvp|gb28181/.test(name)) n += 1;
  }
  return n;
}

/** zlm / wvp by image, mounted config, command and, failing those, the service name. */
export function assignRoles(services: ComposeService[]): void {
  for (const role of ['zlm', 'wvp'] as const) {
    const scored = services.filter((s) => s.role === 'other').map((s) => [s, score(s, role)] as const).filter(([, n]) => n > 0);
    if (scored.length === 0) continue;
    const strong = scored.filter(([, n]) => n >= 3);
    const chosen = strong.length > 0 ? strong : [scored.reduce((a, b) => (b[1] > a[1] ? b : a))];
    for (const [s] of chosen) (s as { role: ServiceRole }).role = role;
  }
}
