/**
 * The doctor's access to the system it examines, injected (flutter doctor's
 * validators get their platform and HTTP client through the constructor): a
 * unit test passes a fixture /proc, a fake API transport, a fake hook probe
 * and a fixed clock; a monitor can point the same checks at another host's
 * /proc (e.g. bind-mounted) and its own transport. `systemSys()` is the real
 * machine. Files named on the command line (config.ini, logs, application.yml)
 * are read by path.
 */
import { probeUrl, type ProbeOptions, type ProbeResult } from './probe.ts';

export interface DoctorSys {
  /** procfs of the machine examined: '/proc', or a fixture tree */
  procRoot: string;
  /** passwd file for uid → user name */
  passwd: string;
  /** the ZLM API's transport; undefined: the shared HTTP transport (src/zlm/http.ts) */
  fetch: typeof fetch | undefined;
  /** one hook probe (default: probeUrl over the shared transport) */
  probe: (url: string, opts: ProbeOptions) => Promise<ProbeResult>;
  /** wall clock, ms since the epoch */
  now: () => number;
  /** clock ticks per second of the machine examined (process start times); undefined: ask getconf */
  clkTck: number | undefined;
}

/** The real machine, with any part replaced. */
export function systemSys(over: Partial<DoctorSys> = {}): DoctorSys {
  return { procRoot: '/proc', passwd: '/etc/passwd', fetch: undefined, probe: probeUrl, now: () => Date.now(), clkTck: undefined, ...over };
}
