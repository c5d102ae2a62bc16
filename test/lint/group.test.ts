import { describe, expect, it } from 'vitest';
import { causeOf, groupFindings, groupId, KEY_MARK } from '../../src/lint/group.ts';
import type { Finding } from '../../src/rules/index.ts';

const finding = (key: string, message: string, over: Partial<Finding> = {}): Finding => ({
  ruleId: 'r',
  severity: 'warning',
  file: 'c.ini',
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 1,
  key,
  message,
  why: '',
  fix: '',
  docs: 'docs/rules/r.md',
  ...over,
});

/** The definition causeOf implements without a regular expression per finding. */
function reference(f: Finding): string {
  if (!f.key) return f.message;
  const bare = f.key.slice(f.key.lastIndexOf('.') + 1);
  let m = f.message.split(f.key).join(KEY_MARK);
  const esc = bare.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (bare && bare !== f.key && m === f.message) m = m.replace(new RegExp(`(?<![\\w.])${esc}(?![\\w])`, 'g'), KEY_MARK);
  return m;
}

describe('group', () => {
  it('takes the key out of the message as a whole word only, as the regular expression (?<![\\w.])bare(?!\\w) does', () => {
    const alphabet = ['port', 'port', '.', '_', 'x', ' ', 'server.port', 'portport', '9', '(', 'a+b', '+'];
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    for (let i = 0; i < 3000; i++) {
      const msg = Array.from({ length: rnd(8) }, () => alphabet[rnd(alphabet.length)]).join('');
      for (const key of ['http.port', 'rtp.a+b', 'port', 'hook.on_play']) {
        const f = finding(key, msg);
        expect(causeOf(f), JSON.stringify([key, msg])).toBe(reference(f));
      }
    }
  });

  it('gives findings of one cause one id, and other causes other ids', () => {
    const a = finding('hook.on_play', 'hook.on_play goes to port 18080');
    const b = finding('hook.on_publish', 'hook.on_publish goes to port 18080');
    const c = finding('hook.on_play', 'hook.on_play goes to port 18081');
    expect(groupId(a)).toBe(groupId(b));
    expect(groupId(a)).not.toBe(groupId(c));
    expect(groupId(a)).toMatch(/^r:[0-9a-f]{8}$/);
    expect(groupFindings([a, c, b]).map((g) => g.findings.length)).toEqual([2, 1]);
  });
});
