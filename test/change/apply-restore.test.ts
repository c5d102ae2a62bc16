/**
 * rollback's restore (pure) and the apply lock: secrets from the current file only (by fingerprint),
 * never a token written; comments and order kept; a second lock waits, then is refused at its bound.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireApplyLock, applyLockPaths } from '../../src/change/apply/index.ts';
import { restoreDoc } from '../../src/change/apply/restore.ts';
import { canonicalize, plainFingerprint } from '../../src/history/index.ts';
import { IniDocument } from '../../src/ini/document.ts';

const OPTS = { fingerprint: plainFingerprint };
const S1 = 'Aq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE';
const S2 = 'Bz1vK2mN5pR7tW9yB3dF6hJ1lC4xG0sQ';
const OLD = `; the production file\n[api]\nsecret=${S1}\n[hook]\n; WVP\non_play=http://127.0.0.1:18080/on_play\non_publish=http://u:pw1@127.0.0.1:18080/p?secret=${S1}\n[rtsp]\nport=554\n`;

describe('restoreDoc', () => {
  it('values back in place, comments and order kept, an added key removed; an unchanged secret is the current one', () => {
    const rev = canonicalize(IniDocument.parse(OLD), OPTS);
    const now = IniDocument.parse(OLD.replace('on_play=http://127.0.0.1:18080/on_play', 'on_play=http://127.0.0.1:18080/v2').replace('port=554', 'port=8554\nextra=1'));
    const r = restoreDoc(now, rev, plainFingerprint);
    expect(r.doc.text).toBe(OLD);
    expect(r.notes).toEqual([]);
  });

  it('a secret that changed since the revision: the current one is kept, said; never a token written', () => {
    const rev = canonicalize(IniDocument.parse(OLD), OPTS);
    const now = IniDocument.parse(OLD.replaceAll(S1, S2).replace('pw1', 'pw2').replace('port=554', 'port=8554'));
    const r = restoreDoc(now, rev, plainFingerprint);
    expect(r.doc.get('rtsp.port')).toBe('554');
    expect(r.doc.get('api.secret')).toBe(S2);
    expect(r.doc.get('hook.on_publish')).toContain('pw2');
    expect(r.keptSecrets.sort()).toEqual(['api.secret', 'hook.on_publish']);
    expect(r.doc.text).not.toContain('‹secret');
    expect(r.notes[0]!.en).toMatch(/CURRENT secret is kept/);
    expect(r.notes[0]!.zh).toMatch(/保留当前密钥/);
  });

  it('a secret is taken from wherever the current file holds it (same fingerprint); one it lacks is left out', () => {
    const rev = canonicalize(IniDocument.parse(OLD), OPTS);
    const moved = OLD.replace('/p?secret=', '/moved?secret=').replace(`[api]\nsecret=${S1}\n`, '[api]\n');
    const r = restoreDoc(IniDocument.parse(moved), rev, plainFingerprint);
    expect(r.doc.get('hook.on_publish')).toBe(`http://u:pw1@127.0.0.1:18080/p?secret=${S1}`);
    expect(r.doc.get('api.secret')).toBe(S1);
    const lacking = OLD.replace(`?secret=${S1}`, `?secret=${S2}`).replace(`[api]\nsecret=${S1}\n`, '[api]\n');
    const q = restoreDoc(IniDocument.parse(lacking), rev, plainFingerprint);
    expect(q.unknownSecrets).toEqual(['api.secret']);
    expect(q.keptSecrets).toEqual(['hook.on_publish']);
    expect(q.doc.has('api.secret')).toBe(false);
    expect(q.notes.at(-1)!.en).toMatch(/set it by hand/);
  });
});

describe('acquireApplyLock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zd-apply-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a second apply waits for the first, then gets the lock; at its bound it is refused naming the holder', async () => {
    const cfg = join(dir, 'config.ini');
    writeFileSync(cfg, '');
    const a = await acquireApplyLock(cfg, { waitMs: 1000 });
    expect(a.ok).toBe(true);
    const refused = await acquireApplyLock(cfg, { waitMs: 300 });
    expect(refused).toMatchObject({ ok: false, holder: process.pid });
    expect(refused.waitedMs).toBeGreaterThanOrEqual(300);
    const waiting = acquireApplyLock(cfg, { waitMs: 5000 });
    setTimeout(() => a.ok && a.release(), 300);
    const b = await waiting;
    expect(b.ok).toBe(true);
    expect(b.waitedMs).toBeGreaterThanOrEqual(200);
    if (b.ok) b.release();
    expect(readdirSync(dir)).toEqual(['config.ini']);
  });

  it('a lock left by a dead process is taken over; an unwritable directory uses the state dir', async () => {
    const cfg = join(dir, 'config.ini');
    const [beside] = applyLockPaths(cfg);
    writeFileSync(beside!, JSON.stringify({ pid: 2 ** 22 + 12345 }));
    const l = await acquireApplyLock(cfg, { waitMs: 1000 });
    expect(l.ok).toBe(true);
    if (l.ok) l.release();
    const state = mkdtempSync(join(tmpdir(), 'zd-apply-state-'));
    try {
      const m = await acquireApplyLock(join(dir, 'no-such-dir', 'config.ini'), { waitMs: 500, stateDir: state });
      expect(m.ok).toBe(true);
      expect(m.path.startsWith(state)).toBe(true);
      if (m.ok) m.release();
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });
});
