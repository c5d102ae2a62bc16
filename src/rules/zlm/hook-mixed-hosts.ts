import type { Rule } from '../types.ts';
import type { IniLine } from '../../ini/document.ts';
import { hookEntries, parseHookUrl, type HookUrl } from '../../zlm/hook-urls.ts';

/** The path without its last segment: /zlm/hook/on_play → /zlm/hook. */
function pathPrefix(path: string): string {
  return path.slice(0, path.lastIndexOf('/'));
}

/** scheme://authority as written, and what follows it. */
function splitRaw(value: string): { authority: string; rest: string; scheme: string } | undefined {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/i.exec(value);
  if (!m) return undefined;
  return { scheme: m[1]!, authority: m[2]!, rest: m[3]! };
}

/**
 * "Scrambled callback addresses": most hooks go to one backend, one or two
 * still point at an old host (or port) with the same path layout.
 */
export const rule: Rule = {
  meta: {
    id: 'hook-mixed-hosts',
    severity: 'warning',
    category: 'hooks',
    fixable: false,
    title: { en: 'Hook points to a different host than the other hooks', zh: 'hook 地址与其他 hook 的主机不一致' },
  },
  messages: {
    host: {
      message: {
        en: '{key} goes to {odd} while {count} other hooks use {dominant} with the same port and path; likely a stale address',
        zh: '{key} 指向 {odd}，而其他 {count} 个 hook 使用 {dominant}（端口和路径相同）；很可能是过期地址',
      },
      why: {
        en: 'Hooks of one backend normally share scheme, host and port. This one has the same port and path prefix ({prefix}) but another host, the typical leftover of a backend that moved (or a copy-paste from another site). If nothing listens there, the hook fails every time; for on_publish/on_play that rejects every push/play.',
        zh: '同一个后端的 hook 通常协议、主机、端口都相同。这个 hook 端口和路径前缀（{prefix}）相同但主机不同，常见于后端迁移后遗留的旧地址（或从其他站点复制的配置）。如果该地址没有服务在监听，hook 每次都会失败；on_publish/on_play 失败会拒绝所有推流/播放。',
      },
      fix: {
        en: 'Check which host runs the hook service and make all hooks use it.',
        zh: '确认 hook 服务实际运行在哪台主机上，并让所有 hook 都使用该地址。',
      },
    },
    port: {
      message: {
        en: '{key} goes to {odd} while {count} other hooks use {dominant} with the same host and path; likely a stale port',
        zh: '{key} 指向 {odd}，而其他 {count} 个 hook 使用 {dominant}（主机和路径相同）；很可能是过期端口',
      },
      why: {
        en: 'This hook has the same host and path prefix ({prefix}) as the others but another port, typical after the hook service changed its port. If nothing listens there, the hook fails every time; for on_publish/on_play that rejects every push/play.',
        zh: '这个 hook 的主机和路径前缀（{prefix}）与其他 hook 相同但端口不同，常见于 hook 服务改端口之后。如果该端口没有服务在监听，hook 每次都会失败；on_publish/on_play 失败会拒绝所有推流/播放。',
      },
      fix: {
        en: 'Check which port the hook service listens on and make all hooks use it.',
        zh: '确认 hook 服务实际监听的端口，并让所有 hook 都使用该端口。',
      },
    },
  },
  check(ctx) {
    const parsed: { key: string; line: IniLine; value: string; url: HookUrl; backend: string }[] = [];
    for (const e of hookEntries(ctx.doc)) {
      const url = parseHookUrl(e.value);
      if (!url) continue;
      parsed.push({ ...e, url, backend: `${url.scheme}://${url.authority}` });
    }
    const counts = new Map<string, number>();
    for (const p of parsed) counts.set(p.backend, (counts.get(p.backend) ?? 0) + 1);
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    const top = ranked[0];
    if (!top || top[1] < 2 || (ranked[1] && ranked[1][1] === top[1])) return;
    const [dominant, count] = top;
    const members = parsed.filter((p) => p.backend === dominant);
    const dom = members[0]!;
    const prefixes = new Set(members.map((p) => pathPrefix(p.url.path)));
    const domRaw = splitRaw(dom.value);
    for (const p of parsed) {
      if (p.backend === dominant) continue;
      const prefix = pathPrefix(p.url.path);
      if (!prefixes.has(prefix)) continue;
      const sameHost = p.url.host === dom.url.host;
      const samePort = p.url.port === dom.url.port;
      let messageId: 'host' | 'port';
      if (!sameHost && samePort) messageId = 'host';
      else if (sameHost && !samePort) messageId = 'port';
      else continue;
      const raw = splitRaw(p.value);
      const suggested = raw && domRaw ? `${domRaw.scheme}${domRaw.authority}${raw.rest}` : undefined;
      ctx.report({
        messageId,
        key: p.key,
        line: p.line,
        data: {
          key: p.key,
          odd: `${p.url.scheme}://${p.url.authority}`,
          dominant,
          count,
          prefix: prefix || '/',
        },
        ...(suggested
          ? {
              suggestion: {
                en: `If ${dominant} is the right backend: ${p.key}=${suggested}`,
                zh: `如果 ${dominant} 是正确的后端：${p.key}=${suggested}`,
              },
            }
          : {}),
      });
    }
  },
};
