/**
 * The per-state HMAC key (32 random bytes, file 0600) behind every secret's
 * fingerprint: a fingerprint shows that a secret changed, and when, without
 * revealing it, and is useless to anyone without this state directory.
 */
import { readFileSync } from 'node:fs';
import { createHmac, randomBytes } from 'node:crypto';
import { createFileAtomic } from '../../io/atomic-write.ts';
import { StoreError } from './errors.ts';
import { ioError } from './paths.ts';

export const KEY_BYTES = 32;
/** hex digits of a fingerprint (48 bits: a changed secret goes unnoticed once in 2^48) */
export const FINGERPRINT_HEX = 12;

export function readKey(path: string): Buffer | undefined {
  try {
    const k = readFileSync(path);
    if (k.length !== KEY_BYTES) {
      throw new StoreError(
        `${path} is damaged (${k.length} bytes, expected ${KEY_BYTES}); restore it from a backup: without it, new fingerprints no longer match the old ones`,
        `${path} 已损坏（${k.length} 字节，应为 ${KEY_BYTES}）；请从备份恢复：没有它，新的指纹将与旧指纹无法对应`,
        'damaged',
      );
    }
    return k;
  } catch (e) {
    if (e instanceof StoreError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw ioError(path, e);
  }
}

/** The key, created when absent: atomically, never over another's (O_EXCL semantics), 0600. */
export function loadOrCreateKey(path: string): Buffer {
  const have = readKey(path);
  if (have) return have;
  const k = randomBytes(KEY_BYTES);
  try {
    createFileAtomic(path, k, { mode: 0o600 });
    return k;
  } catch (e) {
    // another process created it first: use theirs
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return readKey(path)!;
    throw ioError(path, e);
  }
}

/** The fingerprint function given to canonicalize(): keyed, short, stable per state directory. */
export function fingerprinter(key: Buffer): (secret: string) => string {
  return (secret) => createHmac('sha256', key).update(secret, 'utf8').digest('hex').slice(0, FINGERPRINT_HEX);
}
