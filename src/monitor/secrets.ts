import { Redactor } from '../util/redact.ts';
import type { MonitorConfig } from './config/types.ts';

/** A redactor that knows every secret of the config (node secrets, channel secrets, passwords, URL tokens). */
export function monitorRedactor(config: Pick<MonitorConfig, 'secrets'>, base = new Redactor()): Redactor {
  for (const s of config.secrets) base.add(s);
  return base;
}
