import type { Formatter } from './types.ts';
import type { Severity } from '../../rules/index.ts';
import { groupId } from '../group.ts';
import { docsUrl, REPOSITORY } from './docs-url.ts';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0, for code-scanning dashboards. */
export const sarif: Formatter = {
  name: 'sarif',
  format({ findings, rules, lang, toolVersion }) {
    const used = rules.filter((r) => findings.some((f) => f.ruleId === r.meta.id));
    const index = new Map(used.map((r, i) => [r.meta.id, i]));
    const log = {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'zlm-doctor',
              version: toolVersion,
              informationUri: REPOSITORY,
              rules: used.map((r) => ({
                id: r.meta.id,
                name: r.meta.id,
                shortDescription: { text: r.meta.title[lang] },
                helpUri: docsUrl(r.meta.id),
                defaultConfiguration: { level: LEVEL[r.meta.severity] },
                properties: { category: r.meta.category },
              })),
            },
          },
          results: findings.map((f) => ({
            ruleId: f.ruleId,
            ruleIndex: index.get(f.ruleId) ?? -1,
            level: LEVEL[f.severity],
            message: { text: `${f.message}\n${f.why}\n${f.fix}` },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: f.file.split('\\').join('/') },
                  region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
                },
                logicalLocations: f.key ? [{ name: f.key, kind: 'member' }] : [],
              },
            ],
            properties: { key: f.key, group: groupId(f) },
          })),
        },
      ],
    };
    return JSON.stringify(log, null, 2) + '\n';
  },
};
