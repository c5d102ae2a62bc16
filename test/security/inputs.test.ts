/**
 * What is accepted as config.ini: a YAML document (WVP's application.yml, a
 * compose file) is refused with exit 2 and a hint, printing nothing of it;
 * GBK/GB18030 files are read and repaired in their own encoding.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { configFromBytes, InputError, readConfigFile } from '../../src/io/read-config.ts';
import { yamlKindOfLines } from '../../src/io/not-ini.ts';
import { IniDocument } from '../../src/ini/document.ts';
import { runCli } from '../support/cli.ts';
import { describeShared, sharedPath } from '../support/shared.ts';

/** the kind of a text as read-config sees it: its parsed lines */
const yamlKind = (text: string) => yamlKindOfLines(new IniDocument(text).lines);

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'zd-inputs-'));
  dirs.push(d);
  return d;
}

const APPLICATION_YML = `server:
  port: 18080
spring:
  datasource:
    url: jdbc:mysql://127.0.0.1:3306/wvp?useUnicode=true&characterEncoding=UTF8
    username: root
    password: DbPassw0rd-Leak
sip:
  ip: 127.0.0.1
  port: 5060
  id: 34020000002000000001
  password: SipPassw0rd-Leak
media:
  id: zlm-01
  ip: 127.0.0.1
  http-port: 80
  secret: MediaSecretLeak0123456789abcdef
`;

const COMPOSE = `services:
  zlm:
    image: zlmediakit/zlmediakit:master
    environment:
      - ZLM_SECRET=ComposeSecretLeak42
    ports:
      - "80:80"
  mysql:
    image: mysql:8
    environment:
      MYSQL_ROOT_PASSWORD: ComposeRootLeak42
`;

