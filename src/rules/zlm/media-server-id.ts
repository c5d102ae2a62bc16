import type { Rule } from '../types.ts';
import { sectionLine } from '../util.ts';


const FIX = {
  en: 'Set general.mediaServerId to a fixed name that is unique per ZLM instance (e.g. zlm-site-01) and use the same value as WVP media.id.',
  zh: '把 general.mediaServerId 设置为每个 ZLM 实例唯一的固定名称（例如 zlm-site-01），并让 WVP 的 media.id 与之一致。',
};

/** general.mediaServerId missing (random per start), empty, or the sample `your_server_id`. */
export const rule: Rule = {
  meta: {
    id: 'media-server-id',
    severity: 'warning',
    category: 'security',
    fixable: false,
    title: { en: 'mediaServerId not set to a unique fixed value', zh: 'mediaServerId 未设置为唯一的固定值' },
  },
  messages: {
    missing: {
      message: {
        en: 'general.mediaServerId is missing: ZLM picks a random 16-character id at every start',
        zh: '缺少 general.mediaServerId：ZLM 每次启动都会随机生成 16 位 id',
      },
      why: {
        en: 'Every hook body carries mediaServerId and a controller such as WVP identifies the server by it (media.id). A new id after each restart means WVP logs "[未注册的zlm] 拒接接入" or ignores keepalives and hooks, unless ZLM happens to rewrite the file and the file is writable.',
        zh: '每个 hook 请求体都带有 mediaServerId，WVP 等控制端据此（media.id）识别服务器。每次重启 id 都不同，WVP 会报 "[未注册的zlm] 拒接接入" 或忽略心跳和 hook，除非 ZLM 恰好改写了可写的配置文件。',
      },
      fix: FIX,
    },
    sample: {
      message: {
        en: 'general.mediaServerId is the sample value "your_server_id"',
        zh: 'general.mediaServerId 是范例值 "your_server_id"',
      },
      why: {
        en: 'Every server installed from the sample file reports the same id in its hooks, so a controller managing several ZLM instances cannot tell them apart (streams and keepalives are attributed to the wrong node).',
        zh: '所有用范例文件安装的服务器在 hook 中上报同一个 id，管理多个 ZLM 的控制端无法区分它们（流和心跳会被记到错误的节点上）。',
      },
      fix: FIX,
    },
    empty: {
      message: { en: 'general.mediaServerId is empty', zh: 'general.mediaServerId 为空' },
      why: {
        en: 'ZLM keeps the empty value and sends "mediaServerId": "" in every hook; a controller such as WVP cannot match it to a configured media server.',
        zh: 'ZLM 会保留空值，并在每个 hook 中发送 "mediaServerId": ""，WVP 等控制端无法与已配置的流媒体服务器对应。',
      },
      fix: FIX,
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const key = 'general.mediaServerId';
    const line = doc.entry(key);
    if (!line) {
      ctx.report({ messageId: 'missing', key, line: sectionLine(doc, 'general'), absent: true });
      return;
    }
    if (line.value === '') ctx.report({ messageId: 'empty', key, line });
    else if (line.value === 'your_server_id') ctx.report({ messageId: 'sample', key, line });
  },
};
