import type { Rule } from '../types.ts';
import type { IniLine } from '../../ini/document.ts';
import { zlmService } from '../../deploy/query.ts';

/** Keys holding one path, and keys holding lists of paths (how to split them). */
const PATH_KEYS = ['api.snapRoot', 'api.defaultSnap', 'ffmpeg.bin', 'ffmpeg.log', 'http.rootPath', 'protocol.mp4_save_path', 'protocol.hls_save_path', 'rtp_proxy.dumpDir', 'record.filePath', 'hls.filePath'];
const LIST_KEYS: Record<string, (v: string) => string[]> = {
  'api.downloadRoot': (v) => v.split(';'),
  'http.virtualPath': (v) => v.split(';').map((e) => e.slice(e.indexOf(',') + 1)),
};

type Kind = 'windows' | 'mac' | 'home' | 'unix';

function kindOf(p: string): { kind: Kind; user?: string } | undefined {
  const s = p.trim();
  if ((s.charCodeAt(1) === 58 /* : */ && /^[A-Za-z]:[\\/]/.test(s)) || s.startsWith('\\\\')) return { kind: 'windows' };
  // (each pattern only where it can match)
  const mac = s.startsWith('/Users/') ? /^\/Users\/([^/]+)/.exec(s) : null;
  if (mac) return { kind: 'mac', user: mac[1]! };
  const home = s.startsWith('/home/') ? /^\/home\/([^/]+)/.exec(s) : null;
  if (home) return { kind: 'home', user: home[1]! };
  if (s.startsWith('/')) return { kind: 'unix' };
  return undefined;
}

/**
 * Absolute paths that belong to another machine or OS: a Windows drive path
 * or a macOS /Users home next to Linux paths, two different /home users in
 * one file, or a /home path in a file mounted into a container. A file whose
 * absolute paths all agree (a Windows or macOS install) is left alone.
 */
export const rule: Rule = {
  meta: {
    id: 'path-foreign',
    severity: 'warning',
    category: 'values',
    fixable: false,
    title: { en: 'Path from another machine or OS', zh: '来自其他机器或系统的路径' },
  },
  messages: {
    foreign: {
      message: {
        en: '{key}={path} looks copied from another machine ({what}): it probably does not exist where ZLM runs',
        zh: '{key}={path} 看起来是从其他机器复制来的（{what}）：在 ZLM 运行的地方很可能不存在',
      },
      why: {
        en: 'ZLM uses the path as written. A directory that does not exist makes recordings, snapshots, HLS files or logs fail (often silently, or only in the log); a Windows path on Linux is even read as a relative path under the executable\'s directory. Sample configs copied from a developer\'s laptop carry such paths along.',
        zh: 'ZLM 按原样使用该路径。目录不存在会导致录像、截图、HLS 文件或日志写入失败（常常没有提示，或只在日志中出现）；在 Linux 上 Windows 路径甚至会被当作可执行文件目录下的相对路径。从开发者电脑上复制的范例配置常带有这种路径。',
      },
      fix: {
        en: 'Use a path on the machine (or in the container) where ZLM runs, e.g. a relative ./www path or a mounted volume.',
        zh: '改为 ZLM 所在机器（或容器）上的路径，例如相对路径 ./www 或挂载的卷。',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const found: { key: string; line: IniLine; path: string; kind: Kind; user?: string }[] = [];
    for (const key of [...PATH_KEYS, ...Object.keys(LIST_KEYS)]) {
      const line = doc.entry(key);
      const v = line?.value ?? '';
      if (!line || v === '') continue;
      const parts = LIST_KEYS[key] ? LIST_KEYS[key](v) : [v];
      for (const part of parts) {
        const k = kindOf(part);
        if (k) found.push({ key, line, path: part.trim(), ...k });
      }
    }
    if (found.length === 0) return;
    const kinds = new Set(found.map((f) => f.kind));
    const homeUsers = new Set(found.filter((f) => f.kind === 'home').map((f) => f.user));
    const zlm = zlmService(ctx.deploy);
    const inContainer = zlm !== undefined;
    // a path the compose file mounts into the ZLM container exists there, whatever it looks like
    const mounted = (p: string) => (zlm?.mounts ?? []).some((m) => p === m.target || p.startsWith(m.target.endsWith('/') ? m.target : `${m.target}/`));
    const reported = new Set<string>();
    for (const f of found) {
      let what: [string, string] | undefined;
      if (f.kind === 'windows' && kinds.size > 1) what = ['a Windows path among Unix paths', '混在 Unix 路径中的 Windows 路径'];
      else if (f.kind === 'windows' && inContainer) what = ['a Windows path in a container', '容器中的 Windows 路径'];
      else if (f.kind === 'mac' && (kinds.size > 1 || inContainer)) what = [`macOS home of user ${f.user}`, `macOS 用户 ${f.user} 的主目录`];
      else if (f.kind === 'home' && homeUsers.size > 1) what = [`home of user ${f.user}, while other paths use another user's home`, `用户 ${f.user} 的主目录，而其它路径用的是另一个用户的主目录`];
      else if (f.kind === 'home' && inContainer) what = [`home of user ${f.user} inside a container`, `容器内用户 ${f.user} 的主目录`];
      if (!what || reported.has(f.key) || mounted(f.path)) continue;
      reported.add(f.key);
      ctx.report({ messageId: 'foreign', key: f.key, line: f.line, data: { key: f.key, path: f.path, what: { en: what[0], zh: what[1] } } });
    }
  },
};
