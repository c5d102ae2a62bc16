/**
 * Temporary directories laid out from a map of relative path → text, removed
 * after each test of the file that uses them.
 */
import { afterAll, afterEach } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Returns a function that writes `files` into a new temp dir (named after `prefix`) and gives its path. */
export function tempTrees(prefix: string): (files: Record<string, string>) => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return (files) => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(d);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(d, name, '..'), { recursive: true });
      writeFileSync(join(d, name), text);
    }
    return d;
  };
}

/** Returns a function that makes a new empty directory under one temp root, removed after the file's tests. */
export function freshDirs(prefix: string): () => string {
  // made on first use: in a file whose tests are all skipped (no ../shared), vitest runs no afterAll either
  let root: string | undefined;
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });
  let n = 0;
  return () => {
    const d = join((root ??= mkdtempSync(join(tmpdir(), prefix))), `t${n++}`);
    mkdirSync(d);
    return d;
  };
}
