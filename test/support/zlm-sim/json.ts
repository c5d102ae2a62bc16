/**
 * JSON exactly as MediaServer writes it: jsoncpp's Value::toStyledString()
 * (BuiltStyledStreamWriter, indentation "\t", " : " after names, members in
 * byte order, non-ASCII escaped as \uXXXX, reals with ".0", short scalar
 * arrays on one line, a final "\n"). Checked byte for byte against every
 * recorded body in sim.test.ts.
 *
 * jsoncpp keeps integers and reals apart, JSON.parse does not: `JReal` marks a
 * real, and `parseJson` returns one for every number written with '.' or 'e'.
 */

export class JReal {
  constructor(readonly value: number) {}
}

export type JValue = null | boolean | number | string | JReal | JValue[] | { [k: string]: JValue };

const RIGHT_MARGIN = 74;

function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c >= 0x7f) {
      // jsoncpp without emitUTF8: \u escapes (surrogate pairs above the BMP)
      for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

function realToString(v: number): string {
  if (Number.isNaN(v)) return 'null';
  if (!Number.isFinite(v)) return v < 0 ? '-1e+9999' : '1e+9999';
  // %.17g, then ".0" when it reads like an integer
  let s = v.toPrecision(17);
  if (s.includes('e')) {
    const [m, e] = s.split('e');
    const mant = m!.includes('.') ? m!.replace(/0+$/, '').replace(/\.$/, '') : m!;
    const exp = Number(e);
    s = `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  } else if (s.includes('.')) {
    s = s.replace(/0+$/, '').replace(/\.$/, '');
  }
  if (!/[.e]/.test(s)) s += '.0';
  return s;
}

function scalar(v: JValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : realToString(v);
  if (typeof v === 'string') return quote(v);
  if (v instanceof JReal) return realToString(v.value);
  throw new Error('not a scalar');
}

function isContainer(v: JValue): v is JValue[] | { [k: string]: JValue } {
  return v !== null && typeof v === 'object' && !(v instanceof JReal);
}

function isEmpty(v: JValue[] | { [k: string]: JValue }): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
}

class Writer {
  out = '';
  private indent = '';
  private indented = true;

  private writeIndent(): void {
    this.out += `\n${this.indent}`;
  }

  private withIndent(s: string): void {
    if (!this.indented) this.writeIndent();
    this.out += s;
    this.indented = false;
  }

  value(v: JValue): void {
    if (!isContainer(v)) {
      this.out += scalar(v);
      return;
    }
    if (Array.isArray(v)) {
      this.array(v);
      return;
    }
    const keys = Object.keys(v).sort(byteCompare);
    if (keys.length === 0) {
      this.out += '{}';
      return;
    }
    this.withIndent('{');
    this.indent += '\t';
    keys.forEach((k, i) => {
      this.withIndent(quote(k));
      this.out += ' : ';
      this.value(v[k]!);
      if (i < keys.length - 1) this.out += ',';
    });
    this.indent = this.indent.slice(1);
    this.withIndent('}');
  }

  private array(v: JValue[]): void {
    if (v.length === 0) {
      this.out += '[]';
      return;
    }
    let multi = v.length * 3 >= RIGHT_MARGIN || v.some((c) => isContainer(c) && !isEmpty(c));
    if (!multi) {
      const parts = v.map((c) => (isContainer(c) ? (Array.isArray(c) ? '[]' : '{}') : scalar(c)));
      const len = 4 + (v.length - 1) * 2 + parts.reduce((a, p) => a + p.length, 0);
      if (len >= RIGHT_MARGIN) multi = true;
      else {
        this.out += `[ ${parts.join(', ')} ]`;
        return;
      }
    }
    this.withIndent('[');
    this.indent += '\t';
    v.forEach((c, i) => {
      if (!this.indented) this.writeIndent();
      this.indented = true;
      this.value(c);
      this.indented = false;
      if (i < v.length - 1) this.out += ',';
    });
    this.indent = this.indent.slice(1);
    this.withIndent(']');
  }
}

/** Value::toStyledString(): what MediaServer sends as API answers and hook bodies. */
export function styled(v: JValue): string {
  const w = new Writer();
  w.value(v);
  return `${w.out}\n`;
}

/** JSON.parse that keeps reals (numbers with '.' or an exponent) as JReal. */
export function parseJson(text: string): JValue {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw new SyntaxError(`bad JSON at ${i}`);
  };
  const val = (): JValue => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const o: { [k: string]: JValue } = {};
      ws();
      if (text[i] === '}') {
        i++;
        return o;
      }
      for (;;) {
        ws();
        const k = val();
        if (typeof k !== 'string') fail();
        ws();
        if (text[i++] !== ':') fail();
        o[k as string] = val();
        ws();
        const d = text[i++];
        if (d === '}') return o;
        if (d !== ',') fail();
      }
    }
    if (c === '[') {
      i++;
      const a: JValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return a;
      }
      for (;;) {
        a.push(val());
        ws();
        const d = text[i++];
        if (d === ']') return a;
        if (d !== ',') fail();
      }
    }
    if (c === '"') {
      const m = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(i));
      if (!m) return fail();
      i += m[0].length;
      return JSON.parse(m[0]) as string;
    }
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (m) {
      i += m[0].length;
      const n = Number(m[0]);
      return m[1] !== undefined || m[2] !== undefined ? new JReal(n) : n;
    }
    for (const [lit, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return v;
      }
    }
    return fail();
  };
  const v = val();
  ws();
  if (i !== text.length) fail();
  return v;
}
