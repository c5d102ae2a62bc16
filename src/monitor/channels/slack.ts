/**
 * Slack incoming webhook: POST `{"text": …}` (mrkdwn) as JSON to the `https://hooks.slack.com/services/…`
 * URL (the whole URL is the credential). Slack answers 200 with the body `ok`; errors come as 4xx with a
 * short reason (`invalid_payload`, `no_service`).
 */
import type { Fields } from '../config/fields.ts';
import type { Notification } from '../alerting/model.ts';
import { render, slackText } from './render.ts';
import { sendHttp } from './send.ts';
import type { AlertChannel, ChannelCommon, ChannelDefinition, SendContext, SlackConfig } from './types.ts';

export function slackBody(cfg: SlackConfig, n: Notification, ctx: SendContext): string {
  return JSON.stringify({ text: slackText(render(n, cfg.lang ?? ctx.lang, ctx.redactor)) });
}

function parse(f: Fields, common: ChannelCommon): SlackConfig | undefined {
  const url = f.url('url', { required: true });
  if (!url) return undefined;
  return { ...common, type: 'slack', url };
}

function create(cfg: SlackConfig): AlertChannel {
  return {
    name: cfg.name,
    type: 'slack',
    config: cfg,
    send: (n, ctx) => sendHttp(cfg, ctx, cfg.timeoutMs, () => ({ url: cfg.url, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: slackBody(cfg, n, ctx) })),
  };
}

export const slack = { type: 'slack', title: { en: 'Slack incoming webhook', zh: 'Slack 传入 Webhook' }, parse, create } satisfies ChannelDefinition<SlackConfig>;
