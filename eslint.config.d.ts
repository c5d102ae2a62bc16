// types of eslint.config.js for the tests that read its room lists (test/lint/boundaries.test.ts)
export declare const KNOWLEDGE_ROOMS: readonly string[];
export declare const FEATURE_ROOMS: readonly string[];
declare const config: unknown[];
export default config;
