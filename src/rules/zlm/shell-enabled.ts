import type { Rule } from '../types.ts';
import { effBool } from '../../zlm/effective.ts';
import { readValue } from '../../zlm/value.ts';

/**
 * shell.port set to a listening port while logins are checked (hooks on, on_shell_login set): the telnet
 * debug shell is on by choice. Info only; without the login hook shell-port-open warns instead.
 */
export const rule: Rule = {
  meta: {
    id: 'shell-enabled',
    severity: 'info',
    category: 'security',
    fixable: false,
    title: { en: 'Telnet debug shell enabled', zh: 'telnet 调试 shell 已开启' },
  },
  messages: {
    enabled: {
      message: {
        en: 'shell.port={port}: the telnet debug shell is enabled (logins are checked by hook.on_shell_login)',
        zh: 'shell.port={port}：telnet 调试 shell 已开启（登录由 hook.on_shell_login 校验）',
      },
      why: {
        en: 'The shell lists and kicks every stream and session. Its only protection is the on_shell_login hook: when that receiver is down, changed or blanked by a controller (WVP empties it on connect), the shell accepts any login. Most deployments never use it.',
        zh: '该 shell 可以列出并踢掉所有流和会话。它唯一的保护是 on_shell_login hook：接收方宕机、被修改或被控制端清空（WVP 连接时会清空它）时，任何登录都会被接受。大多数部署从不使用它。',
      },
      fix: {
        en: 'Set shell.port=0 unless you use the shell; otherwise keep TCP {port} firewalled.',
        zh: '不使用调试 shell 时设置 shell.port=0；否则用防火墙限制 TCP {port}。',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const line = doc.entry('shell.port');
    if (!line) return;
    const port = Number(readValue('uint16', line.value ?? '').value);
    if (port === 0) return;
    // unguarded: shell-port-open reports it as a warning
    if (!effBool(doc, 'hook.enable') || (doc.get('hook.on_shell_login') ?? '') === '') return;
    ctx.report({ messageId: 'enabled', key: 'shell.port', line, data: { port } });
  },
};
