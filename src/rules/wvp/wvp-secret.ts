import type { Rule } from '../types.ts';
import { SAMPLE_SECRET } from '../../zlm/effective.ts';
import { wvpEdit, wvpLoc } from '../../wvp/link.ts';
import { fingerprint } from '../../util/redact.ts';
import { secretWeakness } from '../../zlm/secret-strength.ts';

/** a value that is the name of a secret or a dictionary placeholder (a sed/envsubst target, or never filled in) */
function templated(v: string | undefined): boolean {
  const w = v ? secretWeakness(v) : undefined;
  return w === 'template' || w === 'placeholder';
}

/**
 * WVP's media.secret must equal ZLM's api.secret, and neither may be the
 * public sample (ZLM replaces it at start-up, so WVP's copy goes stale).
 * Secrets never appear in messages.
 */
export const rule: Rule = {
  meta: {
    id: 'wvp-secret',
    severity: 'error',
    category: 'wvp',
    fixable: true,
    rootCauseWeight: 94,
    requires: ['wvp'],
    wvpKeys: ['media.secret'],
    title: { en: 'WVP media.secret does not match ZLM', zh: 'WVP media.secret 与 ZLM 不一致' },
  },
  messages: {
    sample: {
      message: { en: 'media.secret is {what}', zh: 'media.secret {what}' },
      why: {
        en: 'ZLM replaces the sample api.secret with a random one at start-up (since 2023-08), so WVP keeps sending a secret ZLM no longer accepts: every API call fails with -100 and ZLM never comes online in WVP ([ZLM-尝试连接]失败).',
        zh: 'ZLM 启动时会把示例 api.secret 替换为随机值（2023-08 起），WVP 仍发送旧值：所有 API 调用返回 -100，WVP 中 ZLM 永远无法上线（[ZLM-尝试连接]失败）。',
      },
      fix: { en: 'Use one private random secret (32 characters) on both sides: media.secret in application.yml and api.secret in config.ini. zlm-doctor fix generates one.', zh: '两边使用同一个私有随机密钥（32 位）：application.yml 的 media.secret 与 config.ini 的 api.secret。zlm-doctor fix 可自动生成。' },
    },
    mismatch: {
      message: { en: "media.secret differs from ZLM's api.secret ({wvpFp} vs {zlmFp})", zh: 'media.secret 与 ZLM 的 api.secret 不一致（WVP：{wvpFp}；ZLM：{zlmFp}）' },
      why: {
        en: 'WVP sends media.secret on every API call; ZLM refuses a wrong secret with -100 ("Incorrect secret", "Please login first" on 2026 builds): WVP cannot configure ZLM, open RTP ports or read streams.',
        zh: 'WVP 每次 API 调用都携带 media.secret；密钥错误时 ZLM 返回 -100（"Incorrect secret"，2026 版为 "Please login first"）：WVP 无法配置 ZLM、开启 RTP 端口或查询流。',
      },
      fix: { en: 'Make both equal (zlm-doctor fix copies it to the side chosen with --side)', zh: '两边保持一致（zlm-doctor fix 会按 --side 复制到对应一侧）' },
    },
    template: {
      message: { en: 'media.secret cannot be compared with api.secret: {side} holds a template value, not a secret', zh: 'media.secret 无法与 api.secret 比较：{side} 中是模板值而不是密钥' },
      why: {
        en: 'Values such as api-secret, change-me or ${SECRET} are usually replaced when the deployment starts (sed/envsubst in an entrypoint), or were never filled in. Which secret really runs cannot be told from the files, so no mismatch is claimed and nothing is copied.',
        zh: 'api-secret、change-me、${SECRET} 这类值通常在部署启动时被替换（入口脚本中的 sed/envsubst），或者根本没有填写。无法从文件得知实际运行的密钥，因此不判定为不一致，也不复制。',
      },
      fix: { en: 'Check the value after substitution (the running ZLM: getServerConfig) against media.secret; fill in a private random secret where the template was never replaced', zh: '核对替换后的值（运行中的 ZLM：getServerConfig）与 media.secret；模板未被替换的地方填入私有随机密钥' },
    },
  },
  check(ctx) {
    const wvp = ctx.wvp!;
    const ws = wvp.get('media.secret');
    if (ws.value === undefined) return;
    const zl = ctx.hasZlm ? ctx.doc.entry('api.secret') : undefined;
    const zs = zl?.value;
    const zlmGood = zs !== undefined && zs !== '' && zs !== SAMPLE_SECRET && !templated(zs);
    const loc = wvpLoc(wvp, ws);
    if (ws.value === SAMPLE_SECRET || ws.value === '') {
      ctx.report({
        messageId: 'sample',
        key: 'media.secret',
        loc,
        data: { what: ws.value === '' ? { en: 'empty', zh: '为空' } : { en: 'the public sample secret', zh: '是公开的示例密钥' } },
        // a good ZLM secret is the truth; otherwise both sides get a new one
        ...(zlmGood ? { wvpEdits: wvpEdit(wvp, 'media.secret', zs) } : { newSecret: { wvpPath: 'media.secret', ...(ctx.hasZlm ? { zlmKey: 'api.secret' } : {}) } }),
      });
      return;
    }
    if (!ctx.hasZlm || zs === ws.value) return;
    if (templated(zs) || templated(ws.value)) {
      const side = templated(zs) ? 'config.ini api.secret' : 'application.yml media.secret';
      ctx.report({ messageId: 'template', key: 'media.secret', loc, severity: 'info', data: { side } });
      return;
    }
    // a sample/empty ZLM secret is api-secret-sample's error; the repair copies WVP's private one
    const fp = (s: string | undefined) => (s ? fingerprint(s) : { en: '(none)', zh: '未设置' });
    const toWvp = ctx.options.side === 'wvp' && zlmGood;
    ctx.report({
      messageId: 'mismatch',
      ...(zs === undefined ? { absent: true as const } : {}),
      key: 'media.secret',
      loc,
      data: { wvpFp: fp(ws.value), zlmFp: fp(zs) },
      ...(toWvp ? { wvpEdits: wvpEdit(wvp, 'media.secret', zs) } : { edits: [ctx.doc.editSet('api.secret', ws.value)] }),
    });
  },
};
