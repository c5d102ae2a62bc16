import { describe, it, expect } from 'vitest';
import { parseCompose } from '../../src/deploy/compose.ts';
import { InputError } from '../../src/io/read-config.ts';
import { aliasBomb } from '../support/yaml-bombs.ts';
import { parsePortSpec } from '../../src/deploy/port-spec.ts';
import { interpolate } from '../../src/deploy/interpolate.ts';
import { parseEnvFile } from '../../src/deploy/dotenv.ts';
import { hostPortFor, isServiceName, knownEnvironment, remappedPorts, unpublished, wvpService, zlmService } from '../../src/deploy/query.ts';
import type { ComposeService, Deployment } from '../../src/deploy/types.ts';

const compose = (text: string, opts: Parameters<typeof parseCompose>[1] = {}) => parseCompose([{ path: '/srv/app/docker-compose.yml', text }], opts);
const svc = (d: Deployment, name: string): ComposeService => d.services.find((s) => s.name === name)!;

describe('interpolate', () => {
  const vars: Record<string, string> = { A: 'a', EMPTY: '', PORT: '8080' };
  const look = (n: string) => vars[n];
  it.each([
    ['${A}', 'a'],
    ['$A/x', 'a/x'],
    ['$$A', '$A'],
    ['${MISSING:-def}', 'def'],
    ['${EMPTY:-def}', 'def'],
    ['${EMPTY-def}', ''],
    ['${MISSING-def}', 'def'],
    ['${A:+alt}', 'alt'],
    ['${MISSING:+alt}', ''],
    ['${MISSING:-${PORT}}', '8080'],
    ['${PORT:-1}:${PORT:-1}/udp', '8080:8080/udp'],
  ])('%s → %s', (input, out) => {
    expect(interpolate(input, look)).toEqual({ value: out, unresolved: [] });
  });
  it('lists variables that are not set and substitutes an empty string', () => {
    expect(interpolate('${NOPE}:${A}', look)).toEqual({ value: ':a', unresolved: ['NOPE'] });
    expect(interpolate('${NOPE:?must be set}', look).unresolved).toEqual(['NOPE']);
  });
});

describe('.env files', () => {
  it('reads KEY=VALUE with comments, export, quotes and earlier variables', () => {
    const env = parseEnvFile(['# comment', 'export BASE=/data', 'DIR=${BASE}/zlm', "LIT='${BASE}'", 'Q="a b # not a comment"', 'C=x # comment', '', 'EMPTY='].join('\n'));
    expect(env.get('BASE')?.value).toBe('/data');
    expect(env.get('DIR')?.value).toBe('/data/zlm');
    expect(env.get('LIT')?.value).toBe('${BASE}');
    expect(env.get('Q')?.value).toBe('a b # not a comment');
    expect(env.get('C')?.value).toBe('x');
    expect(env.get('EMPTY')?.value).toBe('');
    expect(env.get('DIR')?.line).toBe(3);
  });
});

