/**
 * Maintenance windows: is a node silenced at this instant? Each window is read in its own IANA time
 * zone, from the wall clock there: a daily start (HH:MM) on chosen weekdays, or a cron expression, plus a
 * duration (or an end time; an end at or before the start means the next day, so `23:00`–`01:00` spans
 * midnight and belongs to the weekday it starts on). Durations count wall-clock time.
 */
import { cronMatches, parseCron, type Cron, type CronError } from '../config/cron.ts';
import type { LabelMatchers, MaintenanceConfig, MaintenanceWindow } from '../config/types.ts';
import { labelsMatch } from './route.ts';

const DAY = 86_400_000;
const fmts = new Map<string, Intl.DateTimeFormat>();

/** The wall clock in `tz` at `t`, as a fake-UTC ms value (so plain arithmetic and getUTC* work on it). */
export function wallClock(t: number, tz: string): number {
  let f = fmts.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    fmts.set(tz, f);
  }
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(new Date(t))) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!);
}

const cronCache = new Map<string, Cron | CronError>();
function cronOf(expr: string): Cron | undefined {
  let c = cronCache.get(expr);
  if (c === undefined) {
    c = parseCron(expr);
    cronCache.set(expr, c);
  }
  return 'minute' in c ? c : undefined;
}

/** Is `w` open at `t` (epoch ms)? */
export function windowActive(w: MaintenanceWindow, t: number): boolean {
  const now = wallClock(t, w.timezone);
  const today = now - (now % DAY);
  const back = Math.ceil(w.durationMs / DAY);
  if (w.cron) {
    const c = cronOf(w.cron);
    if (!c) return false;
    for (let k = 0; k <= back; k++) {
      const day = new Date(today - k * DAY);
      if (!cronMatches(c, { minute: [...c.minute][0]!, hour: [...c.hour][0]!, day: day.getUTCDate(), month: day.getUTCMonth() + 1, dow: day.getUTCDay() })) continue;
      for (const h of c.hour)
        for (const m of c.minute) {
          const start = day.getTime() + h * 3_600_000 + m * 60_000;
          if (start <= now && now < start + w.durationMs) return true;
        }
    }
    return false;
  }
  if (w.startMinute === undefined) return false;
  for (let k = 0; k <= back; k++) {
    const day = today - k * DAY;
    if (!w.days.includes(new Date(day).getUTCDay() as MaintenanceWindow['days'][number])) continue;
    const start = day + w.startMinute * 60_000;
    if (start <= now && now < start + w.durationMs) return true;
  }
  return false;
}

/** The first open window that covers a node with these labels (a window without `match` covers all). */
export function silencedBy(m: MaintenanceConfig, labels: Record<string, string>, t: number): MaintenanceWindow | undefined {
  return m.windows.find((w) => (!w.match || labelsMatch(w.match as LabelMatchers, labels)) && windowActive(w, t));
}
