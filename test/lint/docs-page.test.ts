/**
 * `explain` prints a rule's bilingual docs page in one language (src/lint/docs-page.ts). A Chinese paragraph that is
 * mostly key names in backticks was once taken for English (dropped from `--lang zh`, shown in English), and so was an
 * indented code block with `<名称>` in it.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isChinese, pageInLanguage } from '../../src/lint/docs-page.ts';

const DOCS = join(import.meta.dirname, '../../docs/rules');
const pages = readdirSync(DOCS).filter((f) => f.endsWith('.md'));
/** prose without fenced code, code spans and quotes: what is left is one language */
const prose = (t: string) => t.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '').replace(/"[^"\n]*"/g, '');
const blocks = (t: string) => t.split(/\n\s*\n/).map((b) => b.trim()).filter((b) => b && !b.startsWith('#') && !b.startsWith('**') && !b.startsWith('|'));

describe('isChinese', () => {
  it('weighs Han characters against English words, outside code, quotes, URLs and placeholders', () => {
    expect(isChinese('hook 已启用，设置了 `cluster.origin_url`，同时设置了 `hook.on_stream_not_found` 或 `hook.on_stream_none_reader`。')).toBe(true);
    expect(isChinese('`general.mediaServerId` 缺失、为空，或仍是范例值 `your_server_id`。')).toBe(true);
    expect(isChinese('`on_publish` failing denies every GB28181 stream ("禁止RTP推流"), a lost `on_stream_changed` ends every play in 收流超时.')).toBe(false);
    expect(isChinese('See https://github.com/ZLMediaKit/ZLMediaKit for {名称}.')).toBe(false);
    expect(isChinese('`a.b`')).toBe(false);
  });
});

describe('pageInLanguage over every page of docs/rules', () => {
  it.each(pages)('%s: each paragraph in exactly one language, with no Chinese prose left in English', (f) => {
    const md = readFileSync(join(DOCS, f), 'utf8');
    const en = pageInLanguage(md, 'en');
    const zh = pageInLanguage(md, 'zh');
    for (const b of blocks(prose(en))) expect(b, `English output of ${f}`).not.toMatch(/[，。；：（）]/);
    for (const b of blocks(prose(zh))) expect(b, `Chinese output of ${f}`).toMatch(/[\u3400-\u9fff]/);
    for (const b of blocks(md.replace(/```[\s\S]*?```/g, ''))) {
      if (/^( {4}|\t)/.test(b)) continue;
      expect((en.includes(b) ? 1 : 0) + (zh.includes(b) ? 1 : 0), `${f}: ${b.slice(0, 80)}`).toBe(1);
    }
  });

  it('an indented code block goes with the paragraph before it', () => {
    const md = readFileSync(join(DOCS, 'wvp-hook-mismatch.md'), 'utf8');
    const en = pageInLanguage(md, 'en');
    const zh = pageInLanguage(md, 'zh');
    expect(zh).toMatch(/WVP 通过 `setServerConfig` 下发的值完全一致/);
    expect(zh).toMatch(/^ {4}\{http\|https\}.*<名称>$/m);
    expect(zh).not.toMatch(/<name>$/m);
    expect(en).toMatch(/^ {4}\{http\|https\}.*<name>$/m);
    expect(en).not.toMatch(/<名称>|setServerConfig` 下发/);
  });

  it('the meta line in Chinese: every label, and the leading word of its values', () => {
    const md = '# x\n\n**Severity:** error (warning when empty) · **Category:** wvp · **Fixable:** yes (config.ini) · **Needs:** config.ini and `--wvp`\n';
    expect(pageInLanguage(md, 'zh')).toBe('# x\n\n**严重程度：** 错误 (warning when empty) · **类别：** wvp · **可自动修复：** 是 (config.ini) · **需要：** config.ini and `--wvp`\n');
    expect(pageInLanguage(md, 'en')).toBe(md);
  });
});
