import type { Rule } from '../types.ts';
import { effBool, effNumber, effective } from '../../zlm/effective.ts';
import { sectionLine, VALUE_WORD } from '../util.ts';


function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/** The keepalive timer period against its own request timeout. */
export const rule: Rule = {
  meta: {
    id: 'hook-alive-interval',
    severity: 'info',
    category: 'timing',
    fixable: false,
    title: { en: 'Keepalive interval unusable or shorter than the hook timeout', zh: '心跳间隔无效或短于 hook 超时' },
  },
  messages: {
    notPositive: {
      message: {
        en: 'hook.alive_interval={value} is not above 0 while hook.on_server_keepalive is set',
        zh: 'hook.alive_interval={value} 不大于 0，而 hook.on_server_keepalive 已设置',
      },
      why: {
        en: 'The keepalive timer is created once at start-up with this period and needs a value above 0; with {value} no usable keepalive is sent, and a controller such as WVP marks ZLM offline after 2 × alive_interval without one.',
        zh: '心跳定时器在启动时按此周期创建一次，周期必须大于 0；取值 {value} 时无法正常发送心跳，WVP 等控制端在 2 × alive_interval 内收不到心跳就会把 ZLM 标记为离线。',
      },
      fix: { en: 'Set hook.alive_interval=10 (seconds) and restart ZLM (the timer is not reloaded).', zh: '设置 hook.alive_interval=10（秒）并重启 ZLM（定时器不会热加载）。' },
    },
    belowTimeout: {
      message: {
        en: 'hook.alive_interval={value} s is shorter than hook.timeoutSec={timeout} s: keepalive requests pile up while the hook server is slow',
        zh: 'hook.alive_interval={value} 秒短于 hook.timeoutSec={timeout} 秒：hook 服务变慢时心跳请求会堆积',
      },
      why: {
        en: 'ZLM sends a new keepalive every alive_interval whether or not the previous one has finished; each may wait timeoutSec (plus retries). When the hook server hangs, several requests are in flight at once. WVP pushes timeoutSec=30 with alive_interval 10, so this is common and harmless while the server answers quickly.',
        zh: 'ZLM 每隔 alive_interval 就发送一次心跳，不管上一次是否完成；每次最多等待 timeoutSec（外加重试）。hook 服务卡住时会同时有多个请求在途。WVP 下发 timeoutSec=30 而 alive_interval 为 10，这种情况很常见，只要服务响应够快就无害。',
      },
      fix: {
        en: 'Keep hook.alive_interval ≥ hook.timeoutSec, or lower timeoutSec (alive_interval changes need a ZLM restart).',
        zh: '保持 hook.alive_interval ≥ hook.timeoutSec，或调低 timeoutSec（修改 alive_interval 需要重启 ZLM）。',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    if (!effBool(doc, 'hook.enable')) return;
    if ((doc.get('hook.on_server_keepalive') ?? '') === '') return;
    const eff = effective(doc, 'hook.alive_interval');
    const interval = effNumber(doc, 'hook.alive_interval');
    const line = eff.line ?? sectionLine(doc, 'hook');
    const absent = eff.source === 'default' || !doc.has('hook.timeoutSec') ? { absent: true as const } : {};
    if (interval <= 0) {
      ctx.report({ messageId: 'notPositive', key: 'hook.alive_interval', line, severity: 'error', ...absent, data: { value: eff.raw === '' ? VALUE_WORD.empty : eff.raw } });
      return;
    }
    const timeout = effNumber(doc, 'hook.timeoutSec');
    if (interval < timeout) {
      ctx.report({ messageId: 'belowTimeout', key: 'hook.alive_interval', line, ...absent, data: { value: fmt(interval), timeout: fmt(timeout) } });
    }
  },
};