describe('ports', () => {
  it.each([
    ['80', { hostIp: '', containerPort: 80, containerPortEnd: 80, protocol: 'tcp' }],
    ['8080:80', { hostIp: '', hostPort: 8080, hostPortEnd: 8080, containerPort: 80, containerPortEnd: 80, protocol: 'tcp' }],
    ['10000:10000/udp', { hostIp: '', hostPort: 10000, hostPortEnd: 10000, containerPort: 10000, containerPortEnd: 10000, protocol: 'udp' }],
    ['30000-30500:30000-30500/udp', { hostIp: '', hostPort: 30000, hostPortEnd: 30500, containerPort: 30000, containerPortEnd: 30500, protocol: 'udp' }],
    ['127.0.0.1:9000:9000', { hostIp: '127.0.0.1', hostPort: 9000, hostPortEnd: 9000, containerPort: 9000, containerPortEnd: 9000, protocol: 'tcp' }],
    ['[::1]:80:80/tcp', { hostIp: '::1', hostPort: 80, hostPortEnd: 80, containerPort: 80, containerPortEnd: 80, protocol: 'tcp' }],
    ['0.0.0.0::554', { hostIp: '0.0.0.0', containerPort: 554, containerPortEnd: 554, protocol: 'tcp' }],
  ])('%s', (spec, want) => {
    expect(parsePortSpec(spec)).toEqual(want);
  });
  it('refuses what is not a port', () => {
    expect(parsePortSpec('abc')).toBeUndefined();
    expect(parsePortSpec('80/sctp')).toBeUndefined();
    expect(parsePortSpec('70000:80')).toBeUndefined();
  });

  it('reads short and long syntax with their lines, and numbers as written', () => {
    const d = compose(
      [
        'services:',
        '  zlm:',
        '    image: zlmediakit/zlmediakit:master',
        '    ports:',
        '      - 80', // a YAML number
        '      - "10000:8000/udp"',
        '      - target: 554',
        '        published: "5540"',
        '        protocol: tcp',
        '      - target: 1935',
      ].join('\n'),
    );
    const z = svc(d, 'zlm');
    expect(z.ports.map((p) => [p.hostPort, p.containerPort, p.protocol, p.loc?.line])).toEqual([
      [undefined, 80, 'tcp', 5],
      [10000, 8000, 'udp', 6],
      [5540, 554, 'tcp', 7],
      [undefined, 1935, 'tcp', 10],
    ]);
    expect(hostPortFor(z, 554, 'tcp')).toBe(5540);
    expect(hostPortFor(z, 80, 'tcp')).toBeUndefined();
    expect(remappedPorts(z).map((p) => p.raw)).toEqual(['10000:8000/udp', 'target: 554\n        published: "5540"\n        protocol: tcp']);
  });

  it('knows which parts of a range are not published, per protocol', () => {
    const d = compose('services:\n  zlm:\n    image: zlmediakit/zlmediakit\n    ports:\n      - "30000-30200:30000-30200/udp"\n      - "30300:30300/udp"\n');
    const z = svc(d, 'zlm');
    expect(unpublished(d, z, 30000, 30500, 'udp')).toEqual([
      [30201, 30299],
      [30301, 30500],
    ]);
    expect(unpublished(d, z, 30000, 30500, 'tcp')).toEqual([[30000, 30500]]);
    expect(unpublished(d, z, 30000, 30200, 'udp')).toEqual([]);
  });

  it('takes ports from .env (the shell environment wins) and marks entries with unset variables unknown', () => {
    const text = 'services:\n  zlm:\n    image: zlmediakit/zlmediakit\n    ports:\n      - "${RTP}:${RTP}/udp"\n      - "${HTTP:-80}:80"\n      - "${NOT_SET}:10000"\n';
    const d = compose(text, { dotenv: { path: '/srv/app/.env', text: 'RTP=30000-30500\nHTTP=8080\n' }, env: { HTTP: '9090' } });
    const z = svc(d, 'zlm');
    expect(z.ports.map((p) => `${p.hostPort}-${p.hostPortEnd}:${p.containerPort}-${p.containerPortEnd}/${p.protocol}`)).toEqual(['30000-30500:30000-30500/udp', '9090-9090:80-80/tcp']);
    expect(z.portsUnknown).toEqual(['${NOT_SET}:10000']);
    expect(unpublished(d, z, 10000, 10000, 'tcp')).toBeUndefined();
    expect(d.envFiles).toEqual(['/srv/app/.env']);
  });

  it('treats host networking as published everywhere', () => {
    const d = compose('services:\n  zlm:\n    image: zlmediakit/zlmediakit\n    network_mode: host\n');
    const z = svc(d, 'zlm');
    expect(unpublished(d, z, 30000, 30500, 'udp')).toEqual([]);
    expect(hostPortFor(z, 554, 'tcp')).toBe(554);
  });

  it('follows network_mode: service:x to the ports of x', () => {
    const d = compose('services:\n  vpn:\n    image: vpn\n    ports:\n      - "10000:10000/udp"\n  zlm:\n    image: zlmediakit/zlmediakit\n    network_mode: "service:vpn"\n');
    expect(unpublished(d, svc(d, 'zlm'), 10000, 10000, 'udp')).toEqual([]);
    expect(unpublished(d, svc(d, 'zlm'), 10000, 10000, 'tcp')).toEqual([[10000, 10000]]);
  });
});

