// Build-time rewrite of large constant data (scripts/build.mjs): the same values, cheaper to start.
//
// The rules hold their English and Chinese text as object literals, and the key catalogue is one array of ~180
// literal objects. Compiled, each literal is a boilerplate of thousands of small strings and objects that V8
// deserializes from the code cache and builds on every start, although a run reports a handful of rules and reads
// little of the text. This rewrite changes where those values are made, never what they are:
//   - `messages: { ... }` of a rule (a pure literal) becomes a getter that parses the same value from one JSON
//     string on first read and then replaces itself with a plain data property;
//   - a top-level `const X = <pure literal>` of more than MIN_BYTES becomes `JSON.parse("...")` of the same value.
// "Pure literal" means strings, finite numbers, booleans, null, arrays and plain objects of them: nothing a JSON
// round trip could change (no -0, no __proto__ key, no duplicate keys, no spread, no computed names). Anything else is
// left exactly as written. Sources stay as they are: tests and `tsc` see the original code.
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

/** A JS expression that makes the same value as the pure literal `value`. */
const parsed = (value) => `JSON.parse(${JSON.stringify(JSON.stringify(value))})`;

/**
 * The rewritten source of a TypeScript module, or undefined when nothing in it qualifies.
 * `rule` asks for the `messages` rewrite (a rule file).
 */
export function lazyText(source, file, { rule = false } = {}) {
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
          text: `get messages(){const v=${parsed(v)};Object.defineProperty(this,"messages",{value:v,writable:true,enumerable:true,configurable:true});return v}`,
        });
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const st of sf.statements) {
    if (st.kind === ts.SyntaxKind.VariableStatement && st.declarationList.flags & ts.NodeFlags.Const) {
      for (const d of st.declarationList.declarations) {
        if (!d.initializer || d.initializer.end - d.initializer.getStart(sf) < MIN_BYTES) continue;
        const v = literal(d.initializer);
        if (v !== NOT) edits.push({ start: d.initializer.getStart(sf), end: d.initializer.end, text: parsed(v) });
        else visit(d.initializer);
      }
    } else visit(st);
  }
  if (edits.length === 0) return undefined;
  let out = source;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
