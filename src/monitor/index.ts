/**
 * src/monitor: what `zlm-doctor serve` is built on. So far: the config (zlm-doctor.yml), the alert
 * channels and the notifier. The engine (probes, state machine, storage, metrics) comes on top of these.
 */
export * from './config/index.ts';
export * from './channels/index.ts';
export * from './alerting/index.ts';
export { monitorRedactor } from './secrets.ts';
