/**
 * Spring Boot semantics of the WVP loader: profiles and overlays, multi-document
 * files, placeholders, relaxed names, YAML 1.1 scalars, WVP code defaults,
 * generation detection and input errors.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { buildWvp, loadWvp } from '../../src/wvp/load.ts';
import { canonicalKey } from '../../src/wvp/spring/relaxed.ts';
import { InputError } from '../../src/io/read-config.ts';
import { aliasBomb } from '../support/yaml-bombs.ts';

const FIX = join(import.meta.dirname, 'fixtures');
const yml = (text: string, env: NodeJS.ProcessEnv = {}, extra: { path: string; text: string }[] = [], profiles?: string[]) =>
  buildWvp([{ path: 'application.yml', text }, ...extra], { env, ...(profiles ? { profiles } : {}) });

const BASE = `server:
  port: 18080
sip:
  ip: 10.0.0.5
media:
  id: zlm-1
  ip: 10.0.0.6
  secret: s
`;

describe('profiles and overlays', () => {
  it('spring.profiles.active from a placeholder default: overlays in order, .yml and .yaml', () => {
    const w = loadWvp(join(FIX, 'profiles/application.yml'), { env: {} });
    expect(w.profiles).toEqual(['dev', 'mysql']);
    expect(w.files).toEqual([join(FIX, 'profiles/application.yml'), join(FIX, 'profiles/application-dev.yml'), join(FIX, 'profiles/application-mysql.yaml')]);
    // later overlays win over earlier ones and over the main file
    expect(w.get('server.port')).toMatchObject({ value: '18082', loc: { file: join(FIX, 'profiles/application-mysql.yaml'), line: 2, column: 9 } });
    // relaxed spellings in the overlay replace the kebab keys of the base
    expect(w.get('media.hook-ip')).toMatchObject({ value: '10.0.0.5', loc: { file: join(FIX, 'profiles/application-dev.yml'), line: 2 } });
    expect(w.get('media.http-port').value).toBe('8080');
    expect(w.get('media.id').value).toBe('zlm-base');
    expect(w.sources.get(join(FIX, 'profiles/application-dev.yml'))).toContain('hookIp');
    expect(w.problems).toEqual([]);
  });

  it('SPRING_PROFILES_ACTIVE in the environment and opts.profiles override the file', () => {
    const w = loadWvp(join(FIX, 'profiles/application.yml'), { env: { SPRING_PROFILES_ACTIVE: 'mysql' } });
    expect(w.profiles).toEqual(['mysql']);
    expect(w.get('media.hook-ip').value).toBe('127.0.0.1');
    const o = loadWvp(join(FIX, 'profiles/application.yml'), { env: {}, profiles: ['dev'] });
    expect(o.profiles).toEqual(['dev']);
    expect(o.get('server.port').value).toBe('18081');
  });

  it('a missing profile file is a problem pointing at spring.profiles.active', () => {
    const w = loadWvp(join(FIX, 'profiles/application.yml'), { env: { SPRING_PROFILES_ACTIVE: 'dev,cloud' } });
    expect(w.files).toHaveLength(2);
    const p = w.problems.find((x) => x.kind === 'missing-profile');
    expect(p?.subject).toBe(join(FIX, 'profiles/application-cloud.yml'));
    expect(p?.detail.en).toContain('"cloud"');
    expect(p?.detail.zh).toContain('"cloud"');
    expect(w.problems).toHaveLength(1);
  });

  it('dotted keys at the root and a .yaml overlay', () => {
    const w = loadWvp(join(FIX, 'yaml-ext/application.yml'), { env: {} });
    expect(w.profiles).toEqual(['docker']);
    expect(w.get('media.hook-ip').value).toBe('wvp');
    expect(w.get('server.port').value).toBe('18080');
  });

  it('no active profile: application-default.yml applies', () => {
    const w = loadWvp(join(FIX, 'default-profile/application.yml'), { env: {} });
    expect(w.profiles).toEqual(['default']);
    expect(w.get('media.hook-ip').value).toBe('10.9.0.1');
  });

  it('multi-document files: on-profile documents apply only with their profile', () => {
    const w = loadWvp(join(FIX, 'multidoc/application.yml'), { env: {} });
    expect(w.profiles).toEqual(['prod']);
    expect(w.get('media.hook-ip')).toMatchObject({ value: '192.168.5.10', loc: { line: 19 } });
    expect(w.get('server.port').value).toBe('18080');
    expect(w.get('media.id').value).toBe('zlm-multi');
    expect(w.problems).toEqual([]);
    const t = loadWvp(join(FIX, 'multidoc/application.yml'), { env: {}, profiles: ['test'] });
    expect(t.get('server.port').value).toBe('9999');
    expect(t.get('media.id').value).toBe('never-applied');
    expect(t.get('media.hook-ip').value).toBe('127.0.0.1');
  });

  it('overlays given to the pure builder are picked by name', () => {
    const w = yml('spring.profiles.active: a , b\n' + BASE, {}, [
      { path: 'application-b.yml', text: 'server:\n  port: 2\n' },
      { path: 'application-a.yml', text: 'server:\n  port: 1\nmedia:\n  id: from-a\n' },
      { path: 'application-c.yml', text: 'server:\n  port: 3\n' },
    ]);
    expect(w.profiles).toEqual(['a', 'b']);
    expect(w.files).toEqual(['application.yml', 'application-a.yml', 'application-b.yml']);
    expect(w.get('server.port').value).toBe('2');
    expect(w.get('media.id').value).toBe('from-a');
  });

  it('a YAML list of profiles; a later list replaces an earlier one as a whole', () => {
    const w = yml('spring:\n  profiles:\n    active:\n      - x\n' + BASE + 'user-settings:\n  allowed-origins: [a, b, c]\n', {}, [
      { path: 'application-x.yml', text: 'user-settings:\n  allowed-origins:\n    - z\n' },
    ]);
    expect(w.profiles).toEqual(['x']);
    expect(w.get('user-settings.allowed-origins').value).toBe('z');
    expect(w.get('user-settings.allowed-origins[0]').value).toBe('z');
    expect(w.get('user-settings.allowed-origins[1]').source).toBe('missing');
  });
});

describe('placeholders', () => {
  it('${NAME}, ${NAME:default}, defaults with ":" or empty, nested in longer strings', () => {
    const w = yml(
      BASE +
        `  hook-ip: \${HOOK:}
  stream-ip: http://\${HOST:127.0.0.1}:\${PORT:18080}/x
  sdp-ip: \${SDP:a:b:c}
  record-path: \${REC}
`,
    );
    expect(w.get('media.hook-ip')).toMatchObject({ value: '', source: 'placeholder-default', raw: '${HOOK:}' });
    expect(w.get('media.stream-ip').value).toBe('http://127.0.0.1:18080/x');
    expect(w.get('media.sdp-ip').value).toBe('a:b:c');
    expect(w.get('media.record-path')).toMatchObject({ value: undefined, unresolved: ['REC'], source: 'file', loc: { line: 12, column: 16 } });
    expect(w.problems).toEqual([
      expect.objectContaining({ kind: 'unresolved-placeholder', subject: 'media.record-path', loc: expect.objectContaining({ line: 12 }) }),
    ]);
  });

  it('environment values win over defaults; partial resolution names what is missing', () => {
    const w = yml(BASE + '  stream-ip: http://${HOST}:${PORT:80}\n  hook-ip: ${HOOK_HOST:127.0.0.1}\n', { HOOK_HOST: '10.0.0.5', PORT: '81' });
    expect(w.get('media.hook-ip')).toMatchObject({ value: '10.0.0.5', source: 'env', envVar: 'HOOK_HOST' });
    expect(w.get('media.stream-ip')).toMatchObject({ value: undefined, unresolved: ['HOST'] });
    const w2 = yml(BASE + '  stream-ip: http://${HOST}:${PORT:80}\n', { HOST: 'h' });
    expect(w2.get('media.stream-ip')).toMatchObject({ value: 'http://h:80', source: 'placeholder-default' });
  });

  it('references to other keys resolve against the merged config (relaxed), including overlays', () => {
    const w = yml(BASE + '  wan_ip: 1.2.3.4\n  sdp-ip: ${media.wan_ip:}\n  stream-ip: ${media.wan-ip}\n  hook-ip: ${sip.ip}\n', {}, [
      { path: 'application-p.yml', text: 'sip:\n  ip: 10.0.0.99\n' },
    ], ['p']);
    expect(w.get('media.sdp-ip').value).toBe('1.2.3.4');
    expect(w.get('media.stream-ip').value).toBe('1.2.3.4');
    expect(w.get('media.hook-ip').value).toBe('10.0.0.99');
  });

  it('circular references are unresolved, not a hang', () => {
    const w = yml(BASE + '  sdp-ip: ${media.stream-ip}\n  stream-ip: ${media.sdp-ip}\n');
    expect(w.get('media.sdp-ip').value).toBeUndefined();
    expect(w.get('media.sdp-ip').unresolved?.length).toBeGreaterThan(0);
  });

  it('an unterminated ${ is literal text, as in Spring', () => {
    expect(yml(BASE + '  type: abc${def\n').get('media.type').value).toBe('abc${def');
  });
});

describe('relaxed names, environment keys and scalars', () => {
  it('hook-ip, hookIp and hook_ip are one key; get() returns the path asked for', () => {
    for (const spelling of ['hook-ip', 'hookIp', 'hook_ip', 'HOOK_IP']) {
      const v = yml(BASE + `  ${spelling}: 10.0.0.5\n`).get('media.hook-ip');
      expect(v).toMatchObject({ path: 'media.hook-ip', value: '10.0.0.5', source: 'file' });
    }
    expect(yml(BASE + '  wan-ip: 5.5.5.5\n').get('media.wan_ip').value).toBe('5.5.5.5');
    expect(canonicalKey('media.rtp.port-range')).toBe(canonicalKey('media.rtp.portRange'));
  });

  it('environment variables override keys (MEDIA_IP, MEDIA_HTTP_PORT, MEDIA_HTTPPORT)', () => {
    expect(yml(BASE, { MEDIA_IP: '9.9.9.9' }).get('media.ip')).toMatchObject({ value: '9.9.9.9', source: 'env', envVar: 'MEDIA_IP' });
    expect(yml(BASE, { MEDIA_HTTP_PORT: '81' }).get('media.http-port').value).toBe('81');
    expect(yml(BASE, { MEDIA_HTTPPORT: '82' }).get('media.http-port').value).toBe('82');
    expect(yml(BASE, { SERVER_PORT: '18978' }).get('server.port')).toMatchObject({ value: '18978', source: 'env' });
  });

  it('numbers and booleans come back in their Java string form (YAML 1.1, like SnakeYAML)', () => {
    const w = yml(
      BASE +
        `  http-port: 018
  record-day: 1_000
  rtp:
    enable: yes
    port-range: 30000,30500
  auto-config: off
  type: y
  record-assist-port: +5
  ssrc: 1.0
user-settings:
  play-timeout: 0x10
  server-id: 2024-01-01
  sip-log: ~
`,
    );
    expect(w.get('media.http-port').value).toBe('18'); // octal in YAML 1.1
    expect(w.get('media.record-day').value).toBe('1000');
    expect(w.get('media.rtp.enable').value).toBe('true');
    expect(w.get('media.rtp.port-range').value).toBe('30000,30500');
    expect(w.get('media.auto-config').value).toBe('false');
    expect(w.get('media.type').value).toBe('y');
    expect(w.get('media.record-assist-port').value).toBe('5');
    expect(w.get('media.ssrc').value).toBe('1.0');
    expect(w.get('user-settings.play-timeout').value).toBe('16');
    expect(w.get('user-settings.server-id').value).toBe('2024-01-01');
    expect(w.get('user-settings.sip-log')).toMatchObject({ value: '', source: 'file' });
    expect(w.get('server.port').value).toBe('18080');
    expect(w.get('sip.id').source).toBe('missing');
  });

  it('big GB28181 ids keep every digit', () => {
    expect(yml(BASE + 'x:\n  id: 34020000002000000001\n').get('x.id').value).toBe('34020000002000000001');
  });

  it('anchors, aliases and merge keys', () => {
    const w = yml('defaults: &d\n  http-port: 8080\n  secret: from-anchor\n' + BASE.replace('  secret: s\n', '  <<: *d\n  secret: own\n'));
    expect(w.get('media.http-port').value).toBe('8080');
    expect(w.get('media.secret').value).toBe('own');
  });

  it('anchors used the way application.yml files do: merge lists, aliases of lists and scalars', () => {
    const text = [
      'common: &common',
      '  timeout: 30',
      'media-defaults: &media',
      '  http-port: 8080',
      '  rtp: &rtp',
      '    enable: true',
      '    port-range: 30000,30500',
      'server:',
      '  port: &port 18080',
      'sip:',
      '  ip: 10.0.0.5',
      '  port: *port',
      'media:',
      '  <<: [*common, *media]',
      '  id: zlm-1',
      '  ip: 10.0.0.6',
      '  secret: s',
      '  rtp:',
      '    <<: *rtp',
      '    send-port-range: 31000,31500',
      'user-settings:',
      '  allowed-origins: &origins [http://a, http://b]',
      '  other-origins: *origins',
      '',
    ].join('\n');
    const w = yml(text);
    expect(w.get('sip.port').value).toBe('18080');
    expect(w.get('media.http-port').value).toBe('8080');
    expect(w.get('media.timeout').value).toBe('30');
    expect(w.get('media.rtp.port-range').value).toBe('30000,30500');
    expect(w.get('media.rtp.send-port-range').value).toBe('31000,31500');
    expect(w.get('user-settings.other-origins').value).toBe('http://a,http://b');
  });
});

describe('WVP code defaults', () => {
  it('2.7.4+: hook-ip 127.0.0.1, sdp/stream-ip → wan_ip → media.ip, http-port 0, ssl false, context path ""', () => {
    const w = yml(BASE);
    expect(w.get('media.hook-ip')).toMatchObject({ value: '127.0.0.1', source: 'code-default' });
    expect(w.get('media.sdp-ip')).toMatchObject({ value: '10.0.0.6', source: 'code-default' });
    expect(w.get('media.http-port')).toMatchObject({ value: '0', source: 'code-default' });
    expect(w.get('server.ssl.enabled')).toMatchObject({ value: 'false', source: 'code-default' });
    expect(w.get('server.servlet.context-path')).toMatchObject({ value: '', source: 'code-default' });
    expect(w.get('user-settings.server-id').value).toBe('000000');
    expect(w.get('user-settings.play-timeout').value).toBe('10000');
    expect(w.get('media.secret').source).toBe('file');
    const wan = yml(BASE + '  wan_ip: 8.8.8.8\n  stream-ip:\n');
    expect(wan.get('media.sdp-ip').value).toBe('8.8.8.8'); // absent → ${media.wan_ip:}
    expect(wan.get('media.stream-ip')).toMatchObject({ value: '10.0.0.6', source: 'code-default', raw: '' }); // empty → media.ip
    expect(wan.get('media.stream-ip').loc?.line).toBe(10);
  });

  it('older generations: an empty or absent hook-ip means sip.ip (first entry in 2.6)', () => {
    const text = BASE.replace('  ip: 10.0.0.5', '  ip: 10.0.0.5,10.0.0.50') + '  hook-ip:\n';
    expect(buildWvp([{ path: 'a.yml', text }], { version: '2.6' }).get('media.hook-ip')).toMatchObject({ value: '10.0.0.5', source: 'code-default' });
    expect(buildWvp([{ path: 'a.yml', text }], { version: '2.7.0-2.7.1' }).get('media.hook-ip').value).toBe('10.0.0.5,10.0.0.50');
    // 2.7.4+ keeps an explicitly empty hook-ip empty (the field is used as is)
    expect(buildWvp([{ path: 'a.yml', text }], { version: '2.7.4+' }).get('media.hook-ip')).toMatchObject({ value: '', source: 'file' });
    const noSip = buildWvp([{ path: 'a.yml', text: 'media:\n  id: x\n' }], { version: '2.6' }).get('media.hook-ip');
    expect(noSip).toMatchObject({ value: undefined, unresolved: ['sip.ip'] });
  });
});

describe('generation detection', () => {
  it('defaults to 2.7.4+ and says it assumed so', () => {
    const w = yml(BASE);
    expect(w.generation).toBe('2.7.4+');
    expect(w.generationReason).toMatch(/assumed/);
  });

  it('2.7.4-only keys → 2.7.4+, known', () => {
    for (const extra of ['  wan_ip: ""\n', '  type: zlm\n', '  jtt-proxy-port: 0\n', '  flv-port: 0\n']) {
      const w = yml(BASE + extra);
      expect(w.generation, extra).toBe('2.7.4+');
      expect(w.generationKnown, extra).toBe(true);
      expect(w.generationReason, extra).toMatch(/2\.7\.4\+ reads/);
    }
    // SipConfig.monitorIps exists only since 2025-01-02 (2.7.4 line), never in 2.6.x
    for (const k of ['monitor-ips', 'monitor-ip']) {
      const w = yml(BASE.replace('sip:\n', `sip:\n  ${k}: 0.0.0.0\n`));
      expect(w.generation, k).toBe('2.7.4+');
      expect(w.generationKnown, k).toBe(true);
    }
  });

  it('jt1078: is no marker: 2.6.9, 2.7.0 and 2.7.1 samples already have it', () => {
    const w = yml(BASE + 'jt1078:\n  enable: false\n');
    expect(w.generation).toBe('2.7.4+');
    expect(w.generationKnown).toBe(false);
    expect(w.generationReason).toMatch(/assumed/);
  });

  it('an assumed generation is not known', () => {
    expect(yml(BASE).generationKnown).toBe(false);
  });

  it('old traits → 2.6; port overrides are only noted', () => {
    expect(yml(BASE.replace('  id: zlm-1\n', '')).generation).toBe('2.6');
    expect(yml(BASE + '  stream-none-reader-delay-ms: 18000\n').generation).toBe('2.6');
    const p = yml(BASE + '  rtsp-port: 554\n  rtmpPort: 1935\n');
    expect(p.generation).toBe('2.7.4+');
    expect(p.portOverrides).toEqual(['media.rtmp-port', 'media.rtsp-port']);
    expect(p.generationReason).toContain('2025-11-30');
  });

  it('opts.version wins', () => {
    const w = buildWvp([{ path: 'a.yml', text: BASE + '  wan_ip: x\n' }], { version: '2.7.0-2.7.1' });
    expect(w.generation).toBe('2.7.0-2.7.1');
    expect(w.generationReason).toMatch(/--wvp-version/);
  });
});

describe('problems and input errors', () => {
  it('a fragment without server:/sip: is checked anyway and the missing sections are named', () => {
    const w = loadWvp(join(FIX, 'fragment.yml'), { env: {} });
    expect(w.get('media.id').value).toBe('zlm-fragment');
    expect(w.problems).toEqual([expect.objectContaining({ kind: 'no-link-sections', subject: join(FIX, 'fragment.yml') })]);
    expect(w.problems[0]!.detail.en).toMatch(/server:, sip:/);
    expect(w.problems[0]!.detail.en).not.toMatch(/media:/);
    expect(w.problems[0]!.detail.zh).toMatch(/server:、sip: 配置段/);
    expect(yml('spring:\n  application:\n    name: wvp\n').problems[0]?.detail.en).toMatch(/none of server:, sip:, media:/);
  });

  it('malformed YAML throws InputError with line and column', () => {
    const f = join(FIX, 'malformed.yml');
    expect(() => loadWvp(f, { env: {} })).toThrow(InputError);
    try {
      loadWvp(f, { env: {} });
    } catch (e) {
      expect((e as InputError).file).toBe(f);
      expect((e as InputError).reason).toMatch(/^line 4, column 7: Nested mappings/);
    }
  });

  it('an alias bomb is refused at once: InputError naming the file and line, in English and Chinese', () => {
    for (const text of [aliasBomb(9), BASE + 'x:\n' + aliasBomb(5, '  ')]) {
      const t = performance.now();
      let e: InputError | undefined;
      try {
        yml(text);
      } catch (x) {
        e = x as InputError;
      }
      expect(performance.now() - t).toBeLessThan(2000);
      expect(e).toBeInstanceOf(InputError);
      expect(e!.file).toBe('application.yml');
      expect(e!.reason).toMatch(/^too many YAML aliases \(from line \d+\): expanded, they would bring in more than 10000 values, an alias bomb; an application\.yml uses a few anchors/);
      expect(e!.reasonZh).toMatch(/^YAML 别名过多（自第 \d+ 行起）/);
    }
    // an alias inside its own anchor: flattened before down to the depth cap, 2^64 paths for these two
    expect(() => yml(BASE + 'loop: &l\n  a: *l\n  b: *l\n')).toThrow(/alias on line 10 stands inside the anchor it names/);
  });

  it('duplicate keys are an error, as in Spring (DuplicateKeyException)', () => {
    expect(() => loadWvp(join(FIX, 'duplicate.yml'), { env: {} })).toThrow(/line 3, column 3: Map keys must be unique/);
  });

  it('a missing main file is InputError "no such file"; a malformed overlay names the overlay', () => {
    expect(() => loadWvp(join(FIX, 'nope/application.yml'))).toThrow(/no such file/);
    expect(() => yml('spring.profiles.active: bad\n' + BASE, {}, [{ path: 'application-bad.yml', text: 'a: [\n' }])).toThrow(/^application-bad\.yml: line/);
  });

  it('an empty or comment-only file (with a BOM) loads and says what is missing', () => {
    for (const text of ['', '# nothing here\n', '\uFEFF---\n']) {
      const w = yml(text);
      expect(w.problems.map((p) => p.kind)).toEqual(['no-link-sections']);
      // no media: block, so no code default is a fact about it
      expect(w.get('media.hook-ip')).toMatchObject({ value: undefined, source: 'missing' });
      expect(w.excerpt).toBe(true);
      expect(w.blocks).toEqual([]);
    }
    expect(yml('\uFEFF' + BASE).get('server.port').value).toBe('18080');
  });

  it('keys() lists every scalar of the merged config', () => {
    expect(yml(BASE).keys()).toEqual(['server.port', 'sip.ip', 'media.id', 'media.ip', 'media.secret']);
  });
});
