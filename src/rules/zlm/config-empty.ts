import type { Rule } from '../types.ts';

/** No key=value line at all: ZLM runs on its compiled-in defaults. */
export const rule: Rule = {
  meta: {
    id: 'config-empty',
    severity: 'warning',
    category: 'syntax',
    fixable: false,
    title: { en: 'Config file sets nothing', zh: '配置文件没有任何设置' },
  },
  messages: {
    empty: {
      message: {
        en: 'The file has no key=value lines; ZLM runs entirely on compiled-in defaults',
        zh: '文件中没有任何 key=value 行；ZLM 完全使用内置默认值运行',
      },
      why: {
        en: 'The built-in defaults differ from the shipped conf/config.ini: an unauthenticated telnet shell listens on 9000, RTSPS on 332 and RTMPS on 19350, http.keepAliveSecond is 15, hook.alive_interval 30, and general.mediaServerId is a new random value on every start (a controller such as WVP cannot recognise the server). api.secret is not set, so a random one is generated at start-up and the file is rewritten with the defaults. Check that -c points at the file you edited.',
        zh: '内置默认值与随附的 conf/config.ini 不同：9000 端口上会监听一个无鉴权的 telnet shell，332 端口监听 RTSPS、19350 端口监听 RTMPS，http.keepAliveSecond 为 15，hook.alive_interval 为 30，general.mediaServerId 每次启动都是新的随机值（WVP 等控制端无法识别该服务器）。由于没有设置 api.secret，启动时会生成随机值，并用默认值重写该文件。请确认 -c 指向的是你编辑的文件。',
      },
      fix: { en: 'Start from the shipped conf/config.ini and set at least api.secret, general.mediaServerId and shell.port=0', zh: '以随附的 conf/config.ini 为基础，至少设置 api.secret、general.mediaServerId 和 shell.port=0' },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    if (doc.lines.some((l) => l.kind === 'entry' && l.hasEquals)) return;
    const line = doc.lines.find((l) => l.kind !== 'blank');
    ctx.report({ messageId: 'empty', key: '', ...(line ? { line, span: 'line' as const } : {}) });
  },
};
