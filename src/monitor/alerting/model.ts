/**
 * The alert model. An alert is identified by its rule, its node and its subject (a hook name, a key, a
 * finding id): the same condition seen again on the next probe is the same alert, which is what dedupe
 * counts on. Texts come in both languages; the channel picks one.
 */
import type { Localized } from '../../i18n/index.ts';
import type { AlertSeverity } from '../config/types.ts';

export const ALERT_RULES = ['node-down', 'hook-chain-broken', 'risky-drift', 'identity-mismatch', 'restart-loop', 'new-error-finding'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export interface Alert {
  /** dedupe key: `${rule}/${node}/${subject}` */
  id: string;
  rule: AlertRule;
  severity: AlertSeverity;
  node: string;
  /** what on the node: a hook, a key, a finding id ('' when the rule is about the whole node) */
  subject: string;
  /** the node's labels plus alertname/rule/node/severity (routing and Alertmanager use them) */
  labels: Record<string, string>;
  summary: Localized;
  /** further lines (a diff line is the same in both languages) */
  details: Localized[];
  startsAt: Date;
  /** set once resolved */
  endsAt?: Date;
}

export type NotificationStatus = 'firing' | 'resolved';

/** One message to send: an alert firing (first time or repeated), resolved, or a test. */
export interface Notification {
  alert: Alert;
  status: NotificationStatus;
  /** a reminder of an alert already sent */
  repeat?: boolean;
  /** `zlm-doctor alert test`: says so in the message */
  test?: boolean;
  at: Date;
}

export function alertId(rule: AlertRule, node: string, subject = ''): string {
  return `${rule}/${node}/${subject}`;
}
