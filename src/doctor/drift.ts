/**
 * Live (getServerConfig) against the file: which keys differ and why.
 * Pure: the caller supplies the file, the live values and the timestamps.
 */
import type { IniDocument } from '../ini/document.ts';
import { keyDef } from '../zlm/catalogue.ts';

export type DriftReason =
  /** the file was edited after the server loaded it: SIGHUP (or apply) loads it */
  | 'not-reloaded'
  /** ...and the key is read only at start-up: a restart is needed */
  | 'restart-needed'
  /** the running value came from setServerConfig (WVP or the API) and the file does not have it */
  | 'changed-at-runtime';

export interface DriftItem {
  key: string;
  file: string | undefined;
  live: string | undefined;
  reason: DriftReason;
  line?: number;
}

export interface DriftInput {
  doc: IniDocument;
  live: Record<string, string>;
  /** file modification time and process start time, when known */
  fileMtimeMs?: number;
  processStartMs?: number;
}

export function compareLive({ doc, live, fileMtimeMs, processStartMs }: DriftInput): DriftItem[] {
  const out: DriftItem[] = [];
  const fileMap = doc.toMap();
  // a file touched after the process started was edited (or rewritten) since it was loaded
  const editedSinceStart = fileMtimeMs !== undefined && processStartMs !== undefined ? fileMtimeMs > processStartMs + 1000 : undefined;
  for (const [key, value] of fileMap) {
    if (key.startsWith('.')) continue;
    const lv = live[key];
    if (lv === value) continue;
    const def = keyDef(key);
    const startOnly = def?.reload === 'start';
    let reason: DriftReason;
    if (editedSinceStart === false) reason = 'changed-at-runtime';
    else reason = startOnly ? 'restart-needed' : 'not-reloaded';
    out.push({ key, file: value, live: lv, reason, line: doc.entry(key)?.line });
  }
  // keys the server holds (set through the API) that the file lacks
  for (const [key, lv] of Object.entries(live)) {
    if (fileMap.has(key) || !keyDef(key) || keyDef(key)!.codeOnly) continue;
    if (keyDef(key)!.builtin === lv || keyDef(key)!.shipped === lv) continue;
    out.push({ key, file: undefined, live: lv, reason: 'changed-at-runtime' });
  }
  return out;
}
