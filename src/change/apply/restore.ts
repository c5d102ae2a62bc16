/**
 * `rollback <rev>`: the current config.ini edited to read as a revision of the history (pure).
 *
 * The history holds secrets only as fingerprint tokens (`‹secret:<fp>›`), never their values. A secret is
 * therefore taken from the CURRENT file: when the current value's fingerprint (the store's keyed HMAC) is
 * the one recorded, it is that value; when the secret changed since the revision, the current secret is
 * kept and a note says so (a rollback never brings back a secret it does not know, and never writes a token).
 * A secret the current file lacks cannot be restored: the key is left as it is, with a note.
 *
 * The file's comments, order and line endings stay: changed values are edited in place, keys the revision
 * lacks are removed, keys only the revision has are added to their section.
 */
import type { Localized } from '../../i18n/index.ts';
import type { IniDocument } from '../../ini/document.ts';
import { canonicalize, hasSecretToken, isSecretConfigKey, type Canonical } from '../../history/index.ts';
import { configSecrets } from '../../zlm/secrets.ts';

const TOKEN = /‹secret:([^›\n]*)›/g;
const PARTS = /:\/\/[^/\s:@?#]*:([^/\s@?#]+)@|(?:^|[?&;])[A-Za-z0-9_.-]+=([^&#\s]*)/g;

export interface RestoredDoc {
  doc: IniDocument;
  notes: Localized[];
  /** secret keys whose current value was kept because it changed since the revision */
  keptSecrets: string[];
  /** secret keys the revision has but the current file lacks (left out) */
  unknownSecrets: string[];
}

export function restoreDoc(current: IniDocument, target: Canonical, fingerprint: (v: string) => string): RestoredDoc {
  const opts = { fingerprint };
  const cur = current.toMap();
  const curCanon = canonicalize(current, opts).entries;
  let doc = current;
  // every secret the current file holds, by fingerprint
  const known = new Map<string, string>();
  for (const v of [...configSecrets(current), ...[...cur].filter(([k]) => isSecretConfigKey(k)).map(([, v]) => v)]) if (v) known.set(fingerprint(v), v);
  // secrets inside values (URL userinfo passwords, secret= in query strings and admin_params): every candidate
  // substring; only one whose fingerprint was recorded is ever used
  for (const v of cur.values()) for (const m of v.matchAll(PARTS)) for (const c of [m[1], m[2]]) if (c && !known.has(fingerprint(c))) known.set(fingerprint(c), c);
  const keptSecrets: string[] = [];
  const unknownSecrets: string[] = [];
  for (const [key, want] of target.entries) {
    if (curCanon.get(key) === want) continue; // already so (a secret included: same fingerprint)
    const now = cur.get(key);
    if (!hasSecretToken(want)) {
      if (now !== want) doc = doc.set(key, want);
      continue;
    }
    // a secret in the revision: only a secret the current file holds can supply it (same fingerprint)
    const resolved = want.replace(TOKEN, (m, fp: string) => known.get(fp) ?? m);
    if (!hasSecretToken(resolved)) {
      if (now !== resolved) doc = doc.set(key, resolved);
    } else if (now === undefined) unknownSecrets.push(key);
    else keptSecrets.push(key); // the secret changed since the revision: keep the current value
  }
  for (const key of curCanon.keys()) if (!target.entries.has(key)) doc = doc.remove(key);
  const notes: Localized[] = [];
  if (keptSecrets.length) {
    notes.push({
      en: `${keptSecrets.join(', ')}: the secret changed since that revision; the history holds only its fingerprint, so the CURRENT secret is kept`,
      zh: `${keptSecrets.join('、')}：密钥在该修订之后已改变；历史中只保存其指纹，因此保留当前密钥`,
    });
  }
  if (unknownSecrets.length) {
    notes.push({
      en: `${unknownSecrets.join(', ')}: a secret at that revision that the current file lacks; it cannot be restored from the history (fingerprints only): set it by hand`,
      zh: `${unknownSecrets.join('、')}：该修订中的密钥在当前文件中不存在；无法从历史恢复（只有指纹）：请手动设置`,
    });
  }
  return { doc, notes, keptSecrets, unknownSecrets };
}
