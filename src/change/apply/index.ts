/** apply: the plan (pure). The executing pipeline (snapshot, write, reload/restart, verify, roll back) builds on it. */
export { planApply, UNRESOLVED, type ApplyPlan, type PlanChange, type PlanInput, type PlanReload, type Via, type VerifyStep } from './plan.ts';
