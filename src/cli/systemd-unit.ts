/**
 * `zlm-doctor systemd-unit`: print a systemd unit for this MediaServer (no
 * `-d`, KillSignal=SIGINT, ExecReload=kill -HUP, Restart=on-failure), from the
 * running process (--pid, or the one reading --config) or from flags.
 * Exit codes: 0 printed, 2 could not (nothing found, bad arguments).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pickGroup } from '../change/index.ts';
import { findMediaServers, type MediaServerProcess } from '../doctor/index.ts';
import type { Lang } from '../i18n/index.ts';
import { readConfigFile } from '../io/read-config.ts';
import { effective, LISTENER_KEYS } from '../zlm/effective.ts';
import { renderSystemdUnit, type UnitFacts } from '../zlm/systemd-unit.ts';
import { readValue } from '../zlm/value.ts';
import { UsageError, type Io } from './io.ts';

export interface SystemdUnitCliOptions {
  config?: string;
  pid?: string;
  user?: string;
  exe?: string;
  workdir?: string;
  lang: Lang;
}

function lowPorts(configPath: string): boolean {
  try {
    const doc = readConfigFile(configPath).doc;
    return LISTENER_KEYS.some((d) => {
      const v = readValue('uint16', effective(doc, d.key).raw).value;
      return typeof v === 'number' && v > 0 && v < 1024;
    });
  } catch {
    return false;
  }
}

export function runSystemdUnit(o: SystemdUnitCliOptions, io: Io): number {
  const zh = o.lang === 'zh';
  let proc: MediaServerProcess | undefined;
  if (o.pid !== undefined && !/^\d+$/.test(o.pid)) throw new UsageError(`--pid takes a process id (got "${o.pid}")`);
  const servers = findMediaServers();
  const pick = pickGroup(servers, { ...(o.pid !== undefined ? { pid: Number(o.pid) } : {}), ...(o.config ? { config: o.config } : {}) }, { procRoot: '/proc' });
  if (pick.ok) proc = pick.group.top;
  else if (o.pid !== undefined || !o.config) throw new UsageError(`${zh ? pick.reason.zh : pick.reason.en}${o.config || o.pid ? '' : zh ? '；或用 --config 与 --exe 指定' : '; or give --config and --exe'}`);

  if (proc?.container) throw new UsageError(zh ? `pid ${proc.pid} 运行在容器中：容器由其运行时（Docker 的 restart 策略）管理，而不是 systemd 单元` : `pid ${proc.pid} runs in a container: its runtime (Docker's restart policy) supervises it, not a systemd unit`);
  const configPath = o.config ? resolve(o.config) : proc?.configPath;
  if (!configPath) throw new UsageError(zh ? '无法确定配置文件路径：请用 --config 指定' : 'cannot tell the config path: give --config');
  const exe = o.exe ? resolve(o.exe) : (proc?.exe ?? (existsSync(join(dirname(configPath), 'MediaServer')) ? join(dirname(configPath), 'MediaServer') : undefined));
  if (!exe) throw new UsageError(zh ? '找不到 MediaServer 可执行文件：请用 --exe 指定' : 'cannot find the MediaServer binary: give --exe');
  const facts: UnitFacts = {
    exe,
    configPath,
    workingDirectory: o.workdir ? resolve(o.workdir) : (proc?.cwd ?? dirname(exe)),
    ...(o.user ? { user: o.user } : proc && proc.user !== '?' ? { user: proc.user } : {}),
    ...(proc ? { args: proc.args } : {}),
    ...(proc?.args.logDir !== undefined && proc.logDir ? { logDir: proc.logDir } : {}),
    ...(proc?.args.sslCert !== undefined && proc.sslPath ? { sslPath: proc.sslPath } : {}),
    lowPorts: lowPorts(configPath),
  };
  io.out(renderSystemdUnit(facts));
  if (!existsSync(configPath)) io.err(zh ? `注意：${configPath} 不存在；ZLM 首次启动时会在那里写入内置默认配置（监听 :: 上的 80、443、554 等端口）。\n` : `note: ${configPath} does not exist; on its first start ZLM writes its built-in defaults there (listening on :: ports 80, 443, 554 …).\n`);
  if (proc?.args.daemon) io.err(zh ? `注意：pid ${proc.pid} 以 -d 运行；此单元不带 -d（由 systemd 监管，而不是 ZLM 的守护进程）。\n` : `note: pid ${proc.pid} runs with -d; the unit leaves it out (systemd supervises, not ZLM's watchdog).\n`);
  if (proc) io.err(zh ? `注意：安装前请先停止 pid ${proc.pid}，两个实例会争抢相同的端口。\n` : `note: stop pid ${proc.pid} before you enable the unit: two instances fight for the same ports.\n`);
  return 0;
}
