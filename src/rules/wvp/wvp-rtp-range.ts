import type { Rule } from '../types.ts';
import { effective, sectionLine } from '../util.ts';
import { expected, wvpEdit } from '../wvp-link.ts';
import { readPortRange } from '../../zlm/value.ts';

/** In multi-port mode WVP pushes rtp_proxy.port_range = media.rtp.port-range (comma → dash). */
export const rule: Rule = {
  meta: {
    id: 'wvp-rtp-range',
    severity: 'error',
    category: 'wvp',
    fixable: true,
    requires: ['zlm', 'wvp'],
    wvpKeys: ['media.rtp.enable', 'media.rtp.port-range'],
    title: { en: "rtp_proxy.port_range differs from WVP's media.rtp.port-range", zh: 'rtp_proxy.port_range 与 WVP 的 media.rtp.port-range 不一致' },
  },
  messages: {
    mismatch: {
      message: { en: "rtp_proxy.port_range {zlm} is not {expected}, WVP's media.rtp.port-range {wvp}", zh: 'rtp_proxy.port_range {zlm} 不是 {expected}（WVP 的 media.rtp.port-range {wvp}）' },
      why: {
        en: 'WVP pushes {expected} when ZLM comes online, but the RTP port pool is built once and keeps {zlm} until ZLM restarts (and a read-only config never keeps the push). Ports handed out outside {wvp} are not opened/published for the cameras: 收流超时.',
        zh: 'ZLM 上线时 WVP 会下发 {expected}，但 RTP 端口池只创建一次，在 ZLM 重启前仍用 {zlm}（只读配置则永远不会保存下发值）。分配到 {wvp} 以外的端口没有对摄像头开放/映射：收流超时。',
      },
      fix: { en: 'Set rtp_proxy.port_range={expected} and restart ZLM', zh: '设置 rtp_proxy.port_range={expected} 并重启 ZLM' },
    },
  },
  check(ctx) {
    const wvp = ctx.wvp!;
    // what WVP pushes (only with media.rtp.enable), read the way ZLM's sscanf("%hu-%hu") reads it
    const exp = expected(ctx, 'rtp_proxy.port_range');
    if (!exp?.value) return;
    const want = readPortRange(exp.value, 30000, 35000);
    const eff = effective(ctx.doc, 'rtp_proxy.port_range');
    const have = readPortRange(eff.raw, 30000, 35000);
    if (have.clean && have.min === want.min && have.max === want.max) return;
    const expectedText = `${want.min}-${want.max}`;
    const at = eff.line ?? sectionLine(ctx.doc, 'rtp_proxy');
    const toWvp = ctx.options.side === 'wvp' && have.clean;
    ctx.report({
      messageId: 'mismatch',
      ...(eff.source === 'default' ? { absent: true as const } : {}),
      key: 'rtp_proxy.port_range',
      ...(at ? { line: at } : {}),
      data: { zlm: eff.raw, wvp: wvp.get('media.rtp.port-range').value ?? '', expected: expectedText },
      ...(toWvp ? { wvpEdits: wvpEdit(wvp, 'media.rtp.port-range', `${have.min},${have.max}`) } : { edits: [ctx.doc.editSet('rtp_proxy.port_range', expectedText)] }),
    });
  },
};
