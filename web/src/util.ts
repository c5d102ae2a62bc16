import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { live, type LiveHandler } from './api.ts';
import { translate, type Key, type Lang, type T } from './i18n.ts';

export const LangContext = createContext<Lang>('en');

/** The translator of the language in force. */
export function useT(): T {
  const lang = useContext(LangContext);
  return (key: Key, vars?: Record<string, string | number>) => translate(lang, key, vars);
}

/** Re-render every `ms` (relative times). */
export function useTick(ms: number): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setN((x) => x + 1), ms);
    return () => clearInterval(id);
  }, [ms]);
  return n;
}

/** Subscribe to the live stream while mounted. */
export function useLive(handler: LiveHandler): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => live.on((e, d) => ref.current(e, d)), []);
}

/**
 * Calls `fn` at most once per `ms` after a `kick()` (the live stream can carry hundreds of probe results a second at
 * 1,000 nodes; the page re-asks the server a few times a second at most).
 */
export function useThrottled(fn: () => void, ms: number): () => void {
  const ref = useRef(fn);
  ref.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return () => {
    if (timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      ref.current();
    }, ms);
  };
}

export function ago(t: T, at: number | null | undefined, now = Date.now()): string {
  if (at == null) return t('never');
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 90) return t('secondsAgo', { n: s });
  if (s < 90 * 60) return t('minutesAgo', { n: Math.round(s / 60) });
  if (s < 36 * 3600) return t('hoursAgo', { n: Math.round(s / 3600) });
  return t('daysAgo', { n: Math.round(s / 86400) });
}

export function stamp(at: number | string | null | undefined): string {
  if (at == null) return '—';
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return String(at);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function ms(v: number | null | undefined): string {
  if (v == null) return '—';
  return v < 10 ? `${v.toFixed(1)} ms` : `${Math.round(v)} ms`;
}
