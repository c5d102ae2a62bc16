import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadMonitorConfig, loadMonitorConfigTexts, ConfigReadError, type ConfigError } from '../../src/monitor/index.ts';
import { tempTrees } from '../support/temp-tree.ts';
import { aliasBomb } from '../support/yaml-bombs.ts';
import { MINIMAL_MONITOR_CONFIG as MINIMAL } from '../support/monitor.ts';

const trees = tempTrees('zd-monitor-config-');

const F = '/etc/zd/zlm-doctor.yml';
function load(text: string, env: NodeJS.ProcessEnv = {}) {
  return loadMonitorConfigTexts([{ file: F, text }], env);
}
const where = (errs: ConfigError[]) => errs.map((e) => `${e.line}:${e.col} ${e.reason.en}`);

describe('zlm-doctor.yml', () => {
  it('the minimal file from the docs loads as written, defaults applied', () => {
    const r = load(MINIMAL, { ZLM_SECRET: 'minimalSecret123' });
    expect(r.errors).toEqual([]);
    const c = r.config;
    expect(c.listen).toEqual({ host: '127.0.0.1', port: 9797 });
    expect(c.lang).toBe('en');
    expect(c.stateDir).toBe('/etc/zd/.zlm-doctor');
    expect(c.defaults).toEqual({ intervalMs: 10_000, timeoutMs: 5_000, downAfter: 3, recoverAfter: 2, concurrency: 32, jitterMs: 1_000 });
    expect(c.nodes).toHaveLength(1);
    expect(c.nodes[0]).toMatchObject({ name: 'zlm-1', api: 'http://127.0.0.1:80', secret: 'minimalSecret123', labels: { site: 'lab' }, settings: c.defaults });
    expect(c.alerts.channels[0]).toMatchObject({ name: 'ops', type: 'webhook', url: 'http://127.0.0.1:9999/alert', method: 'POST', timeoutMs: 10_000 });
    expect(c.alerts).toMatchObject({ routes: [], defaultChannels: ['ops'], repeatIntervalMs: 4 * 3_600_000, sendResolved: true });
    expect(c.secrets).toEqual(['minimalSecret123']);
  });

  it('an unset variable is an error at its file:line:col; one inside a comment is not', () => {
    const r = load(`# set \${NOT_THIS} before starting\nnodes:\n  - name: a\n    api: "http://127.0.0.1:\${ZLM_PORT}"   # \${NOR_THIS}\n    secret: "x-\${ZLM_SECRET}"\n`);
    expect(where(r.errors)).toEqual(['4:28 environment variable ZLM_PORT is not set', '5:16 environment variable ZLM_SECRET is not set']);
    expect(r.errors[0]!.reason.zh).toBe('环境变量 ZLM_PORT 未设置');
    expect(r.errors[0]!.file).toBe(F);
  });

  it('$VAR and ${VAR} expand inside values; $$ is a literal dollar; a value cannot break the YAML', () => {
    const r = load(`lang: $LANGUAGE\nnodes:\n  - { name: n1, api: "http://\${HOST}:80", secret: "a$$b", labels: { owner: "\${WHO}" } }\n`, { LANGUAGE: 'zh', HOST: '127.0.0.1', WHO: 'x: y # not a comment' });
    expect(r.errors).toEqual([]);
    expect(r.config.lang).toBe('zh');
    expect(r.config.nodes[0]).toMatchObject({ api: 'http://127.0.0.1:80', secret: 'a$b', labels: { owner: 'x: y # not a comment' } });
  });

  it('reports every schema error with file, line, column and reason (en + zh)', () => {
    const r = load(`listen: localhost
lang: fr
defualts: { interval: 10s }
defaults: { interval: ten, down-after: 0, timeout: 20s }
nodes:
  - name: zlm-1
    api: ftp://127.0.0.1
    labels: { "bad-label": x }
  - name: zlm-1
    api: http://127.0.0.1:81
    interval: 5m
  - api: http://127.0.0.1:82
alerts:
  channels:
    - { name: ops, type: pager }
    - { name: d, type: dingtalk, secret: nope }
    - { name: m, type: email, host: 127.0.0.1, from: a@b.c }
    - { name: w, type: webhook, url: http://127.0.0.1/x, template: '{"a": {{summary}}}' }
  routes:
    - { match: { site: lab }, severity: urgent, channels: [nobody] }
maintenance:
  timezone: Mars/Olympus
  windows:
    - { start: "25:00", end: "01:00" }
    - { cron: "0 2 * *", duration: 1h }
`);
    expect(where(r.errors)).toEqual([
      '1:9 listen must be HOST:PORT, e.g. 127.0.0.1:9797 (got "localhost")',
      '2:7 lang must be one of en, zh (got "fr")',
      '3:1 unknown key "defualts"; did you mean "defaults"?',
      '4:11 defaults.timeout (20000 ms) must be shorter than defaults.interval (10000 ms)',
      '4:23 defaults.interval must be a duration such as 10s, 500ms, 1m or 2h (got "ten")',
      '4:40 defaults.down-after must be a whole number from 1 to 100 (got "0")',
      '7:10 nodes[0].api must start with http:// or https://',
      '8:15 label name "bad-label" must match [A-Za-z_][A-Za-z0-9_]* (it becomes a Prometheus label)',
      '9:11 node name "zlm-1" is already used at /etc/zd/zlm-doctor.yml:6:11; names must be unique',
      '12:5 nodes[2].name is required',
      '15:26 alerts.channels[0].type must be one of webhook, dingtalk, wecom, feishu, slack, email, alertmanager (got "pager")',
      '16:7 alerts.channels[1].url is required (the robot webhook, https://oapi.dingtalk.com/robot/send?access_token=…, or token:)',
      '16:42 alerts.channels[1].secret: a DingTalk signing secret starts with SEC',
      '17:7 alerts.channels[2].to is required (one address or a list)',
      expect.stringMatching(/^18:68 alerts\.channels\[3\]\.template does not give valid JSON once filled: /),
      '20:41 alerts.routes[0].severity must be one of critical, warning, info (got "urgent")',
      '20:59 alerts.routes[0].channels: no channel is named "nobody" (channels: w)',
      '22:13 maintenance.timezone "Mars/Olympus" is not an IANA time zone (e.g. Asia/Shanghai, UTC)',
      '24:16 maintenance.windows[0].start must be a time of day HH:MM, e.g. "23:30" (got "25:00")',
      '25:15 maintenance.windows[1].cron: a cron expression has 5 fields (minute hour day month weekday), this one has 4',
    ]);
    // every error has a Chinese reason too
    for (const e of r.errors) expect(e.reason.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a YAML syntax error and a duplicate key point at their place', () => {
    expect(where(load('nodes:\n  - name: a\n    api: [http://x\n').errors)[0]).toMatch(/^\d+:\d+ YAML syntax: /);
    expect(where(load('listen: 127.0.0.1:1\nlisten: 127.0.0.1:2\n').errors)).toEqual(['2:1 duplicate key (each key once per map)']);
  });

  it('an alias bomb, an alias inside its own anchor and nesting past the parser are one error each, at once', () => {
    const t = performance.now();
    const bomb = load('nodes:\n  - name: a\n    api: http://127.0.0.1:80\n    labels:\n' + aliasBomb(9, '      '));
    expect(performance.now() - t).toBeLessThan(2000);
    expect(where(bomb.errors)).toEqual([expect.stringMatching(/^9:\d+ too many YAML aliases \(from line 9\): expanded, they would bring in more than 10000 values, an alias bomb; a zlm-doctor\.yml uses a few anchors/)]);
    expect(bomb.errors[0]!.reason.zh).toMatch(/^YAML 别名过多（自第 9 行起）/);
    expect(where(load('x: &a\n  b: *a\n').errors)).toEqual([expect.stringMatching(/^2:6 the YAML alias on line 2 stands inside the anchor it names/)]);
    expect(where(load('nodes: ' + '['.repeat(5000)).errors)).toEqual([expect.stringMatching(/^1:\d+ the YAML nesting is too deep to read \(from line 1\); a zlm-doctor\.yml nests a few levels/)]);
  });

  it('marks secrets: node secrets, channel secrets, passwords, header values and URL tokens', () => {
    const r = load(`nodes:
  - { name: a, api: "http://127.0.0.1:80/index/api?secret=apiQuerySecret99", secret: nodeSecretAAAA }
alerts:
  channels:
    - { name: d, type: dingtalk, url: "https://oapi.dingtalk.com/robot/send?access_token=dingTokenBBBBBBBB", secret: SECdingSecretCCCC }
    - { name: f, type: feishu, url: "https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-aaaa-bbbb-cccc-123456789abc" }
    - { name: s, type: slack, url: "https://hooks.slack.com/services/T000/B000/slackSecretDDDDDDDD" }
    - { name: w, type: webhook, url: "https://user:basicPassEEEE@example.test/x", headers: { X-Api-Key: headerKeyFFFF } }
    - { name: m, type: email, host: 127.0.0.1, username: u, password: mailPassGGGG, from: a@b.c, to: c@d.e }
`);
    expect(r.errors).toEqual([]);
    expect(r.config.secrets.sort()).toEqual(
      ['apiQuerySecret99', 'nodeSecretAAAA', 'dingTokenBBBBBBBB', 'SECdingSecretCCCC', '0f1e2d3c-aaaa-bbbb-cccc-123456789abc', 'slackSecretDDDDDDDD', 'basicPassEEEE', 'headerKeyFFFF', 'mailPassGGGG'].sort(),
    );
  });

  it('per-node overrides sit on the node; relative paths resolve against the file', () => {
    const r = load(`defaults: { interval: 30s, down-after: 5 }
nodes:
  - { name: a, api: "http://127.0.0.1:80", interval: 5s, timeout: 2s, config: conf/config.ini, wvp: /opt/wvp/application.yml }
`);
    expect(r.errors).toEqual([]);
    expect(r.config.nodes[0]).toMatchObject({ settings: { intervalMs: 5000, timeoutMs: 2000, downAfter: 5 }, config: '/etc/zd/conf/config.ini', wvp: '/opt/wvp/application.yml' });
  });

  it('a directory merges its *.yml files: lists add up, a scalar set twice is an error naming both places', () => {
    const d = trees({
      '10-base.yml': MINIMAL,
      '20-more.yml': `nodes:\n  - { name: zlm-2, api: "http://127.0.0.1:81" }\nalerts:\n  channels:\n    - { name: chat, type: slack, url: "https://hooks.slack.com/services/T/B/xxxxxxxxxxxx" }\n`,
      '30-clash.yaml': 'listen: 127.0.0.1:9898\n',
      'notes.txt': 'listen: nope',
    });
    const r = loadMonitorConfig(d, { ZLM_SECRET: 'dirSecret1234' });
    expect(r.config.nodes.map((n) => n.name)).toEqual(['zlm-1', 'zlm-2']);
    expect(r.config.alerts.channels.map((c) => c.name)).toEqual(['ops', 'chat']);
    expect(r.config.files.map((f) => f.slice(d.length + 1))).toEqual(['10-base.yml', '20-more.yml', '30-clash.yaml']);
    expect(r.errors.map((e) => `${e.file.slice(d.length + 1)}:${e.line}:${e.col} ${e.reason.en}`)).toEqual([`30-clash.yaml:1:9 already set at ${join(d, '10-base.yml')}:1:9; a value may be set in one file only`]);
    expect(r.config.stateDir).toBe(join(d, '.zlm-doctor'));
  });

  it('a missing path throws ConfigReadError (nothing to point at)', () => {
    expect(() => loadMonitorConfig('/nonexistent/zlm-doctor.yml', {})).toThrow(ConfigReadError);
  });
});
