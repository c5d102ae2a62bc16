/**
 * `../shared` (corpus, cases, reference recordings, the real MediaServer) sits
 * beside the checkout in CI and on developer machines, not in a bare clone.
 * Suites that need it use these helpers, so a bare clone skips them with one
 * line naming what is missing instead of failing with ENOENT.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'vitest';

export const SHARED_DIR = resolve(import.meta.dirname, '../../../shared');

/** Absolute path of a file or folder under ../shared. */
export function sharedPath(...parts: string[]): string {
  return join(SHARED_DIR, ...parts);
}

export function hasShared(...parts: string[]): boolean {
  return existsSync(sharedPath(...parts));
}

/**
 * `describe` when ../shared/<parts> exists, otherwise one skipped suite whose
 * title says what is missing.
 */
export function describeShared(parts: string | string[], title: string, fn: () => void): void {
  const p = Array.isArray(parts) ? parts : [parts];
  if (hasShared(...p)) describe(title, fn);
  // the body is not run: it may read ../shared while collecting its tests
  else it.skip(`${title} (skipped: ../shared/${p.join('/')} not found beside the checkout)`, () => {});
}

/** The real MediaServer: $ZLM_MEDIASERVER, else ../shared/zlm/MediaServer; undefined when absent. */
export function mediaServerPath(): string | undefined {
  const env = process.env.ZLM_MEDIASERVER;
  if (env && existsSync(env)) return env;
  const p = sharedPath('zlm', 'MediaServer');
  return existsSync(p) ? p : undefined;
}
