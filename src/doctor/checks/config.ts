import type { DoctorCheck } from '../types.ts';
import { lint } from '../../lint/index.ts';
import { ZLM_RULES, WVP_RULES, ruleById } from '../../rules/index.ts';
import { IniDocument } from '../../ini/document.ts';

/** Root-cause weight of a static finding whose rule sets none in its meta (rootCauseWeight). */
const DEFAULT_WEIGHT = 60;

export const check: DoctorCheck = {
  id: 'config',
  title: { en: 'Config file', zh: '配置文件' },
  async run(ctx) {
    const c = await ctx.facts.config();
    const w = await ctx.facts.wvp();
    if (w && !w.ok) return { status: 'fail', message: w.error };
    const wvp = w?.ok ? w.value : undefined;
    if (!c) {
      if (!wvp) return { status: 'skip', message: { en: 'no config.ini found (give --config)', zh: '未找到 config.ini（用 --config 指定）' } };
    } else if (!c.ok) {
      return { status: 'fail', message: c.error, fix: { en: 'Point --config at the file MediaServer reads (its -c argument)', zh: '用 --config 指向 MediaServer 实际读取的文件（其 -c 参数）' } };
    }
    const doc = c?.ok ? c.value.doc : new IniDocument('');
    const file = c?.ok ? c.value.file : '';
    const findings = lint({ doc, file, hasZlm: !!c?.ok, rules: [...ZLM_RULES, ...(wvp ? WVP_RULES : [])], lang: ctx.lang, options: ctx.options.hosts ? { hosts: ctx.options.hosts } : {}, ...(wvp ? { wvp } : {}) });
    const errors = findings.filter((f) => f.severity === 'error');
    const warnings = findings.filter((f) => f.severity === 'warning');
    // one diagnosis per rule, naming every key it hit
    const byRule = new Map<string, typeof errors>();
    for (const f of errors) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
    const diagnoses = [...byRule].map(([ruleId, fs]) => ({
      title: fs.length === 1 ? fs[0]!.message : `${fs[0]!.message} (+${fs.length - 1})`,
      keys: [...new Set(fs.map((f) => f.key))],
      evidence: fs.map((f) => `${f.file}:${f.line} ${f.key}: ${f.why}`),
      fix: fs[0]!.fix,
      weight: ruleById(ruleId)?.meta.rootCauseWeight ?? DEFAULT_WEIGHT,
    }));
    const status = errors.length ? 'fail' : warnings.length ? 'warn' : 'ok';
    const where = [file, ...(wvp?.files ?? [])].filter(Boolean).join(' + ');
    return {
      status,
      message: ctx.t({ en: '{where}: {e} error(s), {w} warning(s)', zh: '{where}：{e} 个错误，{w} 个警告' }, { where, e: errors.length, w: warnings.length }),
      details: findings.filter((f) => f.severity !== 'info').map((f) => `${f.severity} ${f.file}:${f.line} ${f.key} ${f.message} (${f.ruleId})`),
      findings,
      diagnoses,
    };
  },
};
