import type { Rule } from '../types.ts';

const LIVE_APPS = new Set(['rtp', 'live', 'broadcast', 'talk', 'proxy', 'push']);

/** record.appName equal to a live app: those live streams become MP4 VOD and are force-closed. */
export const rule: Rule = {
  meta: {
    id: 'record-app-name-live',
    severity: 'error',
    category: 'values',
    fixable: false,
    title: { en: 'Recording app name collides with a live app', zh: '录像应用名与直播应用名冲突' },
  },
  messages: {
    live: {
      message: {
        en: 'record.appName={value} is a live app name: every "{value}" stream is treated as MP4 VOD and closed when unwatched',
        zh: 'record.appName={value} 是直播应用名：所有 "{value}" 应用下的流都会被当作 MP4 点播，无人观看时被强制关闭',
      },
      why: {
        en: 'Besides naming the recording folder, ZLM treats any stream whose app equals record.appName as MP4 video-on-demand and closes it as soon as it has no viewer, without asking on_stream_none_reader. "{value}" is used by live streams (rtp = GB28181 with WVP), so they stop unexpectedly.',
        zh: '除了作为录像目录名，ZLM 还会把 app 等于 record.appName 的流当作 MP4 点播，一旦无人观看就直接关闭，不会询问 on_stream_none_reader。"{value}" 被直播流使用（rtp 即 WVP 的 GB28181 流），这些流会意外中断。',
      },
      fix: {
        en: 'Set record.appName=record (with WVP: make the last component of media.record-path something other than a live app).',
        zh: '设置 record.appName=record（使用 WVP 时：让 media.record-path 的最后一级目录名不同于任何直播应用名）。',
      },
    },
    empty: {
      message: { en: 'record.appName is empty', zh: 'record.appName 为空' },
      why: {
        en: 'record.appName is the folder level under mp4_save_path and the app under which recordings are served as VOD. Empty, MP4 files land directly in <mp4_save_path>/<app>/<stream> next to live HLS output (both ./www by default) and there is no app name for recorded-file playback.',
        zh: 'record.appName 是 mp4_save_path 下的目录层级，也是录像点播所用的应用名。为空时 MP4 文件直接写入 <mp4_save_path>/<app>/<stream>，与直播 HLS 输出混在一起（默认都是 ./www），录像点播也没有对应的应用名。',
      },
      fix: { en: 'Set record.appName=record.', zh: '设置 record.appName=record。' },
    },
  },
  check(ctx) {
    const line = ctx.doc.entry('record.appName');
    if (!line) return; // compiled-in default "record"
    const value = line.value ?? '';
    if (value === '') ctx.report({ messageId: 'empty', key: 'record.appName', line, severity: 'warning' });
    else if (LIVE_APPS.has(value)) ctx.report({ messageId: 'live', key: 'record.appName', line, data: { value } });
  },
};
