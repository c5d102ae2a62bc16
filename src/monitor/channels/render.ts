/**
 * The text of a notification, in the channel's language, as plain text and as the markdown flavours of
 * the chat services. Every string that comes from an alert passes through the redactor here, once, so no
 * channel can forget it.
 */
import type { Lang } from '../../i18n/index.ts';
import type { Redactor } from '../../util/redact.ts';
import type { Notification } from '../alerting/model.ts';
import { RULES } from '../alerting/rules.ts';

export interface Rendered {
  lang: Lang;
  /** `[FIRING] zlm-1: node down` */
  title: string;
  /** `FIRING`, `RESOLVED`, `TEST` (or their Chinese) */
  status: string;
  summary: string;
  details: string[];
  /** severity · node · since / resolved at · zlm-doctor (a fixed word for DingTalk's and Feishu's keyword security) */
  footer: string;
}

const STATUS = {
  firing: { en: 'FIRING', zh: '告警' },
  repeat: { en: 'STILL FIRING', zh: '持续告警' },
  resolved: { en: 'RESOLVED', zh: '已恢复' },
  test: { en: 'TEST', zh: '测试' },
};
const SEVERITY = { critical: { en: 'critical', zh: '严重' }, warning: { en: 'warning', zh: '警告' }, info: { en: 'info', zh: '提示' } };

function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function lasted(ms: number, lang: Lang): string {
  const m = Math.round(ms / 60_000);
  if (m < 1) return lang === 'zh' ? `${Math.max(0, Math.round(ms / 1000))} 秒` : `${Math.max(0, Math.round(ms / 1000))}s`;
  const h = Math.floor(m / 60);
  const r = m % 60;
  return lang === 'zh' ? `${h ? `${h} 小时` : ''}${r ? `${r} 分钟` : ''}` : `${h ? `${h}h` : ''}${r ? `${r}m` : ''}`;
}

export function render(n: Notification, lang: Lang, redactor: Redactor): Rendered {
  const a = n.alert;
  const st = STATUS[n.test ? 'test' : n.status === 'resolved' ? 'resolved' : n.repeat ? 'repeat' : 'firing'][lang];
  const what = n.test ? (lang === 'zh' ? '测试消息' : 'test message') : RULES[a.rule].title[lang];
  const title = `[${st}] ${a.node}: ${what}`;
  const sev = SEVERITY[a.severity][lang];
  let footer: string;
  if (n.status === 'resolved') {
    const end = a.endsAt ?? n.at;
    footer = lang === 'zh' ? `级别：${sev} · 节点：${a.node} · 恢复于 ${iso(end)}（持续 ${lasted(end.getTime() - a.startsAt.getTime(), lang)}）· zlm-doctor` : `severity: ${sev} · node: ${a.node} · resolved ${iso(end)} (lasted ${lasted(end.getTime() - a.startsAt.getTime(), lang)}) · zlm-doctor`;
  } else {
    footer = lang === 'zh' ? `级别：${sev} · 节点：${a.node} · 开始于 ${iso(a.startsAt)} · zlm-doctor` : `severity: ${sev} · node: ${a.node} · since ${iso(a.startsAt)} · zlm-doctor`;
  }
  const r = (s: string) => redactor.redact(s);
  return { lang, title: r(title), status: st, summary: r(a.summary[lang]), details: a.details.map((d) => r(d[lang])), footer: r(footer) };
}

export function plainText(m: Rendered): string {
  return [m.title, '', m.summary, ...m.details.map((d) => `  ${d}`), '', m.footer].join('\n');
}

/** Markdown for DingTalk and WeCom (headings, lists, code spans). */
export function markdown(m: Rendered, opts: { heading?: boolean; grey?: boolean } = {}): string {
  // no escaping: neither service documents a markdown escape, and a backslash would show as is
  const esc = (s: string) => s;
  const lines = [opts.heading === false ? `**${esc(m.title)}**` : `#### ${esc(m.title)}`, '', esc(m.summary)];
  if (m.details.length) lines.push('', ...m.details.map((d) => `> ${d.replace(/`/g, "'")}`));
  lines.push('', opts.grey ? `<font color="comment">${esc(m.footer)}</font>` : esc(m.footer));
  return lines.join('\n');
}

/** Slack mrkdwn: only &, < and > are escaped. */
export function slackText(m: Rendered): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const lines = [`*${esc(m.title)}*`, esc(m.summary)];
  if (m.details.length) lines.push('```', ...m.details.map(esc), '```');
  lines.push(`_${esc(m.footer)}_`);
  return lines.join('\n');
}
