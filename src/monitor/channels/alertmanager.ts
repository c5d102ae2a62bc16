/**
 * Prometheus Alertmanager, through its v2 API: POST `<url>/api/v2/alerts` with a JSON array of postable
 * alerts `{labels, annotations, startsAt, endsAt, generatorURL}`. Alertmanager dedupes by labels itself and
 * expects a firing alert to be re-sent regularly: each firing post carries `endsAt` = now + 4 × the channel's
 * repeat interval (1 minute by default for this channel), as Prometheus does, so an alert the monitor stops
 * sending (because the monitor died) resolves on its own; a resolved post carries the real `endsAt`.
 */
import type { Fields } from '../config/fields.ts';
import type { Notification } from '../alerting/model.ts';
import { render } from './render.ts';
import { sendHttp } from './send.ts';
import type { AlertChannel, AlertmanagerConfig, ChannelCommon, ChannelDefinition, SendContext } from './types.ts';

export const ALERTMANAGER_RESEND_MS = 60_000;
const LABEL = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function alertmanagerUrl(cfg: AlertmanagerConfig): string {
  const u = new URL(cfg.url);
  u.pathname = `${u.pathname.replace(/\/+$/, '').replace(/\/api\/v2\/alerts$/, '')}/api/v2/alerts`;
  return u.toString();
}

export function alertmanagerBody(cfg: AlertmanagerConfig, n: Notification, ctx: SendContext): string {
  const a = n.alert;
  const m = render(n, cfg.lang ?? ctx.lang, ctx.redactor);
  const labels: Record<string, string> = { ...cfg.labels };
  for (const [k, v] of Object.entries(a.labels)) if (LABEL.test(k)) labels[k] = ctx.redactor.redact(v);
  const resend = cfg.repeatIntervalMs ?? ALERTMANAGER_RESEND_MS;
  const endsAt = n.status === 'resolved' ? (a.endsAt ?? n.at) : new Date(n.at.getTime() + 4 * resend);
  const base = (cfg.generatorUrl ?? 'http://127.0.0.1:9797').replace(/\/+$/, '');
  return JSON.stringify([
    {
      labels,
      annotations: { summary: m.summary, ...(m.details.length ? { description: m.details.join('\n') } : {}), title: m.title },
      startsAt: a.startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      generatorURL: `${base}/nodes/${encodeURIComponent(a.node)}`,
    },
  ]);
}

function parse(f: Fields, common: ChannelCommon): AlertmanagerConfig | undefined {
  const url = f.url('url', { required: true });
  const raw = f.strMap('labels') ?? {};
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (LABEL.test(k)) labels[k] = v[0]!;
    else f.error(f.loc, `${f.name('labels')}: "${k}" is not a valid label name`, `${f.name('labels')}："${k}" 不是合法的标签名`);
  }
  const generatorUrl = f.url('generator-url');
  if (!url) return undefined;
  return { ...common, type: 'alertmanager', url, labels, ...(generatorUrl ? { generatorUrl } : {}), repeatIntervalMs: common.repeatIntervalMs ?? ALERTMANAGER_RESEND_MS };
}

function create(cfg: AlertmanagerConfig): AlertChannel {
  return {
    name: cfg.name,
    type: 'alertmanager',
    config: cfg,
    send: (n, ctx) => sendHttp(cfg, ctx, cfg.timeoutMs, () => ({ url: alertmanagerUrl(cfg), headers: { 'Content-Type': 'application/json' }, body: alertmanagerBody(cfg, n, ctx) })),
  };
}

export const alertmanager = { type: 'alertmanager', title: { en: 'Prometheus Alertmanager (API v2)', zh: 'Prometheus Alertmanager（v2 API）' }, parse, create } satisfies ChannelDefinition<AlertmanagerConfig>;
