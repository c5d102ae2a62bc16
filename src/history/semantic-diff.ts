/**
 * Key-level diff of two canonical configs (canonical.ts): what changed, which
 * changes are risky, and what it takes for ZLM to use the new value.
 *
 * Reload class comes from the key catalogue (src/zlm/catalogue.ts): live →
 * 'live', new → 'new-streams', start → 'restart'. A key the catalogue does not
 * know (a typo, a legacy name, a key of another build) is read by no ZLM code
 * we know of: changing it needs no restart, so it is 'live' with known=false,
 * and the text output says "not read by ZLM" instead of pretending it acts.
 *
 * Secrets are tokens already (`‹secret:<fp>›`); secretChangeText turns a
 * secret change into `‹secret changed: a1b2 → c3d4›` (short fingerprints).
 */
import { keyDef, legacyDef } from '../zlm/catalogue.ts';
import { compareKeys, isSecretConfigKey, tokenFingerprint, type Canonical } from './canonical.ts';

export type ChangeKind = 'added' | 'removed' | 'changed';
export type Reload = 'live' | 'new-streams' | 'restart';

export interface KeyChange {
  key: string;
  kind: ChangeKind;
  risky: boolean;
  reload: Reload;
  /** absent when added */
  before?: string;
  /** absent when removed */
  after?: string;
  /** false: the catalogue does not know the key, so no ZLM code reads it */
  known: boolean;
}

const RELOAD: Record<'live' | 'new' | 'start', Reload> = { live: 'live', new: 'new-streams', start: 'restart' };

export function reloadOf(key: string): { reload: Reload; known: boolean } {
  const d = keyDef(key);
  if (!d) return { reload: 'live', known: false };
  return { reload: RELOAD[d.reload], known: true };
}

function name(key: string): string {
  return key.slice(key.indexOf('.') + 1);
}

/** Hooks, secrets, the server id, ports, port ranges and IP allow-lists. */
export function isRiskyKey(key: string): boolean {
  if (isSecretConfigKey(key)) return true;
  if (key.startsWith('hook.') && (key.startsWith('hook.on_') || key === 'hook.enable' || key === 'hook.admin_params')) return true;
  if (key === 'general.mediaServerId') return true;
  const d = keyDef(key);
  if (d && (d.type === 'port' || d.type === 'range')) return true;
  const n = name(key);
  if (/allow_?ip_?range/i.test(n)) return true;
  // unknown and legacy names that still say what they are (rtc.portRange, a build's own *_port)
  if (!d && (/(^|_)port(_?range)?$/i.test(n) || /[a-z]Port(Range)?$/.test(n))) return true;
  return false;
}

const RANK: Record<ChangeKind, number> = { changed: 0, added: 1, removed: 2 };

/** Every key whose value differs, risky first, then by section and key. */
export function semanticDiff(a: Canonical, b: Canonical): KeyChange[] {
  const out: KeyChange[] = [];
  for (const [key, before] of a.entries) {
    const after = b.entries.get(key);
    if (after === before) continue;
    const { reload, known } = reloadOf(key);
    const risky = isRiskyKey(key);
    if (after === undefined) out.push({ key, kind: 'removed', risky, reload, before, known });
    else out.push({ key, kind: 'changed', risky, reload, before, after, known });
  }
  for (const [key, after] of b.entries) {
    if (a.entries.has(key)) continue;
    const { reload, known } = reloadOf(key);
    out.push({ key, kind: 'added', risky: isRiskyKey(key), reload, after, known });
  }
  return out.sort((x, y) => Number(y.risky) - Number(x.risky) || compareKeys(x.key, y.key) || RANK[x.kind] - RANK[y.kind]);
}

/** Shortest prefixes (at least 4) that tell two fingerprints apart. */
function shortPair(a: string, b: string): [string, string] {
  let n = Math.min(4, a.length, b.length);
  while (n < Math.max(a.length, b.length) && a.slice(0, n) === b.slice(0, n)) n++;
  return [a.slice(0, n), b.slice(0, n)];
}

/**
 * `‹secret changed: a1b2 → c3d4›`, `‹secret set: a1b2›`, `‹secret removed: a1b2›` for a
 * change of a whole secret value; undefined when neither side is a secret token.
 */
export function secretChangeText(c: Pick<KeyChange, 'kind' | 'before' | 'after'>): string | undefined {
  const fa = tokenFingerprint(c.before);
  const fb = tokenFingerprint(c.after);
  if (fa === undefined && fb === undefined) return undefined;
  if (fa !== undefined && fb !== undefined) {
    const [x, y] = shortPair(fa, fb);
    return `‹secret changed: ${x} → ${y}›`;
  }
  if (fa !== undefined) return c.after === '' ? `‹secret cleared: ${fa.slice(0, 4)}›` : c.after === undefined ? `‹secret removed: ${fa.slice(0, 4)}›` : undefined;
  return c.before === '' || c.before === undefined ? `‹secret set: ${fb!.slice(0, 4)}›` : undefined;
}

/** Whether the key is a legacy name ZLM no longer reads (for the text output). */
export function isLegacyKey(key: string): boolean {
  return legacyDef(key) !== undefined;
}
