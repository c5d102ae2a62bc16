export { Notifier, sendTest, type NotifierOptions, type Delivery, type NotifierState } from './notifier.ts';
export { ALERT_RULES, alertId, type Alert, type AlertRule, type Notification, type NotificationStatus } from './model.ts';
export { RULES, nodeDown, hookChainBroken, riskyDrift, identityMismatch, restartLoop, newErrorFinding, testAlert, type RuleMeta } from './rules.ts';
export { windowActive, silencedBy, wallClock } from './maintenance.ts';
export { routeAlert, labelsMatch } from './route.ts';
