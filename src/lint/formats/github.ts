import type { Formatter } from './types.ts';

const escData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escProp = (s: string) => escData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const CMD = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** GitHub Actions workflow commands: one annotation per finding. */
export const github: Formatter = {
  name: 'github',
  format({ findings }) {
    return findings
      .map(
        (f) =>
          `::${CMD[f.severity]} file=${escProp(f.file)},line=${f.line},col=${f.column},endLine=${f.endLine},endColumn=${f.endColumn},title=${escProp(`${f.ruleId} (${f.key || 'config'})`)}::${escData(`${f.message}\n${f.why}\n${f.fix}`)}`,
      )
      .map((l) => l + '\n')
      .join('');
  },
};
