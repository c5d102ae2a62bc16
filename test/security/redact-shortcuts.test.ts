import { describe, expect, it } from 'vitest';
import { notASecret, publicTemplate, VALUE_PATTERNS as P } from '../../src/util/redact.ts';

// The value predicates test each anchored pattern only when the value's first character can start it. Against the
// plain disjunctions, over every ASCII first character (both cases) before the words the patterns know, and some
// characters outside ASCII that fold or look alike.
const WORDS = ['secret', 'api-secret', 'ZLM_API_SECRET', 'media.secret', 'secret_key', 'your-secret', 'my secret', 'the-secret', 'change-me', 'CHANGEME', 'replace_this', 'please-change-me', 'placeholder', 'your-own-api-key-here', 'true', 'OFF', 'None', '~', '***', '...', '…', '..x', '|-', '>+', '<none>', '${ZLM_SECRET}', '{{ secret }}', '%SECRET%', '$SECRET', '@secret@', '__SECRET__', 'ZLMediaKit'];
const FIRSTS = [...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), 'ſ', 'K', 'İ', 'ａ', ''];

const plainTemplate = (v: string) => P.TEMPLATE_TOKEN.test(v) || P.TEMPLATE_WORD.test(v) || P.PLACEHOLDER_PHRASE.test(v);
const plainNotASecret = (v: string) => v.length === 0 || v.startsWith('‹secret') || P.FLAG_WORD.test(v) || v === 'ZLMediaKit' || P.BARE_VARIABLE.test(v);

describe('secret value shortcuts (src/util/redact.ts)', () => {
  it('say exactly what the patterns say', () => {
    const values = new Set<string>();
    for (const w of WORDS) {
      values.add(w);
      values.add(w.toUpperCase());
      // and the ends the shortcuts look at (secret/key last, a phrase's word first)
      for (const end of ['x', ' ', 'K', 'ſ', '\u212a']) values.add(w + end);
      values.add(w.slice(0, -1));
      values.add(w.slice(1));
      for (const f of FIRSTS) values.add(f + w.slice(1));
    }
    let templates = 0;
    for (const v of values) {
      expect(publicTemplate(v), v).toBe(plainTemplate(v));
      expect(notASecret(v), v).toBe(plainNotASecret(v));
      if (plainTemplate(v)) templates++;
    }
    // the list exercises the patterns, not only their misses
    expect(templates).toBeGreaterThan(20);
  });
});
