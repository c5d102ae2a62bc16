import { describe, it, expect } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFileAtomic, replaceFileAtomic } from '../../src/io/atomic-write.ts';
import { freshDirs } from '../support/temp-tree.ts';

const fresh = freshDirs('zd-atomic-');
const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });
const code = (f: () => void) => {
  try {
    f();
  } catch (e) {
    return (e as NodeJS.ErrnoException).code;
  }
  return 'no error';
};

describe('replaceFileAtomic', () => {
  it('creates, then replaces, with the mode asked for and no temp file left', () => {
    const d = fresh();
    const f = join(d, 'a.json');
    replaceFileAtomic(f, '{"v":1}', { mode: 0o600 });
    replaceFileAtomic(f, Buffer.from('{"v":2}'), { mode: 0o600, fsync: false });
    expect(readFileSync(f, 'utf8')).toBe('{"v":2}');
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(readdirSync(d)).toEqual(['a.json']);
  });

  it('a failed rename leaves what was there and no temp file', () => {
    const d = fresh();
    mkdirSync(join(d, 'sub'));
    writeFileSync(join(d, 'sub', 'keep'), 'x');
    // a file cannot be renamed over a directory
    expect(code(() => replaceFileAtomic(join(d, 'sub'), 'y', { mode: 0o600 }))).toBe('EISDIR');
    expect(readdirSync(d)).toEqual(['sub']);
    expect(readdirSync(join(d, 'sub'))).toEqual(['keep']);
  });
});

describe('createFileAtomic', () => {
  it('creates the file and leaves no temp file', () => {
    const d = fresh();
    const f = join(d, 'hmac.key');
    createFileAtomic(f, Buffer.from('k'), { mode: 0o600 });
    expect(readFileSync(f, 'utf8')).toBe('k');
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(readdirSync(d)).toEqual(['hmac.key']);
  });

  it('EEXIST when the name exists, even as a dangling symlink; nothing overwritten, no temp file', () => {
    const d = fresh();
    writeFileSync(join(d, 'a'), 'theirs');
    symlinkSync('nowhere', join(d, 'b'));
    expect(code(() => createFileAtomic(join(d, 'a'), Buffer.from('ours'), { mode: 0o600 }))).toBe('EEXIST');
    expect(code(() => createFileAtomic(join(d, 'b'), Buffer.from('ours'), { mode: 0o600 }))).toBe('EEXIST');
    expect(readFileSync(join(d, 'a'), 'utf8')).toBe('theirs');
    expect(readdirSync(d).sort()).toEqual(['a', 'b']);
  });

  it('a file system without hard links: exclusive create, then write', () => {
    const d = fresh();
    const f = join(d, 'a');
    const link = () => {
      throw errno('EPERM');
    };
    createFileAtomic(f, Buffer.from('ours'), { mode: 0o600, ops: { link } });
    expect(readFileSync(f, 'utf8')).toBe('ours');
    expect(readdirSync(d)).toEqual(['a']);
    expect(code(() => createFileAtomic(f, Buffer.from('again'), { mode: 0o600, ops: { link } }))).toBe('EEXIST');
    expect(readFileSync(f, 'utf8')).toBe('ours');
    expect(readdirSync(d)).toEqual(['a']);
  });

  it('no temp file: the error of its creation, nothing written', () => {
    const d = fresh();
    const openTemp = () => {
      throw errno('EROFS');
    };
    expect(code(() => createFileAtomic(join(d, 'a'), Buffer.from('x'), { mode: 0o600, ops: { openTemp } }))).toBe('EROFS');
    expect(readdirSync(d)).toEqual([]);
  });
});
