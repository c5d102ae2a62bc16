import type { Rule } from '../types.ts';
import { sectionLine } from '../util.ts';
import { wvpEdit } from '../../wvp/link.ts';

/** general.mediaServerId must equal WVP media.id: WVP routes every hook by it. */
export const rule: Rule = {
  meta: {
    id: 'wvp-media-id',
    severity: 'error',
    category: 'wvp',
    fixable: true,
    rootCauseWeight: 96,
    requires: ['zlm', 'wvp'],
    wvpKeys: ['media.id'],
    title: { en: 'mediaServerId differs from WVP media.id', zh: 'mediaServerId 与 WVP media.id 不一致' },
  },
  messages: {
    mismatch: {
      message: { en: "general.mediaServerId {zlmId} is not WVP's media.id {wvpId}", zh: 'general.mediaServerId {zlmId} 与 WVP 的 media.id {wvpId} 不一致' },
      why: {
        en: 'ZLM puts mediaServerId into every hook body and WVP looks the node up by it: on_publish is answered with code -1 (every GB28181 stream rejected), keepalives and stream events are ignored ("未找到可用的zlm", 收流超时).',
        zh: 'ZLM 在每个 hook 中携带 mediaServerId，WVP 按它查找节点：on_publish 返回 -1（国标流全部被拒），心跳和流事件被忽略（"未找到可用的zlm"、收流超时）。',
      },
      fix: { en: 'Set general.mediaServerId={wvpId} in config.ini (or media.id: {zlmId} in application.yml) and restart the side you changed', zh: '在 config.ini 中设置 general.mediaServerId={wvpId}（或在 application.yml 中设置 media.id: {zlmId}），并重启修改的一方' },
    },
    missing: {
      message: { en: 'general.mediaServerId is {state}; WVP expects media.id {wvpId}', zh: 'general.mediaServerId {state}；WVP 期望 media.id {wvpId}' },
      why: {
        en: 'Without a fixed id ZLM makes up a random one at every start (and your_server_id is only the sample): WVP never recognises the node, rejects on_publish and ignores its hooks.',
        zh: '没有固定 id 时 ZLM 每次启动随机生成（your_server_id 只是示例值）：WVP 认不出该节点，拒绝 on_publish 并忽略其 hook。',
      },
      fix: { en: 'Set general.mediaServerId={wvpId} in config.ini and restart ZLM', zh: '在 config.ini 中设置 general.mediaServerId={wvpId} 并重启 ZLM' },
    },
  },
  check(ctx) {
    const wvp = ctx.wvp!;
    const wvpId = wvp.get('media.id');
    if (wvpId.value === undefined || wvpId.value === '') return;
    const line = ctx.doc.entry('general.mediaServerId');
    const zlmId = line?.value;
    if (zlmId === wvpId.value) return;
    const at = line ?? sectionLine(ctx.doc, 'general');
    const placeholder = zlmId === undefined || zlmId === '' || zlmId === 'your_server_id';
    const toWvp = ctx.options.side === 'wvp' && !placeholder;
    ctx.report({
      messageId: placeholder ? 'missing' : 'mismatch',
      ...(zlmId === undefined ? { absent: true as const } : {}),
      key: 'general.mediaServerId',
      ...(at ? { line: at } : {}),
      data: { zlmId: zlmId ?? '', wvpId: wvpId.value, state: zlmId === undefined ? { en: 'missing (random at every start)', zh: '缺失（每次启动随机生成）' } : zlmId === '' ? { en: 'empty', zh: '为空' } : { en: 'the sample your_server_id', zh: '是示例值 your_server_id' } },
      ...(toWvp ? { wvpEdits: wvpEdit(wvp, 'media.id', zlmId!) } : { edits: [ctx.doc.editSet('general.mediaServerId', wvpId.value)] }),
    });
  },
};
