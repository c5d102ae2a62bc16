/**
 * A lossless model of ZLMediaKit's config.ini, parsed exactly the way
 * ZLToolKit's mINI (src/Util/mini.h) does it:
 *
 *  - the text is split on "\n" only; each line is trimmed of " \r\n\t";
 *  - empty lines and lines whose first character is ';' or '#' are skipped
 *    (there are no inline comments, quotes are never stripped);
 *  - a trimmed line of length >= 3 starting with '[' and ending with ']'
 *    opens a section whose name is the trimmed inside;
 *  - any other line is an entry: the stored key is trim(section + "." + text
 *    before the first '='), the value is the trimmed text after it (no '='
 *    means an empty value). Keys before any section become ".key";
 *  - the last duplicate wins;
 *  - a UTF-8 BOM is not special: it is part of the first line.
 *
 * Every physical line keeps its raw text and line ending, so serialize()
 * reproduces the input byte for byte. Edits are plain text replacements on
 * the original text; they never reformat anything else.
 */

export type Eol = '\n' | '\r\n' | '';

export type LineKind = 'blank' | 'comment' | 'section' | 'entry';

export interface IniLine {
  /** 0-based index in `lines`. */
  index: number;
  /** 1-based line number. */
  line: number;
  /** Offset of the first character of the line in the document text. */
  offset: number;
  /** The line's text without its line ending (a lone '\r' stays inside). */
  raw: string;
  eol: Eol;
  kind: LineKind;
  /** Section in effect after this line (for a header: its own name). */
  section: string;
  /** Entries: the key part as written (trimmed), without the section. */
  name?: string;
  /** Entries: the map key ZLM stores, `section.key` (or `.key` before any section). */
  key?: string;
  /** Entries: the value ZLM stores. */
  value?: string;
  /** Entries: whether the line has an '='. */
  hasEquals?: boolean;
  /** Column offsets (0-based, in `raw`) of the key text and the value text. */
  keyStart?: number;
  keyEnd?: number;
  valueStart?: number;
  valueEnd?: number;
}

export interface TextEdit {
  /** Offsets in the document text; `start === end` inserts. */
  start: number;
  end: number;
  text: string;
}

export type DumpStyle = 'hand-written' | 'mini-sorted-dump' | 'zlm-crlf-dump';

/** ZLToolKit's trim() characters: ' ', '\r', '\n', '\t'. */
function isTrimCode(c: number): boolean {
  return c === 32 || c === 13 || c === 10 || c === 9;
}

