import type { DoctorCheck } from '../types.ts';
import { isLoopback } from '../../wvp/link.ts';
import { processComm } from '../discovery/proc-read.ts';
import { assumedNote, describeGroups } from '../select-server.ts';

export const check: DoctorCheck = {
  id: 'process',
  title: { en: 'MediaServer process', zh: 'MediaServer 进程' },
  async run(ctx) {
    const choice = await ctx.facts.choice();
    const w0 = choice.server;
    // the examined server and its -d family only: another MediaServer on this machine is not it
    const servers = w0 ? (await ctx.facts.servers()).filter((s) => s.pid === w0.pid || s.pid === w0.watchdogPid || s.watchdogPid === w0.pid || s.pid === w0.workerPid) : [];
    if (servers.length === 0) {
      const running = choice.groups.length;
      const list = describeGroups(choice);
      const comm = (pid: number) => `pid ${pid} (${processComm(pid, { root: ctx.facts.sys.procRoot }) ?? '?'})`;
      // MediaServers run here, but none is the one asked about: say so, never examine a stranger
      const strangers = running ? ctx.t({ en: '; the MediaServer(s) running here ({list}) are other servers: not examined', zh: '；本机运行的 MediaServer（{list}）是其他服务：未检查' }, { list }) : '';
      const details = choice.groups.map((s) => `pid ${s.pid} (${s.role}) user ${s.user} up ${s.uptimeSeconds}s: ${s.argv.join(' ')}${s.configPath ? ` → config ${s.configPath}` : ''}`);
      const base = ctx.options.api ? new URL(ctx.options.api) : undefined;
      if (base && isLoopback(base.hostname)) {
        // the API is on this machine: whoever holds its port is the server, under whatever name
        const port = Number(base.port || (base.protocol === 'https:' ? 443 : 80));
        const { sockets } = await ctx.facts.sockets();
        const holders = [...new Set(sockets.filter((so) => so.transport === 'tcp' && so.port === port).flatMap((so) => so.pids))];
        if (holders.length) {
          const who = holders.map(comm).join(', ');
          return {
            status: 'warn',
            message: running
              ? ctx.t({ en: '{who} holds the API port {port} on this machine, not a MediaServer (renamed binary, or a proxy such as docker-proxy){strangers}', zh: '本机 {who} 占用 API 端口 {port}，而不是 MediaServer（改名的程序，或 docker-proxy 等代理）{strangers}' }, { who, port, strangers })
              : ctx.t({ en: 'no process named MediaServer, but {who} holds the API port {port} on this machine (renamed binary, or a proxy such as docker-proxy)', zh: '没有名为 MediaServer 的进程，但本机 {who} 占用 API 端口 {port}（改名的程序，或 docker-proxy 等代理）' }, { who, port }),
            details,
          };
        }
      }
      if (choice.why === 'several') {
        const config = ctx.options.config;
        const ports = [choice.httpPort !== undefined ? `http.port ${choice.httpPort}` : '', choice.apiPort !== undefined ? ctx.t({ en: 'the API port {p}', zh: 'API 端口 {p}' }, { p: choice.apiPort }) : ''].filter(Boolean).join(', ');
        const message = config
          ? ctx.t({ en: '{n} MediaServers run on this machine ({list}) and none of them reads {config} or holds its port{ports}: none was examined', zh: '本机运行着 {n} 个 MediaServer（{list}），没有一个读取 {config} 或占用其端口{ports}：均未检查' }, { n: running, list, config, ports: ports ? ctx.t({ en: ' ({p})', zh: '（{p}）' }, { p: ports }) : '' })
          : base
            ? ctx.t({ en: '{n} MediaServers run on this machine ({list}) and none of them holds the API port{ports}: none was examined', zh: '本机运行着 {n} 个 MediaServer（{list}），没有一个占用 API 端口{ports}：均未检查' }, { n: running, list, ports: ports ? ctx.t({ en: ' ({p})', zh: '（{p}）' }, { p: ports }) : '' })
            : ctx.t({ en: '{n} MediaServers run on this machine ({list}): which one to examine is not known', zh: '本机运行着 {n} 个 MediaServer（{list}）：不知道要检查哪一个' }, { n: running, list });
        return {
          status: 'warn',
          message,
          details,
          fix: { en: 'Give --config the file the server to examine reads (-v lists what each one reads), or --api its http://127.0.0.1:<http.port>', zh: '用 --config 指定要检查的服务实际读取的文件（-v 列出每个进程读取的文件），或用 --api 指定其 http://127.0.0.1:<http.port>' },
        };
      }
      if (choice.why === 'held-by-other' && choice.heldBy) {
        const h = choice.heldBy;
        return {
          status: 'warn',
          message: ctx.t({ en: '{who} holds this config\'s {key} {port}, not the MediaServer running here ({list}): that one is another server, not examined', zh: '{who} 占用此配置的 {key} {port}，而不是本机运行的 MediaServer（{list}）：后者是其他服务，未检查' }, { who: h.pids.map(comm).join(', '), key: h.key === 'api' ? ctx.t({ en: 'API port', zh: 'API 端口' }) : 'http.port', port: h.port, list }),
          details,
        };
      }
      if (choice.why === 'serves-other-ports') {
        return {
          status: 'warn',
          message: ctx.t({ en: 'the only MediaServer running here ({list}) listens on {ports}, none of them a port this config sets: it is another server, not examined', zh: '本机唯一运行的 MediaServer（{list}）监听 {ports}，都不是此配置设定的端口：它是其他服务，未检查' }, { list, ports: (choice.otherPorts ?? []).join(', ') }),
          details,
          fix: { en: 'Give --config the file that server reads, or start MediaServer with this config (-c)', zh: '用 --config 指定该服务读取的文件，或用此配置（-c）启动 MediaServer' },
        };
      }
      if (base && isLoopback(base.hostname)) {
        if (running) {
          return {
            status: 'warn',
            message: ctx.t({ en: 'nothing holds the API port {port} on this machine, and the MediaServer(s) running here ({list}) are other servers: not examined', zh: '本机没有进程占用 API 端口 {port}，本机运行的 MediaServer（{list}）是其他服务：未检查' }, { port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)), list }),
            details,
          };
        }
        return {
          status: 'warn',
          message: ctx.t({ en: 'no MediaServer process visible, although the API {base} is on this machine: it runs under another name, as another user (/proc hidepid), or in a container whose port is forwarded', zh: 'API {base} 在本机，但看不到 MediaServer 进程：它可能以其他名字、其他用户（/proc hidepid）运行，或在端口转发的容器中' }, { base: base.origin }),
        };
      }
      if (ctx.options.api && running) {
        const message = ctx.options.config
          ? ctx.t({ en: 'the API is on another host, and the MediaServer(s) running here ({list}) neither read this config nor hold its http.port: not examined (checking the remote API only)', zh: 'API 在其他主机，本机运行的 MediaServer（{list}）既不读取此配置也不占用其 http.port：未检查（只检查远程 API）' }, { list })
          : ctx.t({ en: 'the API is on another host: the MediaServer(s) running here ({list}) are not examined (checking the remote API only)', zh: 'API 在其他主机：本机运行的 MediaServer（{list}）未检查（只检查远程 API）' }, { list });
        return { status: 'skip', message, details };
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
    const n = assumedNote(choice, ctx.options.config !== undefined);
    const note = n ? ctx.t(n.text, n.data) : undefined;
    const details = [...servers.map((s) => `pid ${s.pid} (${s.role}) user ${s.user} up ${s.uptimeSeconds}s: ${s.argv.join(' ')}${s.configPath ? ` → config ${s.configPath}` : ''}${s.container ? ` (in a container, read through ${s.hostRoot})` : ''}`), ...(note ? [note] : [])];
    const looping = servers.find((s) => s.restarted);
    if (looping) {
      const logs = await ctx.facts.logs();
      const ev = logs?.ok ? logs.value.hits.filter((h) => ['start-server-failed', 'port-in-use', 'bind-permission-denied', 'daemon-child-restarted'].includes(h.id)).map((h) => `${h.id}: ${h.count}× (last ${h.lastText ?? '?'}): ${h.sample}`) : [];
      return {
        status: 'fail',
        message: ctx.t({ en: 'the worker under the -d watchdog has been restarted (crash loop?){note}', zh: '-d 守护进程下的工作进程被重启过（崩溃循环？）{note}' }, { note: note ? ctx.t({ en: '; {note}', zh: '；{note}' }, { note }) : '' }),
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
    const w = w0 ?? servers[0]!;
    const where = w.container ? ctx.t({ en: ', in a container (its files are read through {root}, its ports in its own network namespace)', zh: '，运行在容器中（通过 {root} 读取其文件，在其网络命名空间中读取端口）' }, { root: w.hostRoot ?? '' }) : '';
    return { status: 'ok', message: `pid ${w.pid} (${w.role}), up ${w.uptimeSeconds}s${where}${note ? ctx.t({ en: '; {note}', zh: '；{note}' }, { note }) : ''}`, details };
  },
};
