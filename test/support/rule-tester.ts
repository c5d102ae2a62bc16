/**
 * A rule tester as strict as ESLint's RuleTester: a flag fixture pins every finding of its rule (messageId, key,
 * file, line:column-endLine:endColumn, severity) in `flag-x.expect.json`, and the text `fix` makes of it with that
 * rule alone (`flag-x.fixed.ini`; a directory fixture holds `config.fixed.ini` / `application.fixed.yml`). No fixed
 * file means the rule changes nothing there (ESLint's `output: null`).
 *
 * `checkFixture` is pure: it returns the problems, so a test can show that a mutated pin is caught.
 * `node scripts/run-ts.mjs scripts/pin-rule-fixtures.ts` writes the pins of fixtures that have none.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { Lang } from '../../src/i18n/index.ts';
import { lint } from '../../src/lint/engine.ts';
import { fixApplies, fixLink } from '../../src/lint/fix-link.ts';
import type { Finding, Report, Rule, Severity } from '../../src/rules/types.ts';
import { fixtureContext, type FixtureText } from './lint.ts';

/** One finding as a flag fixture pins it. */
export interface Pin {
  messageId: string;
  key: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
}

/** What a fixture pins: its findings and, when the rule's fixes change anything, the fixed texts. */
export interface Pinned {
  pins: Pin[];
  /** fixed config.ini; undefined = unchanged */
  fixedIni?: string;
  /** fixed application.yml (directory fixtures); undefined = unchanged */
  fixedYml?: string;
}

/** Everything one run of a rule over a fixture gives. */
export interface FixtureRun {
  /** findings of the rule in output order, each with the messageId it was reported with */
  findings: { messageId: string; finding: Finding }[];
  /** the reports exactly as the rule made them (before the engine lowers or strips anything) */
  reports: Report[];
  /** what `fix` with this rule alone makes of the fixture */
  fixed: { ini: string; yml?: string };
  /** findings of this rule that `fix` would still apply after fixing */
  fixableLeft: Finding[];
}

const MARK = '\u0001';
/** a fixed secret, so generated secrets give a stable fixed text */
export const TEST_SECRET = 'q7Vx2mLp9RtZ4cWn8HbJ3kYs6DfG1aUe';

/**
 * The rule with each message tagged by its messageId (the engine keeps no messageId in a Finding) and its raw
 * reports recorded. The tag is removed again before anything is compared.
 */
function traced(rule: Rule, reports: Report[]): Rule {
  const messages = Object.fromEntries(
    Object.entries(rule.messages).map(([id, m]) => [id, { ...m, message: { en: `${MARK}${id}${MARK}${m.message.en}`, zh: `${MARK}${id}${MARK}${m.message.zh}` } }]),
  );
  return {
    meta: rule.meta,
    messages,
    check: (ctx) =>
      rule.check({
        ...ctx,
        report: (r) => {
          reports.push(r);
          ctx.report(r);
        },
      }),
  };
}

export function runFixture(rule: Rule, fx: FixtureText, lang: Lang = 'en'): FixtureRun {
  const c = fixtureContext(fx);
  const reports: Report[] = [];
  const findings = lint({ ...c.lint, rules: [traced(rule, reports)], lang })
    .filter((f) => f.ruleId === rule.meta.id)
    .map((f) => {
      const m = new RegExp(`^${MARK}([^${MARK}]*)${MARK}`).exec(f.message);
      return { messageId: m?.[1] ?? '?', finding: { ...f, message: f.message.slice(m?.[0].length ?? 0) } };
    });
  const res = fixLink({ ...c.lint, wvpTexts: c.wvpTexts, ...(c.buildWvp ? { buildWvp: c.buildWvp } : {}), rules: [rule], lang, options: {}, newSecret: () => TEST_SECRET });
  const yml = c.wvpTexts.size ? res.wvpTexts.get('application.yml') : undefined;
  const fixableLeft = res.remaining.filter((f) => f.ruleId === rule.meta.id && fixApplies(f, { ini: res.doc.text, wvp: (file) => res.wvpTexts.get(file) }));
  return { findings, reports, fixed: { ini: res.doc.text, ...(yml !== undefined ? { yml } : {}) }, fixableLeft };
}

export function pinsOf(run: FixtureRun): Pin[] {
  // a compose file is named by its absolute path: pin its name only, so the pins hold in any checkout
  return run.findings.map(({ messageId, finding: f }) => ({ messageId, key: f.key, file: isAbsolute(f.file) ? basename(f.file) : f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, severity: f.severity }));
}

/** What a run pins: the fixed texts only where the rule changed something. */
export function pinnedOf(run: FixtureRun, fx: FixtureText): Pinned {
  return {
    pins: pinsOf(run),
    ...(run.fixed.ini !== fx.ini ? { fixedIni: run.fixed.ini } : {}),
    ...(run.fixed.yml !== undefined && run.fixed.yml !== fx.yml ? { fixedYml: run.fixed.yml } : {}),
  };
}

const showPin = (p: Pin) => `${p.file} ${p.key}@${p.line}:${p.column}-${p.endLine}:${p.endColumn} ${p.severity} ${p.messageId}`;

