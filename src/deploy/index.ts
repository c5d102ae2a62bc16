/**
 * Deployment context (docker-compose, .env): public entry of src/deploy.
 * Features import from here only.
 */
export type * from './types.ts';
export * from './query.ts';
