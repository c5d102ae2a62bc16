/**
 * watch(): record every significant change of config files as it happens,
 * through snapshot() (the store decides what is significant: a cosmetic
 * re-save records nothing).
 *
 *   const w = watchConfigs({ files: ['/opt/zlm/conf/config.ini'], onRevision: (r) => … });
 *   await w.ready;   // the baseline snapshot of every file is done
 *   …
 *   await w.close(); // a pending change is recorded, the in-flight snapshot finishes
 *
 * What it survives, and how: each file is watched through its DIRECTORY
 * (fs.watch on the directory sees a replace-by-rename from vim, `sed -i` or an
 * installer, a delete and re-create, and ZLM's own in-place rewrite), plus a
 * light stat poll of the file and of the directory (default once a second)
 * that re-arms the directory watch when the directory itself was rotated
 * (renamed away, re-created), catches a symlinked file's target changing and
 * anything the kernel's events missed.
 *
 * Bounded: events only (re)start a debounce timer; a snapshot runs when the
 * file has been quiet for `debounceMs`, or at the latest `maxWaitMs` after the
 * first event of a burst, and never sooner than `debounceMs` after the
 * previous snapshot of the same file ended. All snapshots of one watcher run
 * one at a time. A file that changes 100 times a second therefore costs at
 * most one snapshot per `maxWaitMs`, and a commit only when its canonical
 * text differs from the node's last revision.
 *
 * A file that is missing or empty (0 bytes) records nothing: it is waited for
 * (an editor or ZLM is in the middle of writing it, or it was deleted); when it
 * comes back it is compared with the node's last revision as usual.
 */
