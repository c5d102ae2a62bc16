/** WVP-GB28181-pro configuration: loading (Spring Boot semantics) and what it implies for ZLM. */
export type { ValueSource, WvpConfig, WvpGeneration, WvpProblem, WvpValue, YamlLoc } from './types.ts';
export {
  buildWvp,
  canonicalKey,
  loadWvp,
  WVP_PORT_OVERRIDE_KEYS,
  type WvpConfigEx,
  type WvpLoadOptions,
  type WvpValueEx,
} from './load.ts';
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
