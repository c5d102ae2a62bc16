import type { Rule } from '../types.ts';
import { secretWeakness } from '../../zlm/secret-strength.ts';

const WHY = {
  en: 'Every secret-protected HTTP API (addStreamProxy, setServerConfig, kick_session, restartServer, ...) accepts whoever sends this value. ZLM only replaces the public sample or an empty secret at start-up; any other value is used as written, so a guessable one protects nothing once the API port is reachable.',
  zh: '所有受 secret 保护的 HTTP API（addStreamProxy、setServerConfig、kick_session、restartServer 等）都接受携带该值的请求。ZLM 只在启动时替换公开范例值或空值，其它值都原样使用，所以只要 API 端口可达，一个容易猜到的值等于没有保护。',
};
const FIX = {
  en: 'Set api.secret to a private random value of 32 letters and digits (e.g. `openssl rand -hex 16`) and put the same value into the controller (WVP media.secret).',
  zh: '把 api.secret 设置为 32 位随机字母数字组成的私有值（例如 `openssl rand -hex 16`），并在控制端（WVP 的 media.secret）填写相同的值。',
};

/**
 * api.secret that is guessable: a template token left in place, a dictionary
 * placeholder, digits only, or shorter than 16 characters. The value is never
 * put into a message.
 */
export const rule: Rule = {
  meta: {
    id: 'api-secret-weak',
    severity: 'warning',
    category: 'security',
    fixable: false,
    title: { en: 'API secret is guessable', zh: 'API secret 容易被猜到' },
  },
  messages: {
    template: {
      message: {
        en: 'api.secret is a template token that was never filled in ({length} characters)',
        zh: 'api.secret 是从未被替换的模板占位符（{length} 个字符）',
      },
      why: {
        en: 'ZLM does not expand ${VAR}, {{var}} or %VAR% in api.secret: the token itself is the secret, and it is the same in every copy of the template. ' + WHY.en,
        zh: 'ZLM 不会展开 api.secret 中的 ${VAR}、{{var}} 或 %VAR%：占位符本身就成了 secret，而且在模板的每一份拷贝里都相同。' + WHY.zh,
      },
      fix: FIX,
    },
    placeholder: {
      message: {
        en: 'api.secret is a well-known placeholder value ({length} characters)',
        zh: 'api.secret 是常见的占位值（{length} 个字符）',
      },
      why: WHY,
      fix: FIX,
    },
    nearSample: {
      message: {
        en: 'api.secret is the public sample value with only a few characters changed',
        zh: 'api.secret 只是把公开范例值改动了几个字符',
      },
      why: {
        en: 'ZLM replaces only the exact sample at start-up, so this value is used as written; but anyone who knows the sample (it ships with ZLMediaKit) needs only a handful of guesses. ' + WHY.en,
        zh: 'ZLM 启动时只替换与范例完全相同的值，所以这个值会被原样使用；但知道范例值（随 ZLMediaKit 一起发布）的人只需猜几次。' + WHY.zh,
      },
      fix: FIX,
    },
    digits: {
      message: {
        en: 'api.secret is digits only ({length} characters)',
        zh: 'api.secret 只含数字（{length} 个字符）',
      },
      why: WHY,
      fix: FIX,
    },
    short: {
      message: {
        en: 'api.secret is only {length} characters long (fewer than 16)',
        zh: 'api.secret 只有 {length} 个字符（少于 16 个）',
      },
      why: WHY,
      fix: FIX,
    },
  },
  check(ctx) {
    const line = ctx.doc.entry('api.secret');
    if (!line) return;
    const value = line.value ?? '';
    const weakness = secretWeakness(value);
    if (!weakness) return;
    ctx.report({ messageId: weakness, key: 'api.secret', line, span: 'key', data: { length: [...value].length } });
  },
};
