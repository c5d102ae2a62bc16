/**
 * The doctor's report: the most likely root cause on the first line, then one
 * ✓ / ! / ✗ line per area (flutter doctor), details with -v; or the JSON contract.
 */
import { format, type Lang } from '../i18n/index.ts';
import type { CheckResult, Diagnosis, DoctorReport, Status } from './types.ts';
import { paint } from '../output/color.ts';
import { findingToJson } from '../lint/index.ts';

const L = {
  en: {
    cause: 'Most likely cause',
    guess: 'Possible cause (not confirmed)',
    healthy: 'No problem found',
    failed: 'Problems found: {n} check(s) failed (see the ✗ lines below)',
    unsure: 'No verdict: {n} check(s) could not finish (see below); the others found nothing wrong',
    warned: 'No failure, but {n} warning(s) (see the ! lines below)',
    summary: 'Doctor summary (run with -v for details):',
    more: 'Other problems, most likely first:',
    evidence: 'evidence',
    fix: 'fix',
    keys: 'keys',
  },
  zh: {
    cause: '最可能的原因',
    guess: '可能的原因（未确认）',
    healthy: '未发现问题',
    failed: '发现问题：{n} 项检查失败（见下方 ✗ 行）',
    unsure: '无法下结论：{n} 项检查未能完成（见下方）；其余检查未发现问题',
    warned: '没有失败，但有 {n} 项警告（见下方 ! 行）',
    summary: '诊断摘要（加 -v 查看详情）：',
    more: '其他问题（按可能性排序）：',
    evidence: '证据',
    fix: '修复',
    keys: '配置项',
  },
};

export function toJson(results: CheckResult[], diagnosis: Diagnosis[]): DoctorReport {
  return {
    version: 1,
    diagnosis: diagnosis.map((d) => ({ title: d.title, keys: d.keys, evidence: d.evidence, fix: d.fix, ...(d.guess ? { guess: true as const } : {}) })),
    checks: results.map((r) => ({ id: r.id, status: r.status, message: r.message })),
    findings: results.flatMap((r) => r.findings ?? []).map(findingToJson),
  };
}

export function toText(results: CheckResult[], diagnosis: Diagnosis[], lang: Lang, verbose: boolean, color: boolean): string {
  const c = paint(color);
  const t = L[lang];
  const mark: Record<Status, string> = { ok: c.green('[✓]'), warn: c.yellow('[!]'), fail: c.red('[✗]'), skip: c.dim('[-]'), crash: c.red('[‼]') };
  const out: string[] = [];
  const block = (d: Diagnosis, indent: string) => {
    if (d.keys.length) out.push(`${indent}${c.bold(t.keys)}: ${d.keys.join(', ')}`);
    const ev = verbose ? d.evidence : d.evidence.slice(0, 3);
    for (const e of ev) out.push(`${indent}${c.dim(`${t.evidence}:`)} ${e}`);
    if (!verbose && d.evidence.length > 3) out.push(`${indent}${c.dim(`… +${d.evidence.length - 3}`)}`);
    out.push(`${indent}${c.bold(t.fix)}: ${d.fix}`);
  };
  const top = diagnosis[0];
  const count = (s: Status) => results.filter((r) => r.status === s).length;
  if (top) {
    out.push(top.guess ? `${c.yellow('!')} ${c.bold(`${t.guess}:`)} ${top.title}` : `${c.red('✗')} ${c.bold(`${t.cause}:`)} ${top.title}`);
    block(top, '    ');
  } else if (count('fail')) {
    // never "no problem" while a check failed, even one that names no cause
    out.push(`${c.red('✗')} ${format(t.failed, { n: count('fail') })}`);
  } else if (count('crash') || results.some((r) => r.timedOut)) {
    // a check that could not finish is no evidence of health
    out.push(`${c.yellow('!')} ${format(t.unsure, { n: count('crash') + results.filter((r) => r.timedOut).length })}`);
  } else if (count('warn')) {
    out.push(`${c.yellow('!')} ${format(t.warned, { n: count('warn') })}`);
  } else {
    out.push(`${c.green('✓')} ${t.healthy}`);
  }
  out.push('', t.summary);
  for (const r of results) {
    out.push(`${mark[r.status]} ${r.title}: ${r.message}${verbose ? c.dim(` (${r.ms} ms)`) : ''}`);
    if (verbose) {
      for (const d of r.details) out.push(`      ${d}`);
      if (r.fix) out.push(`      ${c.bold(t.fix)}: ${r.fix}`);
    }
  }
  if (diagnosis.length > 1) {
    out.push('', t.more);
    diagnosis.slice(1).forEach((d, i) => {
      out.push(` ${i + 2}. ${d.title}`);
      block(d, '    ');
    });
  }
  return out.join('\n') + '\n';
}
