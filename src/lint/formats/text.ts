import type { Formatter } from './types.ts';
import type { Finding } from '../../rules/types.ts';
import { summarize } from '../engine.ts';
import { paint, type Paint } from './color.ts';

const LABEL = {
  en: { error: 'error', warning: 'warning', info: 'info', why: 'why', fix: 'fix', docs: 'docs', suggestion: 'suggestion', fixable: 'fixable with --fix', clean: 'no problems found', problems: (e: number, w: number, i: number) => `${e} error(s), ${w} warning(s), ${i} info` },
  zh: { error: '错误', warning: '警告', info: '提示', why: '原因', fix: '修复', docs: '文档', suggestion: '建议', fixable: '可用 --fix 自动修复', clean: '未发现问题', problems: (e: number, w: number, i: number) => `${e} 个错误，${w} 个警告，${i} 个提示` },
} as const;

function codeFrame(source: string, f: Finding, c: Paint): string {
  const lines = source.split('\n').map((l) => l.replace(/\r$/, ''));
  const from = Math.max(1, f.line - 1);
  const to = Math.min(lines.length, f.line + 1);
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    const text = (lines[n - 1] ?? '').replace(/\t/g, ' ');
    const mark = n === f.line ? c.red('>') : ' ';
    out.push(`  ${mark} ${c.dim(String(n).padStart(width))} | ${text}`);
    if (n === f.line) {
      const start = Math.max(0, f.column - 1);
      const len = f.endLine === f.line ? Math.max(1, f.endColumn - f.column) : Math.max(1, text.length - start);
      out.push(`    ${' '.repeat(width)} | ${' '.repeat(start)}${c.red('^'.repeat(len))}`);
    }
  }
  return out.join('\n');
}

/** Human output: grouped by file, a code frame under each finding, a one-line summary. */
export const text: Formatter = {
  name: 'text',
  format({ findings, sources, lang, color, files }) {
    const c = paint(color);
    const L = LABEL[lang];
    const out: string[] = [];
    const sev = { error: c.red(L.error), warning: c.yellow(L.warning), info: c.blue(L.info) };
    for (const file of [...new Set([...files, ...findings.map((f) => f.file)])]) {
      const mine = findings.filter((f) => f.file === file);
      if (mine.length === 0) continue;
      out.push(c.underline(file));
      for (const f of mine) {
        out.push(`${c.dim(`${f.line}:${f.column}`)}  ${sev[f.severity]}  ${f.message}  ${c.dim(f.ruleId)}`);
        const src = sources.get(f.file);
        if (src !== undefined) out.push(codeFrame(src, f, c));
        out.push(`    ${c.bold(L.why)}: ${f.why}`);
        out.push(`    ${c.bold(L.fix)}: ${f.fix}${f.edits ? c.green(` (${L.fixable})`) : ''}`);
        if (f.suggestion) out.push(`    ${c.bold(L.suggestion)}: ${f.suggestion}`);
        out.push(`    ${c.dim(`${L.docs}: ${f.docs}`)}`);
        out.push('');
      }
    }
    const s = summarize(findings);
    if (findings.length === 0) out.push(`${c.green('✓')} ${files.join(', ')}: ${L.clean}`);
    else out.push(`${s.error > 0 ? c.red('✗') : c.yellow('!')} ${L.problems(s.error, s.warning, s.info)}`);
    return out.join('\n') + '\n';
  },
};
