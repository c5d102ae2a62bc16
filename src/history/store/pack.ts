/** Keeping the repository small: loose objects are packed (placeholder, see maybePack). */
import type { StateLayout } from './paths.ts';
import type { TreeCache } from './repo.ts';

export async function maybePack(_l: StateLayout, t: TreeCache): Promise<TreeCache> {
  return t;
}
