/** The one redaction policy (src/util/redact.ts): by key name, by value shape, by known value. */
import { describe, expect, it } from 'vitest';
import { fingerprint, findSecretSpans, isSecretKey, notASecret, redactWith, Redactor } from '../../src/util/redact.ts';

const FP = /‹secret sha256:[0-9a-f]{8}›/;
const spans = (t: string) => [...new Set(findSecretSpans(t).map((s) => t.slice(s.start, s.end)))];

describe('key names', () => {
  it.each(['secret', 'api.secret', 'Secret', 'SECRET', 'secert', 'sercet', 'secrt', 'password', 'pasword', 'passwrod', 'passwd', 'pwd', 'icePwd', 'passPhrase', 'srt.passPhrase', 'token', 'access_token', 'accessKey', 'access_key_id', 'accessKeyId', 'secret_key', 'secret-key', 'private-key', 'privateKey', 'api_key', 'sk', 'oss.ak', 'MYSQL_ROOT_PASSWORD', 'ZLM_SECRET', 'key-store-password', 'credentials', 'spring.datasource.password', 'redis-password'])('%s names a secret', (k) => {
    expect(isSecretKey(k)).toBe(true);
  });
  it.each(['select', 'passive-ports', 'key', 'key-store', 'segKeep', 'authBasic', 'legacyAuth', 'on_rtsp_auth', 'admin_params', 'keepAliveSecond', 'mediaServerId', 'ask', 'desk', 'port', 'hook.on_play', 'secretary_name_x'.slice(0, 6) + 'ion'])('%s is no secret', (k) => {
    expect(isSecretKey(k)).toBe(false);
  });
});

describe('shapes in sources', () => {
  it('INI: =, whitespace, odd case and spacing, before any section, inline comment kept in the span', () => {
    expect(spans('secret=top-0001\n[api]\nsecret abc-0002\n Secret = def-0003\nsecret=ghi-0004 # note\n')).toEqual(['top-0001', 'abc-0002', 'def-0003', 'ghi-0004 # note', 'ghi-0004']);
  });
  it('an elision in our own messages ("api.secert = ...") is no secret: one secret, one fingerprint', () => {
    expect(notASecret('...')).toBe(true);
    expect(notASecret('…')).toBe(true);
    expect(redactWith('it logs "unknow config: api.secert = ..." at start-up')).toBe('it logs "unknow config: api.secert = ..." at start-up');
  });

  it('admin_params and query strings', () => {
    expect(spans('admin_params=secret=adm-0005\non_play=http://h/x?a=1&secret=q-0006&b=2\n')).toEqual(['adm-0005', 'q-0006']);
  });
  it('URL userinfo, but not a port', () => {
    expect(spans('on_play=http://user:pw-0007@127.0.0.1:18080/x\nurl: jdbc:mysql://root:pw-0008@db:3306/wvp\non_publish=http://127.0.0.1:18080/x\n')).toEqual(['pw-0007', 'pw-0008']);
  });
  it('YAML: quoted, comment, placeholder default, bare placeholder, block scalar, list under a secret key', () => {
    const t = 'a:\n  password: "q-0009"  # c\n  secret: ${ZLM_SECRET:d-0010}\n  token: ${ONLY_A_NAME}\n  private-key: |\n    blk-0011\n    blk-0012\n  tokens:\n    - li-0013\n  other: fine\n';
    expect(spans(t)).toEqual(['q-0009', 'd-0010', 'blk-0011', 'blk-0012', 'li-0013']);
  });
  it('compose environment lists and maps', () => {
    expect(spans('    environment:\n      - ZLM_SECRET=c-0014\n      MYSQL_ROOT_PASSWORD: c-0015\n')).toEqual(['c-0014', 'c-0015']);
  });
  it('private key blocks', () => {
    expect(spans('-----BEGIN RSA PRIVATE KEY-----\nMIIabc\nDEF==\n-----END RSA PRIVATE KEY-----\nx=1\n')).toEqual(['MIIabc', 'DEF==']);
  });
  it('a misspelt key is found when it is the only secret-like word in the text (no early exit misses it)', () => {
    // every word one deletion, transposition or insertion away from the typo targets that isSecretKey accepts
    const words = new Set<string>();
    for (const t of ['secret', 'password', 'passwd', 'passphrase']) {
      for (let i = 0; i < t.length; i++) words.add(t.slice(0, i) + t.slice(i + 1));
      for (let i = 0; i + 1 < t.length; i++) words.add(t.slice(0, i) + t[i + 1]! + t[i]! + t.slice(i + 2));
      for (let i = 0; i <= t.length; i++) for (const c of 'aqz9') words.add(t.slice(0, i) + c + t.slice(i));
    }
    const accepted = [...words].filter((w) => isSecretKey(w));
    expect(accepted.length).toBeGreaterThan(60);
    for (const w of accepted) {
      expect(spans(`[general]\nlistenIp=::\n${w}=v-0016x\n`), w).toEqual(['v-0016x']);
      if (isSecretKey(w.toUpperCase())) expect(spans(`db:\n  ${w.toUpperCase()}: v-0017x\n`), w).toEqual(['v-0017x']);
    }
    expect(spans('minioSk=v-0018x\nALIYUN_AK: v-0019x\n')).toEqual(['v-0018x', 'v-0019x']);
  });
  it('leaves flags, ZLM’s public icePwd default and ordinary prose alone', () => {
    expect(spans('icePwd=ZLMediaKit\npassword=\nsecret: true\napi.apiDebug is on: every request is logged with its secret\nthe secret differs from WVP\n')).toEqual([]);
  });
});

