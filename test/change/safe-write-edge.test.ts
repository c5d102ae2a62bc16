/**
 * Writes where a plain rename is wrong or impossible: a symlinked config.ini,
 * a single-file bind mount (rename gives EBUSY), a directory that takes no
 * backup (EROFS/EACCES: we run as root, so the failure is injected), and the
 * byte-for-byte restore.
 */
import { describe, it, expect } from 'vitest';
import { lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConcurrentModificationError, SafeWriteError, restoreFromBackup, writeFileSafely } from '../../src/change/safe-write.ts';
import { commitWrites } from '../../src/change/commit.ts';
import { freshDirs } from '../support/temp-tree.ts';

const fresh = freshDirs('zd-swe-');
const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

describe('safe write: symlinks', () => {
  it('writes the target through the link, keeps the link a link, and backs up beside the target', () => {
    const d = fresh();
    mkdirSync(join(d, 'real'));
    mkdirSync(join(d, 'conf'));
    const target = join(d, 'real', 'config.ini');
    const link = join(d, 'conf', 'config.ini');
    writeFileSync(target, '[http]\nport=80\n');
    symlinkSync('../real/config.ini', link);
    const r = writeFileSafely(link, '[http]\nport=8080\n', { expected: readFileSync(link) });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('[http]\nport=8080\n');
    expect(r.target).toBe(join(d, 'real', 'config.ini'));
    expect(r.mode).toBe('atomic');
    expect(r.backupPath!.startsWith(join(d, 'real', 'config.ini.bak-'))).toBe(true);
    expect(readFileSync(r.backupPath!, 'utf8')).toBe('[http]\nport=80\n');
    expect(readdirSync(join(d, 'conf'))).toEqual(['config.ini']);
  });

  it('a dangling link is one clear line, not a crash', () => {
    const d = fresh();
    symlinkSync(join(d, 'gone.ini'), join(d, 'config.ini'));
    expect(() => writeFileSafely(join(d, 'config.ini'), 'x', { expected: Buffer.from('') })).toThrow(SafeWriteError);
    try {
      writeFileSafely(join(d, 'config.ini'), 'x', { expected: Buffer.from('') });
    } catch (e) {
      expect((e as Error).message).toMatch(/missing; nothing was written/);
      expect((e as Error).message).not.toMatch(/\n/);
    }
  });
});

describe('safe write: where a rename cannot work', () => {
  for (const code of ['EBUSY', 'EXDEV']) {
    it(`writes in place when the rename fails with ${code} (single-file bind mount), same inode, no temp left`, () => {
      const d = fresh();
      const f = join(d, 'config.ini');
      writeFileSync(f, 'port=80\nlonger line that will be cut\n');
      const ino = statSync(f).ino;
      const r = writeFileSafely(f, 'port=81\n', {
        expected: readFileSync(f),
        fs: {
          rename: () => {
            throw errno(code);
          },
        },
      });
      expect(r.mode).toBe('in-place');
      expect(r.inPlaceReason).toBe(code);
      expect(readFileSync(f, 'utf8')).toBe('port=81\n');
      expect(statSync(f).ino).toBe(ino);
      expect(readdirSync(d).filter((x) => x.endsWith('.tmp'))).toEqual([]);
      expect(readFileSync(r.backupPath!, 'utf8')).toBe('port=80\nlonger line that will be cut\n');
    });
  }

  it('in place still refuses a file that changed since it was read', () => {
    const d = fresh();
    const f = join(d, 'config.ini');
    writeFileSync(f, 'a\n');
    const expected = readFileSync(f);
    expect(() =>
      writeFileSafely(f, 'b\n', {
        expected,
        backup: false,
        fs: {
          rename: (from) => {
            // another writer comes in between our temp file and the rename
            writeFileSync(f, 'theirs\n');
            rmSync(from);
            throw errno('EBUSY');
          },
        },
      }),
    ).toThrow(ConcurrentModificationError);
    expect(readFileSync(f, 'utf8')).toBe('theirs\n');
  });

  it('writes in place when the directory takes no temp file, with the backup elsewhere', () => {
    const d = fresh();
    const bk = fresh();
    const f = join(d, 'config.ini');
    writeFileSync(f, 'a\n');
    const r = writeFileSafely(f, 'b\n', {
      expected: readFileSync(f),
      backupDir: bk,
      fs: {
        openTemp: () => {
          throw errno('EROFS');
        },
      },
    });
    expect(r.mode).toBe('in-place');
    expect(readFileSync(f, 'utf8')).toBe('b\n');
    expect(r.backupPath!.startsWith(join(bk, 'config.ini.bak-'))).toBe(true);
    expect(readFileSync(r.backupPath!, 'utf8')).toBe('a\n');
  });
});

