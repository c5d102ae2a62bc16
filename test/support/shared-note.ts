/**
 * vitest globalSetup: says once, before the run, which suites skip because
 * ../shared (corpus, cases, the real MediaServer) is not beside the checkout.
 */
import { hasShared, mediaServerPath, SHARED_DIR } from './shared.ts';

export default function setup(): void {
  const missing: string[] = [];
  if (!hasShared()) missing.push(`${SHARED_DIR} (corpus, cases and real-deployment suites)`);
  else {
    for (const p of ['corpus', 'cases']) if (!hasShared(p)) missing.push(`../shared/${p}`);
  }
  if (!mediaServerPath()) missing.push('the real MediaServer (../shared/zlm/MediaServer or $ZLM_MEDIASERVER: real-server suites)');
  if (missing.length) process.stderr.write(`zlm-doctor tests: skipping what needs ${missing.join('; ')} - not found\n`);
}
