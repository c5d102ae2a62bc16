/**
 * Feishu / Lark custom bot (飞书自定义机器人). POST JSON to `https://open.feishu.cn/open-apis/bot/v2/hook/<id>`.
 * With signature verification the body also carries `timestamp` (seconds, as a string) and
 * `sign = base64(HmacSHA256(key = timestamp + "\n" + secret, message = ""))` (the key is the string to sign,
 * the message is empty: Feishu's own examples do it that way round). The answer is `{"code":0,…}` (older
 * deployments: `{"StatusCode":0,…}`); 19021 = bad signature or stale timestamp.
 */
import { createHmac } from 'node:crypto';
import type { Fields } from '../config/fields.ts';
import type { Notification } from '../alerting/model.ts';
import { plainText, render } from './render.ts';
import { sendHttp, type AnswerCheck } from './send.ts';
import type { AlertChannel, ChannelCommon, ChannelDefinition, FeishuConfig, SendContext } from './types.ts';

export function feishuSign(timestampSec: number, secret: string): string {
  return createHmac('sha256', `${timestampSec}\n${secret}`).update('').digest('base64');
}

export function feishuBody(cfg: FeishuConfig, n: Notification, ctx: SendContext, nowMs: number): string {
  const m = render(n, cfg.lang ?? ctx.lang, ctx.redactor);
  const ts = Math.floor(nowMs / 1000);
  return JSON.stringify({ ...(cfg.secret ? { timestamp: String(ts), sign: feishuSign(ts, cfg.secret) } : {}), msg_type: 'text', content: { text: plainText(m) } });
}

const feishuCheck: AnswerCheck = (_a, body) => {
  let j: { code?: unknown; msg?: unknown; StatusCode?: unknown; StatusMessage?: unknown };
  try {
    j = JSON.parse(body) as typeof j;
  } catch {
    return { en: 'Feishu answered something that is not JSON', zh: '飞书的应答不是 JSON' };
  }
  const code = j.code ?? j.StatusCode;
  if (code === 0) return undefined;
  const msg = String(j.msg ?? j.StatusMessage ?? '');
  return { en: `Feishu refused the message: code ${String(code)}: ${msg}`, zh: `飞书拒绝了消息：code ${String(code)}：${msg}` };
};

function parse(f: Fields, common: ChannelCommon): FeishuConfig | undefined {
  const url = f.url('url', { required: true });
  const secret = f.str('secret', { secret: true });
  if (!url) return undefined;
  return { ...common, type: 'feishu', url, ...(secret ? { secret } : {}) };
}

function create(cfg: FeishuConfig): AlertChannel {
  return {
    name: cfg.name,
    type: 'feishu',
    config: cfg,
    send: (n, ctx) => sendHttp(cfg, ctx, cfg.timeoutMs, () => ({ url: cfg.url, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: feishuBody(cfg, n, ctx, ctx.now()) }), feishuCheck),
  };
}

export const feishu = { type: 'feishu', title: { en: 'Feishu / Lark bot', zh: '飞书机器人' }, parse, create } satisfies ChannelDefinition<FeishuConfig>;
