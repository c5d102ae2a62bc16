import type { Rule } from '../types.ts';
import type { IniDocument } from '../../ini/document.ts';
import { effBool, effective } from '../../zlm/effective.ts';

const PUBLIC = 'ZLMediaKit';

function usesRtc(doc: IniDocument): boolean {
  return doc.lines.some((l) => (l.kind === 'section' && l.name === 'rtc') || (l.kind === 'entry' && l.key!.startsWith('rtc.')));
}

/** TURN enabled with the public default ICE password. */
export const rule: Rule = {
  meta: {
    id: 'rtc-default-ice-credentials',
    severity: 'info',
    category: 'security',
    fixable: false,
    title: { en: 'TURN uses the public default credentials', zh: 'TURN 使用公开的默认凭据' },
  },
  messages: {
    defaults: {
      message: {
        en: 'rtc.enableTurn is on and rtc.icePwd is the public default "ZLMediaKit"{ufrag}',
        zh: '已开启 rtc.enableTurn，而 rtc.icePwd 是公开默认值 "ZLMediaKit"{ufrag}',
      },
      why: {
        en: 'The TURN service on rtc.icePort accepts the ICE user name and password from [rtc]. With the defaults shipped in every ZLMediaKit config anyone who reaches the port can allocate relay ports (rtc.port_range) and use the server as a traffic relay.',
        zh: 'rtc.icePort 上的 TURN 服务使用 [rtc] 中的 ICE 用户名和密码认证。使用每份 ZLMediaKit 配置都自带的默认值时，能访问该端口的任何人都可以分配中继端口（rtc.port_range），把服务器当作流量中继。',
      },
      fix: {
        en: 'Set private rtc.iceUfrag / rtc.icePwd values, or rtc.enableTurn=0 if TURN is not needed.',
        zh: '设置私有的 rtc.iceUfrag / rtc.icePwd，或在不需要 TURN 时设置 rtc.enableTurn=0。',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    if (!usesRtc(doc)) return;
    if (!effBool(doc, 'rtc.enableTurn')) return;
    const pwd = effective(doc, 'rtc.icePwd');
    if (pwd.raw !== PUBLIC) return;
    const ufragDefault = effective(doc, 'rtc.iceUfrag').raw === PUBLIC;
    ctx.report({
      messageId: 'defaults',
      ...(pwd.source === 'default' || !doc.has('rtc.enableTurn') ? { absent: true as const } : {}),
      key: 'rtc.icePwd',
      line: pwd.line ?? doc.sectionHeaders().find((h) => h.name === 'rtc') ?? doc.lines[0],
      data: {
        ufrag: { en: ufragDefault ? ' (and so is rtc.iceUfrag)' : '', zh: ufragDefault ? '（rtc.iceUfrag 也是）' : '' },
      },
    });
  },
};
