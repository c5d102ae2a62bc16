/**
 * `snapshot`, `history`, `blame` and `show`: the config history (src/history) at the edge.
 * Text output in English or 简体中文, `--format json` as a contract; a store problem is one line
 * on stderr and exit 2.
 */
import { StoreError, HistoryStore, stateDirOrFail, historyJson, blame, snapshot, semanticDiff, parseCanonical, secretChangeText, tokenFingerprint, isFirstRevision, whyText, type KeyChange, type Revision } from '../history/index.ts';
import type { Lang } from '../i18n/index.ts';
import { UsageError, type Io } from './io.ts';
import { parseSince } from './doctor.ts';
import { maxOf } from '../util/arrays.ts';

export interface HistoryCliOptions {
  stateDir?: string;
  format: string;
  lang: Lang;
}

const M = {
  recorded: {
    en: (node: string, rev: string, who: string, n: number, keys: string) => `recorded ${node} revision ${rev} (${who}): ${n} key(s) changed${keys ? `: ${keys}` : ''}`,
    zh: (node: string, rev: string, who: string, n: number, keys: string) => `已记录 ${node} 的修订 ${rev}（${who}）：${n} 个键变更${keys ? `：${keys}` : ''}`,
  },
  first: {
    en: (node: string, rev: string, n: number) => `recorded ${node} revision ${rev}: its first revision, ${n} key(s), the baseline later changes are compared with`,
    zh: (node: string, rev: string, n: number) => `已记录 ${node} 的修订 ${rev}：这是它的第一个修订，共 ${n} 个键，之后的变更都与它比较`,
  },
  unchanged: {
    en: (node: string) => `${node}: nothing significant changed since the last revision; nothing recorded`,
    zh: (node: string) => `${node}：自上一修订以来没有实质变更；未记录`,
  },
  header: {
    en: (node: string, id: string, n: number) => `history of ${node} (${id}): ${n} revision(s), newest first`,
    zh: (node: string, id: string, n: number) => `${node}（${id}）的历史：${n} 个修订，最新在前`,
  },
  blameHeader: { en: (node: string) => `each key of ${node} and the revision that last set it:`, zh: (node: string) => `${node} 的每个键及最后设置它的修订：` },
  noParent: { en: 'first revision of this node: every key was recorded as found', zh: '该节点的第一个修订：所有键按当时的值记录' },
  reason: { en: 'reason', zh: '原因' },
  changes: { en: (n: number) => `${n} change(s):`, zh: (n: number) => `${n} 处变更：` },
  risky: { en: 'risky', zh: '高风险' },
};

const WHO: Record<string, { en: string; zh: string }> = {
  operator: { en: 'operator', zh: '运维人员' },
  wvp: { en: 'WVP push', zh: 'WVP 推送' },
  zlm: { en: 'ZLM self-rewrite', zh: 'ZLM 自行改写' },
  'zlm-doctor': { en: 'zlm-doctor', zh: 'zlm-doctor' },
  mixed: { en: 'mixed', zh: '混合' },
};
const RELOAD: Record<string, { en: string; zh: string }> = {
  live: { en: 'live', zh: '即时生效' },
  'new-streams': { en: 'new streams only', zh: '仅对新流生效' },
  restart: { en: 'restart', zh: '需重启' },
};
const LABELS = {
  en: { revision: 'revision', node: 'node:        ', time: 'time:        ', source: 'source:      ', attribution: 'attribution: ', reason: 'reason:      ', host: 'host:        ', owner: 'owner:       ', mode: 'mode', actor: 'recorded by: ', parent: 'parent:      ' },
  zh: { revision: '修订', node: '节点：  ', time: '时间：  ', source: '来源：  ', attribution: '归因：  ', reason: '原因：  ', host: '主机：  ', owner: '属主：  ', mode: '权限', actor: '记录者：', parent: '父修订：' },
};
const who = (a: string, L: Lang) => WHO[a]?.[L] ?? a;
const short = (rev: string) => rev.slice(0, 12);

function stateDirOf(o: HistoryCliOptions, io: Io): string {
  return stateDirOrFail(o.stateDir, io.env);
}

