/**
 * Deployment context (docker-compose, .env): public entry of src/deploy.
 * Features import from here only. Reading compose files (compose.ts, load.ts,
 * discover.ts) pulls in the YAML parser: the CLI imports those on demand, so
 * a check without --compose does not pay for them.
 */
export type * from './types.ts';
export * from './query.ts';
