import type { Rule } from '../types.ts';
import { wvpLoc } from '../wvp-link.ts';

/**
 * Partial or templated WVP files: an unresolvable placeholder, a missing
 * profile overlay, a fragment without server:/sip:/media:. The check goes
 * on with what is there; this says what could not be checked.
 */
export const rule: Rule = {
  meta: {
    id: 'wvp-config-incomplete',
    severity: 'warning',
    category: 'wvp',
    fixable: false,
    requires: ['wvp'],
    title: { en: 'WVP configuration incomplete', zh: 'WVP 配置不完整' },
  },
  messages: {
    placeholder: {
      message: { en: '{path} is {raw}: {names} has no default and is not in the environment', zh: '{path} 为 {raw}：{names} 没有默认值，环境变量中也没有' },
      why: { en: 'WVP resolves it at start-up (and refuses to start if it cannot). zlm-doctor cannot know the value, so these checks were skipped: {skipped}.', zh: 'WVP 启动时解析它（无法解析时拒绝启动）。zlm-doctor 无法得知其值，以下检查已跳过：{skipped}。' },
      fix: { en: 'Export {names} before running zlm-doctor (as the service does), or give the placeholder a default', zh: '运行 zlm-doctor 前导出 {names}（与服务运行环境一致），或为占位符提供默认值' },
    },
    profile: {
      message: { en: '{detail}', zh: '{detail}' },
      why: { en: 'Spring Boot would merge that file over application.yml; values it would set are unknown here, so findings may describe the base file only.', zh: 'Spring Boot 会把该文件合并到 application.yml 之上；这里无法得知它设置的值，结论可能只反映基础文件。' },
      fix: { en: 'Put the profile file next to application.yml, or pass the profile that is really active', zh: '把 profile 文件放在 application.yml 旁边，或指定实际生效的 profile' },
    },
    sections: {
      message: { en: '{detail}', zh: '{detail}' },
      why: { en: 'The checks that need those sections cannot run; the others did.', zh: '依赖这些配置段的检查无法进行；其余检查照常执行。' },
      fix: { en: 'Pass the complete application.yml (and its profile overlays)', zh: '传入完整的 application.yml（及其 profile 覆盖文件）' },
    },
  },
  check(ctx) {
    const wvp = ctx.wvp!;
    for (const p of wvp.problems) {
      const loc = p.loc ?? wvpLoc(wvp, p.subject.includes('.') && !p.subject.endsWith('.yml') ? p.subject : 'server.port');
      if (p.kind === 'unresolved-placeholder') {
        const v = wvp.get(p.subject);
        const skipped = ctx.skippedRules?.get(p.subject) ?? [];
        ctx.report({
          messageId: 'placeholder',
          key: p.subject,
          loc,
          data: { path: p.subject, raw: v.raw ?? '', names: (v.unresolved ?? []).join(', '), skipped: skipped.length ? skipped.join(', ') : '-' },
        });
      } else {
        ctx.report({ messageId: p.kind === 'missing-profile' ? 'profile' : 'sections', key: p.kind === 'missing-profile' ? 'spring.profiles.active' : '', loc, data: { detail: p.detail } });
      }
    }
  },
};
