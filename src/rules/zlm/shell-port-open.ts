import type { Rule } from '../types.ts';
import { effBool } from '../../zlm/effective.ts';
import { sectionLine } from '../util.ts';
import { readValue } from '../../zlm/value.ts';
import { unpublished, zlmServiceFor } from '../../deploy/index.ts';


/**
 * The telnet debug shell: a missing shell.port means the compiled-in 9000 on
 * all interfaces, and without an on_shell_login hook any login is accepted.
 */
export const rule: Rule = {
  meta: {
    id: 'shell-port-open',
    severity: 'error',
    category: 'security',
    fixable: true,
    title: { en: 'Telnet debug shell open without authentication', zh: 'telnet 调试 shell 未鉴权开放' },
  },
  messages: {
    missing: {
      message: {
        en: 'shell.port is missing: the compiled-in default 9000 opens the telnet debug shell',
        zh: '缺少 shell.port：编译内置默认值 9000 会开启 telnet 调试 shell',
      },
      why: {
        en: 'When the key is absent ZLM listens on TCP 9000 (on general.listen_ip, all interfaces by default). With hook.on_shell_login empty or hooks disabled any user name and password are accepted, and the shell commands list and kick every stream and session.',
        zh: '缺少该键时 ZLM 会在 TCP 9000 端口监听（general.listen_ip，默认所有网卡）。hook.on_shell_login 为空或 hook 未启用时，任意用户名密码都能登录，shell 命令可以列出并踢掉所有流和会话。',
      },
      fix: { en: 'Add port=0 to [shell] to turn the debug shell off.', zh: '在 [shell] 中添加 port=0 关闭调试 shell。' },
    },
    missingUnpublished: {
      message: {
        en: 'shell.port is missing: the telnet debug shell listens on 9000, reachable only inside the container network (compose service "{service}" does not publish 9000/tcp)',
        zh: '缺少 shell.port：telnet 调试 shell 在 9000 端口监听，但 compose 服务 "{service}" 未发布 9000/tcp，只能在容器网络内访问',
      },
      why: {
        en: 'When the key is absent ZLM listens on TCP 9000 without a login check (unless hook.on_shell_login is set). The deployment does not publish 9000, so only other containers of the compose network (or the host through the container IP) can reach it: a smaller exposure, but any of them can list and kick every stream.',
        zh: '缺少该键时 ZLM 会在 TCP 9000 端口监听，且不校验登录（除非设置了 hook.on_shell_login）。部署未发布 9000，因此只有同一 compose 网络中的其他容器（或宿主机经容器 IP）能访问：暴露面较小，但它们都能列出并踢掉所有流。',
      },
      fix: {
        en: 'Add port=0 to [shell] to turn the debug shell off (and keep 9000 unpublished).',
        zh: '在 [shell] 中添加 port=0 关闭调试 shell（并保持 9000 不发布）。',
      },
    },
    openHooksOff: {
      message: {
        en: 'shell.port={port} opens the telnet debug shell while hooks are disabled: any login is accepted',
        zh: 'shell.port={port} 开启了 telnet 调试 shell，而 hook 未启用：任何登录都会被接受',
      },
      why: {
        en: 'Shell logins are only checked by the on_shell_login hook. Without it (or with hooks disabled) anyone who reaches TCP {port} can log in with any user name and password and list or kick every stream and session.',
        zh: 'shell 登录只通过 on_shell_login hook 校验。没有该 hook（或 hook 未启用）时，能连到 TCP {port} 的任何人都能用任意用户名密码登录，并列出或踢掉所有流和会话。',
      },
      fix: {
        en: 'Set shell.port=0 unless you need the shell; otherwise set hook.enable=1 and hook.on_shell_login, and firewall the port.',
        zh: '不需要调试 shell 时设置 shell.port=0；否则设置 hook.enable=1 和 hook.on_shell_login，并用防火墙限制该端口。',
      },
    },
    openNoLogin: {
      message: {
        en: 'shell.port={port} opens the telnet debug shell while hook.on_shell_login is empty: any login is accepted',
        zh: 'shell.port={port} 开启了 telnet 调试 shell，而 hook.on_shell_login 为空：任何登录都会被接受',
      },
      why: {
        en: 'Shell logins are only checked by the on_shell_login hook. Without it (or with hooks disabled) anyone who reaches TCP {port} can log in with any user name and password and list or kick every stream and session.',
        zh: 'shell 登录只通过 on_shell_login hook 校验。没有该 hook（或 hook 未启用）时，能连到 TCP {port} 的任何人都能用任意用户名密码登录，并列出或踢掉所有流和会话。',
      },
      fix: {
        en: 'Set shell.port=0 unless you need the shell; otherwise set hook.enable=1 and hook.on_shell_login, and firewall the port.',
        zh: '不需要调试 shell 时设置 shell.port=0；否则设置 hook.enable=1 和 hook.on_shell_login，并用防火墙限制该端口。',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const line = doc.entry('shell.port');
    if (!line) {
      // the deployment context can show that 9000 is reachable only inside the container network
      const svc = zlmServiceFor(ctx.deploy, ctx.file);
      const gaps = svc ? unpublished(ctx.deploy, svc, 9000, 9000, 'tcp') : undefined;
      const hidden = gaps !== undefined && gaps.length > 0;
      // unpublished: the operator may use the shell inside the container network on purpose, so that is a
      // suggestion, not an edit (fix writes nothing for such a deployment)
      ctx.report({
        messageId: hidden ? 'missingUnpublished' : 'missing',
        ...(hidden
          ? { severity: 'warning' as const, data: { service: svc!.name }, suggestion: { en: 'shell.port=0 (unless the shell is used inside the container network)', zh: 'shell.port=0（除非在容器网络内使用该 shell）' } }
          : { edits: [doc.editSet('shell.port', '0')] }),
        key: 'shell.port',
        absent: true,
        line: sectionLine(doc, 'shell'),
      });
      return;
    }
    const port = Number(readValue('uint16', line.value ?? '').value);
    if (port === 0) return;
    const hooksOn = effBool(doc, 'hook.enable');
    const login = doc.get('hook.on_shell_login') ?? '';
    if (hooksOn && login !== '') return;
    ctx.report({
      messageId: hooksOn ? 'openNoLogin' : 'openHooksOff',
      severity: 'warning',
      key: 'shell.port',
      line,
      data: { port },
    });
  },
};
