/**
 * What the lint room offers the other feature rooms (the doctor): run the rules over a config, and a finding as
 * JSON. The CLI edge may reach further in; feature rooms import src/lint through this file only (eslint.config.js).
 */
export { lint, type LintInput } from './engine.ts';
export { findingToJson } from './formats/json.ts';
