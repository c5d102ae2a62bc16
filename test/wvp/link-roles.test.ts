/**
 * The WVP side of the link on real-world inputs: excerpts, generations that are
 * only assumed, placeholder values that are guesses (never repairs), each WVP
 * address in its own role, compose port mappings and the IP whitelist.
 */
import { describe, it, expect } from 'vitest';
import { IniDocument } from '../../src/ini/document.ts';
import { lint } from '../../src/lint/engine.ts';
import { ALL_RULES } from '../../src/rules/index.ts';
import type { Finding, RuleOptions } from '../../src/rules/types.ts';
import type { ComposeService, Deployment } from '../../src/deploy/types.ts';
import { buildWvp } from '../../src/wvp/load.ts';

const HOOKS = ['on_play', 'on_publish', 'on_server_started', 'on_stream_changed', 'on_stream_none_reader', 'on_stream_not_found', 'on_server_keepalive', 'on_send_rtp_stopped', 'on_rtp_server_timeout', 'on_record_mp4'];

function hooks(prefix: string): string {
  return HOOKS.map((h) => `${h}=${prefix}/${h}`).join('\n');
}

function run(ini: string, yml: string, opts: { env?: NodeJS.ProcessEnv; options?: RuleOptions; deploy?: Deployment; version?: '2.6' | '2.7.4+' } = {}): Finding[] {
  const wvp = buildWvp([{ path: 'application.yml', text: yml }], { env: opts.env ?? {}, ...(opts.version ? { version: opts.version } : {}) });
  return lint({
    doc: new IniDocument(ini),
    file: 'config.ini',
    rules: ALL_RULES,
    lang: 'en',
    wvp,
    hasZlm: ini !== '',
    ...(opts.options ? { options: opts.options } : {}),
    ...(opts.deploy ? { deploy: opts.deploy } : {}),
  });
}

const of = (fs: Finding[], id: string) => fs.filter((f) => f.ruleId === id);

const ZLM = (extra = '') => `[general]\nmediaServerId=zlm-1\n[api]\nsecret=Kx7Wq2Rm9Zt4Lp1Vn6Hb3Jc8Ds5Pa0Ye\n[http]\nport=80\n[hook]\nenable=1\n${extra}`;

const YML = (media: string, sip = '  ip: 192.168.1.10\n', server = 'server:\n  port: 18080\n') =>
  `${server}sip:\n${sip}  port: 5060\n  domain: 3402000000\n  id: 34020000002000000001\nmedia:\n  id: zlm-1\n  secret: Kx7Wq2Rm9Zt4Lp1Vn6Hb3Jc8Ds5Pa0Ye\n${media}  rtp:\n    enable: true\n    port-range: 30000,30500\n    send-port-range: 31000,31500\n`;

function service(name: string, role: ComposeService['role'], ports: ComposeService['ports'] = [], networkMode?: string): ComposeService {
  return { name, role, ports, environment: new Map(), envLoc: new Map(), networks: [], dependsOn: [], mounts: [], loc: { file: 'docker-compose.yml', line: 1, column: 1 }, ...(networkMode ? { networkMode } : {}) };
}

function deployment(services: ComposeService[]): Deployment {
  return { files: ['docker-compose.yml'], envFiles: [], services, dotenv: new Map(), problems: [] };
}