describe('environment', () => {
  it('reads the map and the list form, with interpolation and locations', () => {
    const d = compose(
      [
        'services:',
        '  wvp:',
        '    image: example/wvp',
        '    environment:',
        '      ZLM_HOST: zlm',
        '      SDP_IP: ${SDP_IP:-192.168.1.2}',
        '      PASSTHROUGH:',
        '      UNSET: ${NOT_SET}',
        '  zlm:',
        '    image: zlmediakit/zlmediakit',
        '    environment:',
        '      - TZ=Asia/Shanghai',
        '      - SECRET=${SECRET}',
        '      - FROM_SHELL',
      ].join('\n'),
      { dotenv: { path: '/srv/app/.env', text: 'SECRET=abc\n' }, env: { PASSTHROUGH: 'p', FROM_SHELL: 's' } },
    );
    const w = svc(d, 'wvp');
    expect(Object.fromEntries(w.environment)).toEqual({ ZLM_HOST: 'zlm', SDP_IP: '192.168.1.2', PASSTHROUGH: 'p', UNSET: '' });
    expect(w.envLoc.get('SDP_IP')).toEqual({ file: '/srv/app/docker-compose.yml', line: 6, column: 7 });
    // a value built on an unset variable is unknown, not ''
    expect(knownEnvironment(w)).toEqual({ ZLM_HOST: 'zlm', SDP_IP: '192.168.1.2', PASSTHROUGH: 'p' });
    expect(Object.fromEntries(svc(d, 'zlm').environment)).toEqual({ TZ: 'Asia/Shanghai', SECRET: 'abc', FROM_SHELL: 's' });
  });

  it('reads env_file relative to the compose file; environment wins over it', () => {
    const files: Record<string, string> = { '/srv/app/wvp.env': 'ZLM_HOST=10.0.0.5\nZLM_PORT=80\n' };
    const d = compose('services:\n  wvp:\n    image: example/wvp\n    env_file:\n      - ./wvp.env\n      - path: ./optional.env\n        required: false\n    environment:\n      ZLM_PORT: "8080"\n', {
      readFile: (p) => files[p],
    });
    expect(Object.fromEntries(svc(d, 'wvp').environment)).toEqual({ ZLM_HOST: '10.0.0.5', ZLM_PORT: '8080' });
    expect(svc(d, 'wvp').envLoc.get('ZLM_HOST')).toEqual({ file: '/srv/app/wvp.env', line: 1, column: 1 });
    expect(d.envFiles).toContain('/srv/app/wvp.env');
    expect(d.problems).toEqual([]);
  });

  it('says when a required env_file cannot be read', () => {
    const d = compose('services:\n  wvp:\n    image: example/wvp\n    env_file: missing.env\n', { readFile: () => undefined });
    expect(d.problems[0]?.detail).toMatch(/env_file missing\.env/);
  });
});