describe('Redactor', () => {
  it('learns values by shape and replaces them wherever echoed, URL-encoded too', () => {
    const r = new Redactor().learn('[api]\nsecert=Typo+Secret/0016\n');
    expect(r.redact('hook http://h/x?secret=Typo%2BSecret%2F0016 and Typo+Secret/0016')).not.toMatch(/0016/);
  });
  it('redacts code frames and diffs by shape without knowing the value', () => {
    const out = new Redactor().redact('  > 12 | secret=frame-0017\n    13 | passPhrase frame-0018\n-secret=old-0019\n+secret=new-0020\n');
    expect(out).not.toMatch(/00(17|18|19|20)/);
    expect(out.match(new RegExp(FP, 'g'))).toHaveLength(4);
  });
  it('is idempotent: a fingerprint is never redacted again', () => {
    const r = new Redactor().add('Abcdefghij0123456789abcdefghij01');
    const once = r.redact('generated a new secret Abcdefghij0123456789abcdefghij01, secret=Abcdefghij0123456789abcdefghij01');
    // (a fresh redactor: one that returned `once` passes it back without a scan)
    expect(new Redactor().add('Abcdefghij0123456789abcdefghij01').redact(once)).toBe(once);
    expect(r.redact(once)).toBe(once);
    expect(once).toBe(`generated a new secret ${fingerprint('Abcdefghij0123456789abcdefghij01')}, secret=${fingerprint('Abcdefghij0123456789abcdefghij01')}`);
  });
  it('gives back a text it redacted unchanged: every shape and known value is a fixed point', () => {
    const text = [
      '[api]', 'secret=Typo+Secret/0016', 'secert = misspelt-0021', ' Secret=case-0022', 'secret XYZ-0023',
      '[hook]', 'admin_params=secret=admin-0024', 'on_play=http://user:pass-0025@127.0.0.1:18080/x?secret=q-0026&a=1',
      'media:', '  secret: "yaml-0027"', '  password: ${DB_PASS:pw-0028}', 'environment:', '  - MYSQL_ROOT_PASSWORD=env-0029',
      'Authorization: Bearer abcdefgh-0030', '-----BEGIN PRIVATE KEY-----', 'MIIBVgIBADANBgkq-0031', '-----END PRIVATE KEY-----',
      '  > 12 | secret=frame-0032', '-secret=old-0033', '{"secret": "json-0034", "x": 1}', 'modified it to: gen-0035',
    ].join('\n');
    const once = new Redactor().learn(text).redact(text);
    expect(once).not.toMatch(/00(1[6-9]|2\d|3[0-5])/);
    expect(new Redactor().learn(text).redact(once)).toBe(once);
    // and a secret learnt after a redaction applies to that same text when it is redacted again
    const r = new Redactor();
    const before = r.redact('a bare value late-secret-0036');
    expect(before).toMatch(/0036/);
    r.add('late-secret-0036');
    expect(r.redact(before)).not.toMatch(/0036/);
  });
  it('a short known value is replaced only as a whole token', () => {
    const r = new Redactor().add('admin');
    expect(r.redact('admin_params=x and user admin here')).toMatch(/^admin_params=x and user ‹secret sha256:[0-9a-f]{8}› here$/);
  });
  it('keeps JSON valid', () => {
    const j = new Redactor().redact(JSON.stringify({ secret: 'js-0021', key: 'api.secret', message: 'hook http://u:pw-0022@h/x?secret=q-0023' }));
    const o = JSON.parse(j) as Record<string, string>;
    expect(o.secret).toMatch(FP);
    expect(o.key).toBe('api.secret');
    expect(j).not.toMatch(/00(21|22|23)/);
  });
  it('off (--show-secrets) passes text unchanged', () => {
    expect(new Redactor({ off: true }).add('abcd-0024').redact('secret=abcd-0024')).toBe('secret=abcd-0024');
  });
});
