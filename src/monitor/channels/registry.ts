/** Every channel type, one file each; `satisfies` checks at compile time that none is missing or malformed. */
import { alertmanager } from './alertmanager.ts';
import { dingtalk } from './dingtalk.ts';
import { email } from './email.ts';
import { feishu } from './feishu.ts';
import { slack } from './slack.ts';
import type { AlertChannel, AnyChannelConfig, ChannelDefinition, ChannelType } from './types.ts';
import { webhook } from './webhook.ts';
import { wecom } from './wecom.ts';

export const CHANNELS = { webhook, dingtalk, wecom, feishu, slack, email, alertmanager } satisfies { [T in ChannelType]: ChannelDefinition<Extract<AnyChannelConfig, { type: T }>> };

/** The channel object for one config entry. */
export function createChannel(cfg: AnyChannelConfig): AlertChannel {
  return (CHANNELS[cfg.type].create as (c: AnyChannelConfig) => AlertChannel)(cfg);
}
