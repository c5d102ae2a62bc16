/**
 * Builds the shipped executable into a temp dir of its own (never over a dist/
 * another test or a developer is running), for tests that spawn it.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');

export interface Built {
  /** the temp dir holding dist/ */
  dir: string;
  /** dist/cli.cjs, the package's bin */
  bin: string;
  dist: string;
  remove(): void;
}

export function buildDist(): Built {
  const dir = mkdtempSync(join(tmpdir(), 'zd-built-'));
  // readable by an unprivileged user too (mkdtemp makes it 0700)
  chmodSync(dir, 0o755);
  const dist = join(dir, 'dist');
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--outdir', dist], { cwd: ROOT });
  return { dir, dist, bin: join(dist, 'cli.cjs'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
