/**
 * Character tests that the start of `check` runs many times, without a regular expression: V8 compiles a pattern
 * twice (bytecode on its first run, native code on its second), and a start pays that for every pattern it uses.
 */

/** One or more ASCII decimal digits and nothing else (what /^\d+$/ accepts). */
export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
