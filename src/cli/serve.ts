/**
 * `zlm-doctor serve`. So far only `--check-config`: load zlm-doctor.yml (a file or a directory), print OK and
 * a summary, or every error as `file:line:col reason`. Exit 0 valid, 1 invalid, 2 unreadable. The monitor
 * itself (a run without --check-config) is not built yet and says so.
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { Lang } from '../i18n/index.ts';
import { ConfigReadError, formatConfigError, formatDuration, loadMonitorConfig, monitorRedactor, type MonitorConfig } from '../monitor/index.ts';
import { UsageError, type Io } from './io.ts';

export const DEFAULT_CONFIG_PATHS = ['zlm-doctor.yml', 'zlm-doctor.yaml', 'zlm-doctor.d'];

export interface ServeOptions {
  config?: string;
  checkConfig?: boolean;
  lang: Lang;
  /** the run path (serve-run.ts) */
  listen?: string;
  stateDir?: string;
  shard?: string;
  demo?: boolean;
  token?: string;
}

/** `-c` as given, else the first default that exists in the working directory. */
export function configPath(given: string | undefined, lang: Lang): string {
  if (given) return given;
  const found = DEFAULT_CONFIG_PATHS.find((p) => existsSync(p));
  if (found) return found;
  throw new UsageError(lang === 'zh' ? `未找到配置：请用 -c 指定文件或目录（默认查找 ${DEFAULT_CONFIG_PATHS.join('、')}）` : `no config found: give -c FILE|DIR (looked for ${DEFAULT_CONFIG_PATHS.join(', ')})`);
}

/** Load or explain why not: the config, or the exit code already decided (errors printed). */
export function loadForCli(path: string, lang: Lang, io: Io): { config: MonitorConfig } | { code: number } {
  let r;
  try {
    r = loadMonitorConfig(path, io.env);
  } catch (e) {
    if (e instanceof ConfigReadError) {
      io.err(`zlm-doctor: ${e.path}: ${lang === 'zh' ? e.zh : e.en}\n`);
      return { code: 2 };
    }
    throw e;
  }
  // whatever is printed from here on, the config's secrets are hidden
  if (io.redactor) monitorRedactor(r.config, io.redactor);
  if (r.errors.length) {
    const n = r.errors.length;
    io.out(lang === 'zh' ? `✗ ${shown(path)}：${n} 个错误\n` : `✗ ${shown(path)}: ${n} error${n === 1 ? '' : 's'}\n`);
    for (const e of r.errors) io.out(`${formatConfigError({ ...e, file: shown(e.file) }, lang)}\n`);
    return { code: 1 };
  }
  return { config: r.config };
}

function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

export function summary(c: MonitorConfig, lang: Lang): string {
  const zh = lang === 'zh';
  const d = c.defaults;
  const lines: string[] = [];
  const host = c.listen.host.includes(':') ? `[${c.listen.host}]` : c.listen.host;
  lines.push(zh ? `  监听 ${host}:${c.listen.port} · 语言 ${c.lang} · 状态目录 ${c.stateDir}` : `  listen ${host}:${c.listen.port} · lang ${c.lang} · state dir ${c.stateDir}`);
  lines.push(
    zh
      ? `  默认：间隔 ${formatDuration(d.intervalMs)}，超时 ${formatDuration(d.timeoutMs)}，连续 ${d.downAfter} 次失败判定宕机，连续 ${d.recoverAfter} 次成功判定恢复，并发 ${d.concurrency}，抖动 ${formatDuration(d.jitterMs)}`
      : `  defaults: interval ${formatDuration(d.intervalMs)}, timeout ${formatDuration(d.timeoutMs)}, down after ${d.downAfter}, recover after ${d.recoverAfter}, concurrency ${d.concurrency}, jitter ${formatDuration(d.jitterMs)}`,
  );
  const nodes = c.nodes.map((n) => `${n.name}${Object.keys(n.labels).length ? ` {${Object.entries(n.labels).map(([k, v]) => `${k}=${v}`).join(',')}}` : ''}${n.secret === undefined ? (zh ? '（无密钥）' : ' (no secret)') : ''}`);
  lines.push(zh ? `  节点 ${c.nodes.length} 个：${nodes.join('，') || '无'}` : `  ${c.nodes.length} node${c.nodes.length === 1 ? '' : 's'}: ${nodes.join(', ') || 'none'}`);
  const ch = c.alerts.channels.map((x) => `${x.name} (${x.type})`);
  lines.push(zh ? `  告警通道 ${ch.length} 个：${ch.join('，') || '无'}` : `  ${ch.length} channel${ch.length === 1 ? '' : 's'}: ${ch.join(', ') || 'none'}`);
  const rep = c.alerts.repeatIntervalMs ? formatDuration(c.alerts.repeatIntervalMs) : zh ? '不重复' : 'never';
  lines.push(
    zh
      ? `  路由 ${c.alerts.routes.length} 条；未匹配的告警发往：${c.alerts.defaultChannels.join('，') || '无'}；重复间隔 ${rep}；恢复通知 ${c.alerts.sendResolved ? '开' : '关'}`
      : `  ${c.alerts.routes.length} route${c.alerts.routes.length === 1 ? '' : 's'}; unrouted alerts go to: ${c.alerts.defaultChannels.join(', ') || 'none'}; repeat every ${rep}; resolved notices ${c.alerts.sendResolved ? 'on' : 'off'}`,
  );
  const w = c.maintenance.windows;
  lines.push(zh ? `  维护窗口 ${w.length} 个（时区 ${c.maintenance.timezone}）${w.length ? `：${w.map((x) => x.name).join('，')}` : ''}` : `  ${w.length} maintenance window${w.length === 1 ? '' : 's'} (time zone ${c.maintenance.timezone})${w.length ? `: ${w.map((x) => x.name).join(', ')}` : ''}`);
  return `${lines.join('\n')}\n`;
}

export async function runServe(o: ServeOptions, io: Io): Promise<number> {
  if (!o.checkConfig) {
    const { runServeEngine } = await import('./serve-run.ts');
    return runServeEngine({ ...o, ...(o.config !== undefined ? { config: o.config } : {}) }, io);
  }
  const path = configPath(o.config, o.lang);
  const r = loadForCli(path, o.lang, io);
  if ('code' in r) return r.code;
  io.out(o.lang === 'zh' ? `✓ ${shown(path)}：配置正确\n` : `✓ ${shown(path)}: configuration OK\n`);
  io.out(summary(r.config, o.lang));
  return 0;
}