describe('safe write: a backup that cannot be written', () => {
  for (const code of ['EROFS', 'EACCES']) {
    it(`${code}: one line that offers --backup-dir, and nothing written`, () => {
      const d = fresh();
      const f = join(d, 'config.ini');
      writeFileSync(f, 'a\n');
      let err: unknown;
      try {
        writeFileSafely(f, 'b\n', {
          expected: readFileSync(f),
          fs: {
            copyFile: () => {
              throw errno(code);
            },
          },
        });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SafeWriteError);
      const msg = (err as Error).message;
      expect(msg).toMatch(/cannot write the backup/);
      expect(msg).toMatch(/--backup-dir DIR/);
      expect(msg).toContain(`(${code})`);
      expect(msg).not.toMatch(/\n/);
      expect((err as SafeWriteError).step).toBe('backup');
      expect(readFileSync(f, 'utf8')).toBe('a\n');
      expect(readdirSync(d)).toEqual(['config.ini']);
    });
  }

  it('a --backup-dir that does not exist is the same kind of line', () => {
    const d = fresh();
    const f = join(d, 'config.ini');
    writeFileSync(f, 'a\n');
    expect(() => writeFileSafely(f, 'b\n', { expected: readFileSync(f), backupDir: join(d, 'nope') })).toThrow(/cannot write the backup .*no such file or directory \(ENOENT\); nothing was written/);
    expect(readFileSync(f, 'utf8')).toBe('a\n');
  });
});

describe('restore and multi-file commits', () => {
  it('restores the backup byte for byte (CRLF, BOM, no final newline)', () => {
    const d = fresh();
    const f = join(d, 'config.ini');
    const orig = Buffer.from('\uFEFF[api]\r\nsecret=abc\r\napiDebug=1', 'utf8');
    writeFileSync(f, orig);
    const data = Buffer.from('[api]\nsecret=xyz\n');
    const r = writeFileSafely(f, data, { expected: orig });
    restoreFromBackup(f, r.backupPath!, data);
    expect(readFileSync(f).equals(orig)).toBe(true);
  });

  it('a failure on the second file puts the first one back', () => {
    const d = fresh();
    const a = join(d, 'config.ini');
    const b = join(d, 'application.yml');
    writeFileSync(a, 'a=1\n');
    writeFileSync(b, 'b: 1\n');
    let calls = 0;
    expect(() =>
      commitWrites(
        [
          { file: a, expected: readFileSync(a), data: Buffer.from('a=2\n') },
          { file: b, expected: readFileSync(b), data: Buffer.from('b: 2\n') },
        ],
        {
          fs: {
            rename: (from, to) => {
              if (++calls === 2) throw errno('EIO');
              renameSync(from, to);
            },
          },
        },
      ),
    ).toThrow(/EIO/);
    expect(readFileSync(a, 'utf8')).toBe('a=1\n');
    expect(readFileSync(b, 'utf8')).toBe('b: 1\n');
  });
});

describe('safe write: create mode (expected: null)', () => {
  it('creates the file with the mode asked for, no temp file left', () => {
    const d = fresh();
    const f = join(d, 'config.ini');
    const r = writeFileSafely(f, 'a=1\n', { expected: null, createMode: 0o640 });
    expect(r).toEqual({ target: f, mode: 'atomic' });
    expect(readFileSync(f, 'utf8')).toBe('a=1\n');
    expect(statSync(f).mode & 0o777).toBe(0o640 & ~process.umask());
    expect(readdirSync(d)).toEqual(['config.ini']);
  });

  it('refuses a name that exists, even as a dangling symlink; nothing written', () => {
    const d = fresh();
    writeFileSync(join(d, 'config.ini'), 'theirs\n');
    symlinkSync('nowhere.ini', join(d, 'link.ini'));
    expect(() => writeFileSafely(join(d, 'config.ini'), 'ours\n', { expected: null })).toThrow(ConcurrentModificationError);
    expect(() => writeFileSafely(join(d, 'link.ini'), 'ours\n', { expected: null })).toThrow(ConcurrentModificationError);
    expect(readFileSync(join(d, 'config.ini'), 'utf8')).toBe('theirs\n');
    expect(readdirSync(d).sort()).toEqual(['config.ini', 'link.ini']);
  });

  it('a file that appears between the check and the link wins; our temp file goes', () => {
    const d = fresh();
    const f = join(d, 'config.ini');
    const link = (from: string, to: string) => {
      writeFileSync(to, 'theirs\n');
      lstatSync(from);
      throw errno('EEXIST');
    };
    expect(() => writeFileSafely(f, 'ours\n', { expected: null, fs: { link } })).toThrow(ConcurrentModificationError);
    expect(readFileSync(f, 'utf8')).toBe('theirs\n');
    expect(readdirSync(d)).toEqual(['config.ini']);
  });

  it('a file system without hard links: exclusive create, 0600 by default', () => {
    const d = fresh();
    const f = join(d, 'config.ini');
    writeFileSafely(f, 'a=1\n', {
      expected: null,
      fs: {
        link: () => {
          throw errno('EPERM');
        },
      },
    });
    expect(readFileSync(f, 'utf8')).toBe('a=1\n');
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(readdirSync(d)).toEqual(['config.ini']);
  });

  it('a directory that takes no new file: one line, nothing written', () => {
    const d = fresh();
    const f = join(d, 'config.ini');
    const run = () =>
      writeFileSafely(f, 'a=1\n', {
        expected: null,
        fs: {
          openTemp: () => {
            throw errno('EROFS');
          },
        },
      });
    expect(run).toThrow(SafeWriteError);
    expect(run).toThrow(/^cannot create .*config\.ini: read-only file system \(EROFS\); [^\n]*$/);
    expect(readdirSync(d)).toEqual([]);
  });
});
