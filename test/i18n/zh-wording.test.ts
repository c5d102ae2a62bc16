/**
 * The Chinese messages read as Chinese: brackets around Chinese text are full-width （）, never a half-width ( or )
 * right beside a Han character; no English word a value helper used to insert (hidden, missing, default, empty,
 * none) is left in a zh message; and a rendered zh message has Chinese in it (not an English sentence passed
 * through). Code, backticked text and quoted config values or log lines are exempt.
 * Checked on every rule's zh templates and the knowledge tables messages quote, on every rule fixture, and on what
 * `check --lang zh` says for the shared cases, corpus and examples.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ALL_RULES } from '../../src/rules/index.ts';
import { KEYS, legacyKeys } from '../../src/zlm/catalogue.ts';
import { keyDoc } from '../../src/zlm/key-docs.ts';
import { LOG_SIGNATURES } from '../../src/zlm/log-signatures.ts';
import { lint } from '../../src/lint/engine.ts';
import type { Finding } from '../../src/rules/types.ts';
import { fixtureContext, readFixture } from '../support/lint.ts';
import { isSidecar } from '../support/rule-tester.ts';
import { runCli } from '../support/cli.ts';
import { describeShared, hasShared, sharedPath } from '../support/shared.ts';

const HAN = String.raw`\p{Script=Han}\u3000-\u303f\uff00-\uffef`;
/** a half-width bracket touching a Han character or full-width punctuation */
const HALF_BRACKET = new RegExp(String.raw`[${HAN}][()]|[()][${HAN}]`, 'u');
/** an English word a value helper used to insert, standing on its own (not part of a path, key or value) */
const ENGLISH_WORD = /(?<![\w./:=-])(hidden|missing|default|empty|none)(?![\w./:=-])/i;

