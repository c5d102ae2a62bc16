/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week) as in crontab(5): `*`, lists,
 * ranges, steps, month and weekday names, 7 = Sunday; when both day fields are restricted either may match.
 * Used for maintenance windows: a window starts whenever the expression matches.
 */
/** Why a cron text is invalid, in both languages. */
export interface CronError {
  en: string;
  zh: string;
}

export interface Cron {
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  domAny: boolean;
  dowAny: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
export const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** One field → its set of values, or an error text. */
export function parseCronField(text: string, min: number, max: number, names: string[] = [], nameBase = 0): Set<number> | CronError {
  const out = new Set<number>();
  const num = (s: string): number => {
    const i = names.indexOf(s.toLowerCase().slice(0, 3));
    if (i >= 0 && /^[a-z]+$/i.test(s)) return i + nameBase;
    return /^\d+$/.test(s) ? Number(s) : NaN;
  };
  for (const part of text.split(',')) {
    const m = /^(\*|([A-Za-z0-9]+)(?:-([A-Za-z0-9]+))?)(?:\/(\d+))?$/.exec(part.trim());
    if (!m) return { en: `"${part}" is not a cron field item`, zh: `"${part}" 不是合法的 cron 字段项` };
    const step = m[4] ? Number(m[4]) : 1;
    let lo = min;
    let hi = max;
    if (m[1] !== '*') {
      lo = num(m[2]!);
      hi = m[3] ? num(m[3]) : m[4] ? max : lo;
    }
    // 7 is Sunday too
    const top = max === 6 ? 7 : max;
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < min || hi > top || lo > hi || step < 1) return { en: `"${part}" is out of range ${min}-${max}`, zh: `"${part}" 超出范围 ${min}-${max}` };
    for (let v = lo; v <= hi; v += step) out.add(max === 6 && v === 7 ? 0 : v);
  }
  return out;
}

export function parseCron(expr: string): Cron | CronError {
  const f = expr.trim().split(/\s+/);
  if (f.length !== 5) return { en: `a cron expression has 5 fields (minute hour day month weekday), this one has ${f.length}`, zh: `cron 表达式应有 5 个字段（分 时 日 月 周），此处有 ${f.length} 个` };
  const specs: [number, number, string[], number][] = [
    [0, 59, [], 0],
    [0, 23, [], 0],
    [1, 31, [], 0],
    [1, 12, MONTHS, 1],
    [0, 6, DAY_NAMES, 0],
  ];
  const sets: Set<number>[] = [];
  for (let i = 0; i < 5; i++) {
    const s = parseCronField(f[i]!, ...specs[i]!);
    if (!(s instanceof Set)) return s;
    sets.push(s);
  }
  return { minute: sets[0]!, hour: sets[1]!, dom: sets[2]!, month: sets[3]!, dow: sets[4]!, domAny: f[2] === '*', dowAny: f[4] === '*' };
}

/** Does the cron match this wall-clock minute? (`dow` 0 = Sunday) */
export function cronMatches(c: Cron, t: { minute: number; hour: number; day: number; month: number; dow: number }): boolean {
  if (!c.minute.has(t.minute) || !c.hour.has(t.hour) || !c.month.has(t.month)) return false;
  const d = c.dom.has(t.day);
  const w = c.dow.has(t.dow);
  if (c.domAny && c.dowAny) return true;
  if (c.domAny) return w;
  if (c.dowAny) return d;
  return d || w;
}
