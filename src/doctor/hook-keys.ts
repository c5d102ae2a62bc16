/**
 * Evidence names the key: which `hook.on_*` keys hold a URL that a log line
 * names. Pure logic.
 */
import { HOOK_URL_KEYS } from '../zlm/hook-urls.ts';

export interface HookUrl {
  key: string;
  url: string;
}

/** scheme://host:port/path, lower-cased host, no query (a logged URL may have its secret redacted) */
function norm(url: string): { full: string; authority: string; path: string } | undefined {
  try {
    const u = new URL(url);
    const port = u.port || (u.protocol === 'https:' ? '443' : '80');
    return { full: `${u.protocol}//${u.hostname.toLowerCase()}:${port}${u.pathname.replace(/\/+$/, '')}`, authority: `${u.hostname.toLowerCase()}:${port}`, path: u.pathname };
  } catch {
    return undefined;
  }
}

/**
 * The keys whose URL is the one logged: same scheme, host, port and path
 * (the query is ignored). When none holds it any more (the config changed
 * since), the hook named by the URL's last path segment (`…/on_play`) when
 * that is a hook key. Empty when nothing fits.
 */
export function keysForLoggedUrl(logged: string, hooks: readonly HookUrl[]): string[] {
  const l = norm(logged);
  if (!l) return [];
  const exact = hooks.filter((h) => norm(h.url)?.full === l.full).map((h) => h.key);
  if (exact.length) return [...new Set(exact)];
  const seg = /(on_[a-z_]+)\/?$/i.exec(l.path)?.[1];
  const byName = seg ? `hook.${seg}` : undefined;
  return byName && HOOK_URL_KEYS.includes(byName) ? [byName] : [];
}

/** Auth hooks that can reject a session: a rejection is theirs. */
export const SESSION_AUTH_HOOKS = ['hook.on_publish', 'hook.on_play', 'hook.on_rtsp_auth', 'hook.on_rtsp_realm', 'hook.on_http_access', 'hook.on_shell_login'] as const;