describe('excerpts', () => {
  it('a yml without media: invents no media.http-port 0 mismatch and no hook expectations', () => {
    const w = buildWvp([{ path: 'application.yml', text: 'server:\n  port: 18080\n' }], { env: {} });
    expect(w.excerpt).toBe(true);
    expect(w.blocks).toEqual(['server']);
    expect(w.get('media.http-port')).toMatchObject({ value: undefined, source: 'missing' });
    const fs = run(ZLM(hooks('http://10.0.0.9:18080/index/hook')), 'server:\n  port: 18080\n');
    expect(of(fs, 'wvp-http-port')).toEqual([]);
    expect(of(fs, 'wvp-hook-mismatch')).toEqual([]);
    expect(fs.filter((f) => f.severity === 'error' && f.ruleId.startsWith('wvp-'))).toEqual([]);
  });

  it('a whole file without media.http-port still uses the code default 0', () => {
    const w = buildWvp([{ path: 'application.yml', text: YML('  ip: 192.168.1.20\n') }], { env: {} });
    expect(w.excerpt).toBe(false);
    expect(w.get('media.http-port')).toMatchObject({ value: '0', source: 'code-default' });
  });

  it('a document nested too deeply says so, with a line', () => {
    const deep = 'server:\n  port: 1\na: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n';
    expect(() => buildWvp([{ path: 'application.yml', text: deep }])).toThrow(/nesting is too deep.*line 3/);
    let text = 'server:\n  port: 1\n';
    for (let i = 0; i < 3000; i++) text += ' '.repeat(i) + `k${i}:\n`;
    expect(() => buildWvp([{ path: 'application.yml', text }])).toThrow(/nesting is too deep/);
  });
});

describe('placeholders are unknowns', () => {
  it('a finding on a placeholder default is marked guessed, is at most a warning and carries no repair', () => {
    const yml = YML('  ip: 192.168.1.20\n  hook-ip: 192.168.1.10\n  http-port: ${ZLM_PORT:80}\n');
    const fs = of(run(ZLM('').replace('port=80', 'port=6080'), yml), 'wvp-http-port');
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ severity: 'warning', guessed: ['ZLM_PORT'] });
    expect(fs[0]!.message).toMatch(/cannot verify.*ZLM_PORT/);
    expect(fs[0]!.wvpEdits).toBeUndefined();
    expect(fs[0]!.edits).toBeUndefined();
    expect(fs[0]!.suggestion).toMatch(/ZLM_PORT/);
  });

  it('hooks vs an unresolved hook-ip: the port is still compared, as a warning, host unknown, nothing repaired', () => {
    const yml = YML('  ip: 192.168.1.20\n  hook-ip: ${ZLM_HOOK_HOST}\n  http-port: 80\n', '  ip: 0.0.0.0\n', 'server:\n  port: 18978\n');
    const fs = of(run(ZLM(hooks('http://192.168.1.101:18080/index/hook')), yml), 'wvp-hook-mismatch');
    expect(fs).toHaveLength(10);
    for (const f of fs) {
      expect(f.severity).toBe('warning');
      expect(f.message).toMatch(/port 18080.*18978.*host could not be checked/);
      expect(f.edits).toBeUndefined();
    }
  });

  it('hooks vs a placeholder-default hook-ip: one info, no per-hook mismatch, no repair', () => {
    const yml = YML('  ip: 192.168.1.20\n  hook-ip: ${ZLM_HOOK_HOST:127.0.0.1}\n  http-port: 80\n');
    const fs = of(run(ZLM(hooks('http://172.19.95.2:18080/index/hook')), yml), 'wvp-hook-mismatch');
    expect(fs.map((f) => [f.key, f.severity])).toEqual([['media.hook-ip', 'info']]);
    expect(fs.every((f) => !f.edits && !f.wvpEdits)).toBe(true);
  });

  it('with the variables exported the same pair is consistent: no edits at all', () => {
    const yml = YML('  ip: ${ZLM_HOST:127.0.0.1}\n  hook-ip: ${ZLM_HOOK_HOST:127.0.0.1}\n  http-port: ${ZLM_PORT:80}\n', '  ip: ${SIP_HOST:127.0.0.1}\n');
    const env = { ZLM_HOST: '172.19.95.2', ZLM_HOOK_HOST: '172.19.95.2', ZLM_PORT: '6080', SIP_HOST: '172.19.95.2' };
    const fs = run(ZLM(hooks('http://172.19.95.2:18080/index/hook')).replace('port=80', 'port=6080'), yml, { env });
    expect(fs.filter((f) => f.edits || f.wvpEdits || f.newSecret).map((f) => `${f.ruleId} ${f.key}`)).toEqual([]);
  });

  it('a secret filled from the environment points at its key, once', () => {
    const yml = YML('  ip: 192.168.1.20\n  http-port: 80\n').replace('secret: Kx7Wq2Rm9Zt4Lp1Vn6Hb3Jc8Ds5Pa0Ye', 'secret: ${ZLM_SECRET}');
    const w = buildWvp([{ path: 'application.yml', text: yml }], { env: { ZLM_SECRET: 'su6TiedN2rVAmBbIDX0aa0QTiBJLBdcf' } });
    const v = w.get('media.secret');
    expect(v.source).toBe('env');
    expect(v.loc?.line).toBe(yml.split('\n').findIndex((l) => l.includes('${ZLM_SECRET}')) + 1);
    const fs = run(ZLM(''), yml, { env: { ZLM_SECRET: 'su6TiedN2rVAmBbIDX0aa0QTiBJLBdcf' } }).filter((f) => f.key === 'media.secret');
    expect(fs).toHaveLength(1);
    expect(fs[0]!.line).toBeGreaterThan(1);
  });
});

