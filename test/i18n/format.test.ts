import { describe, expect, it } from 'vitest';
import { format, tr } from '../../src/i18n/index.ts';
import { allStrings } from '../support/strings.ts';

// the placeholders as a regular expression: the reference for the hand-written fill
const reference = (t: string, data: Record<string, string>) => t.replace(/\{(\w+)\}/g, (m, k: string) => (k in data ? data[k]! : m));

describe('i18n: {name} placeholders', () => {
  it('fill every short template as the regular expression does', () => {
    const data = { a: 'X', b: '{a}', a_1: '$&', ab: '' };
    let n = 0;
    for (const t of allStrings(['{', '}', 'a', 'b', '_', '1', ' ', '-', 'é'], 6)) {
      expect(format(t, data), JSON.stringify(t)).toBe(reference(t, data));
      n++;
    }
    expect(n).toBeGreaterThan(500_000);
  });

  it('takes each language of a Localized value, and leaves unknown names as written', () => {
    expect(tr({ en: 'port {port} of {key} ({missing})', zh: '{key} 的端口 {port}' }, 'en', { port: 8080, key: { en: 'http.port', zh: 'HTTP 端口' } })).toBe('port 8080 of http.port ({missing})');
    expect(tr({ en: 'x', zh: '{key} 的端口 {port}' }, 'zh', { port: 8080, key: { en: 'http.port', zh: 'HTTP 端口' } })).toBe('HTTP 端口 的端口 8080');
  });
});
