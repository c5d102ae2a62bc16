import type { Rule } from '../types.ts';
import type { MessageData } from '../../i18n/index.ts';
import { springBool } from '../../wvp/expected.ts';
import { parseHookUrl } from '../../zlm/hook-urls.ts';
import { WVP_HOOKS, expected, hookHost, hookHostCertainty, hosts, isLocalOnly, isUnspecified as isUnspecifiedHost, placeholderNames, wvpLoc } from '../../wvp/link.ts';

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
    rootCauseWeight: 90,
    requires: ['zlm', 'wvp'],
    // media.hook-ip, media.ip and sip.ip only decide the host: without them the other parts are still compared
    wvpKeys: ['server.port', 'server.ssl.enabled', 'server.servlet.context-path'],
    title: { en: 'Hook URL does not reach WVP', zh: 'hook 地址没有指向 WVP' },
  },
  messages: {
    empty: {
      message: { en: '{key} is empty; WVP needs {expected}', zh: '{key} 为空；WVP 需要 {expected}' },
      why: { en: 'Until WVP pushes its hooks (when it brings ZLM online, which needs api.secret and media.http-port to be right), ZLM sends nothing for this event and WVP never learns about it ({effect}). A ZLM that WVP cannot reach stays like this.', zh: '在 WVP 下发 hook 之前（WVP 让 ZLM 上线时下发，前提是 api.secret 和 media.http-port 正确），ZLM 不会发送该事件，WVP 无从得知（{effect}）。WVP 连不上的 ZLM 会一直如此。' },
      fix: { en: 'Set {key}={expected}, or fix the link (api.secret, media.http-port) and let WVP push it when ZLM comes online', zh: '设置 {key}={expected}，或修好链路（api.secret、media.http-port）后由 WVP 在 ZLM 上线时下发' },
    },
    loopback: {
      message: { en: '{key} calls {host}, which is ZLM itself, not WVP at {wvpHost}', zh: '{key} 调用 {host}，那是 ZLM 自己，不是位于 {wvpHost} 的 WVP' },
      why: { en: 'ZLM runs on another host than WVP ({basis}); a loopback or 0.0.0.0 hook reaches nothing: connection refused, every GB28181 publish is denied and keepalives never arrive ({effect}).', zh: 'ZLM 与 WVP 不在同一主机（{basis}）；回环或 0.0.0.0 地址的 hook 无法到达：连接被拒，所有国标推流被拒绝，心跳永远收不到（{effect}）。' },
      fix: { en: 'Set {key}={expected} and media.hook-ip to {wvpHost} in application.yml', zh: '设置 {key}={expected}，并把 application.yml 中的 media.hook-ip 改为 {wvpHost}' },
    },
    otherWvp: {
      message: { en: '{key} points at another WVP ({host}), not at media.hook-ip {expectedHost} of this application.yml', zh: '{key} 指向另一个 WVP（{host}），而不是本 application.yml 的 media.hook-ip {expectedHost}' },
      why: { en: 'Each WVP that connects to a ZLM overwrites the hooks (last writer wins); events of this ZLM go to the other WVP, which ignores this mediaServerId ({effect}).', zh: '每个接入该 ZLM 的 WVP 都会覆盖 hook（后写者生效）；事件被发到另一个 WVP，它不认识这个 mediaServerId（{effect}）。' },
      fix: { en: 'Set {key}={expected}; attach one WVP per ZLM', zh: '设置 {key}={expected}；一个 ZLM 只接一个 WVP' },
    },
    host: {
      message: { en: '{key} calls host {host}, but WVP is at {expectedHost}', zh: '{key} 调用主机 {host}，但 WVP 在 {expectedHost}' },
      why: { en: 'The hook reaches the wrong machine ({effect}).', zh: 'hook 发往了错误的主机（{effect}）。' },
      fix: { en: 'Set {key}={expected}', zh: '设置 {key}={expected}' },
    },
    port: {
      message: { en: "{key} uses port {port}, but WVP's server.port is {expectedPort}{hostNote}", zh: '{key} 使用端口 {port}，但 WVP 的 server.port 是 {expectedPort}{hostNote}' },
      why: { en: 'Hooks go to WVP on server.port (there is no separate hook port); nothing of WVP listens on {port} ({effect}).', zh: 'hook 发往 WVP 的 server.port（没有单独的 hook 端口）；{port} 上没有 WVP 在监听（{effect}）。' },
      fix: { en: 'Set {key}={expected}', zh: '设置 {key}={expected}' },
    },
    scheme: {
      message: { en: '{key} uses {scheme}://, but WVP has server.ssl.enabled: {ssl}{hostNote}', zh: '{key} 使用 {scheme}://，但 WVP 的 server.ssl.enabled 为 {ssl}{hostNote}' },
      why: { en: 'An HTTPS-only WVP answers a plain http hook with 400 and a plain WVP cannot speak TLS: the hook fails ({effect}).', zh: '只开 HTTPS 的 WVP 对 http hook 返回 400，普通 WVP 不能处理 TLS：hook 失败（{effect}）。' },
      fix: { en: 'Set {key}={expected}', zh: '设置 {key}={expected}' },
    },
    context: {
      message: { en: '{key} path {path} does not match WVP\'s {expectedPath} (server.servlet.context-path "{context}"){hostNote}', zh: '{key} 的路径 {path} 与 WVP 的 {expectedPath} 不一致（server.servlet.context-path "{context}"）{hostNote}' },
      why: { en: 'WVP serves its hooks under server.servlet.context-path; without it WVP answers 404 ({effect}).', zh: 'WVP 的 hook 接口位于 server.servlet.context-path 之下；路径不对 WVP 返回 404（{effect}）。' },
      fix: { en: 'Set {key}={expected}', zh: '设置 {key}={expected}' },
    },
    hostUnverified: {
      message: { en: 'The hook host cannot be verified: {why}', zh: 'hook 主机无法核对：{why}' },
      why: {
        en: 'The hooks in config.ini call another host than this value, but it is not a fact about the deployment, so no mismatch is claimed and nothing is repaired.',
        zh: 'config.ini 中的 hook 指向的主机与该值不同，但该值不是部署的实际情况，因此不判定为不一致，也不做修复。',
      },
      fix: { en: 'Set {names} as the deployment does and check again', zh: '按部署环境设置 {names} 后重新检查' },
    },
    path: {
      message: { en: '{key} path {path} is not WVP\'s {expectedPath}{hostNote}', zh: '{key} 的路径 {path} 不是 WVP 的 {expectedPath}{hostNote}' },
      why: { en: 'WVP only answers /index/hook/<event>; another path gets 404 or the wrong handler ({effect}).', zh: 'WVP 只在 /index/hook/<事件> 上应答；其他路径返回 404 或进错处理器（{effect}）。' },
      fix: { en: 'Set {key}={expected}', zh: '设置 {key}={expected}' },
    },
  },
  check(ctx) {
    const wvp = ctx.wvp!;
    const hh = hookHost(ctx);
    const h = hosts(ctx);
    // the host part is a fact only when hook-ip (and, when it is corrected, media.ip / sip.ip) is one
    const certainty = hookHostCertainty(ctx);
    const corrections = hh.unreachable ? ['media.ip', 'sip.ip'].map((p) => wvp.get(p)).filter((v) => v.source === 'placeholder-default') : [];
    if (!certainty.known || corrections.length) {
      checkWithoutHost(ctx, [...certainty.names, ...corrections.flatMap((v) => placeholderNames(v.raw))], certainty);
      return;
    }
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
      const data: MessageData = { key, expected: exp.value, effect: { en: effect_en, zh: effect_zh }, wvpHost: h.wvp ?? '?', basis: h.basis, context, ssl: String(ssl), hostNote: '' };
      const edits = line ? [ctx.doc.editValue(line, exp.value)] : [ctx.doc.editSet(key, exp.value)];
      const at = line ?? ctx.doc.sectionHeaders().find((l) => l.name === 'hook') ?? ctx.doc.lines[0];
      if (value === '') {
        // WVP writes every hook with setServerConfig when ZLM comes online (it polls the API, it does not
        // wait for a hook), so blank hooks under a WVP-managed ZLM fill themselves: a warning with a
        // suggestion, not an edit (fix does not write what WVP rewrites on every connect)
        const suggestion = { en: `${key}=${exp.value} (or let WVP push it once the link works)`, zh: `${key}=${exp.value}（或在链路正常后由 WVP 下发）` };
        ctx.report({ messageId: 'empty', key, severity: 'warning', ...(at ? { line: at } : {}), ...(line ? {} : { absent: true as const }), data, suggestion });
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

/**
 * The host WVP pushes is not known (unresolved or placeholder hook-ip, a default of an assumed
 * generation): compare scheme, port, context path and event path, and say the host is unknown.
 * Nothing is repaired: the full URL would rest on a guess.
 */
function checkWithoutHost(ctx: Parameters<Rule['check']>[0], names: string[], certainty: ReturnType<typeof hookHostCertainty>): void {
  const wvp = ctx.wvp!;
  const port = wvp.get('server.port').value;
  if (port === undefined || !/^\d+$/.test(port)) return;
  const ssl = springBool(wvp.get('server.ssl.enabled').value) === true;
  const scheme = ssl ? 'https' : 'http';
  const cp = wvp.generation === '2.7.4+' ? (wvp.get('server.servlet.context-path').value ?? '') : '';
  const context = cp && cp !== '/' ? cp : '';
  const set = [...new Set(names)];
  const hostNote_en = ` (the host could not be checked: ${certainty.why_en || 'it rests on a placeholder default'})`;
  const hostNote_zh = `（主机无法核对：${certainty.why_zh || '依据的是占位符默认值'}）`;
  const suggestion = { en: `set ${set.join(', ')} to check the whole URL; then zlm-doctor fix can repair it`, zh: `设置 ${set.join('、')} 以核对完整地址；之后 zlm-doctor fix 才能修复` };
  let hostDiffers = false;
  for (const name of WVP_HOOKS) {
    const key = `hook.${name}`;
    const line = ctx.doc.entry(key);
    const value = line?.value ?? '';
    if (!line || value === '') continue;
    const got = parseHookUrl(value);
    if (!got) continue;
    const expectedPath = `${context}/index/hook/${name}`;
    const expectedPort = Number(port);
    const expected = `${scheme}://‹media.hook-ip›:${port}${expectedPath}`;
    const [effect_en, effect_zh] = EFFECT[name] ?? EFFECT_DEFAULT;
    const data = { key, expected, effect: { en: effect_en, zh: effect_zh }, context, ssl: String(ssl), host: got.host, port: got.port, expectedPort, scheme: got.scheme, path: got.path, expectedPath, hostNote: { en: hostNote_en, zh: hostNote_zh } };
    let messageId: string | undefined;
    if (got.scheme !== scheme) messageId = 'scheme';
    else if (got.port !== expectedPort) messageId = 'port';
    else if (got.path !== expectedPath) messageId = got.path.endsWith(`/index/hook/${name}`) ? 'context' : 'path';
    if (!messageId) {
      if (certainty.known === false && wvp.get('media.hook-ip').value !== undefined && got.host !== wvp.get('media.hook-ip').value) hostDiffers = true;
      continue;
    }
    ctx.report({ messageId, key, line, severity: 'warning', data, suggestion });
  }
  // the guessed host differs from what ZLM holds: one line, not one per hook
  const v = wvp.get('media.hook-ip');
  if (hostDiffers && !v.unresolved?.length) {
    ctx.report({
      messageId: 'hostUnverified',
      key: 'media.hook-ip',
      loc: wvpLoc(wvp, v),
      severity: 'info',
      data: { why: { en: certainty.why_en, zh: certainty.why_zh }, names: set.join(', ') },
    });
  }
}

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
