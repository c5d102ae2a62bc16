import type { DoctorCheck } from '../types.ts';

export const check: DoctorCheck = {
  id: 'process',
  order: 10,
  title: { en: 'MediaServer process', zh: 'MediaServer 进程' },
  async run(ctx) {
    const servers = await ctx.facts.servers();
    if (servers.length === 0) {
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
    const details = servers.map((s) => `pid ${s.pid} (${s.role}) user ${s.user} up ${s.uptimeSeconds}s: ${s.argv.join(' ')}${s.configPath ? ` → config ${s.configPath}` : ''}`);
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
    const w = servers.find((s) => s.role !== 'watchdog') ?? servers[0]!;
    return { status: 'ok', message: `pid ${w.pid} (${w.role}), up ${w.uptimeSeconds}s`, details };
  },
};
