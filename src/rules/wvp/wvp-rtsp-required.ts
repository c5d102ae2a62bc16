import type { Rule } from '../types.ts';
import { effective } from '../../zlm/effective.ts';
import { readBool } from '../../zlm/value.ts';

/** WVP only handles on_stream_changed events with schema rtsp. */
export const rule: Rule = {
  meta: {
    id: 'wvp-rtsp-required',
    severity: 'error',
    category: 'wvp',
    fixable: true,
    rootCauseWeight: 88,
    requires: ['zlm', 'wvp'],
    title: { en: 'RTSP events WVP needs are switched off', zh: 'WVP 需要的 RTSP 事件被关闭' },
  },
  messages: {
    enableRtsp: {
      message: { en: 'protocol.enable_rtsp={value}: no RTSP source is registered, so WVP never sees a stream arrive', zh: 'protocol.enable_rtsp={value}：不会注册 RTSP 源，WVP 永远收不到流到达事件' },
      why: {
        en: 'WVP completes a play only on an on_stream_changed event with schema "rtsp". With RTSP conversion off ZLM receives the RTP but WVP waits until play-timeout: 收流超时 on every play (WebRTC playback needs RTSP too).',
        zh: 'WVP 只在收到 schema 为 "rtsp" 的 on_stream_changed 后才完成点播。关闭 RTSP 转换后 ZLM 能收到 RTP，但 WVP 一直等到 play-timeout：每次点播都 收流超时（WebRTC 播放也需要 RTSP）。',
      },
      fix: { en: 'Set protocol.enable_rtsp=1', zh: '设置 protocol.enable_rtsp=1' },
    },
    schemas: {
      message: { en: 'hook.stream_changed_schemas={value} has no rtsp: the only stream events WVP handles are filtered out', zh: 'hook.stream_changed_schemas={value} 不含 rtsp：WVP 唯一处理的流事件被过滤掉了' },
      why: {
        en: 'ZLM only sends on_stream_changed for the listed schemas and WVP only acts on "rtsp": every play ends in 收流超时.',
        zh: 'ZLM 只为列出的协议发送 on_stream_changed，而 WVP 只处理 "rtsp"：每次点播都 收流超时。',
      },
      fix: { en: 'Add rtsp: hook.stream_changed_schemas={suggested} (or leave it empty for all)', zh: '加入 rtsp：hook.stream_changed_schemas={suggested}（或留空表示全部）' },
    },
  },
  check(ctx) {
    const er = effective(ctx.doc, 'protocol.enable_rtsp');
    if (!readBool(er.raw).value && er.line) {
      ctx.report({ messageId: 'enableRtsp', key: 'protocol.enable_rtsp', line: er.line, data: { value: er.raw }, edits: [ctx.doc.editValue(er.line, '1')] });
    }
    const sc = effective(ctx.doc, 'hook.stream_changed_schemas');
    const list = sc.raw.split('/').map((s) => s.trim()).filter(Boolean);
    if (sc.line && list.length > 0 && !list.includes('rtsp')) {
      const suggested = ['rtsp', ...list].join('/');
      ctx.report({ messageId: 'schemas', key: 'hook.stream_changed_schemas', line: sc.line, data: { value: sc.raw, suggested }, edits: [ctx.doc.editValue(sc.line, suggested)] });
    }
  },
};
