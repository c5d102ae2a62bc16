/**
 * What one doctor run is asked to examine (the parsed `doctor` command line).
 * Its own module so that facts.ts and types.ts both use it without importing
 * each other.
 */
export interface DoctorOptions {
  config?: string;
  api?: string;
  secret?: string;
  logDir?: string;
  since?: Date;
  wvp?: string;
  active: boolean;
  /** whole-run bound, ms */
  timeoutMs: number;
  /** per-probe bound, ms */
  probeTimeoutMs: number;
  hosts?: { wvp?: string; zlm?: string };
  /** docker-compose files of the deployment (--compose) */
  compose?: string[];
  env: NodeJS.ProcessEnv;
}
