/**
 * fix-link never ends a pass with more errors than it began with: a repair that
 * would expose a bad value (a dead key renamed to a live one) or create a new
 * error is dropped, and the rest of the pass still goes through.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IniDocument } from '../../src/ini/document.ts';
import { fixLink, newErrors } from '../../src/lint/fix-link.ts';
import { ALL_RULES } from '../../src/rules/index.ts';
import type { Finding, Rule } from '../../src/rules/types.ts';
import { valueFits } from '../../src/rules/zlm/unknown-key.ts';

const shipped = readFileSync(join(import.meta.dirname, '../fixtures/zlm-reference/config.default.ini'), 'utf8');
const errors = (fs: readonly Finding[]) => fs.filter((f) => f.severity === 'error');

function run(text: string, rules: readonly Rule[] = ALL_RULES) {
  return fixLink({ doc: new IniDocument(text), file: 'config.ini', wvpTexts: new Map(), rules, lang: 'en', options: {}, newSecret: () => 'Q'.repeat(32) });
}

describe('fix-link: a repair never makes things worse', () => {
  it('does not rename a dead key to a live one when its value is invalid there (apiDebug\\v=\\v=1)', () => {
    const text = shipped.replace(/^apiDebug=1$/m, 'apiDebug\v=\v=1');
    expect(text).not.toBe(shipped);
    const r = run(text);
    expect(errors(r.remaining).length).toBeLessThanOrEqual(errors(r.initial).length);
    expect(r.doc.text).toContain('apiDebug\v=\v=1');
  });

  it('still renames a typo when the value is valid for the key it meant', () => {
    const text = shipped.replace(/^apiDebug=1$/m, 'apiDebgu=1');
    const r = run(text);
    expect(r.doc.text).toMatch(/^apiDebug=1$/m);
    expect(r.fixed.map((f) => f.ruleId)).toContain('unknown-key');
  });

  it('leaves a typo with a bad value as a finding, not an edit', () => {
    const r = run(shipped.replace(/^apiDebug=1$/m, 'apiDebgu=maybe'));
    expect(r.doc.text).toMatch(/^apiDebgu=maybe$/m);
    expect(r.remaining.some((f) => f.ruleId === 'unknown-key' && f.key === 'api.apiDebgu')).toBe(true);
  });

  it('valueFits: numbers, bools, control characters, URLs', () => {
    expect(valueFits('api.apiDebug', '1')).toBe(true);
    expect(valueFits('api.apiDebug', '\v=1')).toBe(false);
    expect(valueFits('api.apiDebug', 'yes')).toBe(false);
    expect(valueFits('http.port', '80')).toBe(true);
    expect(valueFits('http.port', '99999')).toBe(false);
    expect(valueFits('hook.on_play', 'http://10.0.0.1:18080/index/hook/on_play')).toBe(true);
    expect(valueFits('hook.on_play', 'http://10.0.0.1/x # note')).toBe(false);
    expect(valueFits('no.such_key', '1')).toBe(false);
  });

  it('drops the edits of a pass that add an error and keeps the good ones', () => {
    // a rule with two "repairs": one breaks http.port, the other is harmless
    const evil: Rule = {
      meta: { id: 'evil', severity: 'warning', category: 'values', fixable: true, title: { en: 'e', zh: 'e' } },
      messages: { m: { message: { en: 'm', zh: 'm' }, why: { en: 'w', zh: 'w' }, fix: { en: 'f', zh: 'f' } } },
      check(ctx) {
        const port = ctx.doc.entry('http.port');
        if (port && port.value === '80') ctx.report({ messageId: 'm', key: 'http.port', line: port, edits: [ctx.doc.editValue(port, '99999')] });
        const dbg = ctx.doc.entry('api.apiDebug');
        if (dbg && dbg.value === '1') ctx.report({ messageId: 'm', key: 'api.apiDebug', line: dbg, edits: [ctx.doc.editValue(dbg, '0')] });
      },
    };
    const rules = [...ALL_RULES, evil];
    const r = run(shipped, rules);
    expect(r.doc.get('http.port')).toBe('80');
    expect(r.doc.get('api.apiDebug')).toBe('0');
    expect(r.dropped.map((d) => d.finding.key)).toEqual(['http.port']);
    expect(r.dropped[0]!.introduced.join(' ')).toMatch(/http\.port/);
    expect(newErrors(r.initial, r.remaining)).toBeUndefined();
  });

  it('never applies a finding that rests on a guess', () => {
    const guessing: Rule = {
      meta: { id: 'guessing', severity: 'warning', category: 'values', fixable: true, title: { en: 'g', zh: 'g' } },
      messages: { m: { message: { en: 'm', zh: 'm' }, why: { en: 'w', zh: 'w' }, fix: { en: 'f', zh: 'f' } } },
      check(ctx) {
        const dbg = ctx.doc.entry('api.apiDebug')!;
        ctx.report({ messageId: 'm', key: 'api.apiDebug', line: dbg, edits: [ctx.doc.editValue(dbg, '0')], guessed: ['ZLM_DEBUG'] } as Parameters<typeof ctx.report>[0]);
      },
    };
    const r = run(shipped, [guessing]);
    expect(r.doc.text).toBe(shipped);
    expect(r.fixed).toEqual([]);
  });

  it('moves an inline comment to its own line above the key', () => {
    const text = '[hook]\r\non_play=http://10.8.0.15:9600/zlm/hook/on_play    # token check\r\nenable=1\r\n';
    const r = run(text, ALL_RULES.filter((x) => x.meta.id === 'inline-comment'));
    expect(r.doc.text).toBe('[hook]\r\n# token check\r\non_play=http://10.8.0.15:9600/zlm/hook/on_play\r\nenable=1\r\n');
  });

  it('newErrors: more errors, or an error on a new rule/key, is worse; fewer or the same is not', () => {
    const f = (ruleId: string, key: string, severity: Finding['severity'] = 'error') => ({ ruleId, key, severity }) as Finding;
    expect(newErrors([f('a', 'x')], [])).toBeUndefined();
    expect(newErrors([f('a', 'x')], [f('a', 'x')])).toBeUndefined();
    expect(newErrors([f('a', 'x')], [f('a', 'y')])).toEqual(['a y']);
    expect(newErrors([f('a', 'x')], [f('a', 'x'), f('a', 'x')])).toEqual(['1 more error(s)']);
    expect(newErrors([], [f('a', 'x', 'warning')])).toBeUndefined();
  });
});

describe('fix-link: placeholders are never written', () => {
  it('touchesPlaceholder: inside, around, inserting into, or writing a ${...}', async () => {
    const { touchesPlaceholder } = await import('../../src/lint/fix-link.ts');
    const t = 'media:\n  sdp-ip: ${SDP_IP:zlm}\n  ip: 10.0.0.1\n';
    const at = t.indexOf('zlm}');
    expect(touchesPlaceholder(t, { start: at, end: at + 3, text: '10.0.0.5' })).toBe(true);
    expect(touchesPlaceholder(t, { start: t.indexOf('${'), end: t.indexOf('}') + 1, text: '10.0.0.5' })).toBe(true);
    const ip = t.indexOf('10.0.0.1');
    expect(touchesPlaceholder(t, { start: ip, end: ip + 8, text: '10.0.0.2' })).toBe(false);
    expect(touchesPlaceholder(t, { start: ip, end: ip + 8, text: '${IP:10.0.0.2}' })).toBe(true);
  });

  it('a repair that would write a placeholder stays a suggestion that names the variable', () => {
    const templ: Rule = {
      meta: { id: 'templ', severity: 'warning', category: 'values', fixable: true, title: { en: 't', zh: 't' } },
      messages: { m: { message: { en: 'm', zh: 'm' }, why: { en: 'w', zh: 'w' }, fix: { en: 'f', zh: 'f' } } },
      check(ctx) {
        const ip = ctx.doc.entry('rtc.externIP');
        if (ip) ctx.report({ messageId: 'm', key: 'rtc.externIP', line: ip, edits: [ctx.doc.editValue(ip, '${EXTERN_IP:10.0.0.5}')] });
        const dbg = ctx.doc.entry('api.apiDebug')!;
        ctx.report({ messageId: 'm', key: 'api.apiDebug', line: dbg, severity: 'info', edits: [ctx.doc.editValue(dbg, '0')] });
      },
    };
    const r = run(shipped, [templ]);
    expect(r.doc.text).toBe(shipped);
    const f = r.remaining.find((x) => x.key === 'rtc.externIP')!;
    expect(f.edits).toBeUndefined();
    expect(f.suggestion).toMatch(/set EXTERN_IP in the deployment's environment/);
    const info = r.remaining.find((x) => x.key === 'api.apiDebug')!;
    expect(info.edits).toBeUndefined();
  });
});
