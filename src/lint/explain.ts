/**
 * `check --wvp --explain`: the ZLM ↔ WVP link drawn the way an operator
 * would on a whiteboard: every hook with where it goes and whether WVP is
 * there, then id, secret, API port and RTP range agreement.
 */
import type { IniDocument } from '../ini/document.ts';
import { springBool } from '../wvp/expected.ts';
import type { WvpConfig } from '../wvp/types.ts';
import type { Lang } from '../i18n/index.ts';
import { WVP_HOOKS, expected, hookHost, hosts, type LinkCtx } from '../wvp/link.ts';
import { effective } from '../zlm/effective.ts';
import { readBool, readValue } from '../zlm/value.ts';
import { fingerprint } from '../util/redact.ts';
import { paint } from '../output/color.ts';

export interface ExplainInput {
  doc: IniDocument;
  wvp: WvpConfig;
  lang: Lang;
  color: boolean;
  hosts?: { wvp?: string; zlm?: string };
}

const T = {
  en: {
    title: 'ZLM ↔ WVP link',
    hooks: 'Hooks (ZLM calls WVP)',
    enable: 'hook.enable',
    off: 'off: ZLM calls no hook at all',
    wvpIs: (h: string) => `WVP is ${h}`,
    expected: (u: string) => `expected ${u}`,
    empty: '(empty)',
    unknown: 'cannot tell (value unresolved)',
    id: 'Identity',
    secret: 'Secret',
    api: 'API (WVP calls ZLM)',
    rtp: 'RTP receive range',
    rtpOff: 'media.rtp.enable is false: single-port mode on rtp_proxy.port',
    hostsLine: (w: string, z: string, same: string) => `WVP ${w}   ZLM ${z}   ${same}`,
    same: 'same host',
    diff: 'different hosts',
    unk: 'hosts unknown (give --hosts wvp=IP,zlm=IP)',
    read: (how: string, gen: string) => `application.yml read ${how}; WVP ${gen}`,
    whole: 'as a whole file',
    excerpt: (blocks: string) => `as an excerpt (${blocks || 'no link block'})`,
    known: (g: string) => g,
    assumed: (g: string) => `${g} (assumed: pass --wvp-version)`,
  },
  zh: {
    title: 'ZLM ↔ WVP 链路',
    hooks: 'Hook（ZLM 调用 WVP）',
    enable: 'hook.enable',
    off: '关闭：ZLM 不会调用任何 hook',
    wvpIs: (h: string) => `WVP 在 ${h}`,
    expected: (u: string) => `应为 ${u}`,
    empty: '（空）',
    unknown: '无法判断（值未解析）',
    id: '节点 ID',
    secret: '密钥',
    api: 'API（WVP 调用 ZLM）',
    rtp: 'RTP 收流端口范围',
    rtpOff: 'media.rtp.enable 为 false：单端口模式，使用 rtp_proxy.port',
    hostsLine: (w: string, z: string, same: string) => `WVP ${w}   ZLM ${z}   ${same}`,
    same: '同一主机',
    diff: '不同主机',
    unk: '主机未知（可用 --hosts wvp=IP,zlm=IP 指定）',
    read: (how: string, gen: string) => `application.yml ${how}；WVP ${gen}`,
    whole: '按完整文件读取',
    excerpt: (blocks: string) => `按片段读取（${blocks || '没有链路配置块'}）`,
    known: (g: string) => g,
    assumed: (g: string) => `${g}（推测：可用 --wvp-version 指定）`,
  },
};

export function explainLink(input: ExplainInput): string {
  const { doc, wvp, lang } = input;
  const c = paint(input.color);
  const t = T[lang];
  const ctx: LinkCtx = { doc, wvp, options: input.hosts ? { hosts: input.hosts } : {} };
  const h = hosts(ctx);
  const hh = hookHost(ctx);
  const ok = c.green('✓');
  const bad = c.red('✗');
  const unk = c.yellow('?');
  const out: string[] = [
    c.bold(t.title),
    `  ${t.hostsLine(h.wvp ?? '?', h.zlm ?? '?', h.same === true ? t.same : h.same === false ? t.diff : t.unk)}`,
    `  ${t.read(wvp.excerpt ? t.excerpt(wvp.blocks.map((b) => `${b}:`).join(', ')) : t.whole, wvp.generationKnown ? t.known(wvp.generation) : t.assumed(wvp.generation))}`,
    '',
  ];

  out.push(c.bold(t.hooks));
  const enabled = readBool(effective(doc, 'hook.enable').raw).value;
  out.push(`  ${enabled ? ok : bad} ${t.enable}=${effective(doc, 'hook.enable').raw}${enabled ? '' : `  ${t.off}`}`);
  const port = wvp.get('server.port').value ?? '?';
  const width = Math.max(...WVP_HOOKS.map((n) => n.length));
  for (const name of WVP_HOOKS) {
    const key = `hook.${name}`;
    const got = doc.get(key) ?? '';
    const exp = expected(ctx, key);
    let mark = unk;
    let note = t.unknown;
    if (exp?.value && exp.unresolved.length === 0) {
      mark = got === exp.value ? ok : bad;
      note = got === exp.value ? '' : `(${t.wvpIs(`${hh.effective ?? '?'}:${port}`)}; ${t.expected(exp.value)})`;
    }
    out.push(`  ZLM ${h.zlm ?? '?'} → ${name.padEnd(width)} → ${got || t.empty} ${mark} ${note}`.trimEnd());
  }
  out.push('');

  const row = (label: string, left: string, right: string, same: boolean | undefined) => `  ${same === undefined ? unk : same ? ok : bad} ${label}: ${left} ${same ? '=' : '≠'} ${right}`;
  const zid = doc.get('general.mediaServerId');
  const wid = wvp.get('media.id').value;
  out.push(row(t.id, `general.mediaServerId ${zid ?? '-'}`, `media.id ${wid ?? '?'}`, wid === undefined ? undefined : zid === wid));
  const zs = doc.get('api.secret');
  const ws = wvp.get('media.secret').value;
  const fp = (s: string | undefined) => (s ? fingerprint(s) : '-');
  out.push(row(t.secret, `api.secret ${fp(zs)}`, `media.secret ${fp(ws)}`, ws === undefined ? undefined : zs === ws));
  const zport = String(readValue('uint16', effective(doc, 'http.port').raw).value);
  const wport = wvp.get('media.http-port').value;
  out.push(row(t.api, `http://${wvp.get('media.ip').value ?? '?'}:${wport ?? '?'}`, `http.port ${zport}`, wport === undefined ? undefined : String(Number(wport)) === zport));
  if (springBool(wvp.get('media.rtp.enable').value) === true) {
    const wr = wvp.get('media.rtp.port-range').value;
    const zr = effective(doc, 'rtp_proxy.port_range').raw;
    out.push(row(t.rtp, `rtp_proxy.port_range ${zr}`, `media.rtp.port-range ${wr ?? '?'}`, wr === undefined ? undefined : wr.replace(/\s*,\s*/, '-') === zr));
  } else {
    out.push(`  ${c.dim('-')} ${t.rtp}: ${t.rtpOff}`);
  }
  return out.join('\n') + '\n';
}
