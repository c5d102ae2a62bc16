/**
 * How guessable a configured secret is, and whether it looks like one that
 * ZLMediaKit generated itself. Pure; never returns or embeds the value.
 */
import { keyDef } from './catalogue.ts';
import { isDigits } from '../util/chars.ts';

/** The public sample secret, as shipped in conf/config.ini. */
const SAMPLE_SECRET_VALUE = keyDef('api.secret')?.shipped ?? '';

export type SecretWeakness =
  /** a template token left in place: ${VAR}, {{var}}, %VAR%, <secret>, $VAR, api-secret */
  | 'template'
  /** a dictionary placeholder: change-me, secret, 123456, password, ... */
  | 'placeholder'
  /** the public sample with a few characters changed */
  | 'nearSample'
  /** digits only */
  | 'digits'
  /** fewer than 16 characters */
  | 'short';

/** Template tokens: ${VAR}, {{var}}, %VAR%, <secret>, $VAR, @VAR@, __VAR__. */
const TEMPLATE = /\$\{[^}]*\}|\{\{[^}]*\}\}|%[A-Za-z_][A-Za-z0-9_]*%|^<[^>]+>$|^\$[A-Za-z_][A-Za-z0-9_]*$|^@[A-Za-z_]+@$|^__[A-Z0-9_]+__$/;
/** Values that are the name of the thing rather than a value (sed/envsubst targets, docs). */
const TEMPLATE_WORDS = /^(?:api[-_.]?secret|zlm[-_.]?(?:api[-_.]?)?secret|media[-_.]?secret|secret[-_.]?key|your[-_.]?(?:api[-_.]?)?secret|my[-_.]?secret|the[-_.]?secret)$/i;
/** Placeholder phrases anywhere in the value. */
const PLACEHOLDER_PHRASE = /change[-_. ]?(?:me|it|this)|replace[-_. ]?(?:me|this|with)|please[-_. ]?change|placeholder|your[-_. ]?(?:own[-_. ]?)?(?:api[-_. ]?)?(?:secret|key|password|token)|example[-_. ]?secret|dummy|todo|fixme/i;
/** Words each PLACEHOLDER_PHRASE match holds (lower case). */
const PHRASE_WORDS = ['change', 'replace', 'please', 'placeholder', 'your', 'example', 'dummy', 'todo', 'fixme'];
/** Whole values taken from a dictionary. */
const DICTIONARY = new Set([
  'secret', 'password', 'passwd', 'admin', 'root', 'test', 'testing', 'default', 'changeme', 'zlm', 'zlmediakit',
  'wvp', 'qwerty', 'letmein', 'abc123', 'abcdef', 'key', 'token', 'demo', 'sample', 'xxx', 'null', 'none', 'empty',
  'adminadmin', 'password123', 'secret123', 'zlmediakit123', 'abcdefghijklmnop',
]);

/** Why a secret is guessable, or undefined when it is not (empty and the public sample are judged elsewhere). */
export function secretWeakness(value: string): SecretWeakness | undefined {
  if (value === '' || value === SAMPLE_SECRET_VALUE) return undefined;
  // each pattern is tried only where it can match (a pattern costs its compilation in every start that tries it)
  const lower = value.toLowerCase();
  if (templateMay(value, lower) && (TEMPLATE.test(value) || TEMPLATE_WORDS.test(value))) return 'template';
  if (value.length === SAMPLE_SECRET_VALUE.length && [...value].filter((c, i) => c !== SAMPLE_SECRET_VALUE[i]).length <= 4) return 'nearSample';
  if (DICTIONARY.has(lower) || (PHRASE_WORDS.some((w) => lower.includes(w)) && PLACEHOLDER_PHRASE.test(value)) || oneCharRepeated(value) || ((value[0] === '0' || value[0] === '1') && /^(?:0123456789?|1234567890?|12345678?9?)+$/.test(value))) {
    return 'placeholder';
  }
  if (isDigits(value)) return 'digits';
  if ([...value].length < 16) return 'short';
  return undefined;
}

/** A template token or name is possible: ${ {{ or % anywhere, or a first character that TEMPLATE or TEMPLATE_WORDS can start with. */
function templateMay(value: string, lower: string): boolean {
  return value.includes('${') || value.includes('{{') || value.includes('%') || '<$@_azmsyt'.includes(lower[0]!);
}

/** One character, the same two or more times (what /^(.)\1+$/ matches: not a line terminator). */
function oneCharRepeated(value: string): boolean {
  const c = value.charCodeAt(0);
  if (value.length < 2 || c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return false;
  for (let i = 1; i < value.length; i++) if (value.charCodeAt(i) !== c) return false;
  return true;
}

/**
 * A value in the form ZLM's makeRandStr(32) produces when it replaces an
 * invalid secret at start-up: 32 letters and digits, mixed case and digits.
 */
export function looksZlmGenerated(value: string): boolean {
  return /^[A-Za-z0-9]{32}$/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value);
}