/** Problems of a flag fixture against its pins; [] when everything agrees. */
export function checkFixture(rule: Rule, fx: FixtureText, want: Pinned, run: FixtureRun = runFixture(rule, fx)): string[] {
  const out: string[] = [];
  const got = pinnedOf(run, fx);
  if (got.pins.length === 0) out.push('the rule reports nothing');
  const n = Math.max(got.pins.length, want.pins.length);
  for (let i = 0; i < n; i++) {
    const g = got.pins[i];
    const w = want.pins[i];
    if (!g) out.push(`finding ${i + 1} is missing: expected ${showPin(w!)}`);
    else if (!w) out.push(`finding ${i + 1} is not pinned: ${showPin(g)}`);
    else if (showPin(g) !== showPin(w)) out.push(`finding ${i + 1}: expected ${showPin(w)}, got ${showPin(g)}`);
  }
  if (got.fixedIni !== want.fixedIni) out.push(want.fixedIni === undefined ? 'the fix changes config.ini, but no fixed text is pinned' : got.fixedIni === undefined ? 'a fixed config.ini is pinned, but the fix changes nothing' : 'the fixed config.ini differs from the pinned one');
  if (got.fixedYml !== want.fixedYml) out.push(want.fixedYml === undefined ? 'the fix changes application.yml, but no fixed text is pinned' : got.fixedYml === undefined ? 'a fixed application.yml is pinned, but the fix changes nothing' : 'the fixed application.yml differs from the pinned one');
  for (const f of run.fixableLeft) out.push(`after fixing, a fixable finding is left: ${f.key}@${f.line}:${f.column} ${f.message}`);
  return out;
}

/** Placeholders a message template uses (`${VAR}` and `{{var}}` are quoted syntax, shown as they are). */
const placeholders = (template: string) => [...template.matchAll(/(?<![${])\{(\w+)\}/g)].map((m) => m[1]!);

/**
 * Problems with how a report fills its message: a `{placeholder}` the data does not fill (in either language), or
 * data still passing a translation as an `x`/`xZh` pair of keys instead of one Localized value.
 */
export function messageProblems(rule: Rule, r: Report): string[] {
  const out: string[] = [];
  const msg = rule.messages[r.messageId];
  if (!msg) return [`unknown messageId ${r.messageId}`];
  const data = r.data ?? {};
  for (const lang of ['en', 'zh'] as const) {
    for (const [part, text] of [['message', msg.message], ['why', msg.why], ['fix', msg.fix], ['suggestion', r.suggestion]] as const) {
      if (!text) continue;
      for (const name of placeholders(text[lang])) if (!(name in data)) out.push(`${r.messageId}.${part}.${lang}: {${name}} is not filled`);
    }
  }
  for (const k of Object.keys(data)) {
    const m = /^(\w+?)(Zh|En|_zh|_en)$/.exec(k);
    if (m && [m[1]!, `${m[1]}En`, `${m[1]}Zh`, `${m[1]}_en`, `${m[1]}_zh`].some((o) => o !== k && o in data)) out.push(`data.${k}: a translation passed as a key pair; give the value as { en, zh }`);
  }
  return out;
}

/** The `**Severity:** … · **Category:** … · **Fixable:** …` line of a rule's docs page, read back. */
export function docsMeta(markdown: string): { severity?: string; category?: string; fixable?: boolean } {
  const line = markdown.split('\n').find((l) => l.startsWith('**Severity:**')) ?? '';
  const word = (label: string) => new RegExp(`\\*\\*${label}:\\*\\*\\s*([A-Za-z]+)`).exec(line)?.[1];
  const fixable = word('Fixable');
  return { severity: word('Severity'), category: word('Category'), ...(fixable ? { fixable: fixable.toLowerCase() === 'yes' } : {}) };
}

/** Where a flag fixture's pins live: `flag-x.expect.json` beside `flag-x.ini` or the directory `flag-x`. */
export function pinPaths(fixture: string): { expect: string; fixedIni: string; fixedYml?: string } {
  if (fixture.endsWith('.ini')) return { expect: fixture.replace(/\.ini$/, '.expect.json'), fixedIni: fixture.replace(/\.ini$/, '.fixed.ini') };
  return { expect: `${fixture}.expect.json`, fixedIni: join(fixture, 'config.fixed.ini'), fixedYml: join(fixture, 'application.fixed.yml') };
}

/** The pins stored for a fixture; undefined when it has none yet. */
export function readPinned(fixture: string): Pinned | undefined {
  const p = pinPaths(fixture);
  if (!existsSync(p.expect)) return undefined;
  const pins = JSON.parse(readFileSync(p.expect, 'utf8')) as Pin[];
  return {
    pins,
    ...(existsSync(p.fixedIni) ? { fixedIni: readFileSync(p.fixedIni, 'utf8') } : {}),
    ...(p.fixedYml && existsSync(p.fixedYml) ? { fixedYml: readFileSync(p.fixedYml, 'utf8') } : {}),
  };
}

/** The pins as stored: one finding a line, so a diff shows which one moved. */
export function formatPins(pins: readonly Pin[]): string {
  return pins.length ? `[\n${pins.map((p) => `  ${JSON.stringify(p)}`).join(',\n')}\n]\n` : '[]\n';
}

/** Files beside the fixtures that are not fixtures themselves: deployment context, pins, fixed texts. */
export const isSidecar = (name: string) => /\.(compose\.ya?ml|env|expect\.json|fixed\.ini|fixed\.ya?ml)$/.test(name);
