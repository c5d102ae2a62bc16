// Config history (issue 10). A plain export list: each module adds its own lines.
export type { Canonical, CanonicalOptions } from './canonical.ts';
export {
  canonicalEqual,
  canonicalFromApi,
  canonicalFromMap,
  canonicalize,
  canonicalText,
  canonicalValue,
  compareKeys,
  hasSecretToken,
  isSecretConfigKey,
  parseCanonical,
  PLAIN_OPTIONS,
  plainFingerprint,
  secretToken,
  tokenFingerprint,
} from './canonical.ts';
export type { ChangeKind, KeyChange, Reload } from './semantic-diff.ts';
export { isRiskyKey, reloadOf, secretChangeText, semanticDiff } from './semantic-diff.ts';
export type { Actor, Attribution, AttributionContext, AttributionPart, AttributionResult } from './attribution.ts';
export { attribute, isZlmDefault, wvpHookPrefix } from './attribution.ts';
