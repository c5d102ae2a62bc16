export { CHANNELS, createChannel } from './registry.ts';
export { render, plainText, type Rendered } from './render.ts';
export { withRetry, sendHttp, RETRY_PAUSE_MS } from './send.ts';
export { dingtalkSign, dingtalkUrl } from './dingtalk.ts';
export { feishuSign } from './feishu.ts';
export { fillTemplate, TEMPLATE_FIELDS } from './webhook.ts';
export { alertmanagerUrl } from './alertmanager.ts';
export * from './types.ts';
