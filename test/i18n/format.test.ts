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
    expect(tr({ en: 'x', zh: '{key} 的端口 {port}' }, 'zh', { port: 8080, key: { en: 'http.port', zh: 'HTTP 端口' } })).toBe('HTTP 端口的端口 8080');
  });
});

describe('i18n: Chinese spacing around a value', () => {
  const t = { en: 'the later value {v} wins', zh: '后面的值 {v} 生效' };
  it('a zh phrase in full-width brackets takes no space beside them; plain values and English keep the spaces', () => {
    expect(tr(t, 'zh', { v: { en: '(hidden)', zh: '（已隐藏）' } })).toBe('后面的值（已隐藏）生效');
    expect(tr(t, 'en', { v: { en: '(hidden)', zh: '（已隐藏）' } })).toBe('the later value (hidden) wins');
    expect(tr(t, 'zh', { v: 8080 })).toBe('后面的值 8080 生效');
    expect(tr(t, 'zh', { v: '' })).toBe('后面的值  生效');
    expect(tr({ en: '', zh: 'hook.enable={v} 被读作关闭' }, 'zh', { v: { en: '', zh: '（未设置，默认 0）' } })).toBe('hook.enable=（未设置，默认 0）被读作关闭');
    expect(tr({ en: '', zh: '为 {a} {b}。' }, 'zh', { a: { en: '', zh: '（空）' }, b: 'x' })).toBe('为（空）x。');
    // a plain value is what the file holds: its spaces stay, whatever it starts or ends with
    expect(tr({ en: '', zh: '其值 {v} 被忽略' }, 'zh', { v: '/data/录像' })).toBe('其值 /data/录像 被忽略');
    expect(tr(t, 'zh', { v: '（x）' })).toBe('后面的值 （x） 生效');
  });
  it('a zh value of Han text takes no space beside the template\'s Han text, but keeps it beside Latin text', () => {
    const s = { en: '', zh: '其后的键仍属于 {s}，被当作 {s} 的键' };
    expect(tr(s, 'zh', { s: { en: '', zh: '空小节' } })).toBe('其后的键仍属于空小节，被当作空小节的键');
    expect(tr(s, 'zh', { s: '[api]' })).toBe('其后的键仍属于 [api]，被当作 [api] 的键');
    expect(tr({ en: '', zh: 'WVP {s} 推流' }, 'zh', { s: { en: '', zh: '空小节' } })).toBe('WVP 空小节推流');
  });
});
