/**
 * `zlm-doctor watch` as the shipped executable: a real process that records a
 * change and stops cleanly (exit 0) on SIGTERM and on SIGINT.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDist, type Built } from '../cli/built.ts';
import { freshDirs } from '../support/temp-tree.ts';

const fresh = freshDirs('zd-watchbin-');
const config = (t: number) => ['[api]', 'secret=Rt5yU8iO1pA4sD7fG0hJ3kL6zX9cV2bN', '', '[hook]', 'enable=1', `timeoutSec=${t}`, ''].join('\n');

async function until(cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('zlm-doctor watch (built executable)', () => {
  let built: Built;
  beforeAll(() => {
    built = buildDist();
  }, 120_000);
  afterAll(() => built?.remove());

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`records a change, then stops cleanly on ${signal}`, { timeout: 30_000 }, async () => {
      const d = fresh();
      const file = join(d, 'config.ini');
      writeFileSync(file, config(10));
      const child = spawn(process.execPath, [built.bin, 'watch', file, '--debounce', '100', '--state-dir', join(d, 'state')], { env: { PATH: process.env.PATH, LANG: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      try {
        await until(() => err.includes('watching 1 file(s)'));
        expect(out).toMatch(/\(baseline\) {2}operator: api\.secret, hook\.enable, hook\.timeoutSec\n$/);
        writeFileSync(file, config(20));
        await until(() => out.split('\n').length === 3);
        expect(out.split('\n')[1]).toMatch(/operator: hook\.timeoutSec$/);
        child.kill(signal);
        expect(await exited).toBe(0);
        expect(err).toContain('watch stopped');
        expect(out + err).not.toContain('Rt5yU8iO1pA4');
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });
  }
});
