export { loadMonitorConfig, loadMonitorConfigTexts, configFiles, formatConfigError, ConfigReadError, type LoadResult } from './load.ts';
export { parseDurationMs, formatDuration } from './duration.ts';
export { parseCron, cronMatches, type Cron } from './cron.ts';
export { urlSecrets, Fields, type ReadContext } from './fields.ts';
export * from './types.ts';
