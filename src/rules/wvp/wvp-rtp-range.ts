import type { Rule } from '../types.ts';
import { effective } from '../../zlm/effective.ts';
import { sectionLine } from '../util.ts';
import { expected, wvpEdit, wvpLoc } from '../../wvp/link.ts';
import { readPortRange } from '../../zlm/value.ts';
import { keyInGeneration, zlmGeneration } from '../../zlm/generation.ts';

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
    noRange: {
      message: {
        en: 'media.rtp.enable with port-range {wvp}, but this ZLM has no rtp_proxy.port_range ({basis}): it opens RTP servers on ports of its own choosing and receives single-port RTP on rtp_proxy.port {port}',
        zh: 'media.rtp.enable 开启且 port-range 为 {wvp}，但该 ZLM 没有 rtp_proxy.port_range（{basis}）：它自行选择 RTP 端口，单端口收流使用 rtp_proxy.port {port}',
      },
      why: {
        en: 'ZLM builds before 2022-03-13 do not know rtp_proxy.port_range: the range WVP pushes is stored but never used, so multi-port mode gets random ports that no firewall or port mapping expects. Single-port mode (media.rtp.enable: false, media.rtp-proxy-port) matches such a build.',
        zh: '2022-03-13 之前的 ZLM 不认识 rtp_proxy.port_range：WVP 下发的范围会被保存但不会生效，多端口模式会拿到防火墙和端口映射都没有预料到的随机端口。这种版本适合单端口模式（media.rtp.enable: false，media.rtp-proxy-port）。',
      },
      fix: {
        en: 'Use single-port mode (media.rtp.enable: false) with this ZLM, or upgrade ZLM and set rtp_proxy.port_range={expected}',
        zh: '对这个 ZLM 使用单端口模式（media.rtp.enable: false），或升级 ZLM 并设置 rtp_proxy.port_range={expected}',
      },
    },
  },
  check(ctx) {
    const wvp = ctx.wvp!;
    // what WVP pushes (only with media.rtp.enable), read the way ZLM's sscanf("%hu-%hu") reads it
    const exp = expected(ctx, 'rtp_proxy.port_range');
    if (!exp?.value) return;
    const want = readPortRange(exp.value, 30000, 35000);
    const eff = effective(ctx.doc, 'rtp_proxy.port_range');
    // a build without the key: its complete dump does not list it, or its key set predates it
    if (eff.source === 'default' && ctx.hasZlm) {
      const dumpLacks = ctx.shape?.kind === 'dump' && ctx.shape.complete;
      const olderBuild = keyInGeneration(zlmGeneration(ctx.doc), 'rtp_proxy.port_range') === false;
      if (dumpLacks || olderBuild) {
        ctx.report({
          messageId: 'noRange',
          severity: 'info',
          key: 'media.rtp.port-range',
          loc: wvpLoc(wvp, 'media.rtp.port-range'),
          data: {
            wvp: wvp.get('media.rtp.port-range').value ?? '',
            expected: `${want.min}-${want.max}`,
            port: ctx.doc.get('rtp_proxy.port') ?? '10000',
            basis: dumpLacks ? { en: 'its own dump does not list the key', zh: '它自己导出的配置中没有该键' } : { en: 'its key set predates 2022-03-13', zh: '它的键集合早于 2022-03-13' },
          },
        });
        return;
      }
    }
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
