/**
 * `zlm-doctor serve` without --check-config: run the monitor until SIGINT or
 * SIGTERM (a clean stop within a bound; exit 0). Nodes come from
 * zlm-doctor.yml (-c, or ./zlm-doctor.yml …), else — embedded default — the
 * local MediaServer found in /proc, or with --demo a simulated fleet that
 * every line, /healthz and the metrics call DEMO. The config is watched:
 * a valid change is applied, an invalid one is reported and the old config
 * kept. Exit 2 when it cannot start (no nodes, no better-sqlite3, port busy).
 */
import { existsSync, readFileSync, unwatchFile, watchFile } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Lang } from '../i18n/index.ts';
import { findMediaServers } from '../doctor/index.ts';
import { IniDocument } from '../ini/document.ts';
import { loadMonitorConfig, loadMonitorConfigTexts, monitorRedactor, type MonitorConfig } from '../monitor/index.ts';
import { startDemoFleet, type DemoFleet } from '../monitor/demo/fleet.ts';
import { nodesFromConfig, startServe, type ServeHandle } from '../monitor/engine-serve.ts';
import { parseListen } from '../monitor/http.ts';
import type { MonitorNode } from '../monitor/node.ts';
import { SqliteMissingError } from '../monitor/storage/sqlite.ts';
import { HistoryStore } from '../history/index.ts';
import { createApiServer, isLoopback, TokenRequiredError, type ApiServer } from '../server/index.ts';
import pkg from '../../package.json' with { type: 'json' };
import { UsageError, type Io } from './io.ts';
import { DEFAULT_CONFIG_PATHS, loadForCli } from './serve.ts';

export interface ServeRunOptions {
  config?: string;
  listen?: string;
  stateDir?: string;
  shard?: string;
  demo?: boolean;
  /** bearer token of the REST API (else ZLM_DOCTOR_TOKEN, else token: of the config) */
  token?: string;
  lang: Lang;
  /** tests: resolves to stop the server instead of a signal */
  stopWhen?: Promise<void>;
  /** tests: called once the listener is up */
  onReady?: (h: ServeHandle) => void;
}

const t = (lang: Lang, en: string, zh: string): string => (lang === 'zh' ? zh : en);

export function parseShard(v: string | undefined, lang: Lang): { index: number; count: number } | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(v.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count) throw new UsageError(t(lang, `--shard wants i/n with 0 <= i < n, got "${v}"`, `--shard 需要 i/n 且 0 <= i < n，收到 "${v}"`));
  return { index, count };
}

/** A config with no file: defaults only (embedded default and --demo). */
function bareConfig(io: Io, stateDir: string): MonitorConfig {
  const r = loadMonitorConfigTexts([{ file: '<embedded>', text: `state-dir: ${JSON.stringify(stateDir)}\n` }], io.env, { baseDir: process.cwd() });
  return r.config;
}

/** The embedded default: the local MediaServer, its API port and secret from its config.ini. */
function localNodes(): MonitorNode[] {
  const out: MonitorNode[] = [];
  for (const p of findMediaServers()) {
    if (p.role === 'watchdog' || !p.configPath) continue;
    const path = p.configPath;
    let doc: IniDocument;
    try {
      doc = IniDocument.parse(readFileSync(path, 'utf8'));
    } catch {
      continue;
    }
    const port = Number(doc.get('http.port') ?? '80') || 80;
    const secret = doc.get('api.secret');
    if (out.some((n) => n.api === `http://127.0.0.1:${port}`)) continue;
    out.push({ name: `local-${port}`, api: `http://127.0.0.1:${port}`, ...(secret ? { secret } : {}), labels: { source: 'discovered' }, config: path, local: true });
  }
  if (out.length === 1) out[0]!.name = 'local';
  return out;
}

