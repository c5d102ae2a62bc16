/**
 * What the checks look at, gathered once and shared: the MediaServer
 * processes, sockets, config file, the live API, logs and WVP's config.
 * Every getter is memoized, so concurrent checks never probe twice, and every
 * probe is bounded by the run's signal and --probe-timeout.
 */
import { statSync } from 'node:fs';
import type { IniDocument } from '../ini/document.ts';
import { dirname, join, resolve } from 'node:path';
import { readConfigFile, type LoadedConfig, InputError } from '../io/read-config.ts';
import { createZlmApi, type ApiResult, type ZlmApi } from '../zlm/api.ts';
import { scanLogDir, type LogScanResult } from '../zlm/logs.ts';
import { findMediaServers, type MediaServerProcess } from './discovery/processes.ts';
import { listeningSockets, type ListeningSocket } from './discovery/sockets.ts';
import { loadWvp } from '../wvp/load.ts';
import type { WvpConfig } from '../wvp/types.ts';
import type { Deployment } from '../deploy/index.ts';
import { defaultOf, effective, LISTENER_KEYS } from '../zlm/effective.ts';
import { HOOK_URL_KEYS } from '../zlm/hook-urls.ts';
import { readValue } from '../zlm/value.ts';
import type { DoctorOptions } from './options.ts';
import { systemSys, type DoctorSys } from './sys.ts';
import { isLoopback } from '../wvp/link.ts';
import { processComm } from './discovery/proc-read.ts';
import { PORT_FORWARDERS } from './checks/port-ownership.ts';
import { chooseServer, type ChoiceInput, type ServerChoice } from './select-server.ts';

function memo<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}

/** Publish a container's port on the host: the server behind them holds the same port in its own namespace. */
const PUBLISHERS = /^(docker-proxy|rootlessport|rootlesskit|slirp4netns|pasta|conmon)$/;

