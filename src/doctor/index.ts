/**
 * What other features (the monitor) may use from the doctor: the one-attempt
 * HTTP probe timed by phase, the hook bodies it sends and the discovery of a
 * local MediaServer. Everything else stays internal to the doctor.
 */
export { probeUrl, type ProbeOptions as HookProbeOptions, type ProbeResult as HookProbeResult, type ProbeFailure as HookProbeFailure } from './probe.ts';
export { HOOK_BODIES } from '../zlm/hook-bodies.ts';
export { findMediaServers, type MediaServerProcess } from './discovery/processes.ts';
