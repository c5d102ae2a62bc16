/**
 * Can the monitor itself reach anything? Asked only when every node failed
 * at once: if its own loopback does not accept a connection, or the host has
 * no default route on an interface that is up, the failures are the
 * monitor's own network and not a fleet outage (`monitor_isolated`).
 * Sends nothing off the host: the loopback check connects to a listener of
 * our own, the route check reads /proc and /sys.
 */
import { createServer, connect } from 'node:net';
import { readFileSync } from 'node:fs';

export interface SelfCheck {
  loopback: boolean;
  /** undefined when the host's routing cannot be read (not Linux): not counted against us */
  route?: boolean;
  ok: boolean;
}

export async function loopbackWorks(timeoutMs = 1_000): Promise<boolean> {
  const server = createServer((c) => c.end());
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const port = (server.address() as { port: number }).port;
    return await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port });
      const t = setTimeout(() => {
        s.destroy();
        resolve(false);
      }, timeoutMs);
      s.once('connect', () => {
        clearTimeout(t);
        s.destroy();
        resolve(true);
      });
      s.once('error', () => {
        clearTimeout(t);
        resolve(false);
      });
    });
  } catch {
    return false;
  } finally {
    server.close();
  }
}

/** A default route whose interface is up (/proc/net/route, /sys/class/net/<if>/operstate). */
export function defaultRouteUp(procRoot = '/proc', sysRoot = '/sys'): boolean | undefined {
  let text: string;
  try {
    text = readFileSync(`${procRoot}/net/route`, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4 || f[1] !== '00000000') continue;
    try {
      const state = readFileSync(`${sysRoot}/class/net/${f[0]}/operstate`, 'utf8').trim();
      if (state === 'up' || state === 'unknown') return true;
    } catch {
      return true;
    }
  }
  return false;
}

/**
 * Whether the monitor is cut off. `nodesOnLoopbackOnly`: when every node is on
 * loopback, a missing default route says nothing about reaching them.
 */
export async function selfCheck(nodesOnLoopbackOnly: boolean): Promise<SelfCheck> {
  const loopback = await loopbackWorks();
  const route = nodesOnLoopbackOnly ? undefined : defaultRouteUp();
  return { loopback, ...(route !== undefined ? { route } : {}), ok: loopback && route !== false };
}
