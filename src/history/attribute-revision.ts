/**
 * The attribution of one revision for the store: attribute() (attribution.ts)
 * on the node's previous and new canonical config, its parts as the index keeps
 * them. A forced attribution other than zlm-doctor (a caller that knows) wins.
 */
import type { DumpStyle } from '../ini/document.ts';
import { attribute } from './attribution.ts';
import type { Canonical } from './canonical.ts';
import type { AttributionKind, RevisionPart } from './store/index.ts';

export interface RevisionAttribution {
  attribution: AttributionKind;
  parts: RevisionPart[];
}

export interface AttributeContext {
  keys: string[];
  forced?: Exclude<AttributionKind, 'mixed'>;
  fingerprint: (value: string) => string;
  afterDumpStyle?: DumpStyle;
}

export function attributeRevision(before: Canonical | undefined, after: Canonical, ctx: AttributeContext): RevisionAttribution {
  if (ctx.forced && ctx.forced !== 'zlm-doctor') return { attribution: ctx.forced, parts: [{ attribution: ctx.forced, keys: ctx.keys }] };
  const a = attribute(before, after, { fingerprint: ctx.fingerprint, ...(ctx.forced === 'zlm-doctor' ? { actor: 'zlm-doctor' as const } : {}), ...(ctx.afterDumpStyle ? { afterDumpStyle: ctx.afterDumpStyle } : {}) });
  if (a.parts.length === 0) return { attribution: a.attribution, parts: [{ attribution: 'zlm', keys: ctx.keys, what: 'dump format only' }] };
  return { attribution: a.attribution, parts: a.parts.map((p) => ({ attribution: p.by, keys: p.keys, what: p.why })) };
}
