import type { DoctorCheck } from '../types.ts';
import { portOwnership } from './port-ownership.ts';
import { isLoopback } from '../../wvp/link.ts';
import { assumedNote, readsOtherFile } from '../select-server.ts';

export const check: DoctorCheck = {
  id: 'listeners',
  title: { en: 'Listening ports', zh: '监听端口' },
  async run(ctx) {
    const c = await ctx.facts.config();
    if (!c?.ok) return { status: 'skip', message: { en: 'needs the config file', zh: '需要配置文件' } };
    const choice = await ctx.facts.choice();
    const examined = choice.server;
    const servers = examined ? [examined] : [];
    const { sockets, partial } = await ctx.facts.sockets();
    // Whoever answers ZLM's API is the server, even when it is not called MediaServer
    // (a container's proxy, a renamed binary). A remote API says nothing about local ports.
    const base = await ctx.facts.apiBase();
    const live = await ctx.facts.live();
    const apiUrl = base ? new URL(base) : undefined;
    const apiLocal = apiUrl ? isLoopback(apiUrl.hostname) : false;
    if (servers.length === 0 && !apiLocal) {
      return { status: 'skip', message: { en: 'the server is not on this machine: its ports cannot be inspected from here', zh: '服务不在本机：无法从这里检查其端口' } };
    }
    // the server examined (several may run here): its worker and watchdog
    const w = examined;
    const pids = new Set(w ? [w.pid, ...(w.watchdogPid !== undefined ? [w.watchdogPid] : []), ...(w.workerPid !== undefined ? [w.workerPid] : [])] : []);
    // a ZLM-shaped answer, even a refusal (-100 and friends), proves who holds the API port
    const zlmAnswered = live?.ok || (live && ['auth', 'ip-not-allowed', 'invalid-args', 'exception', 'not-found', 'failed'].includes(live.error.kind));
    const apiPort = apiUrl ? Number(apiUrl.port || (apiUrl.protocol === 'https:' ? 443 : 80)) : undefined;
    const liveHttp = live?.ok ? Number(live.data['http.port']) : undefined;
    if (servers.length === 0 && apiLocal && liveHttp !== undefined && Number.isFinite(liveHttp) && liveHttp !== apiPort) {
      // the API port is held by a mapping or a proxy (docker-proxy, nginx), not by ZLM: its own ports are elsewhere
      return { status: 'skip', message: ctx.t({ en: 'the API is reached on port {a} while ZLM\'s http.port is {p} (a port mapping or proxy): its listeners are not visible from here', zh: 'API 在端口 {a} 访问，而 ZLM 的 http.port 是 {p}（端口映射或代理）：从这里看不到其监听' }, { a: apiPort!, p: liveHttp }) };
    }
    let apiHolders = 0;
    if (apiLocal && zlmAnswered) {
      for (const so of sockets) {
        if (so.port !== apiPort || so.transport !== 'tcp') continue;
        for (const pid of so.pids) {
          if (pids.has(pid)) continue;
          pids.add(pid);
          apiHolders++;
        }
      }
    }
    const own = portOwnership(c.value.doc, sockets, [...pids], { root: ctx.facts.sys.procRoot });
    // an assumed server (the only one here, nothing ties it to this config) that holds none of
    // this config's ports is no evidence that this config's server runs: its ports say nothing here
    const n = assumedNote(choice, ctx.options.config !== undefined);
    const known = apiHolders > 0 || (pids.size > 0 && (!n || own.some((p) => p.state === 'ours')));
    const details: string[] = n ? [ctx.t(n.text, n.data)] : [];
    const diagnoses = [];
    const notUp: { key: string; line: string; privileged: boolean }[] = [];
    let bad = 0;
    let warn = 0;
    let up = 0;
    let forwarded = 0;
    // nothing at all listens: whatever we know about the process, the server is not serving here
    const required = own.filter((p) => !p.optional);
    const silent = required.length > 0 && required.every((p) => p.state === 'free');
    for (const p of own) {
      const fwd = p.state === 'other' && p.owner !== undefined && /^(docker-proxy|rootlessport|rootlesskit|slirp4netns|pasta|conmon)$/.test(p.owner.comm);
      const line = `${p.key}=${p.port}/${p.transport}: ${fwd ? 'forwarded' : p.state}${p.owner ? ` (pid ${p.owner.pid} ${p.owner.comm})` : ''}${p.privileged ? ' privileged' : ''}`;
      details.push(line);
      if (p.state === 'ours') up++;
      if (fwd) {
        // docker-proxy & co. publish a container's port on the host: the server is behind it
        forwarded++;
      } else if (p.state === 'other') {
        bad++;
        diagnoses.push({
          title: ctx.t({ en: '{key} port {port}/{transport} is held by another process: {comm} (pid {pid})', zh: '{key} 端口 {port}/{transport} 被其他进程占用：{comm}（pid {pid}）' }, { key: p.key, port: p.port, transport: p.transport, comm: p.owner?.comm ?? '?', pid: p.owner?.pid ?? '?' }),
          keys: [p.key],
          evidence: [line],
          fix: ctx.t({ en: 'Stop that process or give {key} a free port; ZLM aborts start-up ("Start server failed") when any bind fails', zh: '停止该进程或为 {key} 换一个空闲端口；任一端口 bind 失败 ZLM 都会启动失败（"Start server failed"）' }, { key: p.key }),
          weight: 97,
        });
      } else if (p.state === 'free' && (known || silent) && !p.optional /* onvif binds lazily; rtc/srt exist only in some builds */) {
        warn++;
        notUp.push({ key: p.key, line, privileged: p.privileged });
      } else if (p.privileged && known && p.state !== 'ours') warn++;
    }
    if (silent && !known) {
      const keys = [...new Set(notUp.map((n) => n.key))];
      diagnoses.push({
        title: ctx.t({ en: 'Nothing listens on any configured port ({keys}): MediaServer is not serving on this machine with this config', zh: '所有配置的端口都没有监听（{keys}）：MediaServer 没有以此配置在本机提供服务' }, { keys: keys.join(', ') }),
        keys,
        evidence: notUp.map((n) => n.line),
        fix: ctx.t({ en: 'Start MediaServer with this config (-c), or point --config at the file the running server reads', zh: '用此配置（-c）启动 MediaServer，或用 --config 指向运行中服务实际读取的文件' }),
        weight: 88,
      });
    } else if (notUp.length) {
      const keys = [...new Set(notUp.map((n) => n.key))];
      // the server examined reads another file than --config (tied by a port, or assumed): its listeners follow that
      // file, and a missed restart is only a guess (the drift check names the file it reads)
      const reads = readsOtherFile(choice, ctx.options.config);
      diagnoses.push({
        title: ctx.t({ en: 'Configured listeners are not up: {keys} (the running server uses other settings: restart needed?)', zh: '配置的监听未启动：{keys}（运行中的服务用的是其他配置：需要重启？）' }, { keys: keys.join(', ') }),
        keys,
        evidence: notUp.map((n) => n.line),
        fix: ctx.t({ en: 'Listening ports are read once at start-up: restart MediaServer; a port below 1024 needs root or CAP_NET_BIND_SERVICE', zh: '监听端口只在启动时读取：重启 MediaServer；低于 1024 的端口需要 root 或 CAP_NET_BIND_SERVICE' }),
        weight: notUp.some((n) => n.privileged) ? 90 : 76,
        ...(reads !== undefined ? { guess: true, evidence: [...notUp.map((n) => n.line), `pid ${w!.pid} reads ${reads}, not ${ctx.options.config}`] } : {}),
      });
    }
    const status = bad || (silent && !known) ? 'fail' : warn ? 'warn' : 'ok';
    return {
      status,
      message: ctx.t({ en: '{n} configured listener(s): {up} up, {fwd} forwarded, {bad} held by another process, {free} not listening{partial}', zh: '配置了 {n} 个监听：{up} 个已启动，{fwd} 个被转发，{bad} 个被其他进程占用，{free} 个未监听{partial}' }, { n: own.length, up, fwd: forwarded, bad, free: notUp.length, partial: partial ? ctx.t({ en: ' (some owners unreadable)', zh: '（部分占用者不可读）' }) : '' }),
      details,
      diagnoses,
    };
  },
};
