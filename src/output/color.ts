/** Minimal ANSI styling; off when disabled so NO_COLOR and pipes stay plain. */
export interface Paint {
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  green(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  underline(s: string): string;
}

const wrap = (on: boolean, open: number, close: number) => (s: string) => (on ? `\u001b[${open}m${s}\u001b[${close}m` : s);

export function paint(on: boolean): Paint {
  return {
    red: wrap(on, 31, 39),
    yellow: wrap(on, 33, 39),
    blue: wrap(on, 34, 39),
    green: wrap(on, 32, 39),
    dim: wrap(on, 2, 22),
    bold: wrap(on, 1, 22),
    underline: wrap(on, 4, 24),
  };
}

/** Colour unless NO_COLOR is set (any value) or the stream is not a terminal; FORCE_COLOR wins. */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}
