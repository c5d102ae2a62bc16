import type { Rule } from '../types.ts';
import { SAMPLE_SECRET } from '../../zlm/effective.ts';
import { sectionLine } from '../util.ts';
import { sampleSecretFate, zlmGeneration } from '../../zlm/generation.ts';


const SUGGESTION = {
  en: 'Set api.secret to a private random value of 32 letters and digits, and put the same value into the controller (WVP media.secret). Never reuse the sample value.',
  zh: '把 api.secret 设置为 32 位随机字母数字组成的私有值，并在控制端（WVP 的 media.secret）填写相同的值。不要再使用范例值。',
};

const FIX = {
  en: 'Set api.secret to a private random 32-character value and use the same value as WVP media.secret.',
  zh: '把 api.secret 设置为 32 位随机私有值，并让 WVP 的 media.secret 与之一致。',
};

const WHY = {
  en: 'The sample secret is published with ZLMediaKit. Builds since 2023-08 replace a sample or empty secret at every start with a random value and rewrite config.ini (with a read-only mount the new value is never saved, so it changes on every start and the controller gets "Incorrect secret"); builds from 2023-07-22 to 2023-08-12 refuse to start; older builds accept the public value, so anyone who can reach the HTTP API can control the server.',
  zh: '范例 secret 随 ZLMediaKit 一起公开。2023-08 之后的版本在每次启动时把范例值或空值替换为随机值并改写 config.ini（只读挂载时新值无法保存，每次启动都会变化，控制端会收到 "Incorrect secret"）；2023-07-22 至 2023-08-12 的版本直接拒绝启动；更早的版本接受这个公开值，任何能访问 HTTP API 的人都能控制服务器。',
};

/**
 * api.secret empty, equal to the public sample, or missing (the compiled-in
 * default is the sample). The value itself is never echoed.
 */
export const rule: Rule = {
  meta: {
    id: 'api-secret-sample',
    severity: 'error',
    category: 'security',
    fixable: false,
    title: { en: 'API secret is the public sample or empty', zh: 'API secret 为公开范例值或为空' },
  },
  messages: {
    sample: {
      message: {
        en: 'api.secret is the public sample value shipped in conf/config.ini',
        zh: 'api.secret 是 conf/config.ini 中公开的范例值',
      },
      why: WHY,
      fix: FIX,
    },
    sampleReplaced: {
      message: {
        en: 'api.secret is the public sample value: ZLM of this key set ({generation}) replaces it with a random secret at every start, so the controller\'s copy never matches',
        zh: 'api.secret 是公开的范例值：这一键集合（{generation}）对应的 ZLM 每次启动都会把它替换为随机 secret，控制端保存的值永远对不上',
      },
      why: WHY,
      fix: FIX,
    },
    sampleAccepted: {
      message: {
        en: 'api.secret is the public sample value: ZLM of this key set ({generation}) accepts it as is, so anyone who reaches the HTTP API controls the server',
        zh: 'api.secret 是公开的范例值：这一键集合（{generation}）对应的 ZLM 会原样接受它，任何能访问 HTTP API 的人都能控制服务器',
      },
      why: WHY,
      fix: FIX,
    },
    empty: {
      message: { en: 'api.secret is empty', zh: 'api.secret 为空' },
      why: WHY,
      fix: FIX,
    },
    missing: {
      message: {
        en: 'api.secret is missing; the compiled-in default is the public sample value',
        zh: '缺少 api.secret；编译内置的默认值就是公开的范例值',
      },
      why: WHY,
      fix: FIX,
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const line = doc.entry('api.secret');
    if (!line) {
      ctx.report({ messageId: 'missing', key: 'api.secret', line: sectionLine(doc, 'api'), suggestion: SUGGESTION, absent: true });
      return;
    }
    const value = line.value ?? '';
    if (value === '') {
      ctx.report({ messageId: 'empty', key: 'api.secret', line, span: 'key', suggestion: SUGGESTION });
    } else if (value === SAMPLE_SECRET) {
      // the generation of the key set says what the build does with the sample at start-up
      const gen = zlmGeneration(doc);
      const fate = sampleSecretFate(gen);
      const messageId = fate === 'replaced' ? 'sampleReplaced' : fate === 'accepted' ? 'sampleAccepted' : 'sample';
      const generation = `${gen.from ?? '2019'}..${gen.to ?? 'now'}`;
      // span 'key': the location points at the key, not at the secret text
      ctx.report({ messageId, key: 'api.secret', line, span: 'key', data: { generation }, suggestion: SUGGESTION });
    }
  },
};
