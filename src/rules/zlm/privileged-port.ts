import type { Rule } from '../types.ts';
import { readValue } from '../../zlm/value.ts';
import { effective, LISTENER_KEYS } from '../../zlm/effective.ts';
import { lineFor } from '../util.ts';



/** Ports below 1024 need root or CAP_NET_BIND_SERVICE. Info: the shipped file uses 80/443/554. */
export const rule: Rule = {
  meta: {
    id: 'privileged-port',
    severity: 'info',
    category: 'ports',
    fixable: false,
    title: { en: 'Listener on a privileged port (< 1024)', zh: '监听使用特权端口（< 1024）' },
  },
  messages: {
    privileged: {
      message: {
        en: '{key}={port} is below 1024; MediaServer needs root or CAP_NET_BIND_SERVICE to bind it',
        zh: '{key}={port} 小于 1024；MediaServer 需要 root 或 CAP_NET_BIND_SERVICE 才能绑定',
      },
      why: {
        en: 'Linux only lets privileged processes bind ports below 1024. Run as an ordinary user, ZLM logs "listen on ...:{port} failed: permission denied" and start-up aborts ("Start server failed").{source}',
        zh: 'Linux 只允许特权进程绑定 1024 以下的端口。以普通用户运行时，ZLM 会打印 "listen on ...:{port} failed: permission denied" 并中止启动（"Start server failed"）。{source}',
      },
      fix: {
        en: 'Keep it if MediaServer runs as root or has the capability (setcap cap_net_bind_service=+ep MediaServer); otherwise use a port >= 1024',
        zh: '若 MediaServer 以 root 运行或已授予该能力（setcap cap_net_bind_service=+ep MediaServer）可保持不变；否则改用 >= 1024 的端口',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    for (const def of LISTENER_KEYS) {
      const eff = effective(doc, def.key);
      const port = Number(readValue('uint16', eff.raw).value);
      if (port === 0 || port >= 1024) continue;
      const dflt = eff.source === 'default';
      ctx.report({
        messageId: 'privileged',
        ...(dflt ? { absent: true as const } : {}),
        key: def.key,
        line: lineFor(doc, def.key),
        data: {
          key: def.key,
          port,
          source: dflt ? { en: ' The key is not in the file; this is its compiled-in default.', zh: '文件中没有该键，这是它的内置默认值。' } : '',
        },
      });
    }
  },
};
