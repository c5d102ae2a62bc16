/**
 * Acceptance: no clear-text secret in any output. Leak forms by key name and
 * value shape (INI, YAML, compose, URLs, logs) are fed to every output format
 * of `check`, `check --fix-dry-run/--fix`, `fix --dry-run`, `fix` (on temp
 * copies) and `doctor` (a dead API on 127.0.0.1, a log directory), and stdout
 * and stderr must not contain any of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliResult } from '../support/cli.ts';

/** Every secret below, by the form that carries it. */
const LEAKS = {
  beforeSection: 'BeforeAnySection-0001',
  noEquals: 'NoEqualsSign-0002',
  misspelt: 'SecertTypo-0003',
  otherCase: 'UpperCaseKey-0004',
  apiSecret: 'ApiSecretReal-0005xyzABCDEFGH',
  adminParams: 'AdminParamsDiffer-0006',
  hookUserinfo: 'HookUserinfoPw-0007',
  hookQuery: 'HookQuerySecret-0008',
  srtPassPhrase: 'SrtPassPhrase-0009',
  icePwd: 'IcePwdCustom-0010',
  dbPassword: 'SpringDbPassword-0011',
  sipPassword: 'SipDevicePassword-0012',
  mediaSecret: 'WvpMediaSecret-0013xyzABCDEF',
  redisPassword: 'RedisPassword-0014',
  composeEnv: 'ComposeZlmSecret-0015',
  mysqlRoot: 'MysqlRootPassword-0016',
  privateKey: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC0017',
  accessKey: 'MinioSecretKey-0018',
  jdbcUserinfo: 'JdbcUrlPassword-0019',
  token: 'BearerTokenValue-0020',
  logUserinfo: 'LogHookUserinfo-0021',
  logQuery: 'LogHookQuery-0022',
  cliSecret: 'CliSecretFlag-0023',
  envSecret: 'EnvZlmSecret-0024',
  ymlBlock: 'YamlBlockScalar-0025',
  ymlQuoted: 'QuotedYamlPass-0026',
  placeholderDefault: 'PlaceholderDefault-0027',
  dotenv: 'DotEnvPassword-0028',
} as const;

const CONFIG_INI = `secret=${LEAKS.beforeSection}
[api]
apiDebug=1
secret ${LEAKS.noEquals}
secert=${LEAKS.misspelt}
 Secret=${LEAKS.otherCase}
secret=${LEAKS.apiSecret}
[general]
mediaServerId=your_server_id
[hook]
enable=1
admin_params=secret=${LEAKS.adminParams}
on_play=http://wvp:${LEAKS.hookUserinfo}@127.0.0.1:18080/index/hook/on_play
on_publish=http://127.0.0.1:18080/index/hook/on_publish?secret=${LEAKS.hookQuery}
on_stream_none_reader=http://127.0.0.1:18080/index/hook/on_stream_none_reader    # inline comment
[http]
port=80
[rtc]
icePwd=${LEAKS.icePwd}
[srt]
passPhrase=${LEAKS.srtPassPhrase}
`;

const APPLICATION_YML = `server:
  port: 18080
spring:
  datasource:
    url: jdbc:mysql://root:${LEAKS.jdbcUserinfo}@127.0.0.1:3306/wvp
    password: ${LEAKS.dbPassword}
  redis:
    host: 127.0.0.1
    password: "${LEAKS.ymlQuoted}"
  data:
    redis:
      password: \${REDIS_PASSWORD:${LEAKS.placeholderDefault}}
sip:
  ip: 127.0.0.1
  port: 5060
  domain: 3402000000
  id: 34020000002000000001
  password: ${LEAKS.sipPassword}
media:
  id: zlm-leak-01
  ip: 127.0.0.1
  http-port: 80
  secret: ${LEAKS.mediaSecret}
  redis-password: ${LEAKS.redisPassword}
minio:
  secret-key: ${LEAKS.accessKey}
  token: |
    ${LEAKS.ymlBlock}
  private-key: |
    -----BEGIN PRIVATE KEY-----
    ${LEAKS.privateKey}
    -----END PRIVATE KEY-----
auth:
  header: Bearer ${LEAKS.token}
`;