describe('volumes, networks, depends_on and roles', () => {
  const text = [
    'services:',
    '  media:',
    '    image: registry.example.com/team/wvp-docker/polaris-media:latest',
    '    volumes:',
    '      - ./conf/config.ini:/opt/media/conf/config.ini:ro',
    '      - media-data:/opt/media/www',
    '      - type: bind',
    '        source: ./logs',
    '        target: /opt/media/log',
    '    networks: [backend]',
    '  redis:',
    '    image: registry.example.com/team/wvp-docker/wvp-redis:latest',
    '  platform:',
    '    build: ./wvp',
    '    volumes:',
    '      - ./wvp/application-docker.yml:/opt/wvp/config/application-docker.yml',
    '    networks:',
    '      backend:',
    '        aliases: [gb]',
    '    depends_on:',
    '      media:',
    '        condition: service_started',
    '      redis:',
    '        condition: service_healthy',
  ].join('\n');
  const d = compose(text);

  it('resolves bind mounts against the compose directory and keeps named volumes', () => {
    const m = svc(d, 'media').mounts;
    expect(m.map((x) => [x.source, x.target, x.readOnly])).toEqual([
      ['/srv/app/conf/config.ini', '/opt/media/conf/config.ini', true],
      ['media-data', '/opt/media/www', false],
      ['/srv/app/logs', '/opt/media/log', false],
    ]);
  });

  it('reads networks (list and map, with aliases) and depends_on (list and map)', () => {
    expect(svc(d, 'media').networks).toEqual(['backend']);
    expect(svc(d, 'platform').networks).toEqual(['backend']);
    expect(svc(d, 'platform').dependsOn).toEqual(['media', 'redis']);
    expect(isServiceName(d, 'GB')).toBe(true);
    expect(isServiceName(d, 'media')).toBe(true);
    expect(isServiceName(d, '192.168.1.2')).toBe(false);
  });

  it('recognises ZLM by its mounted config.ini and WVP by application*.yml, not a redis named after WVP', () => {
    expect(zlmService(d)?.name).toBe('media');
    expect(wvpService(d)?.name).toBe('platform');
    expect(svc(d, 'redis').role).toBe('other');
  });

  it('recognises services by image and, failing that, by name', () => {
    const e = compose('services:\n  zlm:\n    build: ./zlm\n  wvp:\n    build: ./wvp\n  web:\n    image: nginx\n');
    expect(zlmService(e)?.name).toBe('zlm');
    expect(wvpService(e)?.name).toBe('wvp');
    const f = compose('services:\n  ms:\n    image: panjjo/zlmediakit\n  gb:\n    image: wvp-alpine:latest\n');
    expect(zlmService(f)?.name).toBe('ms');
    expect(wvpService(f)?.name).toBe('gb');
  });
});

