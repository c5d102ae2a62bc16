import { describe, expect, it } from 'vitest';
import { isDigits } from '../../src/util/chars.ts';

describe('isDigits', () => {
  it('accepts what /^\\d+$/ accepts', () => {
    for (const s of ['', '0', '00', '65535', ' 1', '1 ', '+1', '-1', '1.0', '\u0661', '１', 'a', '9a', '12\n']) expect(isDigits(s), JSON.stringify(s)).toBe(/^\d+$/.test(s));
  });
});
