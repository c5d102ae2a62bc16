/**
 * `zlm-doctor alert test <channel> [-c FILE|DIR]`: send one test message through a channel of the config and
 * say whether it arrived. Exit 0 delivered, 1 refused or unreachable (or the config is invalid), 2 usage.
 */
import type { Lang } from '../i18n/index.ts';
import { createChannel, monitorRedactor, sendTest, testAlert, type HttpTransport, type MailTransportFactory } from '../monitor/index.ts';
import { httpExchange } from '../zlm/http.ts';
import { Redactor } from '../util/redact.ts';
import { UsageError, type Io } from './io.ts';
import { configPath, loadForCli } from './serve.ts';

export interface AlertTestOptions {
  config?: string;
  lang: Lang;
  /** tests inject these */
  http?: HttpTransport;
  mail?: MailTransportFactory;
}

export async function runAlertTest(channel: string, o: AlertTestOptions, io: Io): Promise<number> {
  const path = configPath(o.config, o.lang);
  const r = loadForCli(path, o.lang, io);
  if ('code' in r) return r.code;
  const cfg = r.config.alerts.channels.find((c) => c.name === channel);
  if (!cfg) {
    const names = r.config.alerts.channels.map((c) => c.name);
    throw new UsageError(o.lang === 'zh' ? `配置中没有名为 "${channel}" 的通道（已有：${names.join('、') || '无'}）` : `no channel named "${channel}" in the config (channels: ${names.join(', ') || 'none'})`);
  }
  const ch = createChannel(cfg);
  const lang = cfg.lang ?? r.config.lang;
  const res = await sendTest(
    ch,
    {
      lang,
      redactor: monitorRedactor(r.config, new Redactor()),
      http: o.http ?? ((u, x) => httpExchange(u, x)),
      now: Date.now,
      sleep: (ms) => new Promise((res) => setTimeout(res, ms)),
      ...(o.mail ? { mail: o.mail } : {}),
    },
    testAlert({ at: new Date(), channel }),
  );
  const zh = o.lang === 'zh';
  if (res.ok) {
    io.out(zh ? `✓ 测试消息已发送到通道 "${channel}"（${cfg.type}），耗时 ${res.ms} ms${res.status ? `，HTTP ${res.status}` : ''}\n` : `✓ test message sent to channel "${channel}" (${cfg.type}) in ${res.ms} ms${res.status ? `, HTTP ${res.status}` : ''}\n`);
    return 0;
  }
  io.out(`✗ ${res.error ? res.error[o.lang] : zh ? '发送失败' : 'not sent'}\n`);
  return 1;
}
