import { describe, expect, it } from 'vitest';
import { scanPlaceholders } from '../../src/lint/fix-link.ts';
import { allStrings } from '../support/strings.ts';

// the pattern the scan replaces: the reference
const reference = (text: string) => [...text.matchAll(/\$\{[^}\n]*\}?/g)].map((m) => [m.index, m.index + m[0].length]);

describe('fix-link: the ${...} spans of a text', () => {
  it('are those the pattern finds, for every short text', () => {
    let n = 0;
    for (const t of allStrings(['$', '{', '}', '\n', 'a', '\u4e2d'], 7)) {
      const got = scanPlaceholders(t);
      if (JSON.stringify(got) !== JSON.stringify(reference(t))) expect(got, JSON.stringify(t)).toEqual(reference(t));
      n++;
    }
    expect(n).toBeGreaterThan(300_000);
    for (const t of ['port=${ZLM_HTTP_PORT}\nip=${HOST:-127.0.0.1}', '# release/${操作系统类型}/${编译类型}', '${', '${a\n}', 'x${${y}}z', '$${a}}']) expect(scanPlaceholders(t)).toEqual(reference(t));
  });
});
