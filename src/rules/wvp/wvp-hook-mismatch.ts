import type { Rule } from '../types.ts';
import { springBool } from '../../wvp/expected.ts';
import { parseHookUrl } from '../util.ts';
import { WVP_HOOKS, expected, hookHost, hosts, isLocalOnly, isUnspecified as isUnspecifiedHost } from '../wvp-link.ts';

/**
 * Each of the 10 hooks WVP relies on must be exactly
 * {http|https}://{hook-ip}:{server.port}{context-path}/index/hook/<name>.
 * Says which part differs: host (loopback, another WVP), port, scheme, context path, event path.
 */
export const rule: Rule = {
  meta: {
    id: 'wvp-hook-mismatch',
    severity: 'error',
    category: 'wvp',
    fixable: true,
    requires: ['zlm', 'wvp'],
    wvpKeys: ['server.port', 'media.hook-ip', 'server.ssl.enabled', 'server.servlet.context-path', 'media.ip', 'sip.ip'],
    title: { en: 'Hook URL does not reach WVP', zh: 'hook 地址没有指向 WVP' },
  },
  messages: {
    empty: {
      message: { en: '{key} is empty; WVP needs {expected}', zh: '{key} 为空；WVP 需要 {expected}' },
      why: { en: 'ZLM sends nothing for this event, so WVP never learns about it ({effect_en}).', zh: 'ZLM 不会发送该事件，WVP 无从得知（{effect_zh}）。' },
      fix: { en: 'Set {key}={expected} (WVP also pushes it when ZLM comes online, but only after the link works)', zh: '设置 {key}={expected}（ZLM 上线时 WVP 也会下发，但前提是链路已通）' },
    },
    loopback: {
      message: { en: '{key} calls {host}, which is ZLM itself, not WVP at {wvpHost}', zh: '{key} 调用 {host}，那是 ZLM 自己，不是位于 {wvpHost} 的 WVP' },
      why: { en: 'ZLM runs on another host than WVP ({basis}); a loopback or 0.0.0.0 hook reaches nothing: connection refused, every GB28181 publish is denied and keepalives never arrive ({effect_en}).', zh: 'ZLM 与 WVP 不在同一主机（{basis}）；回环或 0.0.0.0 地址的 hook 无法到达：连接被拒，所有国标推流被拒绝，心跳永远收不到（{effect_zh}）。' },
      fix: { en: 'Set {key}={expected} and media.hook-ip to {wvpHost} in application.yml', zh: '设置 {key}={expected}，并把 application.yml 中的 media.hook-ip 改为 {wvpHost}' },
    },
    otherWvp: {
      message: { en: '{key} points at another WVP ({host}), not at media.hook-ip {expectedHost} of this application.yml', zh: '{key} 指向另一个 WVP（{host}），而不是本 application.yml 的 media.hook-ip {expectedHost}' },
      why: { en: 'Each WVP that connects to a ZLM overwrites the hooks (last writer wins); events of this ZLM go to the other WVP, which ignores this mediaServerId ({effect_en}).', zh: '每个接入该 ZLM 的 WVP 都会覆盖 hook（后写者生效）；事件被发到另一个 WVP，它不认识这个 mediaServerId（{effect_zh}）。' },
      fix: { en: 'Set {key}={expected}; attach one WVP per ZLM', zh: '设置 {key}={expected}；一个 ZLM 只接一个 WVP' },
    },
    host: {
      message: { en: '{key} calls host {host}, but WVP is at {expectedHost}', zh: '{key} 调用主机 {host}，但 WVP 在 {expectedHost}' },
      why: { en: 'The hook reaches the wrong machine ({effect_en}).', zh: 'hook 发往了错误的主机（{effect_zh}）。' },
      fix: { en: 'Set {key}={expected}', zh: '设置 {key}={expected}' },
    },
    port: {
      message: { en: "{key} uses port {port}, but WVP's server.port is {expectedPort}", zh: '{key} 使用端口 {port}，但 WVP 的 server.port 是 {expectedPort}' },
      why: { en: 'Hooks go to WVP on server.port (there is no separate hook port); nothing of WVP listens on {port} ({effect_en}).', zh: 'hook 发往 WVP 的 server.port（没有单独的 hook 端口）；{port} 上没有 WVP 在监听（{effect_zh}）。' },
      fix: { en: 'Set {key}={expected}', zh: '设置 {key}={expected}' },
    },
    scheme: {
      message: { en: '{key} uses {scheme}://, but WVP has server.ssl.enabled: {ssl}', zh: '{key} 使用 {scheme}://，但 WVP 的 server.ssl.enabled 为 {ssl}' },
      why: { en: 'An HTTPS-only WVP answers a plain http hook with 400 and a plain WVP cannot speak TLS: the hook fails ({effect_en}).', zh: '只开 HTTPS 的 WVP 对 http hook 返回 400，普通 WVP 不能处理 TLS：hook 失败（{effect_zh}）。' },
      fix: { en: 'Set {key}={expected}', zh: '设置 {key}={expected}' },
    },
    context: {
      message: { en: '{key} path {path} does not match WVP\'s {expectedPath} (server.servlet.context-path "{context}")', zh: '{key} 的路径 {path} 与 WVP 的 {expectedPath} 不一致（server.servlet.context-path "{context}"）' },
      why: { en: 'WVP serves its hooks under server.servlet.context-path; without it WVP answers 404 ({effect_en}).', zh: 'WVP 的 hook 接口位于 server.servlet.context-path 之下；路径不对 WVP 返回 404（{effect_zh}）。' },
      fix: { en: 'Set {key}={expected}', zh: '设置 {key}={expected}' },
    },
    path: {
      message: { en: '{key} path {path} is not WVP\'s {expectedPath}', zh: '{key} 的路径 {path} 不是 WVP 的 {expectedPath}' },
      why: { en: 'WVP only answers /index/hook/<event>; another path gets 404 or the wrong handler ({effect_en}).', zh: 'WVP 只在 /index/hook/<事件> 上应答；其他路径返回 404 或进错处理器（{effect_zh}）。' },
      fix: { en: 'Set {key}={expected}', zh: '设置 {key}={expected}' },
    },
  },
  check(ctx) {
    const wvp = ctx.wvp!;
    const hh = hookHost(ctx);
    const h = hosts(ctx);
    const ssl = springBool(wvp.get('server.ssl.enabled').value) === true;
    const context = wvp.get('server.servlet.context-path').value ?? '';
    for (const name of WVP_HOOKS) {
      const key = `hook.${name}`;
      const exp = expected(ctx, key);
      if (!exp?.value || exp.unresolved.length > 0) continue;
      const want = parseHookUrl(exp.value);
      const line = ctx.doc.entry(key);
      const value = line?.value ?? '';
      if (value === exp.value || !want) continue;
      const [effect_en, effect_zh] = EFFECT[name] ?? EFFECT_DEFAULT;
      const data: Record<string, string | number> = { key, expected: exp.value, effect_en, effect_zh, wvpHost: h.wvp ?? '?', basis: h.basis, context, ssl: String(ssl) };
      const edits = line ? [ctx.doc.editValue(line, exp.value)] : [ctx.doc.editSet(key, exp.value)];
      const at = line ?? ctx.doc.sectionHeaders().find((l) => l.name === 'hook') ?? ctx.doc.lines[0];
      if (value === '') {
        ctx.report({ messageId: 'empty', key, ...(at ? { line: at } : {}), data, edits });
        continue;
      }
      const got = parseHookUrl(value);
      if (!got) continue; // hook-url-invalid / inline-comment / quoted-value explain it
      // the same endpoint written differently (default port left out, host case, a query string) works
      if (got.scheme === want.scheme && got.host === want.host && got.port === want.port && got.path === want.path) continue;
      let messageId: string;
      if (got.host !== want.host) {
        if (isLocalOnly(got.host) && h.same !== true) messageId = 'loopback';
        else if (!isLocalOnly(got.host) && !isLocalOnly(hh.effective) && h.zlm !== got.host) messageId = 'otherWvp';
        else messageId = 'host';
      } else if (got.scheme !== want.scheme) messageId = 'scheme';
      else if (got.port !== want.port) messageId = 'port';
      // only the part before /index/hook/<name> differs: the context path
      else if (got.path.endsWith(`/index/hook/${name}`) && want.path.endsWith(`/index/hook/${name}`)) messageId = 'context';
      else messageId = 'path';
      // on one host, a loopback hook still reaches WVP: WVP only rewrites it on its next push
      const works = messageId === 'loopback' ? false : h.same === true && isLocalOnly(got.host) && !isUnspecifiedHost(got.host) && got.port === want.port && got.path === want.path && got.scheme === want.scheme;
      ctx.report({
        ...(works ? { severity: 'warning' as const } : {}),
        messageId,
        key,
        line: line!,
        data: { ...data, host: got.host, expectedHost: want.host, port: got.port, expectedPort: want.port, scheme: got.scheme, path: got.path, expectedPath: want.path },
        edits,
      });
    }
  },
};

const EFFECT: Record<string, [string, string]> = {
  on_publish: ['every GB28181/RTMP publish is denied', '所有国标/RTMP 推流被拒绝'],
  on_play: ['play authorisation fails', '播放鉴权失败'],
  on_stream_changed: ['WVP never sees streams arrive: 收流超时', 'WVP 收不到流注册事件：收流超时'],
  on_server_keepalive: ['WVP marks ZLM offline: 心跳超时', 'WVP 判定 ZLM 离线：心跳超时'],
  on_server_started: ['WVP does not notice ZLM restarts', 'WVP 察觉不到 ZLM 重启'],
  on_stream_none_reader: ['unwatched streams are never closed', '无人观看的流不会被关闭'],
  on_stream_not_found: ['on-demand play is not triggered', '按需拉流不会触发'],
  on_send_rtp_stopped: ['cascade/talk stops go unnoticed', '级联/对讲停止无法感知'],
  on_rtp_server_timeout: ['receive timeouts go unnoticed', '收流超时无法感知'],
  on_record_mp4: ['cloud recordings are not indexed', '云端录像不会入库'],
};
const EFFECT_DEFAULT: [string, string] = ['the event is lost', '事件丢失'];