describe('several files and other YAML', () => {
  it('merges -f a -f b like compose: later scalars and environment win, ports add up, mounts replace by target', () => {
    const d = parseCompose([
      { path: '/srv/a/docker-compose.yml', text: 'services:\n  zlm:\n    image: zlmediakit/zlmediakit:1\n    environment:\n      A: "1"\n      B: "1"\n    ports: ["80:80"]\n' },
      { path: '/srv/a/docker-compose.override.yml', text: 'services:\n  zlm:\n    image: zlmediakit/zlmediakit:2\n    environment:\n      B: "2"\n    ports: ["10000:10000/udp"]\n    network_mode: host\n' },
    ]);
    const z = svc(d, 'zlm');
    expect(z.image).toBe('zlmediakit/zlmediakit:2');
    expect(Object.fromEntries(z.environment)).toEqual({ A: '1', B: '2' });
    expect(z.ports.map((p) => p.raw)).toEqual(['80:80', '10000:10000/udp']);
    expect(z.networkMode).toBe('host');
    expect(d.files).toHaveLength(2);
  });

  it('ignores a Kubernetes manifest with a note instead of failing', () => {
    const d = parseCompose([{ path: '/k8s/zlm.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: zlm\n' }]);
    expect(d.services).toEqual([]);
    expect(d.files).toEqual([]);
    expect(d.problems[0]?.detail).toMatch(/Kubernetes/);
  });

  it('reports YAML errors and files without services as problems', () => {
    expect(parseCompose([{ path: '/x.yml', text: 'services: [\n' }]).problems[0]?.detail).toMatch(/not valid YAML/);
    expect(parseCompose([{ path: '/x.yml', text: 'version: "3"\n' }]).problems[0]?.detail).toMatch(/no `services:`/);
  });

  it('refuses a document nested deeper than the parser can follow: an InputError naming file and line, en and zh', () => {
    const thrown = (text: string): InputError => {
      try {
        parseCompose([{ path: '/srv/a/docker-compose.yml', text: 'services:\n  zlm:\n    image: zlm\n' }, { path: '/srv/a/deep.yml', text }]);
      } catch (e) {
        return e as InputError;
      }
      throw new Error('read without an error');
    };
    const e = thrown('['.repeat(5000));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/^\/srv\/a\/deep\.yml: the YAML nesting is too deep to read \(from line 1\); a compose file nests a few levels/);
    expect(e.reasonZh).toMatch(/^YAML 嵌套层数过深，无法读取（自第 1 行起）；compose 文件只嵌套几层/);
    expect(thrown('x-a:\n  b: ' + '{'.repeat(5000) + '}'.repeat(5000) + '\n').reason).toMatch(/too deep to read \(from line 2\)/);
    let indented = 'services:\n';
    for (let i = 0; i < 3000; i++) indented += ' '.repeat(i + 1) + `k${i}:\n`;
    expect(thrown(indented).reason).toMatch(/too deep to read/);
  });

  it('reads a document nested as deep as the parser follows without re-stringifying it (7 s before)', () => {
    const t = performance.now();
    const d = compose('services:\n  zlm:\n    image: zlm\n    labels: ' + '['.repeat(800) + ']'.repeat(800) + '\n');
    expect(performance.now() - t).toBeLessThan(2000);
    expect(d.services.map((s) => s.name)).toEqual(['zlm']);
  });
});

describe('anchors and merge keys', () => {
  it('reads aliases and `<<` merges the way compose does, the service\'s own keys winning', () => {
    const d = parseCompose([
      {
        path: '/srv/a/docker-compose.yml',
        text: [
          'x-env: &env',
          '  TZ: Asia/Shanghai',
          '  ZLM_HOST: zlm',
          'x-media: &media',
          '  image: zlmediakit/zlmediakit:master',
          '  ports:',
          '    - "10000:10000/udp"',
          'services:',
          '  zlm:',
          '    <<: *media',
          '    restart: always',
          '  wvp:',
          '    image: example/wvp',
          '    environment:',
          '      <<: *env',
          '      ZLM_HOST: media',
          '  other:',
          '    image: busybox',
          '    environment: *env',
        ].join('\n'),
      },
    ]);
    expect(svc(d, 'zlm').image).toBe('zlmediakit/zlmediakit:master');
    expect(svc(d, 'zlm').ports.map((p) => [p.raw, p.loc?.line])).toEqual([['10000:10000/udp', 7]]);
    expect(Object.fromEntries(svc(d, 'wvp').environment)).toEqual({ ZLM_HOST: 'media', TZ: 'Asia/Shanghai' });
    expect(Object.fromEntries(svc(d, 'other').environment)).toEqual({ TZ: 'Asia/Shanghai', ZLM_HOST: 'zlm' });
    expect(zlmService(d)?.name).toBe('zlm');
  });

  it('reads forty services sharing anchors as before', () => {
    const services = Array.from({ length: 40 }, (_, i) => `  s${i}:\n    <<: *svc\n    image: app:${i}\n    logging: *log\n    ports: ["${8000 + i}:80"]\n    environment:\n      <<: *env\n      N: "${i}"\n`).join('');
    const d = compose(`x-log: &log\n  driver: json-file\nx-env: &env\n  TZ: Asia/Shanghai\nx-svc: &svc\n  restart: always\n  networks: [media]\nservices:\n${services}`);
    expect(d.services).toHaveLength(40);
    expect(d.problems).toEqual([]);
    expect(svc(d, 's39')).toMatchObject({ image: 'app:39', networks: ['media'] });
    expect(Object.fromEntries(svc(d, 's39').environment)).toEqual({ N: '39', TZ: 'Asia/Shanghai' });
    expect(svc(d, 's39').ports.map((p) => p.raw)).toEqual(['8039:80']);
  });

  it('refuses an alias bomb at once, and an alias inside its own anchor: an InputError naming the file and line', () => {
    const bomb = 'x-bomb:\n' + aliasBomb(9, '  ') + 'services:\n  zlm:\n    image: zlmediakit/zlmediakit\n    ports: *a8\n';
    const t = performance.now();
    expect(() => compose(bomb)).toThrow(InputError);
    expect(() => compose(bomb)).toThrow(/^\/srv\/app\/docker-compose\.yml: too many YAML aliases \(from line 6\): expanded, they would bring in more than 10000 values, an alias bomb; a compose file uses a few anchors/);
    expect(performance.now() - t).toBeLessThan(2000);
    // before: a stack overflow reported as an internal error
    expect(() => compose('x: &a\n  b: *a\nservices:\n  zlm:\n    image: zlm\n    environment: *a\n')).toThrow(/alias on line 2 stands inside the anchor it names/);
  });
});

