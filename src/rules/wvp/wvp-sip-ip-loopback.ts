import type { Rule } from '../types.ts';
import { isLoopback, wvpLoc } from '../../wvp/link.ts';

/**
 * sip.ip is the address WVP binds its SIP stack to (a comma list since 2.7.4). Only
 * loopback entries means no camera or upstream platform can register: they are
 * other devices. (0.0.0.0 binds every interface and is fine; it only says nothing
 * about where WVP is.)
 */
export const rule: Rule = {
  meta: {
    id: 'wvp-sip-ip-loopback',
    severity: 'error',
    category: 'wvp',
    fixable: false,
    requires: ['wvp'],
    wvpKeys: ['sip.ip'],
    title: { en: 'WVP binds SIP to loopback only', zh: 'WVP 的 SIP 只绑定在回环地址' },
  },
  messages: {
    loopback: {
      message: { en: 'sip.ip {value}: WVP listens for SIP on loopback only, so no device can register', zh: 'sip.ip {value}：WVP 只在回环地址上监听 SIP，任何设备都无法注册' },
      why: {
        en: 'WVP binds its SIP listeners to sip.ip. Cameras, NVRs and upstream platforms are other machines: their REGISTER never arrives at 127.0.0.1 of the WVP host (or of its container), so devices stay offline and no play starts. ZLM is not involved: this breaks GB28181 before any stream.',
        zh: 'WVP 把 SIP 监听绑定在 sip.ip 上。摄像头、NVR 和上级平台都是其他机器：它们的 REGISTER 到不了 WVP 主机（或其容器）的 127.0.0.1，设备一直离线，也无法点播。这与 ZLM 无关：国标在收流之前就已断开。',
      },
      fix: {
        en: 'Set sip.ip to the WVP host address devices reach (or 0.0.0.0 to listen on every interface, 2.7.4+ may leave it unset), and restart WVP',
        zh: '把 sip.ip 设为设备能访问的 WVP 主机地址（或 0.0.0.0 监听所有网卡，2.7.4+ 可不设置），然后重启 WVP',
      },
    },
  },
  check(ctx) {
    const wvp = ctx.wvp!;
    const v = wvp.get('sip.ip');
    if (!v.value || v.source === 'code-default' || v.source === 'missing') return;
    const entries = v.value.split(',').map((s) => s.trim()).filter(Boolean);
    if (entries.length === 0 || !entries.every((e) => isLoopback(e))) return;
    ctx.report({ messageId: 'loopback', key: 'sip.ip', loc: wvpLoc(wvp, v), data: { value: v.value } });
  },
};
