/**
 * Acknowledgements and silences made through the API. An acknowledged alert
 * gets no more reminders until it resolves (then the acknowledgement goes:
 * a recurrence pages again); a silence holds back every new notification of
 * the node, or of the nodes whose labels all match, until it ends. Resolved
 * notices are still sent, as during maintenance. `mute()` is what the
 * notifier asks before sending. Kept in the monitor store's memory table, so
 * a restart of serve keeps them.
 */
import { randomBytes } from 'node:crypto';

export interface Ack {
  at: number;
  by: string | null;
  comment: string | null;
}

export interface Silence {
  id: string;
  node: string | null;
  labels: Record<string, string>;
  startsAt: number;
  endsAt: number;
  by: string | null;
  comment: string | null;
}

interface Saved {
  acks: Record<string, Ack>;
  silences: Silence[];
}

export interface MemoryStore {
  memory<T>(node: string): T | undefined;
  setMemory(node: string, data: unknown): void;
}

const KEY = '\u0000api';
export const MAX_SILENCE_MS = 30 * 24 * 3_600_000;
const MAX_SILENCES = 1_000;

export function parseDurationMs(v: string): number {
  const m = /^(\d{1,6})(s|m|h|d)$/.exec(v);
  if (!m) return NaN;
  return Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

export class AlertState {
  private acks = new Map<string, Ack>();
  private silences: Silence[] = [];

  constructor(
    private readonly store: MemoryStore | undefined,
    private readonly now: () => number = Date.now,
  ) {
    const s = store?.memory<Saved>(KEY);
    if (s) {
      this.acks = new Map(Object.entries(s.acks ?? {}));
      this.silences = s.silences ?? [];
    }
  }

  private save(): void {
    this.store?.setMemory(KEY, { acks: Object.fromEntries(this.acks), silences: this.silences } satisfies Saved);
  }

  ack(id: string, by?: string, comment?: string): Ack {
    const a = { at: this.now(), by: by ?? null, comment: comment ?? null };
    this.acks.set(id, a);
    this.save();
    return a;
  }

  acked(id: string): Ack | undefined {
    return this.acks.get(id);
  }

  /** The alert resolved: its acknowledgement goes with it. */
  resolved(id: string): void {
    if (this.acks.delete(id)) this.save();
  }

  silence(s: { node?: string; labels?: Record<string, string>; durationMs: number; by?: string; comment?: string }): Silence {
    const now = this.now();
    this.prune(now);
    if (this.silences.length >= MAX_SILENCES) this.silences.shift();
    const x: Silence = { id: randomBytes(8).toString('hex'), node: s.node ?? null, labels: s.labels ?? {}, startsAt: now, endsAt: now + Math.min(s.durationMs, MAX_SILENCE_MS), by: s.by ?? null, comment: s.comment ?? null };
    this.silences.push(x);
    this.save();
    return x;
  }

  unsilence(id: string): boolean {
    const n = this.silences.length;
    this.silences = this.silences.filter((s) => s.id !== id);
    if (this.silences.length === n) return false;
    this.save();
    return true;
  }

  active(): Silence[] {
    const now = this.now();
    return this.silences.filter((s) => s.startsAt <= now && now < s.endsAt);
  }

  private prune(now: number): void {
    this.silences = this.silences.filter((s) => now < s.endsAt);
  }

  /** The silence that covers a node with these labels now. */
  silencedBy(node: string, labels: Record<string, string>): Silence | undefined {
    return this.active().find((s) => (s.node === null || s.node === node) && Object.entries(s.labels).every(([k, v]) => labels[k] === v));
  }

  /** Why to hold back this notification (`acknowledged`, `silence <id>`), or undefined to send it. */
  mute(alert: { id: string; node: string; labels: Record<string, string> }): string | undefined {
    if (this.acks.has(alert.id)) return 'acknowledged';
    const s = this.silencedBy(alert.node, alert.labels);
    return s ? `silence ${s.id}` : undefined;
  }
}