describe('networks between services', () => {
  const d = parseCompose([
    {
      path: '/srv/a/docker-compose.yml',
      text: [
        'services:',
        '  zlm:',
        '    image: zlmediakit/zlmediakit',
        '    networks:',
        '      media:',
        '        ipv4_address: 172.28.0.20',
        '  wvp:',
        '    image: example/wvp',
        '    networks:',
        '      media:',
        '        ipv4_address: 172.28.0.10',
        '  hostwvp:',
        '    image: example/wvp',
        '    network_mode: host',
        '  plain:',
        '    image: busybox',
        'networks:',
        '  media:',
        '    ipam:',
        '      config:',
        '        - subnet: 172.28.0.0/24',
      ].join('\n'),
    },
  ]);
  it('knows who shares a network, and with which address and subnet', async () => {
    const { shareNetwork, addressSeenBy } = await import('../../src/deploy/query.ts');
    expect(shareNetwork(svc(d, 'zlm'), svc(d, 'wvp'))).toBe(true);
    expect(shareNetwork(svc(d, 'zlm'), svc(d, 'hostwvp'))).toBe(false);
    expect(shareNetwork(svc(d, 'zlm'), svc(d, 'plain'))).toBe(false);
    expect(addressSeenBy(d, svc(d, 'wvp'), svc(d, 'zlm'))).toEqual({ address: '172.28.0.10', subnets: ['172.28.0.0/24'] });
    expect(addressSeenBy(d, svc(d, 'hostwvp'), svc(d, 'zlm'))).toBeUndefined();
  });
});

describe('which ZLM service runs the config being checked', () => {
  it('is the one mounting it when there are several, else the only one', async () => {
    const { zlmServiceFor } = await import('../../src/deploy/query.ts');
    const two = parseCompose([
      {
        path: '/srv/a/docker-compose.yml',
        text: 'services:\n  edge:\n    image: zlmediakit/zlmediakit\n    volumes: ["./edge/config.ini:/opt/media/conf/config.ini"]\n  origin:\n    image: zlmediakit/zlmediakit\n    volumes: ["./origin:/opt/media/conf"]\n',
      },
    ]);
    expect(zlmServiceFor(two, '/srv/a/origin/config.ini')?.name).toBe('origin');
    expect(zlmServiceFor(two, '/srv/a/edge/config.ini')?.name).toBe('edge');
    expect(zlmServiceFor(two, '/elsewhere/config.ini')).toBeUndefined();
    const one = parseCompose([{ path: '/srv/b/docker-compose.yml', text: 'services:\n  zlm:\n    image: zlmediakit/zlmediakit\n' }]);
    expect(zlmServiceFor(one, '/anywhere/config.ini')?.name).toBe('zlm');
  });
});
