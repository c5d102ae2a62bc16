/**
 * `zlm-doctor rules` lists the rules; `zlm-doctor explain <rule-id>` prints a
 * rule's page offline, in the user's language (docs/ ships in the package).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_RULES } from '../rules/index.ts';
import type { Rule } from '../rules/types.ts';
import type { Lang } from '../i18n/index.ts';
import { pageInLanguage } from '../lint/docs-page.ts';
import { docsUrl } from '../lint/formats/docs-url.ts';
import { paint } from '../output/color.ts';
import { UsageError, type Io } from './io.ts';

export interface RulesOptions {
  format: string;
  lang: Lang;
  color: boolean;
}

const L = {
  en: { id: 'rule', severity: 'severity', category: 'category', fixable: 'fixable', title: 'title', yes: 'yes', no: 'no', more: 'zlm-doctor explain <rule> shows a rule in full' },
  zh: { id: '规则', severity: '严重程度', category: '类别', fixable: '可修复', title: '说明', yes: '是', no: '否', more: 'zlm-doctor explain <规则> 显示规则的完整说明' },
} as const;

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));

export function runRules(o: RulesOptions, io: Io): number {
  const rules = [...ALL_RULES].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  if (o.format === 'json') {
    const list = rules.map((r) => ({
      id: r.meta.id,
      severity: r.meta.severity,
      category: r.meta.category,
      fixable: r.meta.fixable,
      title: r.meta.title[o.lang],
      docsUrl: docsUrl(r.meta.id),
    }));
    io.out(JSON.stringify({ version: 1, rules: list }, null, 2) + '\n');
    return 0;
  }
  if (o.format !== 'text') throw new UsageError(`unknown format "${o.format}" (use text or json)`);
  const t = L[o.lang];
  const c = paint(o.color);
  const rows = rules.map((r) => [r.meta.id, r.meta.severity, r.meta.category, r.meta.fixable ? t.yes : t.no, r.meta.title[o.lang]]);
  const head = [t.id, t.severity, t.category, t.fixable, t.title];
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (r: string[]) => r.map((x, i) => (i === r.length - 1 ? x : pad(x, widths[i]!))).join('  ');
  io.out([c.bold(line(head)), ...rows.map(line), '', c.dim(t.more), ''].join('\n'));
  return 0;
}

/** docs/rules beside the package: two levels up from src/cli (sources) or dist/chunks (the bundle). */
function docsDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const d = join(dir, 'docs', 'rules');
    if (existsSync(d)) return d;
    dir = dirname(dir);
  }
  return undefined;
}

function closest(id: string, rules: readonly Rule[]): string | undefined {
  const dist = (a: string, b: string) => {
    const d = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = d[0]!;
      d[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const cur = d[j]!;
        d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
      }
    }
    return d[b.length]!;
  };
  const best = rules.map((r) => ({ id: r.meta.id, d: r.meta.id.includes(id) ? 0 : dist(id, r.meta.id) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.max(3, Math.floor(id.length / 3)) ? best.id : undefined;
}

export function runExplain(id: string, o: { lang: Lang }, io: Io): number {
  const rule = ALL_RULES.find((r) => r.meta.id === id);
  if (!rule) {
    const guess = closest(id, ALL_RULES);
    throw new UsageError(`no rule "${id}"${guess ? ` (did you mean ${guess}?)` : ''}; zlm-doctor rules lists them`);
  }
  const dir = docsDir();
  const file = dir && join(dir, `${id}.md`);
  if (!file || !existsSync(file)) {
    // an install without docs/: the rule's own words, and where the page is
    const m = rule.meta;
    io.out(`# ${m.id}\n\n${m.title[o.lang]}\n\n${docsUrl(m.id)}\n`);
    return 0;
  }
  io.out(pageInLanguage(readFileSync(file, 'utf8'), o.lang));
  return 0;
}
