import tseslint from 'typescript-eslint';

/**
 * The rooms of src/ and who may import whom (README: Layout).
 * - knowledge: facts about ZLM, WVP, deployments, files and output; they import no feature and never the CLI.
 * - features: what zlm-doctor does with the knowledge; a feature imports another feature only through its index.ts.
 * - src/cli is the edge: it may import anything, nothing imports it.
 */
export const KNOWLEDGE_ROOMS = ['ini', 'zlm', 'wvp', 'deploy', 'io', 'util', 'i18n', 'output'];
export const FEATURE_ROOMS = ['rules', 'lint', 'doctor', 'change', 'history', 'monitor', 'server'];

const edge = { regex: '(^|/)cli/', message: 'src/cli is the edge: nothing imports it.' };
const anyFeature = (room) => ({
  regex: `(^|/)${room}/`,
  message: `src/${room} is a feature; knowledge rooms (${KNOWLEDGE_ROOMS.join(', ')}) import no feature room. Move the fact down, or pass it in.`,
});
const behindIndex = (room) => ({
  regex: `(^|/)${room}/(?!index\\.ts$)`,
  message: `Import src/${room} through src/${room}/index.ts only (features meet through their index).`,
});
/** the same patterns for dynamic import('...'), which no-restricted-imports does not see */
const dynamic = (patterns) =>
  patterns.map((p) => ({ selector: `ImportExpression > Literal.source[value=/${p.regex.replace(/\//g, '\\/')}/]`, message: p.message }));
const roomRules = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
  'no-restricted-syntax': ['error', ...dynamic(patterns)],
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'web/dist/', '.bench-tmp/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // imports point downward: nothing in src imports the CLI edge
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: roomRules([edge]),
  },
  ...KNOWLEDGE_ROOMS.map((room) => ({
    files: [`src/${room}/**/*.ts`],
    rules: roomRules([edge, ...FEATURE_ROOMS.map(anyFeature)]),
  })),
  ...FEATURE_ROOMS.map((room) => ({
    files: [`src/${room}/**/*.ts`],
    rules: roomRules([edge, ...FEATURE_ROOMS.filter((r) => r !== room).map(behindIndex)]),
  })),
);
