/**
 * Revision sides for `zlm-doctor diff`: `<node>@<rev>` (node name, config path or API address; rev = a commit id
 * of at least 4 hex digits, `head`, or `head~N` for the node's N-th revision before its newest) and `@<rev>` (the
 * node the revision belongs to). With a revision side, every side is canonicalized with the store's keyed
 * fingerprint, so a file's secret compares equal to the same secret in history.
 */
import { existsSync } from 'node:fs';
import type { HistoryStore } from '../history/index.ts';
import type { Lang } from '../i18n/index.ts';
import { UsageError, type Io } from './io.ts';
import type { DiffSideResolver } from './diff.ts';

const SPEC = /^(.*)@([0-9a-f]{4,40}|head(?:~\d+)?)$/i;

export function isRevisionSpec(spec: string): boolean {
  return SPEC.test(spec) && !existsSync(spec);
}

function userError(e: unknown, lang: Lang): never {
  // a StoreError (the history module is loaded only when a revision side is given)
  if (e instanceof Error && e.name === 'StoreError') throw new UsageError(lang === 'zh' ? (e as Error & { zh: string }).zh : e.message);
  throw e;
}

/** The store and a resolver for revision sides, when one of `specs` is one (else undefined). */
export async function historyDiffSide(specs: string[], stateDir: string | undefined, io: Io, lang: Lang): Promise<{ resolver: DiffSideResolver; fingerprint: (v: string) => string } | undefined> {
  if (!specs.some(isRevisionSpec)) return undefined;
  const { HistoryStore, StoreError, stateDirOrFail, parseCanonical } = await import('../history/index.ts');
  let store: HistoryStore | undefined;
  let dir = '';
  try {
    dir = stateDirOrFail(stateDir, io.env);
    store = HistoryStore.open(dir, { create: false });
  } catch (e) {
    userError(e, lang);
  }
  if (!store) throw new UsageError(lang === 'zh' ? `${dir} 中还没有历史` : `no history in ${dir} yet`);
  const s = store;
  const resolver: DiffSideResolver = {
    id: 'history',
    matches: isRevisionSpec,
    async resolve(spec) {
      const [, nodeSpec, revSpec] = SPEC.exec(spec)!;
      try {
        let node: string;
        let rev: string;
        if (/^head/i.test(revSpec!)) {
          if (!nodeSpec) throw new UsageError(lang === 'zh' ? `${spec}：head 需要节点名（<node>@head）` : `${spec}: head needs a node (<node>@head)`);
          node = s.node(nodeSpec).name;
          const revs = s.revisions(node);
          const back = Number(/~(\d+)$/.exec(revSpec!)?.[1] ?? 0);
          const r = revs[revs.length - 1 - back];
          if (!r) throw new StoreError(`${spec}: ${node} has only ${revs.length} revision(s)`, `${spec}：${node} 只有 ${revs.length} 个修订`, 'unknown-rev');
          rev = r.rev;
        } else {
          const found = await s.revision(revSpec!, nodeSpec || undefined);
          rev = found.revision.rev;
          node = nodeSpec ? s.node(nodeSpec).name : found.node.name;
        }
        const text = await s.text(rev, node);
        return { name: `${node}@${rev.slice(0, 12)}`, canonical: parseCanonical(text), secrets: [] };
      } catch (e) {
        return userError(e, lang);
      }
    },
  };
  return { resolver, fingerprint: s.fingerprint };
}
