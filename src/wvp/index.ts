/** WVP-GB28181-pro configuration: loading (Spring Boot semantics) and what it implies for ZLM. */
export type { ValueSource, WvpConfig, WvpGeneration, WvpProblem, WvpValue, YamlLoc } from './types.ts';
export type { WvpValueEx } from './types.ts';
export { buildWvp, loadWvp, type WvpConfigEx, type WvpLoadOptions } from './load.ts';
export { canonicalKey } from './spring/relaxed.ts';
export { WVP_PORT_OVERRIDE_KEYS } from './defaults.ts';
export { detectGeneration, WVP_NEWER_MARKERS } from './generation.ts';
export {
  expectedZlm,
  hookPrefix,
  springBool,
  WVP_BLANKED_HOOKS,
  WVP_HOOKS,
  type ExpectedZlm,
  type ExpectedZlmEntry,
  type HookPrefix,
} from './expected.ts';
