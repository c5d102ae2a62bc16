/**
 * Spring profiles: which documents and overlay files a set of active profiles
 * turns on. A document may carry `spring.config.activate.on-profile` (or the
 * legacy `spring.profiles: <expr>`); an overlay `application-<profile>.yml|yaml`
 * sits next to the main file.
 */
import { isMap } from 'yaml';
import { basename, dirname, extname, join } from 'node:path';
import { nodeText, type Leaf } from './flatten.ts';
import { canonicalKey } from './relaxed.ts';

/** Whether a Spring profile expression ("a,b", "a | b", "a & b", "!a") matches the active set. */
export function profileExprMatches(expr: string, active: Set<string>): boolean {
  // Spring profile expressions: "a,b" (any), "a | b", "a & b", "!a"; parentheses are dropped
  return expr.split(',').some((alt) => {
    const t = alt.replace(/[()]/g, ' ').trim();
    if (!t) return false;
    return t.split('|').some((o) =>
      o.split('&').every((a) => {
        let x = a.trim();
        let neg = false;
        while (x.startsWith('!')) {
          neg = !neg;
          x = x.slice(1).trim();
        }
        return x ? active.has(x) !== neg : false;
      }),
    );
  });
}

/** The profile expression a document is activated by; undefined for an unconditional document. */
export function activationExpr(leaves: Leaf[]): string | undefined {
  let expr: string | undefined;
  for (const l of leaves) {
    const c = canonicalKey(l.written);
    if (c === 'spring.config.activate.onprofile' || (c === 'spring.profiles' && !isMap(l.node))) expr = nodeText(l) ?? expr;
  }
  return expr;
}

/** The overlay files profile `profile` reads next to `main` (`.yml` first, then `.yaml`). */
export function overlayNames(main: string, profile: string): [string, string] {
  const ext = extname(main);
  const base = basename(main, ext);
  const dir = dirname(main);
  return [join(dir, `${base}-${profile}.yml`), join(dir, `${base}-${profile}.yaml`)];
}
