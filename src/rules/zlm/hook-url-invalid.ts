import type { Rule } from '../types.ts';
import type { Localized } from '../../i18n/index.ts';
import { effBool } from '../../zlm/effective.ts';
import { hookEntries, hookName, parseHookUrl } from '../../zlm/hook-urls.ts';
import { inlineComment, quotedValue } from '../util.ts';

/** What is lost when a hook cannot be called (ZLM never falls back to "allow" for auth hooks). */
const EFFECT: Record<string, Localized> = {
  on_publish: { en: 'every push (RTMP, RTSP, GB28181 RTP, WebRTC, SRT) is rejected', zh: '所有推流（RTMP、RTSP、GB28181 RTP、WebRTC、SRT）都会被拒绝' },
  on_play: { en: 'every play request is rejected', zh: '所有播放请求都会被拒绝' },
  on_rtsp_realm: { en: 'every RTSP client is rejected (a failed realm hook means "always fail")', zh: '所有 RTSP 客户端都会被拒绝（realm hook 失败即视为认证失败）' },
  on_rtsp_auth: { en: 'every RTSP client that must authenticate is rejected', zh: '所有需要认证的 RTSP 客户端都会被拒绝' },
  on_http_access: { en: 'every HTTP file access is denied', zh: '所有 HTTP 文件访问都会被拒绝' },
  on_shell_login: { en: 'every shell login is denied', zh: '所有 shell 登录都会被拒绝' },
  on_stream_not_found: { en: 'on-demand pulls are never started; players wait maxStreamWaitMS and get "not found"', zh: '按需拉流永远不会触发；播放器等待 maxStreamWaitMS 后得到 "not found"' },
  on_stream_none_reader: { en: 'unwatched streams are never closed', zh: '无人观看的流永远不会被关闭' },
  on_stream_changed: { en: 'the controller never learns that streams registered (WVP: 收流超时)', zh: '控制端永远收不到流注册通知（WVP：收流超时）' },
  on_server_keepalive: { en: 'no keepalive reaches the controller, which marks ZLM offline', zh: '控制端收不到心跳，会把 ZLM 标记为离线' },
};
const LOST: Localized = { en: 'the event is lost', zh: '该事件丢失' };

type Problem = { en: string; zh: string };

function classify(value: string): Problem | undefined {
  if (parseHookUrl(value)) return undefined;
  const parts = value.split(/[,;\s]+/).filter(Boolean);
  if (parts.filter((p) => /^[a-z][a-z0-9+.-]*:\/\//i.test(p)).length >= 2) {
    return { en: 'holds several URLs (ZLM has no list support for hooks)', zh: '包含多个 URL（ZLM 的 hook 不支持列表）' };
  }
  if (/\s/.test(value)) return { en: 'contains blanks', zh: '包含空白字符' };
  if (/["']/.test(value)) return { en: 'contains quotes', zh: '包含引号' };
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  if (!m) return { en: 'does not start with http:// or https://', zh: '不是以 http:// 或 https:// 开头' };
  const scheme = m[1]!;
  if (!/^https?$/i.test(scheme)) return { en: `uses the scheme "${scheme}" (only http and https work)`, zh: `使用了 "${scheme}" 协议（只支持 http 和 https）` };
  const rest = value.slice(m[0].length);
  const authority = rest.split(/[/?#]/)[0] ?? '';
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const host = hostPort.startsWith('[') ? hostPort.slice(0, hostPort.indexOf(']') + 1) : hostPort.split(':')[0]!;
  if (host === '' || host === '[]') return { en: 'has no host', zh: '没有主机名' };
  try {
    new URL(value);
  } catch {
    return { en: 'is not a valid URL (check the port and the characters)', zh: '不是合法的 URL（请检查端口和字符）' };
  }
  // a lone "," or ";" inside an otherwise valid URL: ZLM sends it as written
  return undefined;
}

/** Non-empty hook URLs that ZLM's HttpClient cannot call. */
export const rule: Rule = {
  meta: {
    id: 'hook-url-invalid',
    severity: 'error',
    category: 'hooks',
    fixable: false,
    rootCauseWeight: 75,
    title: { en: 'Hook URL that ZLM cannot call', zh: 'ZLM 无法调用的 hook 地址' },
  },
  messages: {
    invalid: {
      message: {
        en: '{key}={value} {problem}: {effect}',
        zh: '{key}={value} {problem}：{effect}',
      },
      why: {
        en: "ZLM's HttpClient takes one http:// or https:// URL per hook, with a host, and sends it as written. Anything else fails every time (\"非法的http url\" or a network error), and a failing {hook} means: {effect}.{disabled}",
        zh: 'ZLM 的 HttpClient 每个 hook 只接受一个带主机名的 http:// 或 https:// 地址，并原样发送。其他写法每次都会失败（"非法的http url" 或网络错误），{hook} 失败意味着：{effect}。{disabled}',
      },
      fix: {
        en: 'Write exactly one URL: {key}=http://<host>:<port>/<path>/{hook}',
        zh: '只写一个地址：{key}=http://<主机>:<端口>/<路径>/{hook}',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const enabled = effBool(doc, 'hook.enable');
    for (const { key, line, value } of hookEntries(doc)) {
      if (inlineComment(value) || quotedValue(value)) continue; // reported by inline-comment / quoted-value
      const problem = classify(value);
      if (!problem) continue;
      const hook = hookName(key);
      const effect = EFFECT[hook] ?? LOST;
      ctx.report({
        messageId: 'invalid',
        key,
        line,
        severity: enabled ? 'error' : 'warning',
        data: {
          key,
          value,
          hook,
          problem: { en: problem.en, zh: problem.zh },
          effect: { en: effect.en, zh: effect.zh },
          disabled: { en: enabled ? '' : ' Hooks are disabled now (hook.enable), so this breaks as soon as they are turned on.', zh: enabled ? '' : '目前 hook 未启用（hook.enable），一旦启用就会出问题。' },
        },
      });
    }
  },
};
