/**
 * pushAll and maxOf stand in for `a.push(...b)` and `Math.max(...b)`, which throw "Maximum call stack size
 * exceeded" once b has some 100,000 to 200,000 elements (a config.ini of 10 MB has that many lines).
 */
import { describe, it, expect } from 'vitest';
import { maxOf, pushAll } from '../../src/util/arrays.ts';

const BIG = 250_000;

describe('pushAll', () => {
  it('appends in order and returns the target', () => {
    const a = [1, 2];
    expect(pushAll(a, [3, 4])).toBe(a);
    expect(a).toEqual([1, 2, 3, 4]);
    expect(pushAll(a, new Set([5]))).toEqual([1, 2, 3, 4, 5]);
    expect(pushAll([], [])).toEqual([]);
  });

  it(`takes ${BIG} items, where a spread into push overflows the stack`, () => {
    const big = Array.from({ length: BIG }, (_, i) => i);
    expect(() => [0].push(...Array.from({ length: 10 * BIG }, () => 0))).toThrow(RangeError);
    const out = pushAll([-1], big);
    expect(out).toHaveLength(BIG + 1);
    expect(out[BIG]).toBe(BIG - 1);
  });
});

describe('maxOf', () => {
  it('is Math.max over the values and the initial value', () => {
    expect(maxOf([3, 9, 2])).toBe(9);
    expect(maxOf([])).toBe(-Infinity);
    expect(maxOf([], 0)).toBe(0);
    expect(maxOf([-5], 0)).toBe(0);
    expect(maxOf([1, Number.NaN, 2])).toBeNaN();
  });

  it(`takes ${BIG} values`, () => {
    const big = Array.from({ length: BIG }, (_, i) => (i * 7919) % BIG);
    expect(maxOf(big)).toBe(BIG - 1);
  });
});
