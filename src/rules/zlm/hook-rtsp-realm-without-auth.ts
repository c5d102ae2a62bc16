import type { Rule } from '../types.ts';
import { effBool } from '../../zlm/effective.ts';

/** on_rtsp_realm without on_rtsp_auth: the auth listener answers "fail" for every realm. */
export const rule: Rule = {
  meta: {
    id: 'hook-rtsp-realm-without-auth',
    severity: 'error',
    category: 'hooks',
    fixable: false,
    title: { en: 'RTSP realm hook without an RTSP auth hook', zh: '设置了 RTSP realm hook 却没有 RTSP auth hook' },
  },
  messages: {
    noAuth: {
      message: {
        en: 'hook.on_rtsp_realm is set but hook.on_rtsp_auth is empty: every RTSP client that gets a realm is rejected',
        zh: '设置了 hook.on_rtsp_realm 但 hook.on_rtsp_auth 为空：所有拿到 realm 的 RTSP 客户端都会被拒绝',
      },
      why: {
        en: 'When on_rtsp_realm answers a non-empty realm, ZLM asks the client for credentials and checks them through on_rtsp_auth. With on_rtsp_auth empty the auth listener always answers "fail" (a random password), so no RTSP client can ever authenticate. A failing realm hook has the same effect.',
        zh: 'on_rtsp_realm 返回非空 realm 时，ZLM 会要求客户端提供账号密码，并通过 on_rtsp_auth 校验。on_rtsp_auth 为空时认证监听总是返回失败（随机密码），没有任何 RTSP 客户端能通过认证。realm hook 调用失败时效果相同。',
      },
      fix: {
        en: 'Set hook.on_rtsp_auth to the endpoint that returns the passwords, or clear hook.on_rtsp_realm to use on_play for RTSP.',
        zh: '把 hook.on_rtsp_auth 设置为返回密码的接口，或清空 hook.on_rtsp_realm，让 RTSP 改用 on_play 鉴权。',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const realm = doc.entry('hook.on_rtsp_realm');
    if (!realm || !realm.value) return;
    if ((doc.get('hook.on_rtsp_auth') ?? '') !== '') return;
    if (!effBool(doc, 'hook.enable')) return;
    ctx.report({ messageId: 'noAuth', key: 'hook.on_rtsp_realm', line: realm });
  },
};
