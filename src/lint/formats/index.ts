import type { Formatter } from './types.ts';
import { text } from './text.ts';
import { json } from './json.ts';
import { sarif } from './sarif.ts';
import { github } from './github.ts';

export type { Formatter, FormatInput } from './types.ts';

export const FORMATTERS: ReadonlyMap<string, Formatter> = new Map([text, json, sarif, github].map((f) => [f.name, f]));
