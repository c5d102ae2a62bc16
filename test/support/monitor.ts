/**
 * Setup shared by the monitor's tests and serve's: the minimal zlm-doctor.yml of the docs, and the one line a
 * suite shows when it needs the real MediaServer and SQLite (the optional better-sqlite3) and one is missing.
 */
import { createRequire } from 'node:module';

/** The minimal zlm-doctor.yml from the docs (its secret is ${ZLM_SECRET}). */
export const MINIMAL_MONITOR_CONFIG = `listen: 127.0.0.1:9797          # or --listen; /metrics is served here
defaults: { interval: 10s }
nodes:
  - name: zlm-1
    api: http://127.0.0.1:80
    secret: \${ZLM_SECRET}
    labels: { site: lab }
alerts:
  channels:
    - { name: ops, type: webhook, url: http://127.0.0.1:9999/alert }
`;

/** Whether better-sqlite3 (an optional dependency) loads here. */
export const hasSqlite: boolean = (() => {
  try {
    createRequire(import.meta.url)('better-sqlite3');
    return true;
  } catch {
    return false;
  }
})();

/** The title suffix of a suite on the real MediaServer (`bin`) with SQLite: '' when it can run, else why it is skipped. */
export function realServeSkipNote(bin: string | undefined): string {
  if (!bin) return ' (skipped: no MediaServer; set ZLM_MEDIASERVER or provide ../shared/zlm/MediaServer)';
  return hasSqlite ? '' : ' (skipped: better-sqlite3 is not installed)';
}
