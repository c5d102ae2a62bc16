/**
 * Writes the pins of rule fixtures (test/rules/fixtures/<id>/flag-*): `flag-x.expect.json` (every finding's
 * messageId, key, file, span and severity) and the fixed text when the rule's fixes change anything.
 * Only fixtures without pins, unless --update. Review what it writes: a pin is a claim about correct behaviour.
 * Usage: node scripts/run-ts.mjs scripts/pin-rule-fixtures.ts [--update] [rule-id...]
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ALL_RULES } from '../src/rules/index.ts';
import { readFixture } from '../test/support/lint.ts';
import { formatPins, isSidecar, pinnedOf, pinPaths, runFixture } from '../test/support/rule-tester.ts';

const args = process.argv.slice(2);
const update = args.includes('--update');
const only = args.filter((a) => !a.startsWith('--'));
const root = resolve('test/rules/fixtures');
let written = 0;
for (const rule of ALL_RULES) {
  const id = rule.meta.id;
  if (only.length && !only.includes(id)) continue;
  const dir = join(root, id);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir).sort()) {
    if (!name.startsWith('flag') || isSidecar(name)) continue;
    const fixture = join(dir, name);
    const paths = pinPaths(fixture);
    if (existsSync(paths.expect) && !update) continue;
    const fx = readFixture(fixture);
    const pinned = pinnedOf(runFixture(rule, fx), fx);
    writeFileSync(paths.expect, formatPins(pinned.pins));
    if (pinned.fixedIni !== undefined) writeFileSync(paths.fixedIni, pinned.fixedIni);
    else rmSync(paths.fixedIni, { force: true });
    if (paths.fixedYml) {
      if (pinned.fixedYml !== undefined) writeFileSync(paths.fixedYml, pinned.fixedYml);
      else rmSync(paths.fixedYml, { force: true });
    }
    written++;
    console.log(`${id}/${name}: ${pinned.pins.length} finding(s)${pinned.fixedIni !== undefined ? ', fixed config.ini' : ''}${pinned.fixedYml !== undefined ? ', fixed application.yml' : ''}`);
  }
}
console.log(`${written} fixture(s) pinned`);
