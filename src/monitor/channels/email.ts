/**
 * E-mail over SMTP (nodemailer). TLS from the first byte with `secure: true` (port 465, the default
 * there); otherwise STARTTLS when the server offers it (`require-tls: true` refuses to send without).
 * nodemailer's own connection, greeting and socket timeouts are set to the time left, and the whole send
 * is raced against the deadline, so a server that accepts and never speaks cannot hold the monitor.
 */
import type { Fields } from '../config/fields.ts';
import type { Notification } from '../alerting/model.ts';
import { plainText, render } from './render.ts';
import { withRetry, type AttemptResult } from './send.ts';
import type { AlertChannel, ChannelCommon, ChannelDefinition, EmailConfig, MailTransport, MailTransportFactory, SendContext } from './types.ts';

export const nodemailerTransport: MailTransportFactory = async (cfg, timeoutMs) => {
  const { createTransport } = await import('nodemailer');
  const t = createTransport({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    requireTLS: cfg.requireTls,
    ...(cfg.username !== undefined ? { auth: { user: cfg.username, pass: cfg.password ?? '' } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    tls: { rejectUnauthorized: cfg.verifyTls },
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return { sendMail: (m) => t.sendMail(m), close: () => t.close() };
};

export function emailMessage(cfg: EmailConfig, n: Notification, ctx: SendContext): { from: string; to: string[]; subject: string; text: string } {
  const m = render(n, cfg.lang ?? ctx.lang, ctx.redactor);
  return { from: cfg.from, to: cfg.to, subject: m.title, text: plainText(m) };
}

/** nodemailer errors: connection-level ones and SMTP 4xx (try again later) are transient. */
function transient(e: { code?: string; responseCode?: number }): boolean {
  return e.code === 'ECONNECTION' || e.code === 'ESOCKET' || e.code === 'ECONNREFUSED' || (typeof e.responseCode === 'number' && e.responseCode >= 400 && e.responseCode < 500);
}

function parse(f: Fields, common: ChannelCommon): EmailConfig | undefined {
  const host = f.str('host', { required: true });
  const secure = f.has('secure') ? f.bool('secure', false) : undefined;
  const port = f.int('port', secure ? 465 : 587, 1, 65535);
  const requireTls = f.bool('require-tls', false);
  const verifyTls = f.bool('verify-tls', true);
  const username = f.str('username');
  const password = f.str('password', { secret: true });
  const from = f.str('from', { required: true });
  const to = f.strList('to');
  if (!to || to.length === 0) f.required('to', ' (one address or a list)', '（一个地址或地址列表）');
  for (const a of [from, ...(to ?? [])]) if (a !== undefined && !/^[^@\s<>]+@[^@\s<>]+$|<[^@\s<>]+@[^@\s<>]+>\s*$/.test(a)) f.error(f.loc, `${f.name('to/from')}: "${a}" is not an e-mail address`, `${f.name('to/from')}："${a}" 不是电子邮件地址`);
  if (password !== undefined && username === undefined) f.error(f.loc, `${f.name('password')} needs ${f.name('username')}`, `设置 ${f.name('password')} 时必须同时设置 ${f.name('username')}`);
  if (!host || !from || !to || to.length === 0) return undefined;
  return { ...common, type: 'email', host, port, secure: secure ?? port === 465, requireTls, verifyTls, ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}), from, to };
}

function create(cfg: EmailConfig): AlertChannel {
  return {
    name: cfg.name,
    type: 'email',
    config: cfg,
    send: (n, ctx) =>
      withRetry(cfg, ctx, cfg.timeoutMs, async (remainingMs): Promise<AttemptResult> => {
        let t: MailTransport | undefined;
        let timer: NodeJS.Timeout | undefined;
        try {
          const deadline = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${remainingMs} ms`), { code: 'DEADLINE' })), remainingMs);
          });
          t = await Promise.race([(ctx.mail ?? nodemailerTransport)(cfg, remainingMs), deadline]);
          await Promise.race([t.sendMail(emailMessage(cfg, n, ctx)), deadline]);
          return { ok: true };
        } catch (e) {
          const err = e as Error & { code?: string; responseCode?: number; response?: string };
          if (err.code === 'DEADLINE' || err.code === 'ETIMEDOUT') return { ok: false, retryable: false, error: { en: `no answer within ${remainingMs} ms`, zh: `${remainingMs} ms 内无应答` } };
          const what = err.responseCode ? `SMTP ${err.responseCode}: ${(err.response ?? err.message).split('\n')[0]}` : `${err.code ?? 'error'}: ${err.message}`;
          return { ok: false, retryable: transient(err), error: { en: `the mail server refused or failed: ${what}`, zh: `邮件服务器拒绝或出错：${what}` } };
        } finally {
          clearTimeout(timer);
          t?.close();
        }
      }),
  };
}

export const email = { type: 'email', title: { en: 'e-mail (SMTP)', zh: '电子邮件（SMTP）' }, parse, create } satisfies ChannelDefinition<EmailConfig>;
