/** hook-timing reports from worst case = handshake limit on; the Chinese says 达到 at the limit and 超过 past it. */
import { describe, expect, it } from 'vitest';
import { IniDocument } from '../../src/ini/document.ts';
import { lint } from '../../src/lint/engine.ts';
import { ruleById } from '../../src/rules/index.ts';

const message = (timing: string, lang: 'en' | 'zh') =>
  lint({ doc: new IniDocument(`[hook]\nenable=1\non_publish=http://10.10.3.7:7000/hooks/on_publish\n${timing}\n[rtsp]\nhandshakeSecond=15\n[rtmp]\nhandshakeSecond=15\n`), file: 'config.ini', rules: [ruleById('hook-timing')!], lang, hasZlm: true })[0]?.message;

describe('hook-timing wording', () => {
  it('at the limit: 达到, not 超过', () => {
    const t = 'timeoutSec=5\nretry=2\nretry_delay=0';
    expect(message(t, 'zh')).toBe('hook.timeoutSec=5、retry=2、retry_delay=0：慢速鉴权 hook 最长耗时 15 秒，达到 15 秒的握手时限');
    expect(message(t, 'en')).toBe('hook.timeoutSec=5 with retry=2 and retry_delay=0: a slow auth hook takes up to 15 s, not below the 15 s handshake limit');
  });
  it('past the limit: 超过', () => {
    const t = 'timeoutSec=5\nretry=2\nretry_delay=1';
    expect(message(t, 'zh')).toBe('hook.timeoutSec=5、retry=2、retry_delay=1：慢速鉴权 hook 最长耗时 17 秒，超过 15 秒的握手时限');
    expect(message(t, 'en')).toBe('hook.timeoutSec=5 with retry=2 and retry_delay=1: a slow auth hook takes up to 17 s, not below the 15 s handshake limit');
  });
  it('below the limit: nothing', () => {
    expect(message('timeoutSec=4\nretry=2\nretry_delay=1', 'zh')).toBeUndefined();
  });
});
