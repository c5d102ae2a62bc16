import { describe, expect, it } from 'vitest';
import { secretWeakness } from '../../src/zlm/secret-strength.ts';

// secretWeakness as its patterns alone (before each was guarded by a cheap test): the reference
const SAMPLE = '035c73f7-bb6b-4889-a715-d9eb2d1925cc';
const TEMPLATE_WORDS = /^(?:api[-_.]?secret|zlm[-_.]?(?:api[-_.]?)?secret|media[-_.]?secret|secret[-_.]?key|your[-_.]?(?:api[-_.]?)?secret|my[-_.]?secret|the[-_.]?secret)$/i;
const PLACEHOLDER_PHRASE = /change[-_. ]?(?:me|it|this)|replace[-_. ]?(?:me|this|with)|please[-_. ]?change|placeholder|your[-_. ]?(?:own[-_. ]?)?(?:api[-_. ]?)?(?:secret|key|password|token)|example[-_. ]?secret|dummy|todo|fixme/i;
const DICTIONARY = new Set(['secret', 'password', 'passwd', 'admin', 'root', 'test', 'testing', 'default', 'changeme', 'zlm', 'zlmediakit', 'wvp', 'qwerty', 'letmein', 'abc123', 'abcdef', 'key', 'token', 'demo', 'sample', 'xxx', 'null', 'none', 'empty', 'adminadmin', 'password123', 'secret123', 'zlmediakit123', 'abcdefghijklmnop']);
function reference(value: string): string | undefined {
  if (value === '' || value === SAMPLE) return undefined;
  if (/\$\{[^}]*\}|\{\{[^}]*\}\}|%[A-Za-z_][A-Za-z0-9_]*%|^<[^>]+>$|^\$[A-Za-z_][A-Za-z0-9_]*$|^@[A-Za-z_]+@$|^__[A-Z0-9_]+__$/.test(value) || TEMPLATE_WORDS.test(value)) return 'template';
  if (value.length === SAMPLE.length && [...value].filter((c, i) => c !== SAMPLE[i]).length <= 4) return 'nearSample';
  const lower = value.toLowerCase();
  if (DICTIONARY.has(lower) || PLACEHOLDER_PHRASE.test(value) || /^(.)\1+$/.test(value) || /^(?:0123456789?|1234567890?|12345678?9?)+$/.test(value)) return 'placeholder';
  if (/^\d+$/.test(value)) return 'digits';
  if ([...value].length < 16) return 'short';
  return undefined;
}

describe('secretWeakness', () => {
  it('judges as its patterns alone do', () => {
    const values = ['x', 'aa', 'a\na', '\n\n', '😀😀', '1111111111111111', '0123456789', '1234567890123456789', '12345678', '123', 'Secret', 'API_SECRET', 'api-secret',
      'ZLM.API.SECRET', 'MySecret', 'the_secret', 'your-api-secret', 'Your Own Password', 'please-change', 'CHANGE_ME', 'xxChangeItxx', 'todo', 'FIXME later', 'dummyvalue0123456',
      '${ZLM_SECRET}', 'a${B}c', '{{ secret }}', '%SECRET%', '<secret>', '$SECRET', '@SECRET@', '__SECRET__', '_x', 'İ', 'Kelvin\u212a', SAMPLE, SAMPLE.replace('035c', '135d'),
      'Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE', 'correct horse battery staple', 'example-secret-value', 'replace with yours', 'placeholder!'];
    for (const v of values) expect(secretWeakness(v), JSON.stringify(v)).toBe(reference(v));
  });
});
