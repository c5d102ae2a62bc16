/** Every string of 0 to maxLen characters drawn from alphabet, each once, shortest first: the inputs of the exhaustive tests. */
export function* allStrings(alphabet: readonly string[], maxLen: number): Generator<string> {
  let level: string[] = [''];
  yield '';
  for (let len = 1; len <= maxLen; len++) {
    const next: string[] = [];
    for (const prefix of level) for (const c of alphabet) next.push(prefix + c);
    yield* next;
    level = next;
  }
}
