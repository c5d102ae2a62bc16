import type { Rule } from '../types.ts';
import { zlmTrim } from '../../ini/document.ts';
import { editDistance } from '../util.ts';
import { effBool } from '../../zlm/effective.ts';

const SCHEMAS = ['rtsp', 'rtmp', 'ts', 'fmp4', 'hls', 'hls.fmp4'];

/** Names people write for a schema that ZLM calls otherwise. */
const ALIASES: Record<string, string> = {
  flv: 'rtmp',
  'http-flv': 'rtmp',
  'ws-flv': 'rtmp',
  rtmps: 'rtmp',
  rtsps: 'rtsp',
  webrtc: 'rtsp',
  rtc: 'rtsp',
  'http-ts': 'ts',
  mpegts: 'ts',
  'http-fmp4': 'fmp4',
  m3u8: 'hls',
  hls_fmp4: 'hls.fmp4',
  'hls-fmp4': 'hls.fmp4',
};

function guess(entry: string): string | undefined {
  const lower = entry.toLowerCase();
  if (SCHEMAS.includes(lower)) return lower;
  if (ALIASES[lower]) return ALIASES[lower];
  let best: string | undefined;
  let bestD = lower.length >= 6 ? 3 : 2;
  for (const s of SCHEMAS) {
    const d = editDistance(lower, s);
    if (d < bestD) {
      best = s;
      bestD = d;
    }
  }
  return best;
}

/**
 * hook.stream_changed_schemas: '/'-separated MediaSource schemas (trimmed,
 * empty pieces ignored, case-sensitive). Unknown entries never match; if no
 * entry is valid the set is non-empty but matches nothing.
 */
export const rule: Rule = {
  meta: {
    id: 'stream-changed-schemas-invalid',
    severity: 'warning',
    category: 'hooks',
    fixable: false,
    title: { en: 'Unknown schema in stream_changed_schemas', zh: 'stream_changed_schemas 中有未知协议' },
  },
  messages: {
    unknown: {
      message: {
        en: 'hook.stream_changed_schemas has entries that are no MediaSource schema: {entries}',
        zh: 'hook.stream_changed_schemas 中有不是 MediaSource 协议的条目：{entries}',
      },
      why: {
        en: 'ZLM splits the value on "/" and sends on_stream_changed only for sources whose schema is in the list (exact, case-sensitive match against rtsp, rtmp, ts, fmp4, hls, hls.fmp4). Unknown entries never match, so the events you meant to receive are not sent.',
        zh: 'ZLM 按 "/" 拆分该值，只对协议在列表中的源发送 on_stream_changed（与 rtsp、rtmp、ts、fmp4、hls、hls.fmp4 精确匹配，区分大小写）。未知条目永远匹配不到，想要的事件不会发送。',
      },
      fix: {
        en: 'Use only rtsp, rtmp, ts, fmp4, hls, hls.fmp4 separated by "/", e.g. rtsp/rtmp/fmp4/ts/hls/hls.fmp4 (empty = all).',
        zh: '只使用 rtsp、rtmp、ts、fmp4、hls、hls.fmp4，并用 "/" 分隔，例如 rtsp/rtmp/fmp4/ts/hls/hls.fmp4（留空表示全部）。',
      },
    },
    none: {
      message: {
        en: 'hook.stream_changed_schemas={value} contains no valid schema: on_stream_changed is never sent',
        zh: 'hook.stream_changed_schemas={value} 中没有有效协议：on_stream_changed 永远不会发送',
      },
      why: {
        en: 'ZLM splits the value on "/" (not ","), and only an empty list means "all schemas". This list is non-empty but none of its entries equals rtsp, rtmp, ts, fmp4, hls or hls.fmp4, so no stream registration or removal is ever reported (WVP then never sees streams arrive: 收流超时).',
        zh: 'ZLM 按 "/"（不是 ","）拆分该值，只有空列表才表示 "全部协议"。该列表非空但没有一项等于 rtsp、rtmp、ts、fmp4、hls 或 hls.fmp4，因此任何流的注册和注销都不会上报（WVP 会一直等不到流：收流超时）。',
      },
      fix: {
        en: 'Use only rtsp, rtmp, ts, fmp4, hls, hls.fmp4 separated by "/", e.g. rtsp/rtmp/fmp4/ts/hls/hls.fmp4 (empty = all).',
        zh: '只使用 rtsp、rtmp、ts、fmp4、hls、hls.fmp4，并用 "/" 分隔，例如 rtsp/rtmp/fmp4/ts/hls/hls.fmp4（留空表示全部）。',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const line = doc.entry('hook.stream_changed_schemas');
    if (!line || !line.value) return;
    const entries = line.value.split('/').map((e) => zlmTrim(e)).filter((e) => e !== '');
    const bad = entries.filter((e) => !SCHEMAS.includes(e));
    if (bad.length === 0) return;
    const valid = entries.filter((e) => SCHEMAS.includes(e));
    const hints: string[] = [];
    for (const b of bad) {
      if (/[,;\s]/.test(b)) {
        hints.push(`${b} → ${b.split(/[,;\s]+/).filter(Boolean).join('/')}`);
        continue;
      }
      const g = guess(b);
      if (g) hints.push(`${b} → ${g}`);
    }
    const proposed = [...new Set([...valid, ...bad.flatMap((b) => b.split(/[,;\s]+/).map((x) => guess(x)).filter((x): x is string => !!x))])];
    const suggestion =
      hints.length > 0 && proposed.length > 0
        ? {
            en: `${hints.join('; ')}: hook.stream_changed_schemas=${proposed.join('/')}`,
            zh: `${hints.join('；')}：hook.stream_changed_schemas=${proposed.join('/')}`,
          }
        : undefined;
    const hooked = effBool(doc, 'hook.enable') && (doc.get('hook.on_stream_changed') ?? '') !== '';
    ctx.report({
      messageId: valid.length === 0 ? 'none' : 'unknown',
      key: 'hook.stream_changed_schemas',
      line,
      // warning by default; info when nobody listens for the event
      severity: hooked ? 'warning' : 'info',
      data: { entries: bad.join(', '), value: line.value },
      ...(suggestion ? { suggestion } : {}),
    });
  },
};