function checkFormat(f: string): void {
  if (f !== 'text' && f !== 'json') throw new UsageError(`unknown format "${f}" (use text or json)`);
}

/** A store problem: one line, in the user's language, exit 2. */
async function guarded(io: Io, L: Lang, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof StoreError) {
      io.err(`zlm-doctor: ${L === 'zh' ? e.zh : e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** A read command's store (never created by reading). */
function readStore(o: HistoryCliOptions, io: Io): HistoryStore {
  const dir = stateDirOf(o, io);
  const s = HistoryStore.open(dir, { create: false });
  if (!s) throw new StoreError(`no history in ${dir} yet: record one with zlm-doctor snapshot <config.ini>`, `${dir} 中还没有历史：请先用 zlm-doctor snapshot <config.ini> 记录`, 'unknown-node');
  return s;
}

export interface SnapshotCliOptions extends HistoryCliOptions {
  api?: string;
  secret?: string;
  reason?: string;
}

export async function runSnapshot(config: string | undefined, o: SnapshotCliOptions, io: Io): Promise<number> {
  checkFormat(o.format);
  const L = o.lang;
  io.redactor?.add(o.secret).add(io.env.ZLM_SECRET);
  if (!config === !o.api) throw new UsageError('snapshot takes one config.ini, or --api URL');
  if (o.api && !/^https?:\/\/[^/\s]+\/?$/.test(o.api)) throw new UsageError(`--api takes http://host:port (got "${o.api}")`);
  return guarded(io, L, async () => {
    const secret = o.secret ?? io.env.ZLM_SECRET;
    const r = await snapshot({
      stateDir: stateDirOf(o, io),
      target: o.api ? { api: o.api, ...(secret ? { secret } : {}) } : { file: config! },
      ...(o.reason ? { reason: o.reason } : {}),
      env: io.env,
      notice: (en, zh) => io.err(`zlm-doctor: ${L === 'zh' ? zh : en}\n`),
    });
    if (o.format === 'json') {
      io.out(JSON.stringify({ version: 1, node: r.node, rev: r.rev, attribution: r.attribution, keys: r.keys }, null, 2) + '\n');
      return 0;
    }
    if (!r.rev) io.out(M.unchanged[L](r.node) + '\n');
    else if (isFirstRevision(r.parts ?? [])) io.out(M.first[L](r.node, short(r.rev), r.keys.length) + '\n');
    else io.out(M.recorded[L](r.node, short(r.rev), who(r.attribution!, L), r.keys.length, listKeys(r.keys)) + '\n');
    return 0;
  });
}

function listKeys(keys: string[], max = 8): string {
  return keys.length > max ? `${keys.slice(0, max).join(', ')}, … (+${keys.length - max})` : keys.join(', ');
}

export interface HistoryQueryOptions extends HistoryCliOptions {
  key?: string;
  since?: string;
}

export async function runHistory(what: string, o: HistoryQueryOptions, io: Io): Promise<number> {
  checkFormat(o.format);
  const since = parseSince(o.since);
  return guarded(io, o.lang, async () => {
    const store = readStore(o, io);
    const json = historyJson(store, what, { ...(o.key ? { key: o.key } : {}), ...(since ? { since } : {}) });
    if (o.format === 'json') {
      io.out(JSON.stringify(json, null, 2) + '\n');
      return 0;
    }
    const L = o.lang;
    const node = store.node(what);
    const lines = [M.header[L](node.name, node.id, json.revisions.length)];
    for (const r of json.revisions) {
      lines.push(`${short(r.rev)}  ${r.time}  ${r.source.padEnd(4)}  ${who(r.attribution, L).padEnd(L === 'zh' ? 8 : 16)}  ${listKeys(r.keys, 5)}${r.reason ? `  (${M.reason[L]}: ${r.reason})` : ''}`);
    }
    io.out(lines.join('\n') + '\n');
    return 0;
  });
}

export async function runBlame(what: string, o: HistoryCliOptions, io: Io): Promise<number> {
  checkFormat(o.format);
  return guarded(io, o.lang, async () => {
    const store = readStore(o, io);
    const node = store.node(what);
    const entries = blame(store.revisions(node.name));
    if (o.format === 'json') {
      io.out(JSON.stringify({ version: 1, node: node.name, keys: entries }, null, 2) + '\n');
      return 0;
    }
    const L = o.lang;
    const width = Math.min(40, maxOf(entries.map((e) => e.key.length), 0));
    const lines = [M.blameHeader[L](node.name)];
    for (const e of entries) lines.push(`${e.key.padEnd(width)}  ${short(e.rev)}  ${e.time}  ${who(e.attribution, L)}${e.reason ? `  (${e.reason})` : ''}`);
    io.out(lines.join('\n') + '\n');
    return 0;
  });
}

/** A value as history shows it: a whole secret as its short fingerprint, never the value. */
export function shownValue(v: string | undefined): string | null {
  if (v === undefined) return null;
  const fp = tokenFingerprint(v);
  return fp !== undefined ? `‹secret ${fp.slice(0, 8)}›` : v;
}

export function changeLine(c: KeyChange, L: Lang): string {
  const sec = secretChangeText(c);
  const body = sec ?? (c.kind === 'added' ? `+ ${shownValue(c.after)}` : c.kind === 'removed' ? `- ${shownValue(c.before)}` : `${shownValue(c.before)} → ${shownValue(c.after)}`);
  return `  ${c.risky ? '!' : ' '} ${c.key}: ${body}  [${RELOAD[c.reload]?.[L] ?? c.reload}${c.risky ? `, ${M.risky[L]}` : ''}]`;
}

export async function runShow(rev: string, o: HistoryCliOptions, io: Io): Promise<number> {
  checkFormat(o.format);
  return guarded(io, o.lang, async () => {
    const store = readStore(o, io);
    const { node, revision } = await store.revision(rev);
    const after = parseCanonical(await store.text(revision.rev, node.name));
    const before = revision.parent ? parseCanonical(await store.text(revision.parent, node.name)) : { entries: new Map<string, string>() };
    const changes = semanticDiff(before, after);
    if (o.format === 'json') {
      io.out(JSON.stringify({ version: 1, ...meta(revision, node.name), changes: changes.map(changeJson) }, null, 2) + '\n');
      return 0;
    }
    const L = o.lang;
    const T = LABELS[L];
    const lines = [
      `${T.revision} ${revision.rev}`,
      `${T.node}${node.name} (${node.id})`,
      `${T.time}${revision.time}`,
      `${T.source}${revision.source}`,
      `${T.attribution}${who(revision.attribution, L)}`,
      ...(revision.parts ? revision.parts.map((p) => `  - ${who(p.attribution, L)}: ${listKeys(p.keys, 6)}${p.what ? ` (${whyText(p.what, L)})` : ''}`) : []),
      ...(revision.reason ? [`${T.reason}${revision.reason}`] : []),
      ...(revision.host ? [`${T.host}${revision.host}`] : []),
      ...(revision.owner ? [`${T.owner}${revision.owner}${revision.mode ? `, ${T.mode} ${revision.mode}` : ''}`] : []),
      ...(revision.actor ? [`${T.actor}${revision.actor}`] : []),
      `${T.parent}${revision.parent ?? '-'}`,
      '',
    ];
    if (!revision.parent) lines.push(M.noParent[L]);
    else {
      lines.push(M.changes[L](changes.length));
      for (const c of changes) lines.push(changeLine(c, L));
    }
    io.out(lines.join('\n') + '\n');
    return 0;
  });
}

function meta(r: Revision, node: string) {
  return {
    rev: r.rev,
    node,
    parent: r.parent,
    time: r.time,
    source: r.source,
    attribution: r.attribution,
    reason: r.reason,
    keys: r.keys,
    parts: r.parts ?? [],
    host: r.host ?? null,
    mode: r.mode ?? null,
    owner: r.owner ?? null,
    actor: r.actor ?? null,
  };
}

/** A change as JSON (the diff contract's fields); a whole secret as its short fingerprint, plus its change text. */
export function changeJson(c: KeyChange) {
  const sec = secretChangeText(c);
  return { key: c.key, kind: c.kind, risky: c.risky, reload: c.reload, before: shownValue(c.before), after: shownValue(c.after), ...(sec ? { secret: sec } : {}) };
}
