/** apply: the plan (pure), and the pipeline that carries it out (snapshot, write, reload/restart, verify, roll back). */
export { planApply, UNRESOLVED, type ApplyPlan, type PlanChange, type PlanInput, type PlanReload, type Via, type VerifyStep } from './plan.ts';
export { executeApply, type ApplyOutcome, type ApplyStep, type ApplyStepName, type ExecuteInput, type ApplyResultKind } from './run.ts';
export { verifySteps, type VerifyOutcome, type VerifyContext } from './verify.ts';
export { acquireApplyLock, applyLockPaths, type ApplyLock } from './lock.ts';
export type { HistoryNote } from './record.ts';
