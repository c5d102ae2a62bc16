/** YAML that no config file is, for the tests of every YAML reader. */

/**
 * "Billion laughs": a list of nine strings, then `levels - 1` lists of nine aliases of the list before, under
 * `indent`; nine levels are 9^9 values from nine lines.
 */
export function aliasBomb(levels: number, indent = ''): string {
  const lines = [`${indent}a0: &a0 ["x","x","x","x","x","x","x","x","x"]`];
  for (let i = 1; i < levels; i++) lines.push(`${indent}a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  return lines.join('\n') + '\n';
}
