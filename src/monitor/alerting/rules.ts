/**
 * The alert rules the engine raises, and one message builder each. The builders are pure: the engine
 * passes what it observed and gets an `Alert` with both languages filled in. No builder ever puts a secret
 * value in a text (an identity mismatch on the secret says only that the two differ); drift lines are
 * redacted again by every channel on the way out.
 */
import type { Localized } from '../../i18n/index.ts';
import type { AlertSeverity } from '../config/types.ts';
import { alertId, type Alert, type AlertRule } from './model.ts';

export interface RuleMeta {
  title: Localized;
  severity: AlertSeverity;
  /** Alertmanager's alertname */
  alertname: string;
}

export const RULES: Record<AlertRule, RuleMeta> = {
  'node-down': { title: { en: 'node down', zh: '节点宕机' }, severity: 'critical', alertname: 'ZlmNodeDown' },
  'hook-chain-broken': { title: { en: 'hook chain broken', zh: 'Hook 链路中断' }, severity: 'warning', alertname: 'ZlmHookChainBroken' },
  'risky-drift': { title: { en: 'risky config drift', zh: '高风险配置漂移' }, severity: 'warning', alertname: 'ZlmRiskyConfigDrift' },
  'identity-mismatch': { title: { en: 'id or secret mismatch with WVP', zh: '与 WVP 的 ID 或密钥不一致' }, severity: 'critical', alertname: 'ZlmWvpIdentityMismatch' },
  'restart-loop': { title: { en: 'restart loop', zh: '反复重启' }, severity: 'critical', alertname: 'ZlmRestartLoop' },
  'new-error-finding': { title: { en: 'new error-level finding', zh: '新的错误级检查结果' }, severity: 'warning', alertname: 'ZlmNewErrorFinding' },
};

interface Base {
  node: string;
  /** the node's labels from the config */
  labels?: Record<string, string>;
  at: Date;
  severity?: AlertSeverity;
}

const same = (s: string): Localized => ({ en: s, zh: s });

function make(rule: AlertRule, b: Base, subject: string, summary: Localized, details: Localized[]): Alert {
  const severity = b.severity ?? RULES[rule].severity;
  return {
    id: alertId(rule, b.node, subject),
    rule,
    severity,
    node: b.node,
    subject,
    labels: { ...(b.labels ?? {}), alertname: RULES[rule].alertname, rule, node: b.node, severity, ...(subject ? { subject } : {}) },
    summary,
    details,
    startsAt: b.at,
  };
}

export function nodeDown(b: Base & { reason: string; failures: number; detail?: Localized }): Alert {
  return make(
    'node-down',
    b,
    '',
    { en: `${b.node} is down: ${b.reason} (${b.failures} failed probes in a row)`, zh: `${b.node} 已宕机：${b.reason}（连续 ${b.failures} 次探测失败）` },
    b.detail ? [b.detail] : [],
  );
}

export function hookChainBroken(b: Base & { hook: string; failure: Localized }): Alert {
  return make('hook-chain-broken', b, b.hook, { en: `${b.node}: hook ${b.hook} does not reach its receiver`, zh: `${b.node}：hook ${b.hook} 无法到达接收方` }, [b.failure]);
}

/** `by`: who made the change (`API setServerConfig`, `WVP push`, `config.ini edited`, …). `diff`: semantic diff lines. */
export function riskyDrift(b: Base & { keys: string[]; diff: string[]; by: Localized }): Alert {
  const keys = [...b.keys].sort();
  return make(
    'risky-drift',
    b,
    keys.join(','),
    { en: `${b.node}: risky keys changed (${keys.join(', ')}) by ${b.by.en}`, zh: `${b.node}：高风险配置项被修改（${keys.join('、')}），来源：${b.by.zh}` },
    b.diff.map(same),
  );
}

/** `what`: mediaServerId or secret. Values are shown for the id only; a secret mismatch never shows either side. */
export function identityMismatch(b: Base & { what: 'mediaServerId' | 'secret'; zlm?: string; wvp?: string }): Alert {
  const detail: Localized[] =
    b.what === 'mediaServerId' && b.zlm !== undefined && b.wvp !== undefined ? [{ en: `ZLM says "${b.zlm}", WVP expects "${b.wvp}"`, zh: `ZLM 为 "${b.zlm}"，WVP 期望 "${b.wvp}"` }] : [];
  const summary: Localized =
    b.what === 'secret'
      ? { en: `${b.node}: the API secret differs from the one WVP uses`, zh: `${b.node}：API 密钥与 WVP 使用的不一致` }
      : { en: `${b.node}: mediaServerId differs from the one WVP expects`, zh: `${b.node}：mediaServerId 与 WVP 期望的不一致` };
  return make('identity-mismatch', b, b.what, summary, detail);
}

export function restartLoop(b: Base & { restarts: number; windowMs: number }): Alert {
  const min = Math.max(1, Math.round(b.windowMs / 60_000));
  return make('restart-loop', b, '', { en: `${b.node} restarted ${b.restarts} times in ${min} min`, zh: `${b.node} 在 ${min} 分钟内重启了 ${b.restarts} 次` }, []);
}

export function newErrorFinding(b: Base & { ruleId: string; key?: string; message: Localized; where?: string }): Alert {
  const subject = b.key ? `${b.ruleId}:${b.key}` : b.ruleId;
  return make(
    'new-error-finding',
    b,
    subject,
    { en: `${b.node}: new error ${b.ruleId}: ${b.message.en}`, zh: `${b.node}：新的错误 ${b.ruleId}：${b.message.zh}` },
    b.where ? [same(b.where)] : [],
  );
}

/** The alert `zlm-doctor alert test` sends. */
export function testAlert(b: { at: Date; channel: string }): Alert {
  const a = make(
    'node-down',
    { node: 'zlm-doctor-test', at: b.at, severity: 'info' },
    'test',
    { en: `Test message from zlm-doctor to channel "${b.channel}": if you read this, alerts arrive.`, zh: `zlm-doctor 发往通道 "${b.channel}" 的测试消息：看到这条消息说明告警可以送达。` },
    [],
  );
  return { ...a, id: `test/${b.channel}`, labels: { ...a.labels, alertname: 'ZlmDoctorTest', rule: 'test' } };
}