/** ZLToolKit's trim(): strips " \r\n\t" on both ends. */
export function zlmTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isTrimCode(s.charCodeAt(a))) a++;
  while (b > a && isTrimCode(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/**
 * Parse one physical line. A blank or comment line (most lines of a real config.ini) carries only the fields every
 * line has, a section header its name too, and an entry every field: three object literals, three hidden classes,
 * and a comment line half the size of an entry (every line is made at every start, and fresh memory is dear).
 */
function makeLine(raw: string, section: string, index: number, offset: number, eol: Eol): IniLine {
  let a = 0;
  let b = raw.length;
  while (a < b && isTrimCode(raw.charCodeAt(a))) a++;
  while (b > a && isTrimCode(raw.charCodeAt(b - 1))) b--;
  const first = a < b ? raw.charCodeAt(a) : -1;
  if (a === b || first === 59 /* ; */ || first === 35 /* # */) return { index, line: index + 1, offset, raw, eol, kind: a === b ? 'blank' : 'comment', section };
  if (b - a >= 3 && first === 91 /* [ */ && raw.charCodeAt(b - 1) === 93 /* ] */) {
    const name = zlmTrim(raw.slice(a + 1, b - 1));
    return { index, line: index + 1, offset, raw, eol, kind: 'section', section: name, name };
  }
  const eq = raw.indexOf('=', a);
  const hasEquals = eq !== -1 && eq < b;
  let ke = hasEquals ? eq : b;
  while (ke > a && isTrimCode(raw.charCodeAt(ke - 1))) ke--;
  const name = raw.slice(a, ke);
  // mINI: trim(tag + "." + keyPart); the line was trimmed already, so only an empty tag matters
  const key = `${section}.${name}`;
  let value = '';
  let valueStart = b;
  let valueEnd = b;
  if (hasEquals) {
    let vs = eq + 1;
    while (vs < b && isTrimCode(raw.charCodeAt(vs))) vs++;
    value = raw.slice(vs, b);
    if (value === '') {
      // `key = ` : a new value goes after the blanks that follow '='
      vs = eq + 1;
      while (vs < raw.length && (raw.charCodeAt(vs) === 32 || raw.charCodeAt(vs) === 9)) vs++;
    }
    valueStart = vs;
    valueEnd = Math.max(b, vs);
  }
  return { index, line: index + 1, offset, raw, eol, kind: 'entry', section, name, key, value, hasEquals, keyStart: a, keyEnd: ke, valueStart, valueEnd };
}

export class IniDocument {
  readonly text: string;
  readonly lines: readonly IniLine[];
  /** key → every entry line that sets it, in file order (the last one wins). */
  readonly occurrences: ReadonlyMap<string, readonly IniLine[]>;

  /** the file's encoding as read (src/io/read-config.ts): 'utf-8', or 'gb18030' for a GBK/GB18030 file */
  readonly encoding: string;

  constructor(text: string, encoding = 'utf-8') {
    this.text = text;
    this.encoding = encoding;
    // as many slots as lines, made once: an array grown by push for ~800 lines is copied a dozen times on the way
    let count = text.length > 0 ? 1 : 0;
    for (let at = text.indexOf('\n'); at !== -1 && at < text.length - 1; at = text.indexOf('\n', at + 1)) count++;
    const lines: IniLine[] = new Array<IniLine>(count);
    const occ = new Map<string, IniLine[]>();
    let section = '';
    let offset = 0;
    let index = 0;
    while (offset < text.length) {
      const nl = text.indexOf('\n', offset);
      let end = nl === -1 ? text.length : nl;
      let eol: Eol = nl === -1 ? '' : '\n';
      if (nl !== -1 && end > offset && text[end - 1] === '\r') {
        end -= 1;
        eol = '\r\n';
      }
      const line = makeLine(text.slice(offset, end), section, index, offset, eol);
      section = line.section;
      lines[index] = line;
      if (line.kind === 'entry' && line.key !== undefined) {
        const list = occ.get(line.key);
        if (list) list.push(line);
        else occ.set(line.key, [line]);
      }
      offset = nl === -1 ? text.length : nl + 1;
      index++;
    }
    if (index !== count) throw new Error(`IniDocument: counted ${count} lines, read ${index}`);
    this.lines = lines;
    this.occurrences = occ;
  }

  static parse(text: string): IniDocument {
    return new IniDocument(text);
  }

  serialize(): string {
    return this.lines.map((l) => l.raw + l.eol).join('');
  }

  /** The key → value map ZLM loads from this file (last duplicate wins). */
  toMap(): Map<string, string> {
    const map = new Map<string, string>();
    for (const l of this.lines) if (l.kind === 'entry') map.set(l.key!, l.value!);
    return map;
  }

  has(key: string): boolean {
    return this.occurrences.has(key);
  }

  /** The value ZLM uses for `key`, or undefined when the file does not set it. */
  get(key: string): string | undefined {
    return this.entry(key)?.value;
  }

  /** The entry line whose value wins for `key`. */
  entry(key: string): IniLine | undefined {
    const list = this.occurrences.get(key);
    return list?.[list.length - 1];
  }

  /** Section header lines, in order (a name can appear more than once). */
  sectionHeaders(): IniLine[] {
    return this.lines.filter((l) => l.kind === 'section');
  }

  /** The line ending most lines use ('\n' when there are none). */
  get eol(): '\n' | '\r\n' {
    let crlf = 0;
    let lf = 0;
    for (const l of this.lines) {
      if (l.eol === '\r\n') crlf++;
      else if (l.eol === '\n') lf++;
    }
    return crlf > lf ? '\r\n' : '\n';
  }

  get hasBom(): boolean {
    return this.text.charCodeAt(0) === 0xfeff;
  }

  /** Which writer produced the file: a person, the old mINI dump, or the 2025-12+ CRLF dump. */
  get dumpStyle(): DumpStyle {
    const first = this.lines.find((l) => l.kind !== 'blank');
    if (first && zlmTrim(first.raw).startsWith('; auto-generated by mINI class')) return 'mini-sorted-dump';
    // The 2025-12+ dump keeps comments, writes CRLF everywhere and appends the
    // code-only keys (general.check_nvidia_dev, python.plugin, ...) a person rarely writes.
    // every line that ends has CRLF (and one at least does): a loop, no array of them (this runs on every check)
    let ended = 0;
    for (let i = 0; i < this.lines.length; i++) {
      const eol = this.lines[i]!.eol;
      if (eol === '') continue;
      if (eol !== '\r\n') return 'hand-written';
      ended++;
    }
    if (ended > 0 && (this.has('python.plugin') || this.has('general.check_nvidia_dev'))) return 'zlm-crlf-dump';
    return 'hand-written';
  }

  /** 1-based line/column of an offset in the text. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lines[mid]!.offset <= offset) lo = mid;
      else hi = mid - 1;
    }
    const l = this.lines[lo];
    if (!l) return { line: 1, column: 1 };
    return { line: l.line, column: offset - l.offset + 1 };
  }

  // ---------------------------------------------------------------- edits

  /** Replace the value of one entry line, keeping everything else on it. */
  editValue(line: IniLine, value: string): TextEdit {
    if (line.kind !== 'entry') throw new Error(`line ${line.line} is not a key=value line`);
    if (!line.hasEquals) {
      const at = line.offset + line.keyEnd!;
      return { start: at, end: line.offset + line.valueEnd!, text: `=${value}` };
    }
    return { start: line.offset + line.valueStart!, end: line.offset + line.valueEnd!, text: value };
  }

  /** Rename the key of one entry line, keeping its value and spacing. */
  editName(line: IniLine, name: string): TextEdit {
    if (line.kind !== 'entry') throw new Error(`line ${line.line} is not a key=value line`);
    return { start: line.offset + line.keyStart!, end: line.offset + line.keyEnd!, text: name };
  }

  /** Remove a whole physical line, including its line ending. */
  editRemoveLine(line: IniLine): TextEdit {
    const start = line.offset;
    const end = line.offset + line.raw.length + line.eol.length;
    if (line.eol === '' && line.index > 0) {
      // last line without a newline: also drop the preceding line ending so no blank line remains
      const prev = this.lines[line.index - 1]!;
      return { start: prev.offset + prev.raw.length, end, text: '' };
    }
    return { start, end, text: '' };
  }

  /**
   * Add `name=value` to `section`: after the last entry of the last block of
   * that section (or right after its header), in the file's own line ending.
   * A missing section is appended at the end of the file.
   */
  editInsert(section: string, name: string, value: string): TextEdit {
    const eol = this.eol;
    const headers = this.lines.filter((l) => l.kind === 'section' && l.name === section);
    const header = headers[headers.length - 1];
    if (header) {
      let anchor: IniLine = header;
      for (let i = header.index + 1; i < this.lines.length; i++) {
        const l = this.lines[i]!;
        if (l.kind === 'section') break;
        if (l.kind === 'entry') anchor = l;
      }
      const at = anchor.offset + anchor.raw.length;
      if (anchor.eol === '') {
        const prevEol = this.lines[anchor.index - 1]?.eol || eol;
        return { start: at, end: at, text: `${prevEol}${name}=${value}` };
      }
      return { start: at + anchor.eol.length, end: at + anchor.eol.length, text: `${name}=${value}${anchor.eol}` };
    }
    const end = this.text.length;
    const last = this.lines[this.lines.length - 1];
    let prefix = '';
    if (last && last.eol === '') prefix = eol;
    if (last && (last.kind !== 'blank' || last.eol === '')) prefix += eol;
    return { start: end, end, text: `${prefix}[${section}]${eol}${name}=${value}${eol}` };
  }

  /** Edit that makes `key` read `value`: changes the winning line, or inserts one. */
  editSet(key: string, value: string): TextEdit {
    const e = this.entry(key);
    if (e) return this.editValue(e, value);
    const dot = key.indexOf('.');
    return this.editInsert(key.slice(0, dot), key.slice(dot + 1), value);
  }

  /** Apply non-overlapping edits and return the new document. */
  apply(edits: readonly TextEdit[]): IniDocument {
    return new IniDocument(applyEdits(this.text, edits), this.encoding);
  }

  set(key: string, value: string): IniDocument {
    return this.apply([this.editSet(key, value)]);
  }

  remove(key: string): IniDocument {
    const list = this.occurrences.get(key) ?? [];
    return this.apply(list.map((l) => this.editRemoveLine(l)));
  }
}

/** Whether two edits touch the same text (two inserts at one point also conflict). */
export function editsOverlap(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end || (a.start === a.end && a.start > b.start && a.start < b.end) || (b.start === b.end && b.start > a.start && b.start < a.end);
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((x, y) => x.start - y.start || x.end - y.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos) throw new Error(`overlapping edits at offset ${e.start}`);
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}
