/**
 * The doctor's contract (flutter doctor for ZLMediaKit): each check is one
 * file with an id and a title; it returns ok / warn / fail / skip with an
 * explanation and a fix, plus any root-cause candidates it can vouch for.
 * Candidates from all checks are ranked into the diagnosis.
 */
import type { Lang, Localized } from '../i18n/index.ts';
import type { Finding } from '../rules/index.ts';
import type { Facts } from './facts.ts';
import type { DoctorOptions } from './options.ts';

export type { DoctorOptions } from './options.ts';

/** `crash`: the check itself threw (a bug or an unexpected input), which says nothing about the server. */
export type Status = 'ok' | 'warn' | 'fail' | 'skip' | 'crash';

/** A root-cause candidate. `weight` is how sure and how fundamental (0..100): higher comes first. */
export interface Diagnosis {
  title: string;
  /** config keys at fault: ZLM `section.key` or WVP dotted paths */
  keys: string[];
  evidence: string[];
  fix: string;
  weight: number;
  /** check that produced it */
  check: string;
  /**
   * An inference the doctor could not confirm (e.g. a port that differs from
   * http.port may be a mapping or a missed restart). Never ranked first.
   */
  guess?: boolean;
}

export interface CheckResult {
  id: string;
  title: string;
  status: Status;
  message: string;
  /** shown with -v */
  details: string[];
  fix?: string;
  diagnoses: Diagnosis[];
  findings?: Finding[];
  ms: number;
  /** it did not finish before the run's deadline (status 'skip') */
  timedOut?: boolean;
}

export interface CheckOutcome {
  status: Status;
  message: Localized | string;
  details?: string[];
  fix?: Localized | string;
  diagnoses?: Omit<Diagnosis, 'check'>[];
  findings?: Finding[];
}

/** A check's place in the report is its place in DOCTOR_CHECKS (registry.ts): the list is the order. */
export interface DoctorCheck {
  id: string;
  title: Localized;
  run(ctx: DoctorContext): Promise<CheckOutcome>;
}

export interface DoctorContext {
  lang: Lang;
  facts: Facts;
  /** aborted when the run's --timeout expires */
  signal: AbortSignal;
  /** performance.now() at which the run's --timeout expires: probes size their budget to finish before it */
  deadline: number;
  options: DoctorOptions;
  t(text: Localized | string, data?: Record<string, string | number>): string;
}

export interface DoctorReport {
  version: 1;
  /** `guess: true` marks an inference the doctor could not confirm */
  diagnosis: (Omit<Diagnosis, 'weight' | 'check' | 'guess'> & { guess?: true })[];
  checks: { id: string; status: Status; message: string }[];
  findings: Finding[];
}
