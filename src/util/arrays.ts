/**
 * Array helpers for lists that grow with the input (findings, lines, keys). `a.push(...b)` and `Math.max(...b)`
 * pass every element as an argument on the stack: V8 throws "Maximum call stack size exceeded" at some 100,000
 * to 200,000 of them, which a config.ini of 10 MB reaches. These loop instead.
 */

/** Appends every item to `target`, in order (what `target.push(...items)` does, for any length); returns `target`. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const x of items) target.push(x);
  return target;
}

/** The largest of `init` and every value (what `Math.max(init, ...values)` gives, for any length). */
export function maxOf(values: Iterable<number>, init = -Infinity): number {
  let m = init;
  for (const v of values) if (v > m || Number.isNaN(v)) m = v;
  return m;
}
