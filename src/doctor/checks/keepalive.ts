import type { DoctorCheck } from '../types.ts';
import type { LogSignature } from '../../zlm/log-signatures.ts';
import { scanLogDir } from '../../zlm/logs.ts';
import { readBool } from '../../zlm/value.ts';

/** `main.cpp:294 start_main | ZLMediaKit(git hash:...)`: one per process start. */
const START: LogSignature = {
  id: 'server-start',
  severity: 'info',
  title: { en: 'MediaServer started', zh: 'MediaServer 启动' },
  fix: { en: '-', zh: '-' },
  levels: ['I'],
  keys: ['start_main | '],
  patterns: ['start_main \\| ZLMediaKit\\('],
};

/** `WebHook.cpp:280 operator() | reload config:hook.enable=1` after SIGHUP or setServerConfig. */
const ENABLED: LogSignature = {
  id: 'hook-enabled-at-runtime',
  severity: 'warn',
  title: { en: 'Hooks enabled while running', zh: '运行中开启了 hook' },
  fix: { en: 'Restart MediaServer so the keepalive timer is created', zh: '重启 MediaServer 以创建心跳定时器' },
  levels: ['I'],
  keys: ['reload config:hook.enable=', 'reload config:hook.on_server_keepalive='],
  patterns: ['reload config:hook\\.enable=(1|true)\\b', 'reload config:hook\\.on_server_keepalive=[a-zA-Z]'],
};

/**
 * The keepalive timer is created once, at start-up, and only when hooks were
 * enabled with a keepalive URL then. Enabled later (SIGHUP, setServerConfig,
 * WVP's push), it never starts: WVP sees no keepalive until ZLM restarts.
 */
export const check: DoctorCheck = {
  id: 'keepalive',
  title: { en: 'Keepalive timer', zh: '心跳定时器' },
  async run(ctx) {
    const live = await ctx.facts.live();
    if (!live?.ok) return { status: 'skip', message: { en: 'needs a working API', zh: '需要可用的 API' } };
    const on = readBool(live.data['hook.enable'] ?? '0').value && (live.data['hook.on_server_keepalive'] ?? '') !== '';
    if (!on) return { status: 'skip', message: { en: 'keepalive hook not configured', zh: '未配置心跳 hook' } };
    const dir = await ctx.facts.logDir();
    if (!dir) return { status: 'skip', message: { en: 'cannot tell without the log directory (--log-dir)', zh: '没有日志目录无法判断（--log-dir）' } };
    let r;
    try {
      // its own pass, without --since: the last start may lie before the window the fault scan uses,
      // and only these two cheap signatures are tested
      r = await scanLogDir(dir, { signal: ctx.signal, signatures: [START, ENABLED] });
    } catch (e) {
      return { status: 'skip', message: (e as Error).message };
    }
    const start = r.hits.find((h) => h.id === 'server-start');
    const enabled = r.hits.find((h) => h.id === 'hook-enabled-at-runtime');
    if (!enabled) return { status: 'ok', message: { en: 'hooks were enabled when the server started', zh: '服务启动时 hook 已开启' } };
    if (start?.last && enabled.last && enabled.last < start.last) return { status: 'ok', message: { en: 'restarted since hooks were enabled', zh: '开启 hook 后已重启' } };
    const evidence = [`${enabled.lastText ?? '?'} ${enabled.sample}`, start ? `last start: ${start.lastText ?? '?'}` : 'no start in the log window'];
    return {
      status: 'fail',
      message: { en: 'hooks were enabled after start-up: no keepalive is being sent', zh: 'hook 是在启动后才开启的：当前不会发送心跳' },
      details: evidence,
      diagnoses: [
        {
          title: ctx.t({ en: 'Hooks were enabled after ZLM started: the keepalive timer never started, so WVP sees no keepalive', zh: 'hook 在 ZLM 启动后才开启：心跳定时器从未启动，WVP 收不到心跳' }),
          keys: ['hook.enable', 'hook.on_server_keepalive'],
          evidence,
          fix: ctx.t({ en: 'Restart MediaServer (the timer is only created at start-up); keep hook.enable=1 in config.ini so it survives restarts', zh: '重启 MediaServer（定时器只在启动时创建）；在 config.ini 中保持 hook.enable=1 以便重启后仍生效' }),
          weight: 82,
        },
      ],
    };
  },
};
