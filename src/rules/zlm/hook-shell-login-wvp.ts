import type { Rule } from '../types.ts';
import { effective, effNumber } from '../../zlm/effective.ts';
import { wvpInPlay } from '../util.ts';

/**
 * hook.on_shell_login set while the telnet shell listens, with WVP as the
 * controller: WVP sets on_shell_login to "" on every connect, so the shell
 * the login hook was meant to guard ends up open to anyone.
 */
export const rule: Rule = {
  meta: {
    id: 'hook-shell-login-wvp',
    severity: 'warning',
    category: 'security',
    fixable: false,
    title: { en: 'WVP blanks the shell login hook', zh: 'WVP 会清空 shell 登录 hook' },
  },
  messages: {
    blanked: {
      message: {
        en: 'hook.on_shell_login guards the telnet shell on port {port}, but WVP blanks this hook when it connects: the shell then accepts any login',
        zh: 'hook.on_shell_login 用于保护 {port} 端口上的 telnet shell，但 WVP 连接时会清空这个 hook：之后 shell 接受任何登录',
      },
      why: {
        en: 'On every connect WVP calls setServerConfig with hook.on_shell_login="" (together with on_flow_report, on_http_access, on_record_ts, on_rtsp_auth, on_rtsp_realm), and ZLM saves that into config.ini. Without the hook ZLM lets every telnet login in, so whoever reaches shell.port gets the debug shell.',
        zh: 'WVP 每次连接都会通过 setServerConfig 设置 hook.on_shell_login=""（同时清空 on_flow_report、on_http_access、on_record_ts、on_rtsp_auth、on_rtsp_realm），ZLM 会把它写回 config.ini。没有这个 hook 时 ZLM 放行所有 telnet 登录，能访问 shell.port 的人都能进入调试 shell。',
      },
      fix: {
        en: 'Turn the shell off (shell.port=0); do not rely on on_shell_login under WVP.',
        zh: '关闭 shell（shell.port=0）；在 WVP 管理下不要依赖 on_shell_login。',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const line = doc.entry('hook.on_shell_login');
    if (!line || (line.value ?? '') === '') return;
    const port = effNumber(doc, 'shell.port');
    if (port <= 0) return;
    if (effective(doc, 'shell.port').source !== 'file' && ctx.shape?.complete === false) return;
    if (!wvpInPlay(ctx)) return;
    ctx.report({ messageId: 'blanked', key: 'hook.on_shell_login', line, data: { port } });
  },
};
