import { statSync } from 'node:fs';
import type { DoctorCheck, CheckOutcome } from '../types.ts';
import { compareLive } from '../drift.ts';
import { SECRET_KEYS } from '../../zlm/secrets.ts';
import { processComm } from '../discovery/proc-read.ts';
import { PORT_FORWARDERS } from './port-ownership.ts';
import { isLoopback } from '../../wvp/link.ts';
import { describeGroups, readsOtherFile } from '../select-server.ts';
import { hostPortFor, usesHostNetwork, zlmService, zlmServiceFor } from '../../deploy/index.ts';

export const check: DoctorCheck = {
  id: 'drift',
  title: { en: 'Running config vs file', zh: '运行配置与文件' },
  async run(ctx) {
    const c = await ctx.facts.config();
    const live = await ctx.facts.live();
    if (!c?.ok || !live?.ok) return { status: 'skip', message: { en: 'needs both the config file and a working API', zh: '需要配置文件和可用的 API' } };
    const w = await ctx.facts.worker();
    let mtime: number | undefined;
    try {
      mtime = statSync(c.value.file).mtimeMs;
    } catch {
      mtime = undefined;
    }
    const items = compareLive({ doc: c.value.doc, live: live.data, ...(mtime !== undefined ? { fileMtimeMs: mtime } : {}), ...(w?.startedAgoMs !== undefined ? { processStartMs: ctx.facts.sys.now() - w.startedAgoMs } : w?.uptimeSeconds !== undefined ? { processStartMs: ctx.facts.sys.now() - w.uptimeSeconds * 1000 } : {}) });
    const show = (k: string, v: string | undefined) => (v === undefined ? '(absent)' : (SECRET_KEYS as readonly string[]).includes(k) ? '(secret)' : JSON.stringify(v));
    const pid = w ? `kill -HUP ${w.pid}` : 'kill -HUP <worker pid>';
    // Whether the differences say anything about this file and that server. The server examined was tied to --config
    // by its own -c path (choice 'config'): they do. It was tied by a port or assumed, and reads another file: the
    // differences are between two files, not a missed restart. A MediaServer runs here but none could be tied to
    // what was asked (another process holds the port, several run): a missed restart is only a guess.
    const choice = await ctx.facts.choice();
    const reads = readsOtherFile(choice, ctx.options.config);
    const untied = !w && choice.groups.length > 0 && choice.why !== 'remote-api';
    const untiedNote = `a MediaServer runs here (${describeGroups(choice)}), but none could be tied to ${c.value.file}: the file may not be the one it reads`;

    // The API answers on another port than the running http.port: a port mapping (Docker 8080:80), a
    // proxy, or http.port changed at runtime without a restart. Only the process's own listeners tell.
    const base = await ctx.facts.apiBase();
    const basePort = base ? Number(new URL(base).port || (base.startsWith('https:') ? 443 : 80)) : undefined;
    const liveHttp = Number(live.data['http.port']);
    const differs = ctx.options.api !== undefined && basePort !== undefined && Number.isFinite(liveHttp) && liveHttp !== basePort;
    let portMoved = false;
    let portGuess = false;
    let portNote: string | undefined;
    if (differs) {
      const pids = new Set(w ? [w.pid] : []);
      const { sockets } = await ctx.facts.sockets();
      const holders = (port: number) => [...new Set(sockets.filter((so) => so.transport === 'tcp' && so.port === port).flatMap((so) => so.pids))];
      const held = (port: number) => holders(port).some((p) => pids.has(p));
      // a local API held by a forwarder or a proxy: a mapping
      const apiHolders = base && isLoopback(new URL(base).hostname) ? holders(basePort!) : [];
      const forwarded = apiHolders.some((p) => PORT_FORWARDERS.test(processComm(p, { root: ctx.facts.sys.procRoot }) ?? ''));
      // only a process known to be MediaServer confirms a missed restart; a sim, a renamed binary or an unknown proxy is a guess
      // --compose: the ZLM service publishes its http.port as the API port
      const dep = await ctx.facts.deployment();
      const svc = dep?.ok ? (zlmServiceFor(dep.value, c.value.file) ?? zlmService(dep.value)) : undefined;
      const published = svc && !usesHostNetwork(svc) ? hostPortFor(svc, liveHttp, 'tcp') : undefined;
      if (published !== undefined && published === basePort) portNote = `http.port: the compose service ${svc!.name} publishes its http.port ${liveHttp} as ${basePort}: a port mapping`;
      else if (forwarded) portNote = `http.port: the API port ${basePort} is held by ${apiHolders.map((p) => `pid ${p} (${processComm(p, { root: ctx.facts.sys.procRoot }) ?? '?'})`).join(', ')}: a port mapping or a proxy in front of ZLM's http.port ${liveHttp}`;
      else if (pids.size && held(liveHttp)) portNote = `http.port: the server listens on ${liveHttp} (its http.port); the API was reached on ${basePort} through a port mapping or a proxy`;
      else if (pids.size && held(basePort!)) portMoved = true;
      else {
        portGuess = true;
        portNote = `http.port: running config says ${liveHttp}, but the API answers on ${basePort} (a port mapping or proxy, or a runtime change without restart: cannot tell from here)`;
      }
    }

    if (reads !== undefined && items.length > 0) {
      const file = c.value.file;
      const diff = items.map((i) => `${i.key}: ${file} ${show(i.key, i.file)}, running ${show(i.key, i.live)}`);
      const keys = items.map((i) => i.key);
      return {
        status: 'warn',
        message: ctx.t({ en: '{n} key(s) differ from {file}, which the running server does not read (pid {pid} reads {reads})', zh: '{n} 个键与 {file} 不一致，但运行中的服务并不读取该文件（pid {pid} 读取的是 {reads}）' }, { n: items.length, file, pid: w!.pid, reads }),
        details: [...diff, ...(portNote ? [portNote] : [])],
        diagnoses: [
          {
            title: ctx.t({ en: '{file} is not the file the running MediaServer reads (pid {pid} reads {reads}): {n} key(s) differ', zh: '{file} 不是运行中的 MediaServer 读取的文件（pid {pid} 读取的是 {reads}）：{n} 个键不一致' }, { file, pid: w!.pid, reads, n: items.length }),
            keys,
            evidence: [`pid ${w!.pid}: ${w!.argv.join(' ')}`, ...diff],
            fix: ctx.t({ en: 'Examine the file the server reads (zlm-doctor doctor --config {reads}), or start MediaServer with -c {file} if that is the file it should use', zh: '检查服务实际读取的文件（zlm-doctor doctor --config {reads}），如果应使用 {file}，则用 -c {file} 启动 MediaServer' }, { reads, file }),
            weight: 76,
          },
        ],
      };
    }
    const details = items.map((i) => `${i.key}: file ${show(i.key, i.file)}, running ${show(i.key, i.live)} → ${i.reason}`);
    const moved = `http.port: running config says ${liveHttp}, but MediaServer itself listens on ${basePort}`;
    if (portMoved) details.push(moved);
    if (portNote) details.push(portNote);
    const notReloaded = items.filter((i) => i.reason === 'not-reloaded');
    const restart = items.filter((i) => i.reason === 'restart-needed');
    const runtime = items.filter((i) => i.reason === 'changed-at-runtime');
    /** a difference's own line (not the note on how the API was reached, which is the port guess's evidence) */
    const evidenceOf = (keys: string[]) => [...items.filter((i) => keys.includes(i.key)).map((i) => details[items.indexOf(i)]!), ...(portMoved && keys.includes('http.port') ? [moved] : [])];
    const diagnoses: NonNullable<CheckOutcome['diagnoses']> = [];
    if (restart.length || portMoved) {
      const keys = [...restart.map((i) => i.key), ...(portMoved ? ['http.port'] : [])];
      diagnoses.push({
        title: ctx.t({ en: 'Startup-only settings changed without a restart: {keys}', zh: '只在启动时生效的配置被修改但未重启：{keys}' }, { keys: keys.join(', ') }),
        keys,
        evidence: [...evidenceOf(keys), ...(untied && !portMoved ? [untiedNote] : [])],
        fix: ctx.t({ en: 'Restart MediaServer (SIGHUP does not re-open listeners or the RTP port pool)', zh: '重启 MediaServer（SIGHUP 不会重新打开监听端口或 RTP 端口池）' }),
        weight: 78,
        ...(untied && !portMoved ? { guess: true } : {}),
      });
    }
    if (portGuess) {
      diagnoses.push({
        title: ctx.t({ en: 'The API answers on port {b} while the server\'s http.port is {p}: a port mapping or proxy (fine), or http.port changed without a restart', zh: 'API 在端口 {b} 应答，而服务的 http.port 是 {p}：可能是端口映射或代理（正常），也可能是修改 http.port 后未重启' }, { b: basePort!, p: liveHttp }),
        keys: ['http.port'],
        evidence: [portNote!],
        fix: ctx.t({ en: 'If ZLM runs in a container published as {b}:{p} or behind a proxy, nothing to do; otherwise restart MediaServer. Run the doctor on the ZLM host (or give the compose file) to tell', zh: '如果 ZLM 运行在以 {b}:{p} 发布的容器中或位于代理之后，则无需处理；否则重启 MediaServer。在 ZLM 所在主机上运行 doctor（或提供 compose 文件）即可分辨' }, { b: basePort!, p: liveHttp }),
        weight: 20,
        guess: true,
      });
    }
    if (notReloaded.length) {
      diagnoses.push({
        title: ctx.t({ en: 'config.ini was edited but not reloaded: {keys}', zh: 'config.ini 已修改但未重新加载：{keys}' }, { keys: notReloaded.map((i) => i.key).join(', ') }),
        keys: notReloaded.map((i) => i.key),
        evidence: [...evidenceOf(notReloaded.map((i) => i.key)), ...(untied ? [untiedNote] : [])],
        fix: ctx.t({ en: 'Reload: {pid} (ZLM has no file watcher; send it to the worker, not the -d watchdog)', zh: '重新加载：{pid}（ZLM 不监视文件变化；发给工作进程，不要发给 -d 守护进程）' }, { pid }),
        weight: 74,
        ...(untied ? { guess: true } : {}),
      });
    }
    if (runtime.length) {
      diagnoses.push({
        title: ctx.t({ en: 'The running server holds values the file does not have (set through the API, e.g. by WVP): {keys}', zh: '运行中的配置含有文件中没有的值（通过 API 设置，如 WVP）：{keys}' }, { keys: runtime.map((i) => i.key).join(', ') }),
        keys: runtime.map((i) => i.key),
        evidence: evidenceOf(runtime.map((i) => i.key)),
        fix: ctx.t({ en: 'ZLM rewrites config.ini after setServerConfig unless it cannot write it (read-only mount): make the file writable or put the values in it', zh: 'setServerConfig 后 ZLM 会重写 config.ini，除非无法写入（只读挂载）：让文件可写或把这些值写进文件' }),
        weight: 55,
        // keys the file lacks, whose running value is not the catalogue's default: set through the API, or this
        // build's own compiled-in default (another ZLM version): nothing here tells which
        ...(runtime.every((i) => i.file === undefined) ? { guess: true } : {}),
      });
    }
    if (items.length === 0 && !portMoved && !portGuess) return { status: 'ok', message: portNote ? ctx.t({ en: 'the running server uses exactly what the file says (API reached through a port mapping)', zh: '运行中的配置与文件完全一致（API 经端口映射访问）' }) : { en: 'the running server uses exactly what the file says', zh: '运行中的配置与文件完全一致' }, details };
    return {
      status: restart.length || portMoved ? 'fail' : items.length || portGuess ? 'warn' : 'ok',
      message: ctx.t({ en: '{n} key(s) differ: {a} not reloaded, {b} need a restart, {c} set at runtime', zh: '{n} 个键不一致：{a} 个未重新加载，{b} 个需要重启，{c} 个运行时设置' }, { n: items.length + (portMoved ? 1 : 0), a: notReloaded.length, b: restart.length + (portMoved ? 1 : 0), c: runtime.length }),
      details,
      diagnoses,
    };
  },
};