/** `dev:ino` of a file (the same file through a bind mount or a symlink), undefined when it cannot be read. */
function fileId(path: string): string | undefined {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/** A port key's effective value (0 and unreadable values: undefined). */
function portOf(doc: IniDocument, key: string): number | undefined {
  const v = readValue('uint16', effective(doc, key).raw).value;
  return typeof v === 'number' && v > 0 ? v : undefined;
}

/** Every configured listener port with its transport(s). */
function configuredPorts(doc: IniDocument): { port: number; transport: 'tcp' | 'udp' }[] {
  return LISTENER_KEYS.flatMap((def) => {
    const port = portOf(doc, def.key);
    if (!port) return [];
    const ts: ('tcp' | 'udp')[] = def.transport === 'both' ? ['tcp', 'udp'] : [def.transport === 'udp' ? 'udp' : 'tcp'];
    return ts.map((transport) => ({ port, transport }));
  });
}

export type Maybe<T> = { ok: true; value: T } | { ok: false; error: string };

export class Facts {
  constructor(
    readonly options: DoctorOptions,
    readonly signal: AbortSignal,
    /** performance.now() of the run's deadline */
    readonly deadline: number = performance.now() + options.timeoutMs,
    /** the system examined: its /proc, API transport, hook probe and clock */
    readonly sys: DoctorSys = systemSys(),
  ) {}

  /** --probe-timeout, but never past the run's deadline (less a margin to report the failure). */
  budget(): number {
    return Math.max(100, Math.min(this.options.probeTimeoutMs, Math.floor(this.deadline - performance.now() - 200)));
  }

  /** MediaServer processes on this machine (none when the server is remote). */
  readonly servers = memo(async (): Promise<MediaServerProcess[]> => {
    try {
      return findMediaServers({ root: this.sys.procRoot, passwd: this.sys.passwd, ...(this.sys.clkTck ? { clkTck: this.sys.clkTck } : {}) });
    } catch {
      return [];
    }
  });

  /**
   * Which of them is examined (see select-server.ts): the one that reads --config, else the one
   * holding the config's http.port or the local --api port, else the only one running (an
   * assumption the report states), else none, with the reason.
   */
  readonly choice = memo(async (): Promise<ServerChoice> => {
    const all = await this.servers();
    if (all.length === 0) return { groups: [] };
    let config: ChoiceInput['config'];
    if (this.options.config) {
      const want = resolve(this.options.config);
      const id = fileId(want);
      const reads = (s: MediaServerProcess): boolean =>
        s.configPath !== undefined && (s.configPath === want || s.containerPaths?.configPath === want || (id !== undefined && fileId(s.configPath) === id));
      const c = await this.config();
      const doc = c?.ok ? c.value.doc : undefined;
      const httpPort = doc ? portOf(doc, 'http.port') : undefined;
      config = { reads, ...(httpPort ? { httpPort } : {}), ...(doc ? { ports: configuredPorts(doc) } : {}) };
    }
    let api: ChoiceInput['api'];
    if (this.options.api) {
      try {
        const u = new URL(this.options.api);
        api = { port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)), local: isLoopback(u.hostname) };
      } catch {
        api = undefined;
      }
    }
    const needSockets = (config !== undefined && !all.some(config.reads)) || api !== undefined;
    const { sockets } = needSockets ? await this.sockets() : { sockets: [] };
    const root = this.sys.procRoot;
    return chooseServer({ servers: all, sockets: () => sockets, ...(config ? { config } : {}), ...(api ? { api } : {}), isForwarder: (pid, key) => (key === 'api' ? PORT_FORWARDERS : PUBLISHERS).test(processComm(pid, { root }) ?? '') });
  });

  /** The process examined: the worker under a -d watchdog, else the single process; none when nothing fits. */
  readonly worker = memo(async (): Promise<MediaServerProcess | undefined> => (await this.choice()).server);

  readonly sockets = memo(async (): Promise<{ sockets: ListeningSocket[]; partial: boolean }> => {
    try {
      // a MediaServer in another network namespace (Docker bridge) has its sockets there
      return listeningSockets({ root: this.sys.procRoot, netnsOf: (await this.servers()).map((s) => s.pid) });
    } catch {
      return { sockets: [], partial: true };
    }
  });

  /** --config, else the discovered process's -c path (default <exe dir>/config.ini). */
  readonly configPath = memo(async (): Promise<string | undefined> => {
    if (this.options.config) return this.options.config;
    return (await this.worker())?.configPath;
  });

  readonly config = memo(async (): Promise<Maybe<LoadedConfig> | undefined> => {
    const path = await this.configPath();
    if (!path) return undefined;
    try {
      return { ok: true, value: readConfigFile(path) };
    } catch (e) {
      return { ok: false, error: e instanceof InputError ? e.message : String(e) };
    }
  });

  /** --api, else http://127.0.0.1:<http.port of the config>. */
  readonly apiBase = memo(async (): Promise<string | undefined> => {
    if (this.options.api) return this.options.api.replace(/\/+$/, '');
    const c = await this.config();
    if (!c?.ok) return undefined;
    const port = readValue('uint16', effective(c.value.doc, 'http.port').raw).value;
    return port ? `http://127.0.0.1:${port}` : undefined;
  });

  /** --secret, else ZLM_SECRET, else the config's api.secret. */
  readonly secret = memo(async (): Promise<string | undefined> => {
    if (this.options.secret) return this.options.secret;
    if (this.options.env.ZLM_SECRET) return this.options.env.ZLM_SECRET;
    const c = await this.config();
    return c?.ok ? c.value.doc.get('api.secret') : undefined;
  });

  readonly api = memo(async (): Promise<ZlmApi | undefined> => {
    const base = await this.apiBase();
    if (!base) return undefined;
    const secret = await this.secret();
    return createZlmApi({ base, ...(secret !== undefined ? { secret } : {}), timeoutMs: this.options.probeTimeoutMs, ...(this.sys.fetch ? { fetchImpl: this.sys.fetch } : {}) });
  });

  /** getServerConfig: the values the running server holds. */
  readonly live = memo(async (): Promise<ApiResult<Record<string, string>> | undefined> => {
    const api = await this.api();
    return api?.getServerConfig({ signal: this.signal, timeoutMs: this.budget() });
  });

  /** Every hook URL key with a non-empty URL: the running server's values, else the file's, else the defaults. */
  readonly hookUrls = memo(async (): Promise<{ key: string; url: string }[]> => {
    const live = await this.live();
    const c = await this.config();
    const get = (k: string): string | undefined => (live?.ok ? live.data[k] : undefined) ?? (c?.ok ? c.value.doc.get(k) : undefined) ?? defaultOf(k);
    return HOOK_URL_KEYS.map((key) => ({ key, url: get(key) ?? '' })).filter((h) => h.url !== '');
  });

  readonly logDir = memo(async (): Promise<string | undefined> => {
    if (this.options.logDir) return this.options.logDir;
    const w = await this.worker();
    if (w?.logDir) return w.logDir;
    const p = await this.configPath();
    // a config next to the binary usually has log/ beside it
    if (p) {
      const guess = join(dirname(p), 'log');
      try {
        if (statSync(guess).isDirectory()) return guess;
      } catch {
        /* no log dir there */
      }
    }
    return undefined;
  });

  readonly logs = memo(async (): Promise<Maybe<LogScanResult> | undefined> => {
    const dir = await this.logDir();
    if (!dir) return undefined;
    const secret = await this.secret();
    try {
      const r = await scanLogDir(dir, { signal: this.signal, ...(this.options.since ? { since: this.options.since } : {}), ...(secret ? { secrets: [secret] } : {}) });
      return { ok: true, value: r };
    } catch (e) {
      return { ok: false, error: `${dir}: ${(e as Error).message}` };
    }
  });

  /** --compose: the deployment, read on demand (the YAML reader is loaded only then). */
  readonly deployment = memo(async (): Promise<Maybe<Deployment> | undefined> => {
    if (!this.options.compose?.length) return undefined;
    try {
      const { loadDeployment } = await import('../deploy/load.ts');
      return { ok: true, value: loadDeployment(this.options.compose, { env: this.options.env }) };
    } catch (e) {
      return { ok: false, error: (e as Error).message };
    }
  });

  readonly wvp = memo(async (): Promise<Maybe<WvpConfig> | undefined> => {
    if (!this.options.wvp) return undefined;
    try {
      return { ok: true, value: loadWvp(this.options.wvp, { env: this.options.env }) };
    } catch (e) {
      return { ok: false, error: (e as Error).message };
    }
  });
}