describe('environment overrides', () => {
  it('a variable that overrides the key (MEDIA_SECRET) points at the key and is never edited in the file', () => {
    const yml = YML('  ip: 192.168.1.20\n  hook-ip: 192.168.1.10\n  http-port: 80\n');
    const env = { MEDIA_SECRET: 'Zq8Wr2Tx6Lm9Vb1Hn5Jc7Fs4Pa3Ye0Kd' };
    const w = buildWvp([{ path: 'application.yml', text: yml }], { env });
    expect(w.get('media.secret')).toMatchObject({ source: 'env', envVar: 'MEDIA_SECRET' });
    expect(w.get('media.secret').loc?.line).toBe(yml.split('\n').findIndex((l) => l.includes('secret:')) + 1);
    expect(w.editScalar('media.secret', 'x')).toBeUndefined();
    const fs = run(ZLM(''), yml, { env }).filter((f) => f.key === 'media.secret');
    expect(fs).toHaveLength(1);
    expect(fs[0]!.line).toBeGreaterThan(1);
    expect(fs[0]!.wvpEdits).toBeUndefined();
  });
});

describe('generations', () => {
  it('an absent hook-ip under an assumed generation is a warning; known or confirmed by config.ini, an error', () => {
    const yml = YML('  ip: 192.168.1.20\n  http-port: 80\n');
    const assumed = of(run(ZLM(''), yml), 'wvp-hook-ip-unreachable');
    expect(assumed.map((f) => f.severity)).toEqual(['warning']);
    expect(assumed[0]!.wvpEdits).toBeUndefined();
    const known = of(run(ZLM(''), yml, { version: '2.7.4+' }), 'wvp-hook-ip-unreachable');
    expect(known.map((f) => f.severity)).toEqual(['error']);
    const confirmed = of(run(ZLM(hooks('http://127.0.0.1:18080/index/hook')), yml), 'wvp-hook-ip-unreachable');
    expect(confirmed.map((f) => f.severity)).toEqual(['error']);
  });

  it('an empty hook-ip in 2.7.4 is no absent one: WVP pushes http://:port/...', () => {
    const yml = YML('  ip: 192.168.1.20\n  wan_ip: ""\n  hook-ip:\n  http-port: 80\n');
    const fs = of(run(ZLM(''), yml), 'wvp-hook-ip-unreachable');
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ severity: 'error' });
    expect(fs[0]!.message).toMatch(/present but empty.*http:\/\/:18080/);
  });

  it('the wording does not claim two hosts when they are unknown', () => {
    const yml = YML('  ip: 192.168.1.20\n  hook-ip: 0.0.0.0\n  http-port: 80\n', '  ip: 0.0.0.0\n');
    const fs = of(run(ZLM(''), yml), 'wvp-hook-ip-unreachable');
    expect(fs).toHaveLength(1);
    expect(fs[0]!.message).not.toMatch(/another host/);
    expect(fs[0]!.message).toMatch(/listen address/);
  });
});

