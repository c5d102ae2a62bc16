import type { Rule } from '../types.ts';
import { effective } from '../../zlm/effective.ts';
import { wvpInPlay } from '../util.ts';
import { readBool } from '../../zlm/value.ts';

/** general.enableVhost=1 while WVP is the controller (application.yml given, or hooks in WVP's layout). */
export const rule: Rule = {
  meta: {
    id: 'vhost-under-wvp',
    severity: 'warning',
    category: 'wvp',
    fixable: false,
    title: { en: 'Virtual hosts enabled under WVP', zh: 'WVP 管理下开启了虚拟主机' },
  },
  messages: {
    vhost: {
      message: {
        en: 'general.enableVhost={value} while WVP controls this ZLM: streams are filed under the host name clients used, not __defaultVhost__',
        zh: 'general.enableVhost={value}，而这个 ZLM 由 WVP 管理：流会按客户端使用的主机名归类，而不是 __defaultVhost__',
      },
      why: {
        en: 'With vhosts on, ZLM names every stream after the host in the URL that published it (an IP, a domain) and looks players up the same way. WVP always talks to ZLM with vhost __defaultVhost__ and hands out play URLs with its own stream-ip, so streams pushed or played under another host name are not found: plays time out, close/record calls miss the stream. Sample configs copied from vhost setups carry this switch along.',
        zh: '开启虚拟主机后，ZLM 按推流地址中的主机（IP、域名）为每个流归类，播放时也按同样方式查找。WVP 与 ZLM 交互时始终使用 __defaultVhost__，下发的播放地址用的是它自己的 stream-ip，因此用其它主机名推流或播放的流会找不到：播放超时，关闭/录像调用找不到流。从虚拟主机环境复制的范例配置常带着这个开关。',
      },
      fix: { en: 'Set general.enableVhost=0 (the shipped value).', zh: '设置 general.enableVhost=0（出厂值）。' },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const eff = effective(doc, 'general.enableVhost');
    if (eff.source !== 'file' || !eff.line || !readBool(eff.raw).value) return;
    if (!wvpInPlay(ctx)) return;
    ctx.report({ messageId: 'vhost', key: 'general.enableVhost', line: eff.line, data: { value: eff.raw }, suggestion: { en: 'general.enableVhost=0', zh: 'general.enableVhost=0' } });
  },
};
