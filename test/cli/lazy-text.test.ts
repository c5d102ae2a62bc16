import { describe, expect, it } from 'vitest';
// the build's rewrite of large constant data (a build script in JavaScript, tested from its source)
import { lazyText } from '../../scripts/lazy-text.mjs';

const big = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `'k${i}': { en: 'text ${i} of a description', zh: '说明 ${i}' }`).join(', ')} }`;

describe('lazy-text', () => {
  it('reads an `x ??= <pure literal>` from the data file when the assignment runs', () => {
    const texts = new Map<string, unknown>();
    const src = `let docs;\nexport function doc(k) {\n  docs ??= ${big(60)};\n  return docs[k];\n}\n`;
    const out = lazyText(src, 'src/zlm/key-docs.ts', texts)!;
    expect(out).toContain('docs ??= __zdMeta.text("src/zlm/key-docs.ts#docs");');
    expect(out).not.toContain('description');
    expect((texts.get('src/zlm/key-docs.ts#docs') as Record<string, { en: string }>).k59!.en).toBe('text 59 of a description');
  });

  it('leaves a small literal, and one that is not pure data, as written', () => {
    const texts = new Map<string, unknown>();
    expect(lazyText(`let d;\nd ??= { a: 1 };\n`, 'a.ts', texts)).toBeUndefined();
    expect(lazyText(`let d;\nconst x = {};\nd ??= { ...x, ${big(60).slice(1)};\n`, 'b.ts', texts)).toBeUndefined();
    expect(texts.size).toBe(0);
  });
});
