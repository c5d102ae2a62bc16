/** What the change room offers the other feature rooms (features meet through each other's index.ts). */
export { renderProfile, profileEnvs, ProfileError, mergeProfile, lintRendered, writeRendered } from './profile/index.ts';
export type { RenderInput, Rendered, MergeResult, ProfileSource, ValueSource, ProfileProblem, VarValues, WriteRenderedResult } from './profile/index.ts';
export { restartServer, startServer, restartJson, restartText, systemRestartSys, pickGroup, groupPids } from './restart/index.ts';
export type { RestartOptions, RestartResult, RestartSys, RestartTarget, PhaseReport, StartSpec, Spawned, CommandResult, ServerGroup } from './restart/index.ts';
export { planApply, UNRESOLVED } from './apply/index.ts';
export type { ApplyPlan, PlanChange, PlanInput, PlanReload, Via, VerifyStep } from './apply/index.ts';
