import type { DoctorCheck } from './types.ts';
import { check as processCheck } from './checks/process.ts';
import { check as configCheck } from './checks/config.ts';
import { check as apiCheck } from './checks/api.ts';
import { check as listenersCheck } from './checks/listeners.ts';
import { check as driftCheck } from './checks/drift.ts';
import { check as keepaliveCheck } from './checks/keepalive.ts';
import { check as hooksCheck } from './checks/hooks.ts';
import { check as logsCheck } from './checks/logs.ts';

/** The checks, in report order: the list is the order (they still run concurrently). */
export const DOCTOR_CHECKS: readonly DoctorCheck[] = [processCheck, configCheck, apiCheck, listenersCheck, driftCheck, keepaliveCheck, hooksCheck, logsCheck];
