/** Where a rule's page lives: the repository's docs/rules/<id>.md on the default branch (also shipped in the package). */
export const REPOSITORY = 'https://github.com/zlm-doctor/zlm-doctor';
const BRANCH = 'main';

export function docsUrl(ruleId: string): string {
  return `${REPOSITORY}/blob/${BRANCH}/docs/rules/${ruleId}.md`;
}
