/**
 * Restarting a MediaServer the way it runs (systemd unit, `-d` watchdog,
 * bare process; a container is never faked): `restartServer(target, opts)`.
 */
export { restartServer } from './run.ts';
export { shellLine, startLine, startServer } from './launch.ts';
export { restartJson, restartText } from './report.ts';
export { systemRestartSys } from './sys.ts';
export { acquireRestartLock, lockPaths } from './lock.ts';
export type * from './types.ts';
export { pickGroup, groupsOf, groupPids, type ServerGroup, type GroupPick } from './target.ts';
