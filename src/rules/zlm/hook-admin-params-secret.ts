import type { Rule } from '../types.ts';
import { zlmGeneration } from '../../zlm/generation.ts';
import { secretWeakness } from '../../zlm/secret-strength.ts';
import { SAMPLE_SECRET } from '../../zlm/effective.ts';

/** The value a URL parameter must carry, when admin_params is `name=value` (ZLM compares the whole param string). */
function paramValue(raw: string): string {
  const eq = raw.indexOf('=');
  return eq < 0 ? raw : raw.slice(eq + 1);
}

/**
 * hook.admin_params holding the public sample secret (or a guessable one) on
 * a file whose generation still honours it: until 2023-07-22 a play or
 * publish URL whose params equal admin_params skipped every hook. On newer
 * layouts the key is dead (legacy-key reports it), so this rule stays quiet.
 */
export const rule: Rule = {
  meta: {
    id: 'hook-admin-params-secret',
    severity: 'warning',
    category: 'security',
    fixable: false,
    title: { en: 'hook.admin_params is a public bypass', zh: 'hook.admin_params 是公开的鉴权绕过口令' },
  },
  messages: {
    sample: {
      message: {
        en: 'hook.admin_params carries the public sample secret: on this ZLM generation (key set of {generation}) any play or publish URL with it bypasses hook authentication',
        zh: 'hook.admin_params 携带公开的范例 secret：在这一代 ZLM（键集合对应 {generation}）上，任何带有它的播放或推流地址都会绕过 hook 鉴权',
      },
      why: {
        en: 'Until 2023-07-22 (25d5e410) ZLM skipped on_play, on_publish and the other auth hooks for any request whose URL params equal hook.admin_params. The sample value is published with ZLMediaKit, so anyone can append ?secret=<sample> and play or publish without WVP (or your hook server) being asked.',
        zh: '在 2023-07-22（25d5e410）之前，只要请求的 URL 参数等于 hook.admin_params，ZLM 就跳过 on_play、on_publish 等鉴权 hook。范例值随 ZLMediaKit 公开，任何人都能在地址后加上 ?secret=<范例值>，无需 WVP（或你的 hook 服务）同意即可播放或推流。',
      },
      fix: {
        en: 'Delete hook.admin_params (newer ZLM ignores it anyway), or set it to a private random value; upgrade ZLM.',
        zh: '删除 hook.admin_params（新版 ZLM 本就忽略它），或把它设置为私有随机值；并升级 ZLM。',
      },
    },
    weak: {
      message: {
        en: 'hook.admin_params carries a guessable value: on this ZLM generation (key set of {generation}) any play or publish URL with it bypasses hook authentication',
        zh: 'hook.admin_params 的值容易被猜到：在这一代 ZLM（键集合对应 {generation}）上，任何带有它的播放或推流地址都会绕过 hook 鉴权',
      },
      why: {
        en: 'Until 2023-07-22 (25d5e410) ZLM skipped on_play, on_publish and the other auth hooks for any request whose URL params equal hook.admin_params. A placeholder or short value there is a bypass anyone can guess.',
        zh: '在 2023-07-22（25d5e410）之前，只要请求的 URL 参数等于 hook.admin_params，ZLM 就跳过 on_play、on_publish 等鉴权 hook。这里的占位值或过短的值是任何人都能猜到的绕过口令。',
      },
      fix: {
        en: 'Delete hook.admin_params (newer ZLM ignores it anyway), or set it to a private random value; upgrade ZLM.',
        zh: '删除 hook.admin_params（新版 ZLM 本就忽略它），或把它设置为私有随机值；并升级 ZLM。',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const line = doc.entry('hook.admin_params');
    const raw = line?.value ?? '';
    if (!line || raw === '') return;
    const gen = zlmGeneration(doc);
    if (!gen.honoursAdminParams) return;
    const value = paramValue(raw);
    const messageId = raw.includes(SAMPLE_SECRET) ? 'sample' : secretWeakness(value) ? 'weak' : undefined;
    if (!messageId) return;
    const generation = `${gen.from ?? '2019'}..${gen.to ?? 'now'}`;
    ctx.report({ messageId, key: 'hook.admin_params', line, span: 'key', data: { generation } });
  },
};
