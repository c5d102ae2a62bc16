import type { Formatter } from './types.ts';
import type { Finding, Severity } from '../../rules/index.ts';
import type { Lang } from '../../i18n/index.ts';
import { summarize } from '../engine.ts';
import { bySeverity, groupFindings, type FindingGroup } from '../group.ts';
import { paint, type Paint } from '../../output/color.ts';
import { docsUrl } from './docs-url.ts';
import { fixAppliesIn } from '../fix-link.ts';
import { maxOf, pushAll } from '../../util/arrays.ts';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const LABEL = {
  en: {
    error: 'error',
    warning: 'warning',
    info: 'info',
    why: 'why',
    fix: 'fix',
    docs: 'docs',
    suggestion: 'suggestion',
    fixable: ' (fixable with --fix)',
    clean: 'no problems found',
    counts: (e: number, w: number, i: number) => `${plural(e, 'error', 'errors')}, ${plural(w, 'warning', 'warnings')}, ${i} info`,
    noErrors: (i: number) => `no errors or warnings (${i} info; -v shows them)`,
    files: (n: number) => `${n} files`,
    group: (n: number) => `${n} keys, one cause: `,
    hiddenInfo: (n: number) => `${n} info not shown (-v shows them)`,
    alike: (key: string, n: number) => ` (for ${key}; likewise for the other ${plural(n, 'key', 'keys')})`,
  },
  zh: {
    error: '错误',
    warning: '警告',
    info: '提示',
    why: '原因',
    fix: '修复',
    docs: '文档',
    suggestion: '建议',
    fixable: '（可用 --fix 自动修复）',
    clean: '未发现问题',
    counts: (e: number, w: number, i: number) => `${e} 个错误，${w} 个警告，${i} 个提示`,
    noErrors: (i: number) => `没有错误或警告（${i} 个提示，加 -v 显示）`,
    files: (n: number) => `${n} 个文件`,
    group: (n: number) => `${n} 个键，同一原因：`,
    hiddenInfo: (n: number) => `另有 ${n} 个提示未显示（加 -v 显示）`,
    alike: (key: string, n: number) => `（针对 ${key}；其余 ${n} 个键同理）`,
  },
} as const;

/**
 * Where each line of a source starts, found once per source (a frame is drawn for every group; the source can be
 * long): a frame cuts out only its three lines, where a split made a string of every line of the file.
 */
const startsCache = new Map<string, number[]>();
function lineStarts(source: string): number[] {
  let starts = startsCache.get(source);
  if (!starts) {
    if (startsCache.size >= 8) startsCache.clear();
    starts = [0];
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
    startsCache.set(source, starts);
  }
  return starts;
}

/** Line n (1-based) of a source, without its '\n' (what source.split('\n')[n - 1] is) */
function lineOf(source: string, starts: readonly number[], n: number): string {
  return source.slice(starts[n - 1]!, n < starts.length ? starts[n]! - 1 : source.length);
}

function codeFrame(source: string, f: Finding, c: Paint): string {
  const starts = lineStarts(source);
  const from = Math.max(1, f.line - 1);
  const to = Math.min(starts.length, f.line + 1);
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    let text = lineOf(source, starts, n);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.includes('\t')) text = text.replace(/\t/g, ' ');
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

const where = (f: Finding) => (f.file ? `${f.file}:${f.line}:${f.column}` : `${f.line}:${f.column}`);

/** The one-line verdict that opens the output. */
export function verdict(findings: readonly Finding[], files: readonly string[], lang: Lang, c: Paint): string {
  const L = LABEL[lang];
  const s = summarize(findings);
  const names = files.length > 3 ? L.files(files.length) : files.join(', ');
  const head = names ? `${names}: ` : '';
  if (s.error > 0) return `${c.red('✗')} ${head}${L.counts(s.error, s.warning, s.info)}`;
  if (s.warning > 0) return `${c.yellow('!')} ${head}${L.counts(s.error, s.warning, s.info)}`;
  if (s.info > 0) return `${c.green('✓')} ${head}${L.noErrors(s.info)}`;
  return `${c.green('✓')} ${head}${L.clean}`;
}

function renderGroup(g: FindingGroup, sources: ReadonlyMap<string, string>, lang: Lang, c: Paint): string[] {
  const L = LABEL[lang];
  const sev: Record<Severity, string> = { error: c.red(L.error), warning: c.yellow(L.warning), info: c.blue(L.info) };
  const first = g.findings[0]!;
  const out: string[] = [];
  if (g.findings.length === 1) {
    out.push(`${sev[g.severity]}  ${c.dim(where(first))}  ${first.message}  ${c.dim(g.ruleId)}`);
  } else {
    out.push(`${sev[g.severity]}  ${c.bold(L.group(g.findings.length))}${g.message}  ${c.dim(g.ruleId)}`);
    const width = maxOf(g.findings.map((f) => where(f).length));
    for (const f of g.findings) out.push(`    ${c.dim(where(f).padEnd(width))}  ${f.key}`);
  }
  const src = sources.get(first.file);
  if (src !== undefined) out.push(codeFrame(src, first, c));
  const fixable = g.findings.some((f) => fixAppliesIn(f, sources));
  // one why and one fix for the group; when they name each key, the first stands for the rest
  const alike = (texts: string[]) => (new Set(texts).size > 1 ? L.alike(first.key, texts.length - 1) : '');
  out.push(`    ${c.bold(L.why)}: ${first.why}${alike(g.findings.map((f) => f.why))}`);
  out.push(`    ${c.bold(L.fix)}: ${first.fix}${alike(g.findings.map((f) => f.fix))}${fixable ? c.green(L.fixable) : ''}`);
  const suggestions = [...new Set(g.findings.map((f) => f.suggestion).filter((s): s is string => !!s))];
  for (const s of suggestions) out.push(`    ${c.bold(L.suggestion)}: ${s}`);
  out.push(`    ${c.dim(`${L.docs}: ${docsUrl(g.ruleId)}  (zlm-doctor explain ${g.ruleId})`)}`);
  out.push('');
  return out;
}

/**
 * Human output: a one-line verdict, then errors, then warnings (then info with -v, else
 * only their count). Findings of one cause are shown once, with their keys listed.
 */
export const text: Formatter = {
  name: 'text',
  format({ findings, sources, lang, color, files, verbose }) {
    const c = paint(color);
    const L = LABEL[lang];
    const body: string[] = [];
    let hidden = 0;
    // how an input was read when it is not a whole file (rule input-excerpt) is always said, under the verdict
    const readAs = verbose ? [] : findings.filter((f) => f.ruleId === 'input-excerpt').map((f) => `${c.blue(L.info)}  ${c.dim(where(f))}  ${f.message}  ${c.dim(f.ruleId)}`);
    for (const g of bySeverity(groupFindings(findings))) {
      if (g.ruleId === 'input-excerpt' && !verbose) continue;
      if (g.severity === 'info' && !verbose) {
        hidden += g.findings.length;
        continue;
      }
      pushAll(body, renderGroup(g, sources, lang, c));
    }
    // info alone: the verdict already counts it
    if (hidden > 0 && body.length > 0) body.push(c.dim(L.hiddenInfo(hidden)));
    while (body.length > 0 && body[body.length - 1] === '') body.pop();
    return [verdict(findings, files, lang, c), ...readAs, ...(body.length > 0 ? ['', ...body] : [])].join('\n') + '\n';
  },
};
