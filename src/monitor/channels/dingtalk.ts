/**
 * DingTalk custom robot (钉钉自定义机器人). POST JSON to
 * `https://oapi.dingtalk.com/robot/send?access_token=…`; with 加签 (signing) the query also carries
 * `&timestamp=<ms>&sign=<urlencode(base64(HmacSHA256(key=secret, timestamp + "\n" + secret)))>`.
 * The answer is `{"errcode":0,"errmsg":"ok"}`; any other errcode is a refusal (310000 = bad signature or
 * keyword, 130101 = rate limit). Message: msgtype markdown {title, text}, optional `at`.
 */
import { createHmac } from 'node:crypto';
import type { Fields } from '../config/fields.ts';
import { markdown, render } from './render.ts';
import { errcodeCheck, sendHttp } from './send.ts';
import type { AlertChannel, ChannelCommon, ChannelDefinition, DingtalkConfig, SendContext } from './types.ts';
import type { Notification } from '../alerting/model.ts';

export const DINGTALK_API = 'https://oapi.dingtalk.com/robot/send';

/** The `sign` value before URL encoding. */
export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

export function dingtalkUrl(cfg: DingtalkConfig, nowMs: number): string {
  if (!cfg.secret) return cfg.url;
  const u = new URL(cfg.url);
  u.searchParams.set('timestamp', String(nowMs));
  u.searchParams.set('sign', dingtalkSign(nowMs, cfg.secret));
  return u.toString();
}

export function dingtalkBody(cfg: DingtalkConfig, n: Notification, ctx: SendContext): string {
  const m = render(n, cfg.lang ?? ctx.lang, ctx.redactor);
  let text = markdown(m);
  // DingTalk shows an @ only when the mobile number also appears in the text
  if (cfg.atMobiles.length) text += `\n\n${cfg.atMobiles.map((x) => `@${x}`).join(' ')}`;
  return JSON.stringify({ msgtype: 'markdown', markdown: { title: m.title, text }, at: { atMobiles: cfg.atMobiles, isAtAll: cfg.atAll } });
}

function parse(f: Fields, common: ChannelCommon): DingtalkConfig | undefined {
  const token = f.str('token', { secret: true });
  const url = f.url('url') ?? (token ? `${DINGTALK_API}?access_token=${encodeURIComponent(token)}` : undefined);
  if (!url) f.required('url', ' (the robot webhook, https://oapi.dingtalk.com/robot/send?access_token=…, or token:)', '（机器人 Webhook 地址 https://oapi.dingtalk.com/robot/send?access_token=…，或 token:）');
  const secret = f.str('secret', { secret: true });
  if (secret !== undefined && !secret.startsWith('SEC')) f.error(f.scalar('secret')!.loc, `${f.name('secret')}: a DingTalk signing secret starts with SEC`, `${f.name('secret')}：钉钉加签密钥以 SEC 开头`);
  const atMobiles = f.strList('at-mobiles') ?? [];
  const atAll = f.bool('at-all', false);
  if (!url) return undefined;
  return { ...common, type: 'dingtalk', url, ...(secret ? { secret } : {}), atMobiles, atAll };
}

function create(cfg: DingtalkConfig): AlertChannel {
  return {
    name: cfg.name,
    type: 'dingtalk',
    config: cfg,
    send: (n, ctx) => sendHttp(cfg, ctx, cfg.timeoutMs, () => ({ url: dingtalkUrl(cfg, ctx.now()), headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: dingtalkBody(cfg, n, ctx) }), errcodeCheck('DingTalk')),
  };
}

export const dingtalk = { type: 'dingtalk', title: { en: 'DingTalk robot', zh: '钉钉机器人' }, parse, create } satisfies ChannelDefinition<DingtalkConfig>;
