// Types of scripts/lazy-text.mjs, the build's rewrite of large constant data, for its tests.
/** The rewritten source of a module, or undefined when nothing in it qualifies; the values taken out are added to texts. */
export function lazyText(source: string, id: string, texts: Map<string, unknown>, options?: { rule?: boolean }): string | undefined;
/** The data file of the values taken out of the code. */
export function textFile(texts: Map<string, unknown>): string;
export const TEXT_FILE: string;
