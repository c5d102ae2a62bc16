/**
 * better-sqlite3, loaded on first use: it is a native module, so it is an
 * optional dependency that dist/ cannot bundle. Without it only `serve`
 * (which needs it) stops, with one clear line.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

export type Database = BetterSqlite3.Database;

export class SqliteMissingError extends Error {
  constructor(cause: unknown) {
    super('serve needs better-sqlite3: npm install better-sqlite3 (serve 需要 better-sqlite3：npm install better-sqlite3)', { cause });
  }
}

let ctor: typeof BetterSqlite3 | undefined;

export function openSqlite(file: string): Database {
  if (!ctor) {
    try {
      ctor = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
    } catch (e) {
      throw new SqliteMissingError(e);
    }
  }
  return new ctor(file);
}
