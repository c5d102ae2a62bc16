/**
 * Generic webhook: POST (or PUT) to any URL, with optional headers, and a body that is either the default
 * JSON document or the user's template. Templates are mustache-like: `{{node}}`, `{{status}}`,
 * `{{severity}}`, `{{rule}}`, `{{alertname}}`, `{{title}}`, `{{summary}}`, `{{details}}`, `{{text}}`,
 * `{{id}}`, `{{subject}}`, `{{startsAt}}`, `{{endsAt}}`, `{{lang}}`, `{{labels.NAME}}`. With a JSON
 * content type (the default when the template starts with `[` or a single `{`) each value is escaped to sit inside a
 * JSON string, so `{"msg": "{{summary}}"}` stays valid JSON whatever the summary holds.
 */
import type { Notification } from '../alerting/model.ts';
import { RULES } from '../alerting/rules.ts';
import type { Fields } from '../config/fields.ts';
import { plainText, render, type Rendered } from './render.ts';
import { sendHttp } from './send.ts';
import type { AlertChannel, ChannelCommon, ChannelDefinition, SendContext, WebhookConfig } from './types.ts';

export const TEMPLATE_FIELDS = ['node', 'status', 'severity', 'rule', 'alertname', 'title', 'summary', 'details', 'text', 'id', 'subject', 'startsAt', 'endsAt', 'lang', 'test'] as const;
const PLACE = /\{\{\s*([A-Za-z][A-Za-z0-9_.-]*)\s*\}\}/g;

function values(n: Notification, m: Rendered, ctx: SendContext): Record<string, string> {
  const a = n.alert;
  return {
    node: a.node,
    status: n.status,
    severity: a.severity,
    rule: a.rule,
    alertname: a.labels.alertname ?? RULES[a.rule].alertname,
    title: m.title,
    summary: m.summary,
    details: m.details.join('\n'),
    text: plainText(m),
    id: a.id,
    subject: a.subject,
    startsAt: a.startsAt.toISOString(),
    endsAt: n.status === 'resolved' ? (a.endsAt ?? n.at).toISOString() : '',
    lang: m.lang,
    test: String(Boolean(n.test)),
    ...Object.fromEntries(Object.entries(a.labels).map(([k, v]) => [`labels.${k}`, ctx.redactor.redact(v)])),
  };
}

/** Fill a template; unknown `labels.X` become empty, other unknown names are left for the config check to catch. */
export function fillTemplate(template: string, vals: Record<string, string>, json: boolean): string {
  return template.replace(PLACE, (m, k: string) => {
    const v = k in vals ? vals[k]! : k.startsWith('labels.') ? '' : m;
    return json ? JSON.stringify(v).slice(1, -1) : v;
  });
}

export function isJsonType(contentType: string): boolean {
  return /[/+]json\b/i.test(contentType);
}

export function webhookBody(cfg: WebhookConfig, n: Notification, ctx: SendContext): string {
  const m = render(n, cfg.lang ?? ctx.lang, ctx.redactor);
  const vals = values(n, m, ctx);
  if (cfg.template !== undefined) return fillTemplate(cfg.template, vals, isJsonType(cfg.contentType));
  const a = n.alert;
  return JSON.stringify({
    source: 'zlm-doctor',
    version: 1,
    status: n.status,
    test: Boolean(n.test),
    repeat: Boolean(n.repeat),
    id: a.id,
    rule: a.rule,
    alertname: vals.alertname,
    severity: a.severity,
    node: a.node,
    subject: a.subject,
    labels: Object.fromEntries(Object.entries(a.labels).map(([k, v]) => [k, ctx.redactor.redact(v)])),
    title: m.title,
    summary: m.summary,
    details: m.details,
    text: plainText(m),
    lang: m.lang,
    startsAt: a.startsAt.toISOString(),
    ...(n.status === 'resolved' ? { endsAt: (a.endsAt ?? n.at).toISOString() } : {}),
  });
}

function parse(f: Fields, common: ChannelCommon): WebhookConfig | undefined {
  const url = f.url('url', { required: true });
  const method = f.oneOf('method', ['POST', 'PUT'] as const, 'POST');
  const headers = Object.fromEntries(Object.entries(f.strMap('headers', { secretValues: true }) ?? {}).map(([k, v]) => [k, v[0]!]));
  const template = f.str('template');
  const ctNode = f.scalar('content-type');
  const contentType = ctNode ? String(ctNode.value) : template === undefined || /^\s*(\[|\{(?!\{))/.test(template) ? 'application/json' : 'text/plain; charset=utf-8';
  if (template !== undefined) {
    const tl = f.scalar('template')!.loc;
    for (const m of template.matchAll(PLACE)) {
      const k = m[1]!;
      if (!(TEMPLATE_FIELDS as readonly string[]).includes(k) && !k.startsWith('labels.')) f.error(tl, `${f.name('template')}: unknown placeholder {{${k}}} (known: ${TEMPLATE_FIELDS.join(', ')}, labels.NAME)`, `${f.name('template')}：未知的占位符 {{${k}}}（可用：${TEMPLATE_FIELDS.join('、')}、labels.NAME）`);
    }
    if (isJsonType(contentType)) {
      const sample = Object.fromEntries([...TEMPLATE_FIELDS.map((k) => [k, 'x"\\\n<y>']), ['labels.x', 'v']]);
      try {
        JSON.parse(fillTemplate(template, sample, true));
      } catch (e) {
        f.error(tl, `${f.name('template')} does not give valid JSON once filled: ${(e as Error).message} (put placeholders inside strings: "{{summary}}")`, `${f.name('template')} 填充后不是合法的 JSON：${(e as Error).message}（占位符应写在字符串中："{{summary}}"）`);
      }
    }
  }
  if (!url) return undefined;
  return { ...common, type: 'webhook', url, method, headers, contentType, ...(template !== undefined ? { template } : {}) };
}

function create(cfg: WebhookConfig): AlertChannel {
  return {
    name: cfg.name,
    type: 'webhook',
    config: cfg,
    send: (n, ctx) => sendHttp(cfg, ctx, cfg.timeoutMs, () => ({ url: cfg.url, method: cfg.method, headers: { 'Content-Type': cfg.contentType, ...cfg.headers }, body: webhookBody(cfg, n, ctx) })),
  };
}

export const webhook = { type: 'webhook', title: { en: 'generic webhook', zh: '通用 Webhook' }, parse, create } satisfies ChannelDefinition<WebhookConfig>;
