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
export { attribute, isFirstRevision, isZlmDefault, whyText, wvpHookPrefix } from './attribution.ts';
// the store (issue 10 items 1, 6, 8): snapshot() is what fix, watch and apply call on every change
export type { BatchOptions, SnapshotInput, SnapshotResult, SnapshotTarget } from './snapshot.ts';
export { snapshot, snapshotMany, changedKeys } from './snapshot.ts';
// serve's start-up burst: many nodes' snapshots in one commit
export type { BatcherOptions, ErrorInfo as BatchErrorInfo } from './batch.ts';
export { SnapshotBatcher } from './batch.ts';
export type { BlameEntry, HistoryEntry, HistoryFilter, HistoryJson } from './query.ts';
export { blame, historyJson, keyAttribution, selectRevisions } from './query.ts';
export type { AttributionKind, NodeHead, NodeInfo, Revision, RevisionPart, SourceKind } from './store/index.ts';
export { HistoryStore, StoreError, apiOrigin, defaultStateDir, nodeIdentity, stateDirOrFail } from './store/index.ts';
// watch (issue 10 item 3): every change as it happens, through snapshot()
export type { WatchOptions, WatchRevision, Watcher } from './watch.ts';
export { watchConfigs } from './watch.ts';