/** The text with what is exempt blanked: `code`, "quoted" and 'quoted' spans, {placeholders} of a template. */
const prose = (s: string) => s.replace(/`[^`]*`/g, ' ').replace(/"[^"\n]*"/g, ' ').replace(/'[^'\n]*'/g, ' ').replace(/\{\w+\}/g, ' ');

/** What is wrong with one zh text; [] when nothing. */
export function zhProblems(text: string): string[] {
  const p = prose(text);
  const out: string[] = [];
  const b = HALF_BRACKET.exec(p);
  if (b) out.push(`half-width bracket beside Chinese at "${p.slice(Math.max(0, b.index - 12), b.index + 14)}"`);
  const w = ENGLISH_WORD.exec(p);
  if (w) out.push(`English "${w[1]}" at "${p.slice(Math.max(0, w.index - 12), w.index + 20)}"`);
  return out;
}

const HAS_HAN = /\p{Script=Han}/u;

function findingProblems(where: string, findings: readonly Finding[]): string[] {
  const out: string[] = [];
  for (const f of findings) {
    for (const part of ['message', 'why', 'fix', 'suggestion'] as const) {
      const t = f[part];
      if (t) for (const p of zhProblems(t)) out.push(`${where} ${f.ruleId}.${part}: ${p}: ${t}`);
      // a suggestion may be a bare key=value
      if (t && part !== 'suggestion' && !HAS_HAN.test(t)) out.push(`${where} ${f.ruleId}.${part}: no Chinese in it: ${t}`);
    }
  }
  return out;
}

describe('zh wording: the checker itself', () => {
  it('flags a half-width bracket beside Chinese, and English value words outside code and quotes', () => {
    expect(zhProblems('读成 40000-35000(最小值大于最大值)')).not.toEqual([]);
    expect(zhProblems('内置默认值(该文件可能早于该配置项)')).not.toEqual([]);
    expect(zhProblems('后面的值 (hidden) 生效')).not.toEqual([]);
    expect(zhProblems('hook.enable=(missing, default 0) 被读作关闭')).not.toEqual([]);
    expect(zhProblems('protocol.enable_mp4=0 (default)：只有')).not.toEqual([]);
    expect(zhProblems('读成 40000-35000（最小值大于最大值）')).toEqual([]);
    expect(zhProblems('以 -400 "Assertion failed: (s_max_port >= s_min_port + 36 - 1)" 失败')).toEqual([]);
    expect(zhProblems('api.defaultSnap=/opt/media/bin/default.pem 应当是一张图片')).toEqual([]);
    expect(zhProblems('所有 openRtpServer(port=0) 和 RTSP UDP 会话')).toEqual([]);
    expect(zhProblems('写成 `hook.enable=(missing)`')).toEqual([]);
  });
});

describe('zh wording: rule templates', () => {
  it("every rule's zh title, message, why and fix", () => {
    const out: string[] = [];
    for (const r of ALL_RULES) {
      for (const p of zhProblems(r.meta.title.zh)) out.push(`${r.meta.id}.title: ${p}`);
      for (const [id, m] of Object.entries(r.messages)) {
        for (const part of ['message', 'why', 'fix'] as const) for (const p of zhProblems(m[part].zh)) out.push(`${r.meta.id}.${id}.${part}: ${p}`);
      }
    }
    expect(out).toEqual([]);
  });
});

describe('zh wording: the knowledge tables messages quote', () => {
  it('key descriptions, legacy-key notes, log signatures', () => {
    const out: string[] = [];
    for (const k of KEYS) for (const p of zhProblems(keyDoc(k.key)?.zh ?? '')) out.push(`keyDoc ${k.key}: ${p}`);
    for (const l of legacyKeys()) for (const p of zhProblems(l.note.zh)) out.push(`legacy ${l.key}: ${p}`);
    for (const s of LOG_SIGNATURES) for (const p of [...zhProblems(s.title.zh), ...zhProblems(s.fix.zh)]) out.push(`log signature ${s.id}: ${p}`);
    expect(out).toEqual([]);
  });
});

describe('zh wording: rule fixtures rendered in zh', () => {
  const root = join(import.meta.dirname, '../rules/fixtures');
  it('every finding of every flag fixture', () => {
    const out: string[] = [];
    let n = 0;
    for (const id of readdirSync(root).sort()) {
      for (const name of readdirSync(join(root, id)).filter((e) => e.startsWith('flag') && !isSidecar(e)).sort()) {
        const findings = lint({ ...fixtureContext(readFixture(join(root, id, name))).lint, rules: ALL_RULES, lang: 'zh' });
        n += findings.length;
        out.push(...findingProblems(`${id}/${name}`, findings));
      }
    }
    expect(n).toBeGreaterThan(100);
    expect(out).toEqual([]);
  });
});

/** check --lang zh --format json on these arguments */
async function zhFindings(args: string[]): Promise<Finding[]> {
  const r = await runCli(['check', '--lang', 'zh', '--format', 'json', ...args]);
  expect(r.code, r.stderr).not.toBe(2);
  return JSON.parse(r.stdout).findings as Finding[];
}

function hostArgs(dir: string): string[] {
  const y = parse(readFileSync(join(dir, 'case.yml'), 'utf8')) as { hosts?: Record<string, string> } | null;
  const hosts = Object.entries(y?.hosts ?? {}).filter(([k]) => k === 'wvp' || k === 'zlm').map(([k, v]) => `${k}=${v}`).join(',');
  return hosts ? ['--hosts', hosts] : [];
}

/** The directories under ../shared/<parts> that hold a config.ini. */
function dirsOf(...parts: string[]): string[] {
  if (!hasShared(...parts)) return [];
  const root = sharedPath(...parts);
  return readdirSync(root).sort().map((d) => join(root, d)).filter((d) => existsSync(join(d, 'config.ini')));
}

describeShared('cases', 'zh wording: check --lang zh on shared/cases', () => {
  it.each(dirsOf('cases').map((d) => [d.split('/').pop()!, d] as const))('%s', async (slug, dir) => {
    const ini = join(dir, 'config.ini');
    const yml = join(dir, 'application.yml');
    const out = [
      ...findingProblems('config.ini', await zhFindings([ini])),
      ...findingProblems('dir', await zhFindings([...hostArgs(dir), dir])),
      ...(existsSync(yml) ? findingProblems('--wvp', await zhFindings([...hostArgs(dir), ini, '--wvp', yml])) : []),
    ];
    expect(out, slug).toEqual([]);
  });
});

describeShared(['corpus', 'real-deployments'], 'zh wording: check --lang zh on the real deployments', () => {
  it.each(dirsOf('corpus', 'real-deployments').map((d) => [d.split('/').pop()!, d] as const))('%s', async (slug, dir) => {
    const out = [...findingProblems('config.ini', await zhFindings([join(dir, 'config.ini')])), ...findingProblems('dir', await zhFindings([...hostArgs(dir), dir]))];
    expect(out, slug).toEqual([]);
  });
});

describeShared(['corpus', 'zlm-config-history'], 'zh wording: check --lang zh on the config.ini history', () => {
  it('every revision', async () => {
    const root = sharedPath('corpus', 'zlm-config-history');
    const out: string[] = [];
    for (const f of readdirSync(root).filter((x) => x.endsWith('.ini')).sort()) out.push(...findingProblems(f, await zhFindings([join(root, f)])));
    expect(out).toEqual([]);
  });
});

describe('zh wording: check --lang zh on examples/', () => {
  it('every example config', async () => {
    const root = join(import.meta.dirname, '../../examples');
    const out: string[] = [];
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.ini') ? [join(d, e.name)] : []));
    for (const f of walk(root).sort()) out.push(...findingProblems(f.slice(root.length + 1), await zhFindings([f])));
    expect(out).toEqual([]);
  });
});
