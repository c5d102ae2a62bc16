/**
 * `zlm-doctor rules` and `zlm-doctor explain <rule-id>`: every rule listed, every page printed
 * offline in one language; SARIF and JSON links point at pages that exist.
 */
import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';
import { ALL_RULES } from '../../src/rules/index.ts';
import { isChinese, pageInLanguage } from '../../src/lint/docs-page.ts';
import { docsUrl, REPOSITORY } from '../../src/lint/formats/docs-url.ts';

const root = join(import.meta.dirname, '../..');
const example = join(root, 'examples/broken/config.ini');

/** The prose blocks of a page (no code, fenced or indented, no headings, no tables, no meta line). */
function prose(page: string): string[] {
  return page
    .replace(/```[\s\S]*?```/g, '')
    .split(/\n\s*\n/)
    // an indented code block is code too
    .filter((b) => !b.split('\n').every((l) => /^( {4}|\t)/.test(l)))
    .map((b) => b.trim())
    .filter((b) => b && !b.startsWith('#') && !b.startsWith('|') && !b.startsWith('**'));
}

describe('zlm-doctor rules', () => {
  it('lists every rule with severity, category, fixable and title, in text and JSON', async () => {
    const t = await runCli(['rules']);
    expect(t.code).toBe(0);
    for (const r of ALL_RULES) expect(t.stdout).toMatch(new RegExp(`^${r.meta.id} +${r.meta.severity} +${r.meta.category} +(yes|no) +`, 'm'));
    const j = JSON.parse((await runCli(['rules', '--format', 'json', '--lang', 'zh'])).stdout);
    expect(j.version).toBe(1);
    expect(j.rules).toHaveLength(ALL_RULES.length);
    for (const x of j.rules) {
      const r = ALL_RULES.find((y) => y.meta.id === x.id)!;
      expect(x).toEqual({ id: r.meta.id, severity: r.meta.severity, category: r.meta.category, fixable: r.meta.fixable, title: r.meta.title.zh, docsUrl: docsUrl(r.meta.id) });
    }
  });
});

describe('zlm-doctor explain', () => {
  it.each(ALL_RULES.map((r) => r.meta.id))('%s: the page in English or in Chinese, not both', async (id) => {
    const en = await runCli(['explain', id]);
    expect(en.code).toBe(0);
    expect(en.stdout).toMatch(new RegExp(`^# ${id}$`, 'm'));
    expect(en.stdout).toMatch(/^## What it checks$/m);
    expect(en.stdout).not.toMatch(/检查内容/);
    for (const b of prose(en.stdout)) expect(isChinese(b), b).toBe(false);
    const zh = await runCli(['explain', '--lang', 'zh', id]);
    expect(zh.stdout).toMatch(/^## 检查内容$/m);
    expect(zh.stdout).toMatch(/\*\*严重程度：\*\*/);
    expect(zh.stdout).not.toMatch(/What it checks/);
    for (const b of prose(zh.stdout)) expect(isChinese(b), b).toBe(true);
    // the same code examples in both
    expect(zh.stdout.match(/```[\s\S]*?```/g)).toEqual(en.stdout.match(/```[\s\S]*?```/g));
  });

  it('an unknown id exits 2 and suggests the closest', async () => {
    const r = await runCli(['explain', 'hook-url']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did you mean hook-url-invalid\?/);
  });

  it('keeps code blocks whole and picks the heading side', () => {
    const md = '# x\n\n## What / 什么\nEnglish text here.\n\n中文的说明文字。\n\n```ini\n; 注释\na=1\n\nb=2\n```\n';
    expect(pageInLanguage(md, 'en')).toBe('# x\n\n## What\nEnglish text here.\n\n```ini\n; 注释\na=1\n\nb=2\n```\n');
    expect(pageInLanguage(md, 'zh')).toBe('# x\n\n## 什么\n\n中文的说明文字。\n\n```ini\n; 注释\na=1\n\nb=2\n```\n');
  });
});

describe('links', () => {
  it('SARIF helpUri and JSON docsUrl name pages that exist in docs/rules on the default branch', async () => {
    const s = JSON.parse((await runCli(['check', '--format', 'sarif', example])).stdout);
    expect(s.runs[0].tool.driver.informationUri).toBe(REPOSITORY);
    for (const r of s.runs[0].tool.driver.rules) {
      expect(r.helpUri).toBe(`${REPOSITORY}/blob/main/docs/rules/${r.id}.md`);
      expect(existsSync(join(root, 'docs/rules', `${r.id}.md`))).toBe(true);
    }
    const j = JSON.parse((await runCli(['check', '--format', 'json', example])).stdout);
    for (const f of j.findings) expect(existsSync(join(root, f.docsUrl.replace(`${REPOSITORY}/blob/main/`, '')))).toBe(true);
  });
});