import { statSync, watch as fsWatch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { snapshot, type SnapshotResult } from './snapshot.ts';
import { StoreError } from './store/index.ts';

export interface WatchOptions {
  files: string[];
  /** default: $XDG_STATE_HOME/zlm-doctor (snapshot's default) */
  stateDir?: string;
  /** quiet time before a change is recorded, ms (default 500) */
  debounceMs?: number;
  /** the longest a burst of changes delays a snapshot, ms (default max(10 × debounce, 2000)) */
  maxWaitMs?: number;
  /** the stat poll (rotation, symlink targets, missed events), ms (default 1000) */
  pollMs?: number;
  /** kept with every revision the watch records */
  reason?: string;
  env?: NodeJS.ProcessEnv;
  /** a revision was recorded (the baseline included) */
  onRevision?: (r: WatchRevision) => void;
  /** the baseline of a file found nothing new since its last revision */
  onUnchanged?: (file: string, node: string) => void;
  /** one-line notices (file gone, empty, unreadable, lock busy) */
  onNotice?: (en: string, zh: string) => void;
  /** the store can no longer be written (damaged, unsafe): the watch stops itself; `done` resolves */
  onFatal?: (e: StoreError) => void;
}

export interface WatchRevision extends SnapshotResult {
  rev: string;
  file: string;
  /** when it was recorded */
  time: string;
  /** the snapshot taken when the watch started */
  baseline: boolean;
}

export interface Watcher {
  /** resolves when the baseline snapshot of every file has been taken */
  ready: Promise<void>;
  /** resolves when the watch has stopped (close(), or a fatal store error) */
  done: Promise<void>;
  /** stop: record a change still waiting for its debounce, finish the snapshot in flight, release everything */
  close(): Promise<void>;
  /** for tests: resolves once no timer is pending and no snapshot is running */
  idle(): Promise<void>;
}

const DEFAULT_DEBOUNCE = 500;
const DEFAULT_POLL = 1000;

type Signature = string;
const MISSING = 'missing';

/** What identifies one version of a path: its inode, size and times (stat follows a symlink). */
function signature(path: string): Signature {
  try {
    const st = statSync(path, { bigint: true });
    if (!st.isFile()) return `not-a-file:${st.dev}:${st.ino}`;
    return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
  } catch {
    return MISSING;
  }
}

function dirIdentity(dir: string): string | undefined {
  try {
    const st = statSync(dir);
    return st.isDirectory() ? `${st.dev}:${st.ino}` : undefined;
  } catch {
    return undefined;
  }
}

function fileSize(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}

interface Shared {
  opts: WatchOptions;
  debounceMs: number;
  maxWaitMs: number;
  closed: boolean;
  /** every snapshot of this watcher, one at a time */
  queue: Promise<unknown>;
  fatal(e: StoreError): void;
}

class FileWatch {
  private readonly dir: string;
  private readonly base: string;
  private dirWatcher: FSWatcher | undefined;
  private dirId: string | undefined;
  private seen: Signature = MISSING;
  /** the signature the poll saw last */
  private polled: Signature = MISSING;
  private timer: NodeJS.Timeout | undefined;
  private firstEventAt = 0;
  private lastRunEnd = 0;
  private running: Promise<void> | undefined;
  private again = false;
  /** the last "gone"/"empty" notice, so a state is told once */
  private told: string | undefined;

  constructor(
    readonly path: string,
    private readonly s: Shared,
  ) {
    this.dir = dirname(path);
    this.base = basename(path);
  }

  get busy(): boolean {
    return this.timer !== undefined || this.running !== undefined;
  }

  /** (Re)watch the directory when it is new, was rotated or its watch failed. */
  arm(): void {
    if (this.s.closed) return;
    const id = dirIdentity(this.dir);
    if (this.dirWatcher && id === this.dirId) return;
    this.dirWatcher?.close();
    this.dirWatcher = undefined;
    this.dirId = undefined;
    if (id === undefined) return;
    try {
      const w = fsWatch(this.dir, { persistent: false }, (_event, name) => {
        if (name === null || name === undefined || String(name) === this.base) this.poke();
      });
      w.on('error', () => {
        // the directory went away under the watch: the poll re-arms it
        if (this.dirWatcher === w) {
          w.close();
          this.dirWatcher = undefined;
          this.dirId = undefined;
        }
        this.poke();
      });
      this.dirWatcher = w;
      this.dirId = id;
    } catch {
      // not watchable now (gone meanwhile, too many watches): the poll still sees changes
    }
  }

  /** The poll: re-arm after a rotation; a changed signature is an event. */
  tick(): void {
    if (this.s.closed) return;
    const hadDir = this.dirId;
    this.arm();
    const sig = signature(this.path);
    // a change since the last look (not since the last snapshot: a change waiting for its debounce would restart it on every tick)
    const changed = sig !== this.polled;
    this.polled = sig;
    if (hadDir !== this.dirId || (changed && sig !== this.seen)) this.poke();
  }

  /** Something may have changed: (re)start the debounce, bounded by maxWait and the gap since the last snapshot. */
  poke(): void {
    if (this.s.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const now = Date.now();
    if (this.timer) clearTimeout(this.timer);
    else this.firstEventAt = now;
    const quiet = now + this.s.debounceMs;
    const latest = this.firstEventAt + this.s.maxWaitMs;
    const due = Math.max(Math.min(quiet, latest), this.lastRunEnd + this.s.debounceMs);
    this.timer = setTimeout(() => this.fire(false), Math.max(0, due - now));
  }

  fire(baseline: boolean): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = this.run(baseline).finally(() => {
      this.running = undefined;
      this.lastRunEnd = Date.now();
      // changed while we were reading or writing: once more, after the debounce
      if (this.again || signature(this.path) !== this.seen) {
        this.again = false;
        this.poke();
      }
    });
    this.running = run;
    return run;
  }

  private tell(state: string | undefined, en: string, zh: string): void {
    if (state !== undefined && this.told === state) return;
    this.told = state;
    if (state !== undefined) this.s.opts.onNotice?.(en, zh);
  }

  private async run(baseline: boolean): Promise<void> {
    const sig = signature(this.path);
    this.seen = sig;
    if (sig === MISSING || sig.startsWith('not-a-file:')) {
      this.tell('gone', `${this.path} is gone (deleted, renamed, or its directory rotated); waiting for it to come back`, `${this.path} 不存在（被删除、改名或其目录被轮换）；等待它重新出现`);
      return;
    }
    if (fileSize(this.path) === 0) {
      this.tell('empty', `${this.path} is empty; waiting for its content (nothing recorded)`, `${this.path} 为空；等待写入内容（未记录）`);
      return;
    }
    this.tell(undefined, '', '');
    const o = this.s.opts;
    const job = this.s.queue.then(() =>
      snapshot({
        ...(o.stateDir !== undefined ? { stateDir: o.stateDir } : {}),
        target: { file: this.path },
        ...(o.reason !== undefined ? { reason: o.reason } : {}),
        ...(o.env ? { env: o.env } : {}),
        ...(o.onNotice ? { notice: o.onNotice } : {}),
      }),
    );
    this.s.queue = job.catch(() => undefined);
    let r: SnapshotResult;
    try {
      r = await job;
    } catch (e) {
      if (!(e instanceof StoreError)) {
        const m = `cannot record ${this.path}: ${(e as Error).message}`;
        this.s.fatal(new StoreError(m, `无法记录 ${this.path}：${(e as Error).message}`, 'io'));
        return;
      }
      if (e.kind === 'source') {
        // unreadable or not a config (yet): told once per content, retried on the next change
        this.tell(`source:${sig}`, e.message, e.zh);
        return;
      }
      if (e.kind === 'locked') {
        this.s.opts.onNotice?.(`${e.message}; trying again`, `${e.zh}；稍后重试`);
        this.again = true;
        return;
      }
      this.s.fatal(e);
      return;
    }
    if (r.rev) o.onRevision?.({ ...r, rev: r.rev, file: this.path, time: new Date().toISOString(), baseline });
    else if (baseline) o.onUnchanged?.(this.path, r.node);
  }

  async close(): Promise<void> {
    this.dirWatcher?.close();
    this.dirWatcher = undefined;
    const pending = this.timer !== undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running) await this.running.catch(() => undefined);
    // a change still waiting for its debounce is recorded before we stop
    if (pending || this.again) await this.run(false).catch(() => undefined);
  }
}

