import type { Rule } from '../types.ts';
import { wvpLoc } from '../../wvp/link.ts';

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
    excerpt: {
      message: { en: 'read {file} as an excerpt ({present}): no {missing} block, so {what} could not be checked', zh: '{file} 按片段读取（{present}）：没有 {missing} 配置块，因此无法检查{what}' },
      why: { en: 'A pasted excerpt is not a whole file: a block that is not there is neither wrong nor at its defaults, so no mismatch is built from it. The checks that need only what is there did run.', zh: '粘贴的片段不是完整文件：缺少的配置块既不算错误，也不按默认值处理，因此不会据此判定不一致。只依赖现有内容的检查照常执行。' },
      fix: { en: 'Pass the complete application.yml (and its profile overlays) to check the rest', zh: '传入完整的 application.yml（及其 profile 覆盖文件）以检查其余部分' },
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
      } else if (p.kind === 'no-link-sections' && wvp.blocks.length > 0) {
        // some link blocks are there: an excerpt (or a file without sip:), one info line on what was not checked
        const missing = (['server', 'sip', 'media'] as const).filter((b) => !wvp.blocks.includes(b));
        const what_en: string[] = [];
        const what_zh: string[] = [];
        if (missing.includes('media')) {
          what_en.push('the ZLM link values (media.id, media.secret, media.http-port, media.hook-ip, the RTP range)');
          what_zh.push('ZLM 链路相关的值（media.id、media.secret、media.http-port、media.hook-ip、RTP 端口范围）');
        }
        if (missing.includes('server')) {
          what_en.push("the hook URLs' port, scheme and context path (server.port, server.ssl, server.servlet.context-path)");
          what_zh.push('hook 地址的端口、协议和 context path（server.port、server.ssl、server.servlet.context-path）');
        }
        if (missing.includes('sip')) {
          what_en.push("WVP's own address (sip.ip)");
          what_zh.push('WVP 自身地址（sip.ip）');
        }
        const file = wvp.files[0]!.split(/[\\/]/).pop()!;
        ctx.report({
          messageId: 'excerpt',
          severity: 'info',
          key: '',
          loc,
          data: { file, present: wvp.blocks.map((b) => `${b}:`).join(', '), missing: missing.map((b) => `${b}:`).join(' / '), what: { en: what_en.join('; '), zh: what_zh.join('；') } },
        });
      } else {
        ctx.report({ messageId: p.kind === 'missing-profile' ? 'profile' : 'sections', key: p.kind === 'missing-profile' ? 'spring.profiles.active' : '', loc, data: { detail: p.detail } });
      }
    }
  },
};
