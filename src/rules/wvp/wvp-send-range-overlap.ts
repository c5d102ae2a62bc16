import type { Rule } from '../types.ts';
import { wvpEdit, wvpLoc } from '../../wvp/link.ts';

function range(v: string | undefined): { min: number; max: number } | undefined {
  const m = /^\s*(\d+)\s*[,-]\s*(\d+)\s*$/.exec(v ?? '');
  return m ? { min: Number(m[1]), max: Number(m[2]) } : undefined;
}

/** WVP's send allocator: split(","), Integer.parseInt each part, else 50000-60000. */
function wvpSendRange(v: string | undefined): { min: number; max: number } {
  const m = /^(\d+),(\d+)$/.exec(v ?? '');
  return m ? { min: Number(m[1]), max: Number(m[2]) } : { min: 50000, max: 60000 };
}

/** media.rtp.send-port-range must not overlap the receive range. */
export const rule: Rule = {
  meta: {
    id: 'wvp-send-range-overlap',
    // the harm is intermittent (cascade / talk collide with a receive port now and then),
    // and WVP's own samples shipped identical ranges: a warning (shared case 23)
    severity: 'warning',
    category: 'wvp',
    fixable: true,
    requires: ['wvp'],
    wvpKeys: ['media.rtp.port-range', 'media.rtp.send-port-range'],
    title: { en: 'RTP send range overlaps the receive range', zh: 'RTP 发送端口范围与接收范围重叠' },
  },
  messages: {
    overlap: {
      message: { en: 'media.rtp.send-port-range {send} overlaps media.rtp.port-range {recv} on {from}-{to}', zh: 'media.rtp.send-port-range {send} 与 media.rtp.port-range {recv} 在 {from}-{to} 重叠' },
      why: {
        en: 'WVP takes local ports for startSendRtp (cascade, talk, broadcast) from the send range while ZLM hands out receive ports from the other; on the shared ports one of them fails with "port occupied" / bind failed.',
        zh: 'WVP 从发送范围为 startSendRtp（级联、对讲、广播）取本地端口，ZLM 从接收范围分配收流端口；重叠的端口上总有一方因 "端口被占用"/bind 失败而失败。',
      },
      fix: { en: 'Give the send range its own ports, e.g. media.rtp.send-port-range: {suggest}', zh: '为发送范围分配独立端口，例如 media.rtp.send-port-range: {suggest}' },
    },
  },
  check(ctx) {
    const wvp = ctx.wvp!;
    const sendV = wvp.get('media.rtp.send-port-range');
    const recv = range(wvp.get('media.rtp.port-range').value);
    const send = wvpSendRange(sendV.value);
    if (!recv) return;
    const from = Math.max(recv.min, send.min);
    const to = Math.min(recv.max, send.max);
    if (from > to) return;
    // same size, right after the receive range (WVP only uses these as local source ports)
    const len = send.max - send.min;
    const start = recv.max + 1;
    const end = start + len;
    const sep = ',';
    const edits = end <= 65535 ? wvpEdit(wvp, 'media.rtp.send-port-range', `${start}${sep}${end}`) : undefined;
    ctx.report({
      ...(edits ? { wvpEdits: edits } : {}),
      messageId: 'overlap',
      key: 'media.rtp.send-port-range',
      loc: wvpLoc(wvp, sendV),
      data: { send: sendV.value ?? '', recv: wvp.get('media.rtp.port-range').value ?? '', from, to, suggest: `${start},${Math.min(65535, end)}` },
    });
  },
};