describe('each address has its role', () => {
  it('sdp-ip equal to WVP\'s own host while media.ip differs: warning', () => {
    const yml = YML('  ip: 192.168.1.20\n  hook-ip: 192.168.1.10\n  sdp-ip: 192.168.1.10\n  http-port: 80\n');
    const fs = of(run(ZLM(''), yml), 'wvp-sdp-ip');
    expect(fs.map((f) => [f.key, f.severity])).toEqual([['media.sdp-ip', 'warning']]);
    expect(fs[0]!.message).toMatch(/WVP's own address/);
    // sip.ip 0.0.0.0 is a bind address: no evidence of where WVP is
    expect(of(run(ZLM(''), yml.replace('  ip: 192.168.1.10\n', '  ip: 0.0.0.0\n')), 'wvp-sdp-ip')).toEqual([]);
  });

  it('hook-ip on another network than both media.ip and WVP: info', () => {
    const yml = YML('  ip: 192.168.1.20\n  hook-ip: 10.9.9.9\n  http-port: 80\n');
    const fs = of(run(ZLM(''), yml, { version: '2.7.4+' }), 'wvp-hook-ip-unreachable');
    expect(fs.map((f) => [f.severity, f.key])).toEqual([['info', 'media.hook-ip']]);
  });

  it('never proposes a docker service name (media.ip: zlm) as the address cameras send RTP to', () => {
    const fs = of(run(ZLM(''), YML('  ip: zlm\n  sdp-ip: 127.0.0.1\n  http-port: 80\n', '  ip: 0.0.0.0\n')), 'wvp-sdp-ip');
    expect(fs.length).toBeGreaterThan(0);
    for (const f of fs) {
      expect(f.wvpEdits).toBeUndefined();
      expect(`${f.fix} ${f.suggestion ?? ''}`).not.toMatch(/\bzlm\b(?!-)/);
    }
  });

  it('a loopback sdp-ip set by the deployment environment is a warning; written in the file, an error', () => {
    const file = of(run(ZLM(''), YML('  ip: 192.168.1.20\n  sdp-ip: 127.0.0.1\n  http-port: 80\n')), 'wvp-sdp-ip');
    expect(file.map((f) => f.severity)).toEqual(['error']);
    const env = of(run(ZLM(''), YML('  ip: 192.168.1.20\n  sdp-ip: ${SDP_IP}\n  http-port: 80\n'), { env: { SDP_IP: '127.0.0.1' } }), 'wvp-sdp-ip');
    expect(env.map((f) => f.severity)).toEqual(['warning']);
  });
});

describe('media.http-port and the compose context', () => {
  const zlm = service('polaris-media', 'zlm', [{ hostIp: '', hostPort: 8080, hostPortEnd: 8080, containerPort: 80, containerPortEnd: 80, protocol: 'tcp', raw: '8080:80' }]);
  const yml = (ip: string, port: string) => YML(`  ip: ${ip}\n  hook-ip: 192.168.1.10\n  http-port: ${port}\n`);

  it('a WVP outside the compose network uses the published host port: 8080 for 8080:80 is right', () => {
    const d = deployment([zlm]);
    expect(of(run(ZLM(''), yml('192.168.1.101', '8080'), { deploy: d }), 'wvp-http-port')).toEqual([]);
    const wrong = of(run(ZLM(''), yml('192.168.1.101', '80'), { deploy: d }), 'wvp-http-port');
    expect(wrong).toHaveLength(1);
    expect(wrong[0]!.message).toMatch(/not 8080/);
    expect(wrong[0]!.wvpEdits?.[0]?.edit.text).toBe('8080');
  });

  it('through the compose network (media.ip = service name) the container port', () => {
    const d = deployment([zlm, service('polaris-wvp', 'wvp')]);
    expect(of(run(ZLM(''), yml('polaris-media', '80'), { deploy: d }), 'wvp-http-port')).toEqual([]);
    expect(of(run(ZLM(''), yml('polaris-media', '8080'), { deploy: d }), 'wvp-http-port')).toHaveLength(1);
  });

  it('without context, 8080 against ZLM\'s image port 80 is a warning with no repair', () => {
    const fs = of(run(ZLM(''), yml('192.168.1.101', '8080')), 'wvp-http-port');
    expect(fs.map((f) => f.severity)).toEqual(['warning']);
    expect(fs[0]!.wvpEdits).toBeUndefined();
  });
});

describe('allow_ip_range against the controller', () => {
  const yml = YML('  ip: 192.168.1.20\n  hook-ip: 10.3.0.10\n  http-port: 80\n', '  ip: 10.3.0.10\n');

  it('a whitelist that excludes WVP is an error that says what it covers', () => {
    const fs = of(run(ZLM('[http]\nallow_ip_range=::1,127.0.0.1,192.168.1.0-192.168.1.255\n'), yml), 'wvp-allow-ip-range');
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ severity: 'error', key: 'http.allow_ip_range' });
    expect(fs[0]!.message).toMatch(/10\.3\.0\.10.*covers only ::1, 127\.0\.0\.1, 192\.168\.1\.0-192\.168\.1\.255/);
  });

  it('the CIDR fix never writes a whitelist that excludes WVP', () => {
    const fs = of(run(ZLM('[http]\nallow_ip_range=192.168.1.0/24\n'), yml), 'allow-ip-range-invalid');
    expect(fs).toHaveLength(1);
    expect(fs[0]!.edits).toBeUndefined();
    expect(fs[0]!.suggestion).toMatch(/exclude WVP \(10\.3\.0\.10/);
    // and with --hosts wvp=IP alone, without the yml
    const doc = new IniDocument(ZLM('[http]\nallow_ip_range=::1,127.0.0.1,192.168.1.0/24\n'));
    const alone = lint({ doc, file: 'config.ini', rules: ALL_RULES, lang: 'en', options: { hosts: { wvp: '10.3.0.10' } } });
    expect(of(alone, 'allow-ip-range-invalid')[0]!.edits).toBeUndefined();
  });

  it('a CIDR-only list (everyone allowed today) is not narrowed while WVP is unknown; converted when WVP is inside', () => {
    const doc = () => new IniDocument(ZLM('[http]\nallow_ip_range=10.0.0.0/8\n'));
    const unknown = lint({ doc: doc(), file: 'config.ini', rules: ALL_RULES, lang: 'en' });
    expect(of(unknown, 'allow-ip-range-invalid')[0]!.edits).toBeUndefined();
    const inside = lint({ doc: doc(), file: 'config.ini', rules: ALL_RULES, lang: 'en', options: { hosts: { wvp: '10.3.0.10' } } });
    expect(of(inside, 'allow-ip-range-invalid')[0]!.edits?.[0]?.text).toBe('10.0.0.0-10.255.255.255');
  });

  it('a list that keeps loopback and gains ranges (widening) is still converted', () => {
    const doc = new IniDocument(ZLM('[http]\nallow_ip_range=::1,127.0.0.1,10.0.0.0/8\n'));
    const fs = of(lint({ doc, file: 'config.ini', rules: ALL_RULES, lang: 'en' }), 'allow-ip-range-invalid');
    expect(fs[0]!.edits?.[0]?.text).toBe('::1,127.0.0.1,10.0.0.0-10.255.255.255');
  });
});
