/**
 * WeCom group robot (企业微信群机器人). POST JSON to `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`
 * with `{"msgtype":"markdown","markdown":{"content":…}}` (content at most 4096 bytes, UTF-8); the answer is
 * `{"errcode":0,"errmsg":"ok"}`. The key in the URL is the only credential (no signing).
 */
import type { Fields } from '../config/fields.ts';
import type { Notification } from '../alerting/model.ts';
import { markdown, render } from './render.ts';
import { errcodeCheck, sendHttp } from './send.ts';
import type { AlertChannel, ChannelCommon, ChannelDefinition, SendContext, WecomConfig } from './types.ts';

export const WECOM_API = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send';
const MAX_BYTES = 4096;

/** Cut to at most `max` UTF-8 bytes without splitting a character. */
export function cutBytes(s: string, max: number): string {
  if (Buffer.byteLength(s) <= max) return s;
  let out = '';
  let n = 0;
  for (const ch of s) {
    const b = Buffer.byteLength(ch);
    if (n + b > max - 3) break;
    out += ch;
    n += b;
  }
  return `${out}…`;
}

export function wecomBody(cfg: WecomConfig, n: Notification, ctx: SendContext): string {
  const m = render(n, cfg.lang ?? ctx.lang, ctx.redactor);
  let content = markdown(m, { heading: false, grey: true });
  if (cfg.mentionedMobiles.length) content += `\n${cfg.mentionedMobiles.map((x) => `<@${x}>`).join(' ')}`;
  return JSON.stringify({ msgtype: 'markdown', markdown: { content: cutBytes(content, MAX_BYTES) } });
}

function parse(f: Fields, common: ChannelCommon): WecomConfig | undefined {
  const key = f.str('key', { secret: true });
  const url = f.url('url') ?? (key ? `${WECOM_API}?key=${encodeURIComponent(key)}` : undefined);
  if (!url) f.required('url', ' (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…, or key:)', '（https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…，或 key:）');
  const mentionedMobiles = f.strList('mentioned-mobiles') ?? [];
  if (!url) return undefined;
  return { ...common, type: 'wecom', url, mentionedMobiles };
}

function create(cfg: WecomConfig): AlertChannel {
  return {
    name: cfg.name,
    type: 'wecom',
    config: cfg,
    send: (n, ctx) => sendHttp(cfg, ctx, cfg.timeoutMs, () => ({ url: cfg.url, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: wecomBody(cfg, n, ctx) }), errcodeCheck('WeCom')),
  };
}

export const wecom = { type: 'wecom', title: { en: 'WeCom robot', zh: '企业微信机器人' }, parse, create } satisfies ChannelDefinition<WecomConfig>;
