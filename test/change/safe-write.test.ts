import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, statSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileSafely, backupName } from '../../src/change/safe-write.ts';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe('safe write', () => {
  it('keeps a byte-identical backup, preserves the mode, and keeps only the last 10 backups', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zd-sw-'));
    made.push(dir);
    const f = join(dir, 'config.ini');
    writeFileSync(f, 'v=0\r\n');
    chmodSync(f, 0o640);
    for (let i = 1; i <= 12; i++) {
      const before = readFileSync(f);
      const now = new Date(Date.UTC(2026, 10, 23, 20, 0, i));
      const r = writeFileSafely(f, `v=${i}\r\n`, { expected: before, now });
      expect(r.backupPath).toBe(backupName(f, now));
      expect(readFileSync(r.backupPath!).equals(before)).toBe(true);
    }
    expect(readFileSync(f, 'utf8')).toBe('v=12\r\n');
    expect(statSync(f).mode & 0o777).toBe(0o640);
    const backups = readdirSync(dir).filter((n) => n.startsWith('config.ini.bak-')).sort();
    expect(backups).toHaveLength(10);
    expect(backups[0]).toBe('config.ini.bak-20261123T200003Z');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('two writes in the same second get distinct backups', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zd-sw2-'));
    made.push(dir);
    const f = join(dir, 'config.ini');
    writeFileSync(f, 'a\n');
    const now = new Date(Date.UTC(2026, 10, 23, 20, 0, 0));
    writeFileSafely(f, 'b\n', { expected: readFileSync(f), now });
    writeFileSafely(f, 'c\n', { expected: readFileSync(f), now });
    const backups = readdirSync(dir).filter((n) => n.includes('.bak-')).sort();
    expect(backups).toHaveLength(2);
    expect(backups.map((b) => readFileSync(join(dir, b), 'utf8')).sort()).toEqual(['a\n', 'b\n']);
  });
});
