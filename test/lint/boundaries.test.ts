/**
 * The rooms of src/ and their import boundaries are enforced by lint (eslint.config.js): a knowledge room imports no
 * feature room, features meet through their index.ts, nothing imports the CLI edge. Each case lints an in-memory
 * file placed at a path in src/ with ESLint's Node API, so a deliberate violation is shown to fail `npm run lint`.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { FEATURE_ROOMS, KNOWLEDGE_ROOMS } from '../../eslint.config.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The boundary errors ESLint reports for `code` placed at `path`. */
async function boundaryErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${path}` });
  return result!.messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => `${m.line}:${m.ruleId}`);
}

describe('import boundaries (eslint.config.js)', () => {
  it('a knowledge room importing a feature room fails lint, also through its index and as a type', async () => {
    const code = [
      "import { effective } from '../rules/util.ts';",
      "import type { Rule } from '../rules/index.ts';",
      "import { lint } from '../lint/index.ts';",
      'export const x: unknown = [effective, lint] as unknown as Rule;',
      '',
    ].join('\n');
    expect(await boundaryErrors('src/zlm/boundary-probe.ts', code)).toEqual(['1:no-restricted-imports', '2:no-restricted-imports', '3:no-restricted-imports']);
    expect(await boundaryErrors('src/wvp/spring/boundary-probe.ts', "export { check } from '../../doctor/checks/config.ts';\n")).toEqual(['1:no-restricted-imports']);
  });

  it('a feature reaches another feature through its index.ts only', async () => {
    expect(await boundaryErrors('src/doctor/boundary-probe.ts', "import { ALL_RULES } from '../rules/index.ts';\nexport const n = ALL_RULES.length;\n")).toEqual([]);
    expect(await boundaryErrors('src/doctor/checks/boundary-probe.ts', "import { lint } from '../../lint/engine.ts';\nexport const f = lint;\n")).toEqual(['1:no-restricted-imports']);
    expect(await boundaryErrors('src/lint/boundary-probe.ts', "import type { Finding } from '../rules/types.ts';\nexport type F = Finding;\n")).toEqual(['1:no-restricted-imports']);
    // inside its own room a feature imports freely
    expect(await boundaryErrors('src/rules/zlm/boundary-probe.ts', "import type { Rule } from '../types.ts';\nimport { lineFor } from '../util.ts';\nexport const r = lineFor as unknown as Rule;\n")).toEqual([]);
  });

  it('a dynamic import() across the boundary fails too', async () => {
    const code = "export const load = () => import('../doctor/run.ts');\n";
    expect(await boundaryErrors('src/deploy/boundary-probe.ts', code)).toEqual(['1:no-restricted-syntax']);
    expect(await boundaryErrors('src/lint/boundary-probe.ts', code)).toEqual(['1:no-restricted-syntax']);
  });

  it('nothing imports the CLI edge; the edge imports anything', async () => {
    expect(await boundaryErrors('src/doctor/boundary-probe.ts', "import { runCheck } from '../cli/check.ts';\nexport const r = runCheck;\n")).toEqual(['1:no-restricted-imports']);
    expect(await boundaryErrors('src/util/boundary-probe.ts', "import { runCheck } from '../cli/check.ts';\nexport const r = runCheck;\n")).toEqual(['1:no-restricted-imports']);
    expect(await boundaryErrors('src/cli/boundary-probe.ts', "import { lint } from '../lint/engine.ts';\nimport { effective } from '../zlm/effective.ts';\nexport const r = [lint, effective];\n")).toEqual([]);
  });

  it('every folder of src/ is a known room, so none escapes the boundaries', () => {
    const rooms = readdirSync(`${root}src`, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    const known = new Set([...KNOWLEDGE_ROOMS, ...FEATURE_ROOMS, 'cli']);
    expect(rooms.filter((r) => !known.has(r))).toEqual([]);
  });
});
