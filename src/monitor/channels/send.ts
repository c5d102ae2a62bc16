/**
 * The one retry policy and deadline of every channel. A send gets `timeoutMs` in all: each attempt gets
 * what is left of it (the transport destroys its socket at that moment, so a receiver that never answers
 * cannot hold us), and a failed attempt is tried once more, after a short pause, only when the failure is
 * transient (connection refused or reset, HTTP 5xx or 429, an SMTP 4xx) and enough time is left. A
 * timeout is not retried: the deadline is spent, and the receiver may have taken the first one.
 */
import type { Localized } from '../../i18n/index.ts';
import type { HttpAnswer, HttpExchangeOptions } from '../../zlm/http.ts';
import type { ChannelType, SendContext, SendResult } from './types.ts';

export const RETRY_PAUSE_MS = 1000;
/** an attempt with less time than this left is not started */
const MIN_ATTEMPT_MS = 500;
const MAX_ATTEMPTS = 2;

export type AttemptResult = { ok: true; status?: number } | { ok: false; error: Localized; retryable: boolean; status?: number };

export async function withRetry(ch: { name: string; type: ChannelType }, ctx: SendContext, timeoutMs: number, attempt: (remainingMs: number, n: number) => Promise<AttemptResult>): Promise<SendResult> {
  const t0 = performance.now();
  const left = () => timeoutMs - (performance.now() - t0);
  let last: AttemptResult | undefined;
  let n = 0;
  while (n < MAX_ATTEMPTS) {
    n++;
    last = await attempt(Math.max(1, Math.floor(left())), n);
    if (last.ok || !last.retryable || ctx.signal?.aborted) break;
    if (left() < RETRY_PAUSE_MS + MIN_ATTEMPT_MS || n >= MAX_ATTEMPTS) break;
    await ctx.sleep(RETRY_PAUSE_MS);
  }
  const ms = Math.round(performance.now() - t0);
  const base = { channel: ch.name, type: ch.type, attempts: n, ms, ...(last?.status !== undefined ? { status: last.status } : {}) };
  if (last?.ok) return { ok: true, ...base };
  const e = last && !last.ok ? last.error : { en: 'not sent', zh: '未发送' };
  const tries = n > 1 ? { en: ` (after ${n} attempts)`, zh: `（已尝试 ${n} 次）` } : { en: '', zh: '' };
  return {
    ok: false,
    ...base,
    error: {
      en: ctx.redactor.redact(`channel "${ch.name}" (${ch.type}): ${e.en}${tries.en}`),
      zh: ctx.redactor.redact(`通道 "${ch.name}"（${ch.type}）：${e.zh}${tries.zh}`),
    },
  };
}

export interface HttpRequest {
  url: string;
  method?: string;
  headers: Record<string, string>;
  body: string;
}

/** Checks an answer: undefined when the service accepted the message, else why not (its own error code). */
export type AnswerCheck = (a: HttpAnswer, body: string) => Localized | undefined;

export const accept2xx: AnswerCheck = () => undefined;

/** One HTTP send with the policy above; `build` runs per attempt (a signature needs a fresh timestamp). */
export function sendHttp(ch: { name: string; type: ChannelType }, ctx: SendContext, timeoutMs: number, build: () => HttpRequest, check: AnswerCheck = accept2xx): Promise<SendResult> {
  return withRetry(ch, ctx, timeoutMs, async (remainingMs) => {
    const req = build();
    const opts: HttpExchangeOptions = { method: req.method ?? 'POST', headers: { 'User-Agent': 'zlm-doctor', ...req.headers }, body: req.body, timeoutMs: remainingMs, maxBody: 64 * 1024, ...(ctx.signal ? { signal: ctx.signal } : {}) };
    const r = await ctx.http(req.url, opts);
    if (!r.ok) {
      const retryable = r.failure === 'refused' || r.failure === 'network';
      const en = r.failure === 'timeout' ? `no answer within ${remainingMs} ms` : r.failure === 'aborted' ? 'cancelled' : `${r.failure} error (${r.detail})`;
      const zh = r.failure === 'timeout' ? `${remainingMs} ms 内无应答` : r.failure === 'aborted' ? '已取消' : `${r.failure} 错误（${r.detail}）`;
      return { ok: false, error: { en, zh }, retryable, ...(r.status !== undefined ? { status: r.status } : {}) };
    }
    const status = r.status ?? 0;
    const text = r.body.toString('utf8');
    if (status < 200 || status > 299) {
      const snippet = text.replace(/\s+/g, ' ').trim().slice(0, 200);
      return { ok: false, status, retryable: status >= 500 || status === 429, error: { en: `answered HTTP ${status}${snippet ? `: ${snippet}` : ''}`, zh: `返回 HTTP ${status}${snippet ? `：${snippet}` : ''}` } };
    }
    const bad = check(r, text);
    if (bad) return { ok: false, status, retryable: false, error: bad };
    return { ok: true, status };
  });
}

/** `{"errcode":0}` services (DingTalk, WeCom): the error code in the body decides. */
export function errcodeCheck(service: string): AnswerCheck {
  return (_a, body) => {
    let j: { errcode?: unknown; errmsg?: unknown };
    try {
      j = JSON.parse(body) as typeof j;
    } catch {
      return { en: `${service} answered something that is not JSON`, zh: `${service} 的应答不是 JSON` };
    }
    if (j.errcode === 0) return undefined;
    return { en: `${service} refused the message: errcode ${String(j.errcode)}: ${String(j.errmsg ?? '')}`, zh: `${service} 拒绝了消息：errcode ${String(j.errcode)}：${String(j.errmsg ?? '')}` };
  };
}
