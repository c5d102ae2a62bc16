/**
 * The notifier: all alert logic in one place (channels only format and send). The engine calls
 * `firing(alert)` on every evaluation while a condition holds and `resolved(id)` when it clears; the
 * notifier decides what to send:
 *
 * - dedupe: an alert already sent to a channel is not sent there again until that channel's repeat
 *   interval has passed (then once, marked as a reminder); a failed send is tried again on the next call;
 * - maintenance: while a window covers the node nothing new is sent (the alert is still tracked, and sent
 *   when the window closes if it still fires);
 * - resolved: sent to the channels that were told about the alert (send-resolved, per channel or global),
 *   also during maintenance: closing what was opened is never silenced;
 * - routing by labels and severity.
 *
 * Time comes from an injected clock; `tick()` sends reminders and post-maintenance alerts without waiting
 * for the engine's next `firing` call. `snapshot()` / `restore()` let the engine keep open alerts across a
 * restart.
 */
import type { Lang } from '../../i18n/index.ts';
import { Redactor } from '../../util/redact.ts';
import { httpExchange } from '../../zlm/http.ts';
import type { AlertsConfig, MaintenanceConfig } from '../config/types.ts';
import type { AlertChannel, HttpTransport, MailTransportFactory, SendContext, SendResult } from '../channels/types.ts';
import { silencedBy } from './maintenance.ts';
import type { Alert, Notification } from './model.ts';
import { routeAlert } from './route.ts';

export interface NotifierOptions {
  alerts: AlertsConfig;
  maintenance: MaintenanceConfig;
  channels: AlertChannel[];
  lang: Lang;
  /** knows the config's secrets (MonitorConfig.secrets) */
  redactor?: Redactor;
  /** hold back a firing notification (acknowledged or silenced through the REST API); resolved ones still go */
  mute?: (alert: Alert) => string | undefined;
  now?: () => number;
  http?: HttpTransport;
  sleep?: (ms: number) => Promise<void>;
  mail?: MailTransportFactory;
}

export interface Delivery {
  alertId: string;
  status: 'firing' | 'resolved';
  /** one per channel a message went to (nothing due: empty) */
  results: SendResult[];
  /** the maintenance window that held the alert back */
  silencedBy?: string;
}

interface Tracked {
  alert: Alert;
  /** channel → when it last accepted this alert (ms) */
  sent: Record<string, number>;
}

export interface NotifierState {
  alerts: { alert: Omit<Alert, 'startsAt' | 'endsAt'> & { startsAt: string }; sent: Record<string, number> }[];
}

export class Notifier {
  private readonly tracked = new Map<string, Tracked>();
  private readonly inflight = new Set<string>();
  private readonly byName: Map<string, AlertChannel>;
  private readonly now: () => number;
  private readonly ctx: SendContext;

  constructor(private readonly opts: NotifierOptions) {
    this.byName = new Map(opts.channels.map((c) => [c.name, c]));
    this.now = opts.now ?? Date.now;
    this.ctx = {
      lang: opts.lang,
      redactor: opts.redactor ?? new Redactor(),
      http: opts.http ?? ((u, o) => httpExchange(u, o)),
      now: this.now,
      sleep: opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      ...(opts.mail ? { mail: opts.mail } : {}),
    };
  }

  /** The alerts currently firing (silenced ones included). */
  active(): Alert[] {
    return [...this.tracked.values()].map((t) => t.alert);
  }

  /** The condition holds (again): send what is due. */
  async firing(alert: Alert): Promise<Delivery> {
    const prev = this.tracked.get(alert.id);
    // the first sighting fixes startsAt; later ones refresh the texts
    const a: Alert = prev ? { ...alert, startsAt: prev.alert.startsAt } : alert;
    const t: Tracked = prev ? { alert: a, sent: prev.sent } : { alert: a, sent: {} };
    this.tracked.set(a.id, t);
    return this.deliver(t);
  }

  /** The condition cleared: tell the channels that heard about it. */
  async resolved(id: string): Promise<Delivery> {
    const t = this.tracked.get(id);
    if (!t) return { alertId: id, status: 'resolved', results: [] };
    this.tracked.delete(id);
    const at = new Date(this.now());
    const alert: Alert = { ...t.alert, endsAt: at };
    const targets = Object.keys(t.sent)
      .map((n) => this.byName.get(n))
      .filter((c): c is AlertChannel => !!c && (c.config.sendResolved ?? this.opts.alerts.sendResolved));
    const results = await Promise.all(targets.map((c) => c.send({ alert, status: 'resolved', at }, this.ctx)));
    return { alertId: id, status: 'resolved', results };
  }

  /** Send reminders and alerts held back by a window that has closed. */
  async tick(): Promise<Delivery[]> {
    const out: Delivery[] = [];
    for (const t of [...this.tracked.values()]) {
      const d = await this.deliver(t);
      if (d.results.length) out.push(d);
    }
    return out;
  }

  private async deliver(t: Tracked): Promise<Delivery> {
    const now = this.now();
    const a = t.alert;
    const win = silencedBy(this.opts.maintenance, a.labels, now);
    if (win) return { alertId: a.id, status: 'firing', results: [], silencedBy: win.name };
    const muted = this.opts.mute?.(a);
    if (muted) return { alertId: a.id, status: 'firing', results: [], silencedBy: muted };
    const jobs: Promise<SendResult>[] = [];
    for (const name of routeAlert(a, this.opts.alerts)) {
      const ch = this.byName.get(name);
      if (!ch) continue;
      const last = t.sent[name];
      const every = ch.config.repeatIntervalMs ?? this.opts.alerts.repeatIntervalMs;
      const due = last === undefined || (every > 0 && now - last >= every);
      const key = `${a.id}\u0000${name}`;
      if (!due || this.inflight.has(key)) continue;
      this.inflight.add(key);
      const n: Notification = { alert: a, status: 'firing', at: new Date(now), ...(last !== undefined ? { repeat: true } : {}) };
      jobs.push(
        ch.send(n, this.ctx).then((r) => {
          this.inflight.delete(key);
          // still tracked (not resolved meanwhile): remember the send
          if (r.ok && this.tracked.get(a.id) === t) t.sent[name] = now;
          return r;
        }),
      );
    }
    return { alertId: a.id, status: 'firing', results: await Promise.all(jobs) };
  }

  snapshot(): NotifierState {
    return {
      alerts: [...this.tracked.values()].map((t) => {
        const { startsAt, endsAt: _e, ...rest } = t.alert;
        return { alert: { ...rest, startsAt: startsAt.toISOString() }, sent: { ...t.sent } };
      }),
    };
  }

  restore(s: NotifierState): void {
    for (const x of s.alerts) this.tracked.set(x.alert.id, { alert: { ...x.alert, startsAt: new Date(x.alert.startsAt) }, sent: { ...x.sent } });
  }
}

/** Send one test message through a channel (`zlm-doctor alert test`). */
export async function sendTest(ch: AlertChannel, ctx: SendContext, alert: Alert): Promise<SendResult> {
  return ch.send({ alert, status: 'firing', test: true, at: new Date(ctx.now()) }, ctx);
}
