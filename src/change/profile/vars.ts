/**
 * `${VAR}` references in profile values (pure). The only forms:
 *  - `${NAME}`: the variable's value; unset → missing (for a secret: set but empty is missing too);
 *  - `${NAME:-default}`: the default when NAME is unset or empty, for NON-secret values only: a secret
 *    with a default would silently deploy a known secret when the variable is forgotten, so that is an error;
 *  - `$${` is a literal `${`. A bare `$NAME` is left as written (ZLM values may hold `$`).
 * Anything else inside `${...}` (`${A-b}`, `${A:?x}`, nesting) is a malformed reference (an error), so a
 * typo never reaches the rendered file as literal text.
 *
 * A value is "secret" when its key names a secret (`api.secret`), the variable does (`ZLM_API_SECRET`),
 * or the reference follows `secret=` inside a URL query / admin_params (`...?secret=${S}`).
 */
import { isSecretKey } from '../../util/redact.ts';
import { zlmTrim } from '../../ini/document.ts';
import type { Localized } from '../../i18n/index.ts';

export type VarValues = Readonly<Record<string, string | undefined>>;

export type ProblemCode =
  | 'missing-var'
  | 'secret-default'
  | 'bad-reference'
  | 'bad-var-value'
  | 'outside-section'
  | 'duplicate-key'
  | 'duplicate-section'
  | 'no-equals'
  | 'literal-secret'
  | 'missing-file'
  | 'bad-env';

export interface ProfileProblem {
  severity: 'error' | 'warning';
  code: ProblemCode;
  file: string;
  /** 1-based; 0 when the problem is about a whole file */
  line: number;
  column: number;
  key?: string;
  variable?: string;
  message: Localized;
}

export interface Reference {
  name: string;
  /** `${NAME:-default}` */
  fallback?: string;
  /** offsets in the value */
  start: number;
  end: number;
}

export interface Resolved {
  value: string;
  /** variable name → value used (for redaction) */
  used: Map<string, string>;
  /** names of the variables holding a secret */
  secretNames: string[];
  /** variables that were unset or empty, so their `:-default` was used */
  defaulted: string[];
  problems: ProfileProblem[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface Where {
  file: string;
  line: number;
  /** 1-based column of the value's first character */
  column: number;
  /** `section.key` */
  key: string;
  /** the key as written (without the section) */
  name: string;
}

/** Whether a value may contain a reference (cheap pre-check). */
export function hasReference(value: string): boolean {
  return value.includes('${');
}

/** Resolve every reference of one value. Never throws: what is wrong comes back as problems. */
export function resolveValue(value: string, where: Where, vars: VarValues): Resolved {
  const used = new Map<string, string>();
  const secretNames: string[] = [];
  const defaulted: string[] = [];
  const problems: ProfileProblem[] = [];
  const keySecret = isSecretKey(where.name);
  const at = (i: number) => ({ file: where.file, line: where.line, column: where.column + i, key: where.key });
  let out = '';
  let i = 0;
  while (i < value.length) {
    if (value.startsWith('$${', i)) {
      out += '${';
      i += 3;
      continue;
    }
    if (!value.startsWith('${', i)) {
      out += value[i];
      i++;
      continue;
    }
    const close = value.indexOf('}', i + 2);
    const inner = close < 0 ? value.slice(i + 2) : value.slice(i + 2, close);
    const sep = inner.indexOf(':-');
    const name = sep < 0 ? inner : inner.slice(0, sep);
    if (close < 0 || !NAME.test(name) || inner.slice(sep < 0 ? inner.length : sep + 2).includes('${')) {
      const shown = close < 0 ? value.slice(i) : value.slice(i, close + 1);
      problems.push({
        severity: 'error',
        code: 'bad-reference',
        ...at(i),
        message: {
          en: `${where.key}: malformed variable reference "${shown}": use \${NAME} (or \${NAME:-default} for a value that is no secret); $\${ writes a literal \${`,
          zh: `${where.key}：变量引用格式错误 "${shown}"：请使用 \${NAME}（非密钥的值可用 \${NAME:-默认值}）；字面量 \${ 请写作 $\${`,
        },
      });
      out += shown;
      i += shown.length;
      continue;
    }
    const fallback = sep < 0 ? undefined : inner.slice(sep + 2);
    const before = value.slice(0, i);
    const inlineKey = /(?:^|[?&\s;,])([A-Za-z0-9_.-]+)=$/.exec(before)?.[1];
    const secret = keySecret || isSecretKey(name) || (inlineKey !== undefined && isSecretKey(inlineKey));
    if (secret && !secretNames.includes(name)) secretNames.push(name);
    const v = vars[name];
    if (fallback !== undefined && secret) {
      problems.push({
        severity: 'error',
        code: 'secret-default',
        ...at(i),
        variable: name,
        message: {
          en: `${where.key}: \${${name}:-…} gives a secret a default; a forgotten variable would deploy that known value. Remove the default: \${${name}}`,
          zh: `${where.key}：\${${name}:-…} 为密钥设置了默认值；忘记设置变量时会部署这个已知的值。请去掉默认值：\${${name}}`,
        },
      });
    } else if (fallback !== undefined && (v === undefined || v === '')) {
      out += fallback;
      if (!defaulted.includes(name)) defaulted.push(name);
    } else if (v === undefined || (secret && v === '')) {
      problems.push({
        severity: 'error',
        code: 'missing-var',
        ...at(i),
        variable: name,
        message:
          v === undefined
            ? { en: `${where.key}: variable ${name} is not set`, zh: `${where.key}：环境变量 ${name} 未设置` }
            : { en: `${where.key}: variable ${name} is set but empty (a secret cannot be empty)`, zh: `${where.key}：环境变量 ${name} 已设置但为空（密钥不能为空）` },
      });
    } else {
      used.set(name, v);
      out += v;
      if (/[\r\n]/.test(v)) {
        problems.push({
          severity: 'error',
          code: 'bad-var-value',
          ...at(i),
          variable: name,
          message: {
            en: `${where.key}: the value of ${name} contains a line break; written into config.ini it would end the line (and could add keys)`,
            zh: `${where.key}：${name} 的值包含换行；写入 config.ini 会截断该行（甚至添加别的配置项）`,
          },
        });
      }
    }
    i = close + 1;
  }
  if (problems.length === 0 && zlmTrim(out) !== out) {
    problems.push({
      severity: 'error',
      code: 'bad-var-value',
      ...at(0),
      message: {
        en: `${where.key}: the value starts or ends with blanks from a variable (${[...used.keys()].join(', ')}); ZLM trims them, so it would read a different value`,
        zh: `${where.key}：变量（${[...used.keys()].join('、')}）使值以空白开头或结尾；ZLM 会裁掉空白，读到的值将与预期不同`,
      },
    });
  }
  return { value: out, used, secretNames, defaulted, problems };
}