export async function runServeEngine(o: ServeRunOptions, io: Io): Promise<number> {
  const lang = o.lang;
  const shard = parseShard(o.shard, lang);
  const listenOverride = o.listen ? parseListen(o.listen) : undefined;
  let config: MonitorConfig;
  let nodes: MonitorNode[];
  let demo: DemoFleet | undefined;
  let tempState: string | undefined;
  const path = o.config ?? DEFAULT_CONFIG_PATHS.find((p) => existsSync(p));
  if (o.demo) {
    demo = await startDemoFleet();
    tempState = o.stateDir ? undefined : mkdtempSync(join(tmpdir(), 'zlm-doctor-demo-'));
    config = bareConfig(io, o.stateDir ?? tempState!);
    nodes = demo.nodes;
    io.redactor?.add(demo.secret);
    io.err(t(lang, `DEMO: monitoring a simulated fleet of ${nodes.length} nodes (not real servers)\n`, `DEMO：正在监控 ${nodes.length} 个模拟节点（不是真实服务器）\n`));
  } else if (path) {
    const r = loadForCli(path, lang, io);
    if ('code' in r) return r.code;
    config = r.config;
    nodes = nodesFromConfig(config);
  } else {
    nodes = localNodes();
    if (!nodes.length) {
      io.err(t(lang, `zlm-doctor: serve: no config (${DEFAULT_CONFIG_PATHS.join(', ')}) and no local MediaServer found; give -c FILE|DIR, or --demo\n`, `zlm-doctor：serve：没有配置（${DEFAULT_CONFIG_PATHS.join('、')}），也没有发现本机 MediaServer；请用 -c 文件|目录，或 --demo\n`));
      return 2;
    }
    config = bareConfig(io, o.stateDir ?? resolve('.zlm-doctor'));
    for (const n of nodes) io.redactor?.add(n.secret);
    io.err(t(lang, `no config: monitoring the local MediaServer (${nodes.map((n) => n.api).join(', ')})\n`, `没有配置：监控本机 MediaServer（${nodes.map((n) => n.api).join('、')}）\n`));
  }
  if (io.redactor) monitorRedactor(config, io.redactor);
  const stateDir = o.stateDir ? resolve(o.stateDir) : config.stateDir;
  const token = o.token || io.env.ZLM_DOCTOR_TOKEN || config.token || undefined;
  io.redactor?.add(token);
  const listen = listenOverride ?? config.listen;
  // the REST API: one listener for it, /metrics and /healthz; beyond loopback only with a token
  if (!token && !isLoopback(listen.host)) {
    await demo?.close();
    if (tempState) rmSync(tempState, { recursive: true, force: true });
    io.err(`zlm-doctor: ${new TokenRequiredError(listen.host, lang).message}\n`);
    return 2;
  }
  let api: ApiServer | undefined;
  let history: HistoryStore | undefined;
  const openHistory = () => {
    try {
      history ??= HistoryStore.open(stateDir, { create: false });
    } catch {
      /* a damaged history shows as none; the history commands explain it */
    }
    return history;
  };
  let handle: ServeHandle;
  try {
    handle = await startServe({
      config,
      nodes,
      listen,
      stateDir,
      ...(shard ? { shard } : {}),
      ...(demo ? { demo: true } : {}),
      lang,
      ...(io.redactor ? { redactor: io.redactor } : {}),
      log: (l) => io.err(`${l}\n`),
      http: ({ engine, store }) => (api = createApiServer({ engine, store, history: openHistory, lang, ...(token ? { token } : {}), ...(demo ? { demo: true } : {}), version: pkg.version, ...(io.redactor ? { redactor: io.redactor } : {}) })),
      mute: (a) => api?.alertState.mute(a),
    });
  } catch (e) {
    await demo?.close();
    if (tempState) rmSync(tempState, { recursive: true, force: true });
    if (e instanceof TokenRequiredError) {
      io.err(`zlm-doctor: ${e.message}\n`);
      return 2;
    }
    if (e instanceof SqliteMissingError) {
      io.err(`zlm-doctor: ${e.message}\n`);
      return 2;
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      io.err(t(lang, `zlm-doctor: serve: cannot listen on ${(listenOverride ?? config.listen).host}:${(listenOverride ?? config.listen).port} (${code})\n`, `zlm-doctor：serve：无法监听 ${(listenOverride ?? config.listen).host}:${(listenOverride ?? config.listen).port}（${code}）\n`));
      return 2;
    }
    throw e;
  }
  const a = handle.address;
  const host = a.host.includes(':') ? `[${a.host}]` : a.host;
  const shardText = shard ? t(lang, `, shard ${shard.index}/${shard.count}: ${handle.engine.states().length} of ${nodes.length} nodes`, `，分片 ${shard.index}/${shard.count}：${nodes.length} 个节点中的 ${handle.engine.states().length} 个`) : '';
  io.err(t(lang, `${demo ? '[DEMO] ' : ''}serve: monitoring ${handle.engine.states().length} node(s)${shardText}; metrics on http://${host}:${a.port}/metrics, state in ${stateDir}\n`, `${demo ? '[DEMO] ' : ''}serve：正在监控 ${handle.engine.states().length} 个节点${shardText}；指标 http://${host}:${a.port}/metrics，状态目录 ${stateDir}\n`));
  io.err(t(lang, `${demo ? '[DEMO] ' : ''}serve: dashboard and REST API on http://${host}:${a.port}/ (API /api/, OpenAPI /api/openapi.json${token ? ', bearer token required' : ''})\n`, `${demo ? '[DEMO] ' : ''}serve：仪表盘与 REST 接口 http://${host}:${a.port}/（接口 /api/，OpenAPI /api/openapi.json${token ? '，需要访问令牌' : ''}）\n`));
  o.onReady?.(handle);

  // reload on change: keep the old config when the new one is invalid, and say so
  const watched = path && !demo ? [...config.files, ...(config.files.includes(resolve(path)) ? [] : [resolve(path)])] : [];
  let pending: NodeJS.Timeout | undefined;
  const reload = () => {
    let r;
    try {
      r = loadMonitorConfig(path!, io.env);
    } catch (e) {
      io.err(t(lang, `config reload failed (${(e as Error).message}): keeping the running config\n`, `配置重新加载失败（${(e as Error).message}）：保留当前配置\n`));
      return;
    }
    if (r.errors.length) {
      io.err(t(lang, `config reload: ${r.errors.length} error(s), keeping the running config:\n`, `配置重新加载：${r.errors.length} 个错误，保留当前配置：\n`));
      for (const e of r.errors) io.err(`  ${e.file}:${e.line}:${e.col} ${lang === 'zh' ? e.reason.zh : e.reason.en}\n`);
      return;
    }
    if (io.redactor) monitorRedactor(r.config, io.redactor);
    config = r.config;
    handle.reload(config, nodesFromConfig(config));
    io.err(t(lang, `config reloaded: ${handle.engine.states().length} node(s)\n`, `配置已重新加载：${handle.engine.states().length} 个节点\n`));
  };
  const onChange = () => {
    if (pending) clearTimeout(pending);
    pending = setTimeout(reload, 300);
  };
  for (const f of watched) watchFile(f, { interval: 1_000 }, onChange);

  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    void o.stopWhen?.then(stop);
  });
  for (const f of watched) unwatchFile(f, onChange);
  if (pending) clearTimeout(pending);
  io.err(t(lang, 'serve: stopping\n', 'serve：正在停止\n'));
  await handle.stop(5_000);
  await demo?.close();
  if (tempState) rmSync(tempState, { recursive: true, force: true });
  return 0;
}
