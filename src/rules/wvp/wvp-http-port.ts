import type { Rule } from '../types.ts';
import { effective } from '../util.ts';
import { readValue } from '../../zlm/value.ts';
import { wvpEdit, wvpLoc } from '../wvp-link.ts';

/** WVP reaches ZLM's API at media.ip:media.http-port; it must be ZLM's http.port. */
export const rule: Rule = {
  meta: {
    id: 'wvp-http-port',
    severity: 'error',
    category: 'wvp',
    fixable: true,
    requires: ['zlm', 'wvp'],
    wvpKeys: ['media.http-port'],
    title: { en: "media.http-port is not ZLM's http.port", zh: 'media.http-port 与 ZLM 的 http.port 不一致' },
  },
  messages: {
    mismatch: {
      message: { en: "media.http-port {wvpPort} is not ZLM's http.port {zlmPort}", zh: 'media.http-port {wvpPort} 与 ZLM 的 http.port {zlmPort} 不一致' },
      why: {
        en: 'WVP calls http://{ip}:{wvpPort}/index/api/... for every API request and builds play URLs with it; ZLM listens on {zlmPort}, so WVP logs [ZLM-尝试连接]失败 and the node never comes online. The port a running ZLM listens on is the fact: http.port only changes with a ZLM restart.',
        zh: 'WVP 通过 http://{ip}:{wvpPort}/index/api/... 调用所有接口并生成播放地址；ZLM 实际监听 {zlmPort}，WVP 日志出现 [ZLM-尝试连接]失败，节点永远不上线。以运行中 ZLM 的监听端口为准：http.port 只有重启 ZLM 才会变。',
      },
      fix: { en: 'Set media.http-port: {zlmPort} in application.yml and restart WVP', zh: '在 application.yml 中设置 media.http-port: {zlmPort} 并重启 WVP' },
    },
  },
  check(ctx) {
    const wvp = ctx.wvp!;
    const wp = wvp.get('media.http-port');
    if (wp.value === undefined) return;
    const zlmPort = String(readValue('uint16', effective(ctx.doc, 'http.port').raw).value);
    if (String(Number(wp.value)) === zlmPort) return;
    ctx.report({
      messageId: 'mismatch',
      key: 'media.http-port',
      loc: wvpLoc(wvp, wp),
      data: { wvpPort: wp.value, zlmPort, ip: wvp.get('media.ip').value ?? '?' },
      ...(zlmPort !== '0' ? { wvpEdits: wvpEdit(wvp, 'media.http-port', zlmPort) } : {}),
    });
  },
};