describe('a YAML document given as config.ini', () => {
  it('is recognised by kind', () => {
    expect(yamlKind(APPLICATION_YML)).toBe('wvp');
    expect(yamlKind(COMPOSE)).toBe('compose');
    expect(yamlKind('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: zlm\n')).toBe('k8s');
    expect(yamlKind('a:\n  b: 1\n  c: 2\nd: 3\n')).toBe('yaml');
  });

  it('leaves INI texts alone: whole files, excerpts, headerless keys, URLs with colons', () => {
    expect(yamlKind('[api]\nsecret=abc\n[hook]\non_play=http://127.0.0.1:18080/index/hook/on_play\n')).toBeUndefined();
    expect(yamlKind('on_play=http://a:1/x\non_publish=http://a:1/y\nenable=1\n')).toBeUndefined();
    expect(yamlKind('# comment: with a colon\n; another: one\n# third: x\n[http]\nport=80\n')).toBeUndefined();
    expect(yamlKind('')).toBeUndefined();
  });

  it('check refuses application.yml with exit 2, a hint, and nothing from the file', async () => {
    const d = tmp();
    const f = join(d, 'config.ini');
    writeFileSync(f, APPLICATION_YML);
    const r = await runCli(['check', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('use --wvp application.yml');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    for (const s of ['DbPassw0rd-Leak', 'SipPassw0rd-Leak', 'MediaSecretLeak', 'jdbc:', '34020000002000000001']) expect(r.stderr + r.stdout).not.toContain(s);
  });

  it('check and fix refuse a compose file with a hint towards --compose', async () => {
    const d = tmp();
    const f = join(d, 'docker-compose.yml');
    writeFileSync(f, COMPOSE);
    for (const args of [['check', f], ['check', '--format', 'json', f], ['fix', f], ['fix', '--dry-run', f]]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('--compose');
      expect(r.stdout + r.stderr).not.toMatch(/ComposeSecretLeak42|ComposeRootLeak42/);
    }
  });

  it('says it in Chinese with --lang zh', async () => {
    const d = tmp();
    const f = join(d, 'config.ini');
    writeFileSync(f, APPLICATION_YML);
    const r = await runCli(['check', '--lang', 'zh', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('这看起来是 WVP 的 application.yml');
  });

  it('says it in Chinese too', () => {
    try {
      configFromBytes('x.ini', Buffer.from(APPLICATION_YML));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).reasonZh).toContain('--wvp application.yml');
    }
  });
});

describeShared('corpus', 'real files: every application.yml and compose file refused, no config.ini refused', () => {
  const deployments = sharedPath('corpus', 'real-deployments');
  const history = sharedPath('corpus', 'zlm-config-history');

  it('refuses every real application.yml and compose file', () => {
    let n = 0;
    for (const d of readdirSync(deployments).filter((x) => statSync(join(deployments, x)).isDirectory())) {
      for (const f of readdirSync(join(deployments, d), { recursive: true }) as string[]) {
        const base = f.split('/').pop()!;
        const kind = /^application.*\.ya?ml$/.test(base) ? 'wvp' : /compose.*\.ya?ml$/.test(base) ? 'compose' : undefined;
        if (!kind) continue;
        n++;
        expect(() => readConfigFile(join(deployments, d, f)), `${d}/${f}`).toThrow(kind === 'wvp' ? /use --wvp/ : /--compose/);
      }
    }
    expect(n).toBeGreaterThan(10);
  });

  it('accepts every real config.ini', () => {
    const files = [
      ...readdirSync(history).filter((f) => f.endsWith('.ini')).map((f) => join(history, f)),
      ...readdirSync(deployments)
        .map((d) => join(deployments, d, 'config.ini'))
        .filter((p) => {
          try {
            return statSync(p).isFile();
          } catch {
            return false;
          }
        }),
    ];
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) expect(() => readConfigFile(f), f).not.toThrow();
  });
});

describe('GBK / GB18030 config.ini', () => {
  const TEXT = '# 流媒体服务器配置（GBK）\n[api]\napiDebug=1\nsecret=Xk3v9QpL2mZr8TnW4yBc6HdJ1sFa7GeU\n[hook]\n# 播放鉴权回调\non_play=http://127.0.0.1:18080/index/hook/on_play    # 内联注释\n[general]\nmediaServerId=zlm-site-01\n[shell]\nport=0\n';

  it('is read as GB18030 and encodes back to the same bytes', () => {
    const bytes = iconv.encode(TEXT, 'gbk');
    const c = configFromBytes('config.ini', bytes);
    expect(c.encoding).toBe('gb18030');
    expect(c.doc.text).toBe(TEXT);
    expect(c.doc.encoding).toBe('gb18030');
    expect(c.encode(c.doc.text).equals(bytes)).toBe(true);
    // an edit changes only the bytes of the edited value
    const edited = c.encode(c.doc.text.replace('apiDebug=1', 'apiDebug=0'));
    expect(edited.length).toBe(bytes.length);
    const diff = [...bytes].map((b, i) => (b !== edited[i] ? i : -1)).filter((i) => i >= 0);
    expect(diff).toHaveLength(1);
  });

  it('a UTF-8 file stays UTF-8', () => {
    const c = configFromBytes('config.ini', Buffer.from(TEXT, 'utf8'));
    expect(c.encoding).toBe('utf-8');
    expect(c.encode(TEXT).equals(Buffer.from(TEXT, 'utf8'))).toBe(true);
  });

  it('undecodable and binary files are still refused with the line', () => {
    expect(() => configFromBytes('x.ini', Buffer.from([0x5b, 0x61, 0x5d, 0x0a, 0x61, 0x3d, 0xff, 0xfe, 0x0a]))).toThrow(/neither UTF-8 nor GBK\/GB18030 \(byte 0xff on line 2\)/);
    expect(() => configFromBytes('x.ini', Buffer.from([0x61, 0x00, 0x62]))).toThrow(/binary data/);
  });

  it('check gives one not-utf8 info; fix writes GBK back, byte-exact outside the repair', async () => {
    const d = tmp();
    const f = join(d, 'config.ini');
    const bytes = iconv.encode(TEXT, 'gbk');
    writeFileSync(f, bytes);
    const c = await runCli(['check', '--format', 'json', f]);
    const j = JSON.parse(c.stdout) as { findings: { ruleId: string; severity: string }[] };
    expect(j.findings.filter((x) => x.ruleId === 'not-utf8').map((x) => x.severity)).toEqual(['info']);
    expect(c.stdout).not.toContain('\uFFFD');

    const r = await runCli(['fix', f]);
    expect(r.stdout + r.stderr).not.toContain('\uFFFD');
    const after = readFileSync(f);
    expect(after.equals(bytes)).toBe(false);
    const text = iconv.decode(after, 'gb18030');
    expect(iconv.encode(text, 'gb18030').equals(after)).toBe(true);
    // every line the repair did not touch is the same bytes as before
    const lines = (b: Buffer) => {
      const out: string[] = [];
      let s = 0;
      for (let i = 0; i <= b.length; i++) {
        if (i < b.length && b[i] !== 0x0a) continue;
        out.push(b.subarray(s, i).toString('hex'));
        s = i + 1;
      }
      return out;
    };
    const before = lines(bytes);
    const now = lines(after);
    for (const l of ['# 流媒体服务器配置（GBK）', '# 播放鉴权回调', 'mediaServerId=zlm-site-01']) expect(now).toContain(iconv.encode(l, 'gbk').toString('hex'));
    expect(before.filter((l) => now.includes(l)).length).toBeGreaterThanOrEqual(before.length - 3);
  });
});
