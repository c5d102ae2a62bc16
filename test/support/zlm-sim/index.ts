/**
 * ZLMediaKit MediaServer simulator for tests (see server.ts for what it
 * reproduces and how). Usage:
 *
 *   const sim = await startZlmSim({ logDir });
 *   const api = createZlmApi({ base: sim.base, secret: sim.secret });
 *   ...
 *   await sim.close();
 */
export { startZlmSim, isIPAllowed, zlmHttpDate } from './server.ts';
export type { ZlmSim, ZlmSimOptions, SimMode, HookAttempt, SimRequest } from './server.ts';
export { styled, parseJson, quote, JReal } from './json.ts';
export type { JValue } from './json.ts';
export { loadConfig, dumpConfig, generateConfig, builtinDefaults } from './config.ts';
export { apiRecording, hookRecording, refText, serverName, testConfigText, REF_DIR, SHIPPED_SECRET } from './recordings.ts';
export type { ApiRecording, HookRecording } from './recordings.ts';
export { startHookListener } from './hook-listener.ts';
export type { HookListener, HookListenerMode, ReceivedHook } from './hook-listener.ts';
export { rawRequest } from './http.ts';
export type { RawAnswer } from './http.ts';
