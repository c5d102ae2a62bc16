// Build-time rewrite of large constant data (scripts/build.mjs): the same values, out of the code.
//
// The rules hold their English and Chinese text as object literals, and the key catalogue is one array of ~180
// literal objects. Compiled, each literal is a boilerplate of thousands of small strings and objects that V8
// deserializes from the code cache (or parses) on every start, although a run reports a handful of rules and reads
// little of the text. This rewrite moves such values into one data file beside the chunks (TEXT_FILE), as JSON,
// and changes where they are made, never what they are:
//   - `messages: { ... }` of a rule (a pure literal) becomes a getter that reads the same value from the data file
//     on first use and then replaces itself with a plain data property;
//   - a top-level `const X = <pure literal>` of more than MIN_BYTES becomes the same value, read from the data file
//     when the module is evaluated;
//   - `X ??= <pure literal>` of more than MIN_BYTES (anywhere) reads the same value from the data file when the
//     assignment runs: a table only some runs need, made on first use.
// "Pure literal" means strings, finite numbers, booleans, null, arrays and plain objects of them: nothing a JSON
// round trip could change (no -0, no __proto__ key, no duplicate keys, no spread, no computed names). Anything else is
// left exactly as written. Sources stay as they are: tests and `tsc` see the original code.
//
// The data file: see textFile.
// The loader (scripts/loader.cjs) gives every chunk `__zdMeta.text(key)`, which reads the file on first use.
import ts from 'typescript';

const MIN_BYTES = 2048;
const NOT = Symbol('not a pure literal');

/** The value of a pure-literal expression, or NOT. */
function literal(node) {
  switch (node.kind) {
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      return node.text;
    case ts.SyntaxKind.NumericLiteral: {
      const n = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(n) ? n : NOT;
    }
    case ts.SyntaxKind.PrefixUnaryExpression: {
      if (node.operator !== ts.SyntaxKind.MinusToken || node.operand.kind !== ts.SyntaxKind.NumericLiteral) return NOT;
      const n = -literal(node.operand);
      return Number.isFinite(n) && !Object.is(n, -0) ? n : NOT;
    }
    case ts.SyntaxKind.TrueKeyword:
      return true;
    case ts.SyntaxKind.FalseKeyword:
      return false;
    case ts.SyntaxKind.NullKeyword:
      return null;
    case ts.SyntaxKind.ParenthesizedExpression:
    case ts.SyntaxKind.AsExpression:
    case ts.SyntaxKind.SatisfiesExpression:
      // `as const` and friends: types only
      return literal(node.expression);
    case ts.SyntaxKind.ArrayLiteralExpression: {
      const out = [];
      for (const e of node.elements) {
        const v = literal(e);
        if (v === NOT) return NOT;
        out.push(v);
      }
      return out;
    }
    case ts.SyntaxKind.ObjectLiteralExpression: {
      const out = {};
      for (const p of node.properties) {
        if (p.kind !== ts.SyntaxKind.PropertyAssignment) return NOT;
        const n = p.name;
        let key;
        if (n.kind === ts.SyntaxKind.Identifier || n.kind === ts.SyntaxKind.StringLiteral) key = n.text;
        else return NOT;
        if (key === '__proto__' || Object.hasOwn(out, key)) return NOT;
        const v = literal(p.initializer);
        if (v === NOT) return NOT;
        out[key] = v;
      }
      return out;
    }
    default:
      return NOT;
  }
}

/** The data file's name, in dist/chunks/. */
export const TEXT_FILE = 'text.jsonl';

/**
 * The data file of the values taken out of the code (`texts`: key → value), in the loader's format: ASCII (other
 * characters as \\uXXXX, so the loader reads one-byte strings without a UTF-8 decoder); the length of the index as 8
 * decimal digits and a newline; the index, a JSON array of [key, offset, length]; a newline; then the JSON of each
 * value, one a line, at its offset from the end of the index line. The loader reads only the values a run uses.
 */
export function textFile(texts) {
  const ascii = (json) => json.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const keys = [...texts.keys()];
  const bodies = keys.map((k) => ascii(JSON.stringify(texts.get(k))));
  let offset = 0;
  const index = keys.map((k, i) => {
    const at = [k, offset, bodies[i].length];
    offset += bodies[i].length + 1;
    return at;
  });
  const head = ascii(JSON.stringify(index));
  return `${String(head.length).padStart(8, '0')}\n${head}\n${bodies.join('\n')}\n`;
}

/**
 * The rewritten source of a TypeScript module, or undefined when nothing in it qualifies. The values taken out are
 * added to `texts` under keys made from `id` (the module's path relative to the repository).
 * `rule` asks for the `messages` rewrite (a rule file).
 */
export function lazyText(source, id, texts, { rule = false } = {}) {
  const file = id;
  const parsed = (name, value) => {
    const key = `${id}#${name}`;
    if (texts.has(key)) throw new Error(`lazy-text: ${key} twice`);
    texts.set(key, value);
    return `__zdMeta.text(${JSON.stringify(key)})`;
  };
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  /** @type {{start: number, end: number, text: string}[]} */
  const edits = [];
  const visit = (node) => {
    if (rule && node.kind === ts.SyntaxKind.PropertyAssignment && node.name.kind === ts.SyntaxKind.Identifier && node.name.text === 'messages' && node.initializer.kind === ts.SyntaxKind.ObjectLiteralExpression) {
      const v = literal(node.initializer);
      if (v !== NOT) {
        edits.push({
          start: node.getStart(sf),
          end: node.end,
          text: `get messages(){const v=${parsed('messages', v)};Object.defineProperty(this,"messages",{value:v,writable:true,enumerable:true,configurable:true});return v}`,
        });
        return;
      }
    }
    // `x ??= <pure literal>`: the literal is made when the assignment runs, the first time it is needed (key-docs.ts)
    if (node.kind === ts.SyntaxKind.BinaryExpression && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionEqualsToken && node.left.kind === ts.SyntaxKind.Identifier && node.right.end - node.right.getStart(sf) >= MIN_BYTES) {
      const v = literal(node.right);
      if (v !== NOT) {
        edits.push({ start: node.right.getStart(sf), end: node.right.end, text: parsed(node.left.text, v) });
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const st of sf.statements) {
    if (st.kind === ts.SyntaxKind.VariableStatement && st.declarationList.flags & ts.NodeFlags.Const) {
      for (const d of st.declarationList.declarations) {
        if (!d.initializer) continue;
        const v = d.initializer.end - d.initializer.getStart(sf) >= MIN_BYTES && d.name.kind === ts.SyntaxKind.Identifier ? literal(d.initializer) : NOT;
        if (v !== NOT) edits.push({ start: d.initializer.getStart(sf), end: d.initializer.end, text: parsed(d.name.text, v) });
        else visit(d.initializer);
      }
    } else visit(st);
  }
  if (edits.length === 0) return undefined;
  let out = source;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
