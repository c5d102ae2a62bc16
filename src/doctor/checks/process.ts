import type { DoctorCheck } from '../types.ts';
import { isLoopback } from '../../wvp/link.ts';
import { processComm } from '../discovery/proc-read.ts';

export const check: DoctorCheck = {
  id: 'process',
  title: { en: 'MediaServer process', zh: 'MediaServer 进程' },
  async run(ctx) {
    const w0 = await ctx.facts.worker();
    // the examined server and its -d family only: another MediaServer on this machine is not it
    const servers = w0 ? (await ctx.facts.servers()).filter((s) => s.pid === w0.pid || s.pid === w0.watchdogPid || s.watchdogPid === w0.pid || s.pid === w0.workerPid) : [];
    if (servers.length === 0) {
      const base = ctx.options.api ? new URL(ctx.options.api) : undefined;
      if (base && isLoopback(base.hostname)) {
        // the API is on this machine: whoever holds its port is the server, under whatever name
        const port = Number(base.port || (base.protocol === 'https:' ? 443 : 80));
        const { sockets } = await ctx.facts.sockets();
        const holders = [...new Set(sockets.filter((so) => so.transport === 'tcp' && so.port === port).flatMap((so) => so.pids))];
        if (holders.length) {
          const who = holders.map((pid) => `pid ${pid} (${processComm(pid, { root: ctx.facts.sys.procRoot }) ?? '?'})`).join(', ');
          return {
            status: 'warn',
            message: ctx.t({ en: 'no process named MediaServer, but {who} holds the API port {port} on this machine (renamed binary, or a proxy such as docker-proxy)', zh: '没有名为 MediaServer 的进程，但本机 {who} 占用 API 端口 {port}（改名的程序，或 docker-proxy 等代理）' }, { who, port }),
          };
        }
        return {
          status: 'warn',
          message: ctx.t({ en: 'no MediaServer process visible, although the API {base} is on this machine: it runs under another name, as another user (/proc hidepid), or in a container whose port is forwarded', zh: 'API {base} 在本机，但看不到 MediaServer 进程：它可能以其他名字、其他用户（/proc hidepid）运行，或在端口转发的容器中' }, { base: base.origin }),
        };
      }
      if (ctx.options.api) return { status: 'skip', message: { en: 'no local MediaServer process (checking the remote API only)', zh: '本机没有 MediaServer 进程（只检查远程 API）' } };
      return {
        status: 'fail',
        message: { en: 'no MediaServer process is running on this machine', zh: '本机没有运行 MediaServer 进程' },
        fix: { en: 'Start it (./MediaServer -d &, or your systemd/docker unit); note that "./MediaServer -s stop" is not a command: -s is the TLS certificate', zh: '启动它（./MediaServer -d &，或 systemd/docker）；注意 "./MediaServer -s stop" 不是命令：-s 是 TLS 证书参数' },
        diagnoses: [
          {
            title: ctx.t({ en: 'MediaServer is not running', zh: 'MediaServer 未运行' }),
            keys: [],
            evidence: [ctx.t({ en: 'no process named MediaServer in /proc', zh: '/proc 中没有名为 MediaServer 的进程' })],
            fix: ctx.t({ en: 'Start MediaServer and check its log for "Start server failed"', zh: '启动 MediaServer，并查看日志中的 "Start server failed"' }),
            weight: 99,
          },
        ],
      };
    }
    const details = servers.map((s) => `pid ${s.pid} (${s.role}) user ${s.user} up ${s.uptimeSeconds}s: ${s.argv.join(' ')}${s.configPath ? ` → config ${s.configPath}` : ''}${s.container ? ` (in a container, read through ${s.hostRoot})` : ''}`);
    const looping = servers.find((s) => s.restarted);
    if (looping) {
      const logs = await ctx.facts.logs();
      const ev = logs?.ok ? logs.value.hits.filter((h) => ['start-server-failed', 'port-in-use', 'bind-permission-denied', 'daemon-child-restarted'].includes(h.id)).map((h) => `${h.id}: ${h.count}× (last ${h.lastText ?? '?'}): ${h.sample}`) : [];
      return {
        status: 'fail',
        message: { en: 'the worker under the -d watchdog has been restarted (crash loop?)', zh: '-d 守护进程下的工作进程被重启过（崩溃循环？）' },
        details,
        diagnoses: [
          {
            title: ctx.t({ en: 'MediaServer keeps restarting under its -d watchdog', zh: 'MediaServer 在 -d 守护下反复重启' }),
            keys: [],
            evidence: [...details, ...ev],
            fix: ctx.t({ en: 'Read the last lines of the log before each restart; a bind failure means a port is taken (see the listeners check)', zh: '查看每次重启前的日志末尾；bind 失败说明端口被占用（见监听检查）' }),
            weight: 80,
          },
        ],
      };
    }
    const w = (await ctx.facts.worker()) ?? servers[0]!;
    const where = w.container ? ctx.t({ en: ', in a container (its files are read through {root}, its ports in its own network namespace)', zh: '，运行在容器中（通过 {root} 读取其文件，在其网络命名空间中读取端口）' }, { root: w.hostRoot ?? '' }) : '';
    return { status: 'ok', message: `pid ${w.pid} (${w.role}), up ${w.uptimeSeconds}s${where}`, details };
  },
};
