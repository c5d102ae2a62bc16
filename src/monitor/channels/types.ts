/**
 * One interface for every alert channel (Gatus's alerting/provider pattern): a channel only formats and
 * sends; dedupe, repeat, silences and routing live in src/monitor/alerting. Each channel type is one file
 * exporting a `ChannelDefinition` (its config fields, read with the shared reader, and a factory); the
 * registry in index.ts lists them all and is checked with `satisfies`.
 */
import type { Lang, Localized } from '../../i18n/index.ts';
import type { Redactor } from '../../util/redact.ts';
import type { HttpExchangeOptions, HttpResult } from '../../zlm/http.ts';
import type { Notification } from '../alerting/model.ts';
import type { Fields } from '../config/fields.ts';
import type { Loc } from '../config/types.ts';

export const CHANNEL_TYPES = ['webhook', 'dingtalk', 'wecom', 'feishu', 'slack', 'email', 'alertmanager'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** Fields every channel has. */
export interface ChannelCommon {
  name: string;
  type: ChannelType;
  /** message language; default the config's `lang` */
  lang?: Lang;
  /** the whole send, retry included, never takes longer */
  timeoutMs: number;
  /** overrides alerts.send-resolved for this channel */
  sendResolved?: boolean;
  /** overrides alerts.repeat-interval for this channel (0 = never) */
  repeatIntervalMs?: number;
  loc: Loc;
}

export const DEFAULT_CHANNEL_TIMEOUT_MS = 10_000;

export interface WebhookConfig extends ChannelCommon {
  type: 'webhook';
  url: string;
  method: 'POST' | 'PUT';
  headers: Record<string, string>;
  /** mustache-like body template; absent: the default JSON body */
  template?: string;
  contentType: string;
}
export interface DingtalkConfig extends ChannelCommon {
  type: 'dingtalk';
  url: string;
  /** the robot's 加签 secret (SEC…); absent: unsigned (keyword or IP security) */
  secret?: string;
  atMobiles: string[];
  atAll: boolean;
}
export interface WecomConfig extends ChannelCommon {
  type: 'wecom';
  url: string;
  mentionedMobiles: string[];
}
export interface FeishuConfig extends ChannelCommon {
  type: 'feishu';
  url: string;
  /** the bot's signature-verification secret; absent: unsigned */
  secret?: string;
}
export interface SlackConfig extends ChannelCommon {
  type: 'slack';
  url: string;
}
export interface EmailConfig extends ChannelCommon {
  type: 'email';
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it */
  secure: boolean;
  requireTls: boolean;
  /** verify the server's certificate (default true) */
  verifyTls: boolean;
  username?: string;
  password?: string;
  from: string;
  to: string[];
}
export interface AlertmanagerConfig extends ChannelCommon {
  type: 'alertmanager';
  /** base URL, e.g. http://127.0.0.1:9093 (the path /api/v2/alerts is added) */
  url: string;
  /** labels added to every alert (e.g. the monitor instance) */
  labels: Record<string, string>;
  /** the back-link base sent as generatorURL */
  generatorUrl?: string;
}

export type AnyChannelConfig = WebhookConfig | DingtalkConfig | WecomConfig | FeishuConfig | SlackConfig | EmailConfig | AlertmanagerConfig;

/** The HTTP transport (src/zlm/http.ts `httpExchange` by default; tests inject their own). */
export type HttpTransport = (url: string, opts: HttpExchangeOptions) => Promise<HttpResult>;

/** What nodemailer's transport does for us, injectable. */
export interface MailTransport {
  sendMail(msg: { from: string; to: string[]; subject: string; text: string; html?: string }): Promise<unknown>;
  close(): void;
}
export type MailTransportFactory = (cfg: EmailConfig, timeoutMs: number) => Promise<MailTransport>;

export interface SendContext {
  lang: Lang;
  /** every text a message carries passes through it (config secrets are known values) */
  redactor: Redactor;
  http: HttpTransport;
  /** ms since the epoch (signatures need it) */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  signal?: AbortSignal;
  mail?: MailTransportFactory;
}

export interface SendResult {
  ok: boolean;
  channel: string;
  type: ChannelType;
  attempts: number;
  ms: number;
  /** HTTP status of the last attempt, when there was one */
  status?: number;
  /** why it failed, naming the channel (absent when ok) */
  error?: Localized;
}

export interface AlertChannel {
  readonly name: string;
  readonly type: ChannelType;
  readonly config: AnyChannelConfig;
  send(n: Notification, ctx: SendContext): Promise<SendResult>;
}

export interface ChannelDefinition<C extends AnyChannelConfig = AnyChannelConfig> {
  type: C['type'];
  title: Localized;
  /** read the type's own fields; errors go to the reader's context */
  parse(f: Fields, common: ChannelCommon): C | undefined;
  create(cfg: C): AlertChannel;
}