export function watchConfigs(opts: WatchOptions): Watcher {
  const debounceMs = Math.max(0, opts.debounceMs ?? DEFAULT_DEBOUNCE);
  let stop!: () => void;
  const done = new Promise<void>((r) => (stop = r));
  const files = [...new Set(opts.files.map((f) => resolve(f)))];
  const watches: FileWatch[] = [];
  let closing: Promise<void> | undefined;

  const close = (): Promise<void> => {
    if (closing) return closing;
    shared.closed = true;
    clearInterval(poll);
    closing = (async () => {
      await ready.catch(() => undefined);
      for (const w of watches) await w.close();
      await shared.queue;
      stop();
    })();
    return closing;
  };

  const shared: Shared = {
    opts,
    debounceMs,
    maxWaitMs: Math.max(debounceMs, opts.maxWaitMs ?? Math.max(10 * debounceMs, 2000)),
    closed: false,
    queue: Promise.resolve(),
    fatal: (e) => {
      if (shared.closed) return;
      opts.onFatal?.(e);
      void close();
    },
  };

  for (const f of files) watches.push(new FileWatch(f, shared));
  for (const w of watches) w.arm();
  const ready = (async () => {
    for (const w of watches) {
      if (shared.closed) break;
      await w.fire(true);
    }
  })();
  const poll = setInterval(() => {
    for (const w of watches) w.tick();
  }, Math.max(50, opts.pollMs ?? DEFAULT_POLL));

  return {
    ready,
    done,
    close,
    idle: async () => {
      await ready;
      for (;;) {
        if (shared.closed || !watches.some((w) => w.busy)) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
