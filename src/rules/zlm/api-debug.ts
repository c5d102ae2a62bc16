import type { Rule } from '../types.ts';
import { effective } from '../../zlm/effective.ts';
import { sectionLine } from '../util.ts';
import { readBool } from '../../zlm/value.ts';


/** api.apiDebug=1 logs every API request (secret included) and responses up to 4 KB. */
export const rule: Rule = {
  meta: {
    id: 'api-debug',
    severity: 'info',
    category: 'security',
    fixable: false,
    title: { en: 'API debug logging is on', zh: 'API 调试日志已开启' },
  },
  messages: {
    on: {
      message: {
        en: 'api.apiDebug is on ({value}): every HTTP API request is logged with its secret',
        zh: 'api.apiDebug 已开启（{value}）：每个 HTTP API 请求连同 secret 都会写入日志',
      },
      why: {
        en: 'With apiDebug on, ZLM logs each API request with its headers and body (which carry api.secret) and each response up to 4 KB. Anyone who can read the log learns the secret, and busy controllers such as WVP fill the log quickly.',
        zh: '开启 apiDebug 后，ZLM 会记录每个 API 请求的请求头和请求体（其中含有 api.secret）以及不超过 4 KB 的响应。能读取日志的人就能拿到 secret，WVP 等频繁调用的控制端也会迅速撑大日志。',
      },
      fix: { en: 'Set api.apiDebug=0 in production.', zh: '生产环境中设置 api.apiDebug=0。' },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const eff = effective(doc, 'api.apiDebug');
    if (!readBool(eff.raw).value) return;
    ctx.report({
      messageId: 'on',
      key: 'api.apiDebug',
      line: eff.line ?? sectionLine(doc, 'api'),
      data: { value: eff.source === 'file' ? eff.raw : { en: `${eff.raw}, default`, zh: `${eff.raw}，默认值` } },
      ...(eff.source === 'default' ? { absent: true as const } : {}),
    });
  },
};
