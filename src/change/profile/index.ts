/** Profiles (desired state): base.ini + `<env>.ini` overlays + `${VAR}` references → one config.ini. */
export { renderProfile, profileEnvs, ProfileError, type RenderInput, type Rendered } from './load.ts';
export { mergeProfile, type MergeResult, type ProfileSource, type ValueSource } from './merge.ts';
export { resolveValue, type ProfileProblem, type VarValues } from './vars.ts';
export { lintRendered } from './check.ts';
export { writeRendered, type WriteRenderedResult } from './write.ts';