const COMPOSE = `services:
  zlm:
    image: zlmediakit/zlmediakit:master
    network_mode: host
    environment:
      - ZLM_SECRET=${LEAKS.composeEnv}
    volumes:
      - ./config.ini:/opt/media/conf/config.ini
  wvp:
    image: 648540858/wvp_pro
    network_mode: host
    volumes:
      - ./application.yml:/opt/wvp/application.yml
  mysql:
    image: mysql:8
    environment:
      MYSQL_ROOT_PASSWORD: ${LEAKS.mysqlRoot}
      MYSQL_PASSWORD: \${MYSQL_PASSWORD}
`;

let root: string;
let n = 0;
/** A fresh copy of the deployment (fix writes into it). */
function deployment(): { dir: string; ini: string; yml: string; compose: string; logs: string } {
  const dir = join(root, `d${n++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'config.ini'), CONFIG_INI);
  writeFileSync(join(dir, 'application.yml'), APPLICATION_YML);
  writeFileSync(join(dir, 'docker-compose.yml'), COMPOSE);
  writeFileSync(join(dir, '.env'), `MYSQL_PASSWORD=${LEAKS.dotenv}\nTZ=Asia/Shanghai\n`);
  const logs = join(dir, 'log');
  mkdirSync(logs);
  const now = new Date(Date.now() - 60_000);
  const p = (x: number) => String(x).padStart(2, '0');
  const day = `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
  const ts = `${day} ${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}.000`;
  const lines: string[] = [];
  for (let i = 0; i < 5; i++) {
    lines.push(`${ts} W [MediaServer] [4242-event poller 0] WebHook.cpp:202 operator() | hook http://wvp:${LEAKS.logUserinfo}@127.0.0.1:18080/index/hook/on_play?secret=${LEAKS.logQuery} 0ms,failed[network err]:3(connection refused):{`);
    lines.push(`${ts} D [MediaServer] [4242-event poller 0] WebApi.cpp:306 http api debug | GET /index/api/getServerConfig?secret=${LEAKS.apiSecret}`);
  }
  writeFileSync(join(logs, `${day}_00.log`), lines.join('\n') + '\n');
  return { dir, ini: join(dir, 'config.ini'), yml: join(dir, 'application.yml'), compose: join(dir, 'docker-compose.yml'), logs };
}

let deadPort = 0;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-leaks-'));
  // a port on 127.0.0.1 nothing listens on: bind, note, close
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  deadPort = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function expectNoLeak(r: CliResult, what: string): void {
  const all = r.stdout + '\n' + r.stderr;
  const leaked = Object.entries(LEAKS).filter(([, v]) => all.includes(v) || all.includes(encodeURIComponent(v)));
  expect(leaked.map(([k]) => k), `${what}: clear-text secrets in the output`).toEqual([]);
  expect(r.stderr, `${what}: no internal error`).not.toMatch(/internal error/);
}

const FORMATS = ['text', 'json', 'sarif', 'github'];

describe('no secret in any output', () => {
  it('feeds at least 20 leak forms', () => {
    expect(Object.keys(LEAKS).length).toBeGreaterThanOrEqual(20);
  });

  it.each(FORMATS)('check --format %s (config.ini, with --wvp, with --explain)', async (format) => {
    const d = deployment();
    const first = await runCli(['check', '--format', format, d.ini]);
    expectNoLeak(first, `check ${format}`);
    // the lines that carry the secrets were printed, as fingerprints
    if (format === 'text') expect(first.stdout).toMatch(/secert=‹secret sha256:[0-9a-f]{8}›/);
    expectNoLeak(await runCli(['check', '--format', format, d.ini, '--wvp', d.yml]), `check --wvp ${format}`);
    expectNoLeak(await runCli(['check', '--format', format, '--wvp', d.yml]), `check --wvp alone ${format}`);
    expectNoLeak(await runCli(['check', '--format', format, d.ini, '--wvp', d.yml, '--compose', d.compose]), `check --compose ${format}`);
    expectNoLeak(await runCli(['check', '--format', format, d.dir]), `check DIR ${format}`);
    expectNoLeak(await runCli(['check', '--format', format, '--lang', 'zh', d.ini, '--wvp', d.yml]), `check zh ${format}`);
  });

  it('check --explain, -v style details and Chinese', async () => {
    const d = deployment();
    expectNoLeak(await runCli(['check', '--explain', d.ini, '--wvp', d.yml]), 'check --explain');
    expectNoLeak(await runCli(['check', '--explain', '--lang', 'zh', d.ini, '--wvp', d.yml]), 'check --explain zh');
  });

  it.each(FORMATS)('check --fix-dry-run and --fix --format %s', async (format) => {
    expectNoLeak(await runCli(['check', '--fix-dry-run', '--format', format, deployment().ini]), `check --fix-dry-run ${format}`);
    expectNoLeak(await runCli(['check', '--fix', '--format', format, deployment().ini]), `check --fix ${format}`);
  });

  it.each(FORMATS)('fix --dry-run and fix --format %s (alone and with --wvp, both sides)', async (format) => {
    for (const extra of [[], ['--side', 'zlm'], ['--side', 'wvp']]) {
      const a = deployment();
      expectNoLeak(await runCli(['fix', '--dry-run', '--format', format, a.ini]), `fix --dry-run ${format}`);
      expectNoLeak(await runCli(['fix', '--dry-run', '--format', format, a.ini, '--wvp', a.yml, ...extra]), `fix --dry-run --wvp ${format} ${extra.join(' ')}`);
      const b = deployment();
      expectNoLeak(await runCli(['fix', '--format', format, b.ini, '--wvp', b.yml, ...extra]), `fix --wvp ${format} ${extra.join(' ')}`);
      expectNoLeak(await runCli(['fix', '--format', format, deployment().ini]), `fix ${format}`);
    }
  });

  it('a YAML or compose file given as config.ini', async () => {
    const d = deployment();
    for (const f of [d.yml, d.compose]) {
      expectNoLeak(await runCli(['check', f]), `check ${f}`);
      expectNoLeak(await runCli(['fix', '--dry-run', f]), `fix --dry-run ${f}`);
      expectNoLeak(await runCli(['doctor', '--config', f, '--api', `http://127.0.0.1:${deadPort}`, '--timeout', '2s']), `doctor --config ${f}`);
    }
  });

  it.each(['text', 'json'])('doctor --format %s against a dead API on 127.0.0.1, with logs and --wvp', { timeout: 60_000 }, async (format) => {
    const d = deployment();
    const common = ['doctor', '--format', format, '--config', d.ini, '--api', `http://127.0.0.1:${deadPort}`, '--log-dir', d.logs, '--since', '2h', '--timeout', '3s'];
    expectNoLeak(await runCli(common, { ZLM_SECRET: LEAKS.envSecret }), `doctor ${format}`);
    expectNoLeak(await runCli([...common, '-v', '--secret', LEAKS.cliSecret, '--wvp', d.yml]), `doctor -v --wvp ${format}`);
    expectNoLeak(await runCli([...common, '--lang', 'zh', '-v']), `doctor zh ${format}`);
  });

  it('usage errors echo no secret', async () => {
    const d = deployment();
    expectNoLeak(await runCli(['doctor', '--api', `http://wvp:${LEAKS.hookUserinfo}@127.0.0.1:${deadPort}/x/y`, '--config', d.ini]), 'doctor bad --api');
    expectNoLeak(await runCli(['check', '--hosts', `wvp=${LEAKS.token}=x`, d.ini]), 'check bad --hosts');
  });

  it('--show-secrets does show them (the redaction is what hides them)', async () => {
    const d = deployment();
    cpSync(d.ini, join(d.dir, 'copy.ini'));
    const r = await runCli(['check', '--show-secrets', d.ini]);
    expect(r.stdout).toContain(LEAKS.misspelt);
  });
});

/**
 * Secrets that no key=value line holds, each a value shaped like ZLM's generated secrets, planted where a reviewer
 * found them printed: after `secret` with a comment behind, in a comment shown as a code frame's context, glued to
 * its key (ZLM then stores the whole line as a key name, and the findings print key names), as a section name, as a
 * line of its own, and one long enough that a pattern of it is too large for V8.
 */
const ODD = {
  trailingComment: 'Xq7pLm29vZt4Rk8sWn3aYb6cDe1fGh5J',
  inComment: 'Hc4mP8sQ2wE6rT0yU3iO7pA1sD5fG9hJ',
  glued: 'Gl9uEdK3yV4lU6e8mN2bV5cX7zL1kJ0h',
  underscore: 'Us7dR2sC4oR6e9qW1eR3tY5uI8oP0aSd',
  dotted: 'Dt4tTe6dK8eY0vA2lU3eZ5xC7vB9nM1q',
  section: 'Sc9tI0oN2hE4aD6eR8nA1mE3kE5yQ7wZ',
  bare: 'Br4eL6iN8eS0eC2rE3tV5aL7uE9xK1mN',
  half: 'Hf2lFs4eC6rE8t0Q',
} as const;
/** 40,000 base64 characters that do not repeat: the pattern of it and of its URL-encoded form is too large for V8 */
const LONG = (() => {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let x = 12345;
  let s = 'Lg';
  for (let i = 0; i < 40_000; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += abc[x % 64];
  }
  return s;
})();

describe('no secret in any output: secrets without a key=value line', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zd-leak-odd-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const odd = () => {
    const ini = join(dir, `odd-${Math.random().toString(36).slice(2)}.ini`);
    writeFileSync(
      ini,
      `[api]\napiDebug=1\nsecret ${ODD.trailingComment} # the old one\n# old secret was ${ODD.inComment}\nsecret=Ok0k1Ok2Ok3Ok4Ok5Ok6Ok7Ok8Ok9Ok0A\nsecret${ODD.glued}\nsecret_${ODD.underscore}\nsecret.${ODD.dotted}=1\n${ODD.bare}\n${ODD.half}\n[api ${ODD.section}]\nx=1\n[general]\nmediaServerId=your_server_id\n`,
    );
    return ini;
  };
  const noOdd = (r: CliResult, what: string) => {
    const all = r.stdout + '\n' + r.stderr;
    expect(Object.entries(ODD).filter(([, v]) => all.includes(v)).map(([k]) => k), `${what}: clear-text secrets in the output`).toEqual([]);
    expect(r.stderr, `${what}: no internal error`).not.toMatch(/internal error/);
  };

  it.each(FORMATS)('check -v --format %s, check --fix-dry-run, fix --dry-run', async (format) => {
    const ini = odd();
    const r = await runCli(['check', '-v', '--format', format, ini]);
    noOdd(r, `check ${format}`);
    // the lines were printed, with fingerprints where the secrets were
    if (format === 'text') expect(r.stdout).toMatch(/‹secret sha256:[0-9a-f]{8}›/);
    noOdd(await runCli(['check', '-v', '--format', format, '--lang', 'zh', ini]), `check zh ${format}`);
    noOdd(await runCli(['check', '--fix-dry-run', '--format', format, ini]), `check --fix-dry-run ${format}`);
    noOdd(await runCli(['fix', '--dry-run', '--format', format, ini]), `fix --dry-run ${format}`);
  });

  it('a secret of 40 kB is hidden like any other, without an internal error', async () => {
    const ini = join(dir, 'long.ini');
    writeFileSync(ini, `[api]\nsecret=${LONG}\n[general]\nmediaServerId=your_server_id\n`);
    for (const args of [['check', '-v', ini], ['check', '--format', 'json', ini], ['fix', '--dry-run', ini]]) {
      const r = await runCli(args);
      expect(r.stderr, args.join(' ')).not.toMatch(/internal error/);
      expect(r.stdout + r.stderr, args.join(' ')).not.toContain(LONG.slice(0, 40));
    }
  });
});
