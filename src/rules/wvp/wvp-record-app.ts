import type { Rule } from '../types.ts';
import { wvpLoc } from '../../wvp/link.ts';
import { expectedZlm } from '../../wvp/expected.ts';

const LIVE_APPS = ['rtp', 'live', 'broadcast', 'talk', 'proxy', 'push'];

/** WVP sets record.appName to the last component of media.record-path. */
export const rule: Rule = {
  meta: {
    id: 'wvp-record-app',
    severity: 'error',
    category: 'wvp',
    fixable: false,
    requires: ['wvp'],
    wvpKeys: ['media.record-path'],
    title: { en: 'media.record-path makes record.appName a live app', zh: 'media.record-path 使 record.appName 与直播 app 同名' },
  },
  messages: {
    clash: {
      message: { en: 'media.record-path ends in "{app}", so WVP sets record.appName={app}, a live app name', zh: 'media.record-path 以 "{app}" 结尾，WVP 会设置 record.appName={app}，与直播 app 同名' },
      why: {
        en: 'ZLM treats every stream whose app equals record.appName as MP4 playback and closes it as soon as nobody watches, without asking WVP: live {app} streams die between viewers.',
        zh: 'ZLM 把 app 等于 record.appName 的流都当作 MP4 点播，无人观看时直接关闭且不询问 WVP：{app} 直播流在无人观看时被关掉。',
      },
      fix: { en: 'End media.record-path in another directory name, e.g. .../record', zh: '让 media.record-path 以其他目录名结尾，例如 .../record' },
    },
  },
  check(ctx) {
    const wvp = ctx.wvp!;
    // what WVP will push as record.appName (media.record-path, or user-settings.record-path on 2.6)
    const e = expectedZlm(wvp).find((x) => x.zlmKey === 'record.appName');
    const app = e?.value;
    if (!app || !LIVE_APPS.includes(app)) return;
    const path = e.from.find((p) => wvp.get(p).value) ?? 'media.record-path';
    ctx.report({ messageId: 'clash', key: path, loc: wvpLoc(wvp, path), data: { app } });
  },
};
