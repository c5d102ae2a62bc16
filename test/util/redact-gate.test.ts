import { describe, expect, it } from 'vitest';
import { GATE_SOURCE } from '../../src/util/redact.ts';
import { allStrings } from '../support/strings.ts';

// The gate of findSecretSpans (src/util/redact.ts) as it was first written: the words that name a secret, the
// shapes, and every spelling one transposition, deletion or insertion away from a typo target, one flat alternation.
// The source holds the same words factored by first letter (cheaper for V8 to compile and run); this is the reference.
const TYPO_TARGETS = ['secret', 'password', 'passwd', 'passphrase'];

function typoForms(): string[] {
  const forms = new Set<string>();
  for (const t of TYPO_TARGETS) {
    for (let i = 0; i < t.length; i++) forms.add(t.slice(0, i) + t.slice(i + 1));
    for (let i = 0; i + 1 < t.length; i++) forms.add(t.slice(0, i) + t[i + 1]! + t[i]! + t.slice(i + 2));
    for (let i = 1; i < t.length; i++) forms.add(`${t.slice(0, i)}[a-z0-9]${t.slice(i)}`);
  }
  return [...forms].filter((f) => !f.includes('secret') && !f.includes('pass') && !f.includes('pwd'));
}

const WORDS = ['secret', 'pass', 'pwd', 'token', 'key', 'credential', 'author', 'basic', 'bearer', ':\\/\\/[^/\\s]*@', 'modified it to', '[as]k\\b', ...typoForms()];
const REFERENCE = new RegExp(WORDS.join('|'), 'i');

/** the literal runs of a word ([a-z0-9] cuts them), or undefined for a word with other syntax */
const runs = (w: string) => (/^[a-z ]+(\[a-z0-9\][a-z ]+)?$/.test(w) ? w.split('[a-z0-9]') : undefined);

/**
 * The words less those that hold another literal word in one of their literal runs (a line that has them has the
 * shorter one too), grouped by first letter in order of first appearance: what GATE_SOURCE must be.
 */
function derive(words: readonly string[]): string {
  const literal = words.filter((w) => /^[a-z ]+$/.test(w));
  const kept = words.filter((w) => !runs(w)?.some((r) => literal.some((l) => l !== w && r.includes(l))));
  const groups = new Map<string, string[]>();
  for (const w of kept) {
    const head = /^[a-z]/.test(w) ? w[0]! : w;
    groups.set(head, [...(groups.get(head) ?? []), head === w ? '' : w.slice(1)]);
  }
  return [...groups].map(([head, tails]) => (tails.length === 1 ? head + tails[0] : `${head}(?:${tails.join('|')})`)).join('|');
}

/**
 * A pattern in either case without the i flag: every letter as [xX], every class's letters and ranges in both cases
 * (escapes and negated classes as they are). Without the u flag, i folds ASCII letters onto ASCII letters only, so
 * this matches exactly what the pattern with i matches.
 */
function caseless(src: string): string {
  return src.replace(/\\.|\[[^\]]*\]|[a-z]/g, (m) => {
    if (m.startsWith('\\') || m.startsWith('[^')) return m;
    if (m.startsWith('[')) return `[${m.slice(1, -1).replace(/[a-z]-[a-z]|[a-z]/g, (x) => x + x.toUpperCase())}]`;
    return `[${m}${m.toUpperCase()}]`;
  });
}

describe('redact: the gate of the shape scan', () => {
  const gate = new RegExp(GATE_SOURCE);

  it('is the word list, factored, in either case', () => {
    expect(GATE_SOURCE).toBe(caseless(derive(WORDS)));
    expect(caseless('[as]k\\b|:\\/\\/[^/\\s]*@|a[a-z0-9]s')).toBe('[aAsS][kK]\\b|:\\/\\/[^/\\s]*@|[aA][a-zA-Z0-9][sS]');
  });

  it('finds a secret word on exactly the lines the flat alternation finds', () => {
    let n = 0;
    // every spelling the list names, in both cases, alone and inside other text
    for (const w of WORDS.filter((x) => runs(x))) {
      for (const c of 'ab0_-'.split('')) {
        const spelled = w.replace('[a-z0-9]', c === '_' || c === '-' ? 'x' : c);
        for (const s of [spelled, spelled.toUpperCase(), `x${spelled}y`, `${spelled.slice(1)}`, `${spelled.slice(0, -1)}`, `1 ${spelled} k`]) {
          expect(gate.test(s), s).toBe(REFERENCE.test(s));
          n++;
        }
      }
    }
    // every short string of the letters the words are made of
    for (const s of allStrings(['s', 'e', 'c', 'r', 't', 'p', 'a', 'w', 'd', 'k', ' ', 'S'], 5)) {
      expect(gate.test(s), s).toBe(REFERENCE.test(s));
      n++;
    }
    for (const s of ['http://u:p@h/', 'x://@', 'modified it to: abc', 'MODIFIED IT TO', 'ak', 'sk=1', 'ask', 'aks', 'Basic abc', 'bearer', 'Token', 'credentials', 'Authorization', 'keyword', '密钥secert', 'pa5sword', 'PA5SWORD', 'sec9ret', 'secr1et', '\u212Aey', 'ſecret', 'SECRET', 'pAsSwOrD', 'ToKeN']) {
      expect(gate.test(s), s).toBe(REFERENCE.test(s));
      n++;
    }
    expect(n).toBeGreaterThan(250_000);
  });
});
