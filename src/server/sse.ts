/**
 * Server-sent events to the dashboards: every message is serialised and
 * redacted ONCE, queued, and written to every client in one write per flush
 * (a few times a second), so 50 clients at 1,000 nodes cost 50 writes per
 * flush, not 50 per probe. A heartbeat comment keeps proxies from closing an
 * idle stream; a client that does not read (its socket buffer past the bound)
 * is dropped; the number of clients is bounded.
 */
import type { ServerResponse } from 'node:http';

export interface SseOptions {
  maxClients?: number;
  heartbeatMs?: number;
  flushMs?: number;
  /** a client whose unread output passes this is dropped */
  maxBufferedBytes?: number;
  /** redact a serialised message (known secrets and shapes) */
  redact?: (text: string) => string;
}

export class SseHub {
  private readonly clients = new Set<ServerResponse>();
  private queue: string[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private nextId = 1;
  readonly maxClients: number;

  constructor(private readonly opts: SseOptions = {}) {
    this.maxClients = opts.maxClients ?? 100;
    const flush = setInterval(() => this.flush(), opts.flushMs ?? 250);
    const beat = setInterval(() => this.write(': ping\n\n'), opts.heartbeatMs ?? 15_000);
    flush.unref?.();
    beat.unref?.();
    this.timers.push(flush, beat);
  }

  get size(): number {
    return this.clients.size;
  }

  /** Take over a response (already authorised). False when the hub is full. */
  add(res: ServerResponse, hello: Record<string, unknown>): boolean {
    if (this.clients.size >= this.maxClients) return false;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.socket?.setTimeout(0);
    res.socket?.setNoDelay(true);
    this.clients.add(res);
    const drop = () => this.clients.delete(res);
    res.on('close', drop);
    res.on('error', drop);
    res.write(`retry: 3000\n${this.format('hello', hello)}`);
    return true;
  }

  private format(event: string, data: unknown): string {
    const text = JSON.stringify(data);
    const safe = this.opts.redact ? this.opts.redact(text) : text;
    return `id: ${this.nextId++}\nevent: ${event}\ndata: ${safe}\n\n`;
  }

  /** Queue one message for every client (sent at the next flush). */
  send(event: string, data: unknown): void {
    if (this.clients.size === 0) return;
    this.queue.push(this.format(event, data));
    if (this.queue.length > 10_000) this.flush();
  }

  flush(): void {
    if (this.queue.length === 0) return;
    const chunk = this.queue.join('');
    this.queue = [];
    this.write(chunk);
  }

  private write(chunk: string): void {
    const max = this.opts.maxBufferedBytes ?? 4 * 1024 * 1024;
    for (const res of this.clients) {
      if (res.writableLength > max) {
        this.clients.delete(res);
        res.destroy();
        continue;
      }
      res.write(chunk);
    }
  }

  close(): void {
    for (const t of this.timers) clearInterval(t);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}
