import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeRendered } from '../../src/change/index.ts';
import { ConcurrentModificationError } from '../../src/change/safe-write.ts';
import { freshDirs } from '../support/temp-tree.ts';

const fresh = freshDirs('zd-render-write-');
const data = Buffer.from('[api]\nsecret=a-long-secret-1234\n');

describe('writeRendered', () => {
  it('creates a new file 0600 and leaves no temp file', () => {
    const d = fresh();
    const r = writeRendered(join(d, 'config.ini'), data, undefined);
    expect(r).toMatchObject({ created: true, unchanged: false });
    expect(readFileSync(join(d, 'config.ini'))).toEqual(data);
    expect(statSync(join(d, 'config.ini')).mode & 0o777).toBe(0o600);
    expect(readdirSync(d)).toEqual(['config.ini']);
  });

  it('refuses a file that appeared since it was read (absent then)', () => {
    const d = fresh();
    writeFileSync(join(d, 'config.ini'), 'someone else\n');
    expect(() => writeRendered(join(d, 'config.ini'), data, undefined)).toThrow(ConcurrentModificationError);
    expect(readFileSync(join(d, 'config.ini'), 'utf8')).toBe('someone else\n');
    expect(readdirSync(d)).toEqual(['config.ini']);
  });

  it('refuses a file that changed since it was read; writes nothing, keeps no backup', () => {
    const d = fresh();
    const out = join(d, 'config.ini');
    writeFileSync(out, 'changed\n');
    expect(() => writeRendered(out, data, Buffer.from('as read\n'))).toThrow(ConcurrentModificationError);
    expect(readFileSync(out, 'utf8')).toBe('changed\n');
    expect(readdirSync(d)).toEqual(['config.ini']);
  });

  it('writes through a symlink with a backup of the target', () => {
    const d = fresh();
    writeFileSync(join(d, 'real.ini'), 'old\n');
    symlinkSync('real.ini', join(d, 'config.ini'));
    const r = writeRendered(join(d, 'config.ini'), data, Buffer.from('old\n'), { now: new Date('2026-12-01T00:00:00Z') });
    expect(r.target).toBe(join(d, 'real.ini'));
    expect(readFileSync(join(d, 'real.ini'))).toEqual(data);
    expect(readFileSync(join(d, 'real.ini.bak-20261201T000000Z'), 'utf8')).toBe('old\n');
  });

  it('the same bytes again: nothing written, no backup', () => {
    const d = fresh();
    writeFileSync(join(d, 'config.ini'), data);
    expect(writeRendered(join(d, 'config.ini'), data, data)).toMatchObject({ unchanged: true });
    expect(readdirSync(d)).toEqual(['config.ini']);
  });
});
