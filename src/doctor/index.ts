/**
 * What other features (the monitor) may use from the doctor: the one-attempt
 * HTTP probe timed by phase, the hook bodies it sends; process and socket
 * discovery from /proc (the monitor, restart). Everything else stays internal to the doctor.
 */
export { probeUrl, type ProbeOptions as HookProbeOptions, type ProbeResult as HookProbeResult, type ProbeFailure as HookProbeFailure } from './probe.ts';
export { HOOK_BODIES } from '../zlm/hook-bodies.ts';
export { findMediaServers, RESTART_GAP_SECONDS, type FindOptions, type MediaServerProcess, type ServerRole } from './discovery/processes.ts';
export { listeningSockets, type ListeningSocket, type SocketOptions, type SocketScan } from './discovery/sockets.ts';
export { processComm, processStartTicks, readEnvironBytes, type ProcOptions } from './discovery/proc-read.ts';
