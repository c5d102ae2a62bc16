import type { Rule } from '../types.ts';
import { effBool } from '../../zlm/effective.ts';

/** cluster.origin_url turns ZLM into an edge: not-found and none-reader hooks are bypassed. */
export const rule: Rule = {
  meta: {
    id: 'cluster-origin-bypasses-hooks',
    severity: 'warning',
    category: 'hooks',
    fixable: false,
    title: { en: 'Hooks bypassed by cluster.origin_url', zh: 'cluster.origin_url 使 hook 被绕过' },
  },
  messages: {
    notFound: {
      message: {
        en: 'hook.on_stream_not_found is never called because cluster.origin_url is set',
        zh: '由于设置了 cluster.origin_url，hook.on_stream_not_found 永远不会被调用',
      },
      why: {
        en: 'With cluster.origin_url set, a missing stream is pulled from the origins ({origin}) instead of calling on_stream_not_found, so on-demand pulls started by that hook never happen.',
        zh: '设置 cluster.origin_url 后，找不到的流会从源站（{origin}）拉取，而不是调用 on_stream_not_found，因此由该 hook 触发的按需拉流永远不会发生。',
      },
      fix: {
        en: 'Use either edge mode (cluster.origin_url) or the on_stream_not_found hook, not both.',
        zh: '边缘模式（cluster.origin_url）和 on_stream_not_found hook 二选一。',
      },
    },
    noneReader: {
      message: {
        en: 'hook.on_stream_none_reader is bypassed for pulled streams because cluster.origin_url is set: they are closed when unwatched',
        zh: '由于设置了 cluster.origin_url，拉流类的流不再调用 hook.on_stream_none_reader：无人观看时直接关闭',
      },
      why: {
        en: 'With cluster.origin_url set, every stream whose origin type is pull (edge pulls and also addStreamProxy proxies) is closed by ZLM when nobody watches it, without asking on_stream_none_reader. Proxies that the hook would keep alive are dropped after streamNoneReaderDelayMS.',
        zh: '设置 cluster.origin_url 后，所有来源类型为拉流的流（边缘拉流以及 addStreamProxy 代理）在无人观看时都由 ZLM 直接关闭，不再询问 on_stream_none_reader。原本由该 hook 保活的代理流会在 streamNoneReaderDelayMS 后被关闭。',
      },
      fix: {
        en: 'Clear cluster.origin_url unless this server is an edge of an origin cluster.',
        zh: '除非本服务器是源站集群的边缘节点，否则清空 cluster.origin_url。',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const origin = doc.get('cluster.origin_url') ?? '';
    if (origin === '') return;
    if (!effBool(doc, 'hook.enable')) return;
    const nf = doc.entry('hook.on_stream_not_found');
    if (nf && nf.value) ctx.report({ messageId: 'notFound', key: 'hook.on_stream_not_found', line: nf, data: { origin } });
    const nr = doc.entry('hook.on_stream_none_reader');
    if (nr && nr.value) ctx.report({ messageId: 'noneReader', key: 'hook.on_stream_none_reader', line: nr, data: { origin } });
  },
};
