/**
 * Runs every doctor check concurrently under one deadline, then ranks the
 * root-cause candidates. A check that overruns becomes a 'skip' line, one that
 * throws a 'crash' line; nothing makes the run hang past --timeout.
 */
import { setMaxListeners } from 'node:events';
import { format, tr, type Localized, type Lang } from '../i18n/index.ts';
import type { CheckOutcome, CheckResult, DoctorCheck, DoctorContext, Diagnosis } from './types.ts';
import type { DoctorOptions } from './options.ts';
import { Facts } from './facts.ts';
import { systemSys, type DoctorSys } from './sys.ts';

const TIMEOUT: Localized = { en: 'did not finish within the {ms} ms budget (--timeout)', zh: '未在 {ms} 毫秒内完成（--timeout）' };
const CRASH: Localized = { en: 'the check itself crashed (a zlm-doctor bug, not a fault of the server): {msg}', zh: '检查本身崩溃了（zlm-doctor 的缺陷，不是服务器的故障）：{msg}' };

function local(v: Localized | string | undefined, lang: Lang, data?: Record<string, string | number>): string | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'string' ? format(v, data) : tr(v, lang, data);
}

export interface RunResult {
  results: CheckResult[];
  diagnosis: Diagnosis[];
  facts: Facts;
}

/**
 * `checks` in report order (the list is the order). `sys`: the system examined
 * (default: this machine); tests pass a fixture /proc, a fake API and probe.
 */
export async function runDoctor(
  checks: readonly DoctorCheck[],
  options: DoctorOptions,
  lang: Lang,
  onProgress?: (done: number, total: number, id: string) => void,
  sys: DoctorSys = systemSys(),
): Promise<RunResult> {
  const controller = new AbortController();
  // every concurrent probe listens on this one signal (--active: one per hook)
  setMaxListeners(0, controller.signal);
  const deadline = performance.now() + options.timeoutMs;
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  timer.unref?.();
  const facts = new Facts(options, controller.signal, deadline, sys);
  const ctx: DoctorContext = {
    lang,
    facts,
    signal: controller.signal,
    deadline,
    options,
    t: (text, data) => local(text, lang, data) ?? '',
  };
  const expired = new Promise<'timeout'>((resolve) => {
    if (controller.signal.aborted) resolve('timeout');
    controller.signal.addEventListener('abort', () => resolve('timeout'), { once: true });
  });
  let done = 0;
  const results = await Promise.all(
    checks.map(async (check): Promise<CheckResult> => {
      const t0 = performance.now();
      let out: CheckOutcome;
      let timedOut = false;
      try {
        const r = await Promise.race([check.run(ctx), expired]);
        if (r === 'timeout') timedOut = true;
        out = r === 'timeout' ? { status: 'skip', message: TIMEOUT } : r;
      } catch (e) {
        out = { status: 'crash', message: format(tr(CRASH, lang), { msg: (e as Error)?.message ?? String(e) }) };
      }
      done++;
      onProgress?.(done, checks.length, check.id);
      return {
        id: check.id,
        title: tr(check.title, lang),
        status: out.status,
        message: local(out.message, lang, { ms: options.timeoutMs }) ?? '',
        details: out.details ?? [],
        ...(out.fix !== undefined ? { fix: local(out.fix, lang)! } : {}),
        diagnoses: (out.diagnoses ?? []).map((d) => ({ ...d, check: check.id })),
        ...(out.findings ? { findings: out.findings } : {}),
        ms: Math.round(performance.now() - t0),
        ...(timedOut ? { timedOut } : {}),
      };
    }),
  );
  clearTimeout(timer);
  controller.abort();
  return { results, diagnosis: rank(results.flatMap((r) => r.diagnoses)), facts };
}

/** Confirmed causes before guesses, then highest weight first; the same title from two checks is merged (evidence and keys united). */
export function rank(all: Diagnosis[]): Diagnosis[] {
  const byTitle = new Map<string, Diagnosis>();
  for (const d of all) {
    const cur = byTitle.get(d.title);
    if (!cur) byTitle.set(d.title, { ...d, keys: [...d.keys], evidence: [...d.evidence] });
    else {
      if (!d.guess) delete cur.guess;
      cur.weight = Math.max(cur.weight, d.weight);
      for (const k of d.keys) if (!cur.keys.includes(k)) cur.keys.push(k);
      for (const e of d.evidence) if (!cur.evidence.includes(e)) cur.evidence.push(e);
    }
  }
  return [...byTitle.values()].sort((a, b) => Number(a.guess ?? false) - Number(b.guess ?? false) || b.weight - a.weight);
}
