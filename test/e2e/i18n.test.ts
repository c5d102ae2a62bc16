/** The dashboard's one dictionary (web/src/i18n.ts): every string in English and 简体中文, same placeholders. */
import { describe, expect, it } from 'vitest';
import { DICT, translate, translateOr } from '../../web/src/i18n.ts';

const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dashboard dictionary', () => {
  it('has every key in both languages, non-empty, with the same placeholders', () => {
    const keys = Object.keys(DICT.en);
    expect(Object.keys(DICT.zh).sort()).toEqual([...keys].sort());
    for (const k of keys) {
      const en = DICT.en[k as keyof typeof DICT.en];
      const zh = DICT.zh[k as keyof typeof DICT.zh];
      expect(en.trim(), k).not.toBe('');
      expect(zh.trim(), k).not.toBe('');
      expect(holes(zh), k).toEqual(holes(en));
    }
  });

  it('fills placeholders and falls back to the raw value for what it does not know', () => {
    expect(translate('en', 'shown', { n: 3, total: 10 })).toBe('3 of 10 nodes shown');
    expect(translate('zh', 'shown', { n: 3, total: 10 })).toBe('显示 3 / 10 个节点');
    expect(translateOr('zh', 'health', 'down')).toBe('宕机');
    expect(translateOr('zh', 'health', 'exploded')).toBe('exploded');
  });
});
