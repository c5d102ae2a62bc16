import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';
import { tempTrees } from '../support/temp-tree.ts';
import { blackHole, recorder } from '../monitor/receivers.ts';
import { MINIMAL_MONITOR_CONFIG as MINIMAL } from '../support/monitor.ts';

const trees = tempTrees('zd-serve-config-');
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

const SECRET = 'cliSecretValue-0123456789';

describe('serve --check-config', () => {
  it('the minimal file: OK and a summary, exit 0 (en and zh), no secret printed', async () => {
    const d = trees({ 'zlm-doctor.yml': MINIMAL });
    const f = join(d, 'zlm-doctor.yml');
    const en = await runCli(['serve', '--check-config', '-c', f], { ZLM_SECRET: SECRET });
    expect(en.code).toBe(0);
    expect(en.stdout).toContain(`✓ ${f}: configuration OK`);
    expect(en.stdout).toContain('  1 node: zlm-1 {site=lab}');
    expect(en.stdout).toContain('  1 channel: ops (webhook)');
    expect(en.stdout).toContain('listen 127.0.0.1:9797');
    const zh = await runCli(['serve', '--check-config', '-c', f, '--lang', 'zh'], { ZLM_SECRET: SECRET });
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('：配置正确');
    expect(zh.stdout).toContain('节点 1 个：zlm-1 {site=lab}');
    for (const r of [en, zh]) expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('errors as file:line:col reason, exit 1; in Chinese with --lang zh', async () => {
    const d = trees({ 'zlm-doctor.yml': MINIMAL.replace('interval: 10s', 'interval: often') });
    const f = join(d, 'zlm-doctor.yml');
    const r = await runCli(['serve', '--check-config', '-c', f], {});
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual([`✗ ${f}: 2 errors`, `${f}:2:23 defaults.interval must be a duration such as 10s, 500ms, 1m or 2h (got "often")`, `${f}:6:13 environment variable ZLM_SECRET is not set`, '']);
    const zh = await runCli(['serve', '--check-config', '-c', f, '--lang', 'zh'], {});
    expect(zh.code).toBe(1);
    expect(zh.stdout).toContain(`${f}:6:13 环境变量 ZLM_SECRET 未设置`);
  });

  it('a directory is merged; an unreadable path exits 2; serve without --check-config refuses an invalid config the same way', async () => {
    const d = trees({ 'a.yml': MINIMAL, 'b.yml': 'nodes:\n  - { name: zlm-2, api: "http://127.0.0.1:81" }\n' });
    const ok = await runCli(['serve', '--check-config', '-c', d], { ZLM_SECRET: SECRET });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('2 nodes: zlm-1 {site=lab}, zlm-2 (no secret)');
    const missing = await runCli(['serve', '--check-config', '-c', join(d, 'nope.yml')], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yml: no such file or directory');
    const run = await runCli(['serve', '-c', d], {});
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('ZLM_SECRET');
  });
});

describe('alert test', () => {
  it('sends a test message through the named channel and reports it (en + zh)', async () => {
    const r = await recorder();
    closers.push(r.close);
    const d = trees({ 'zlm-doctor.yml': MINIMAL.replace('http://127.0.0.1:9999/alert', '"${HOOK_URL}"') });
    const f = join(d, 'zlm-doctor.yml');
    const env = { ZLM_SECRET: SECRET, HOOK_URL: `${r.base}/alert` };
    const en = await runCli(['alert', 'test', 'ops', '-c', f], env);
    expect(en.code).toBe(0);
    expect(en.stdout).toMatch(/^✓ test message sent to channel "ops" \(webhook\) in \d+ ms, HTTP 200\n$/);
    const body = JSON.parse(r.requests[0]!.body);
    expect(body).toMatchObject({ test: true, status: 'firing', title: '[TEST] zlm-doctor-test: test message' });
    const zh = await runCli(['alert', 'test', 'ops', '-c', f, '--lang', 'zh'], env);
    expect(zh.stdout).toMatch(/^✓ 测试消息已发送到通道 "ops"（webhook），耗时 \d+ ms，HTTP 200\n$/);
    const unknown = await runCli(['alert', 'test', 'nope', '-c', f], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no channel named "nope" in the config (channels: ops)');
  });

  it('a receiver that never answers: exit 1 within the channel timeout, naming the channel', async () => {
    const bh = await blackHole();
    closers.push(bh.close);
    const d = trees({ 'zlm-doctor.yml': MINIMAL.replace('url: http://127.0.0.1:9999/alert }', `url: "${bh.base}/alert", timeout: 500ms }`) });
    const t0 = performance.now();
    const r = await runCli(['alert', 'test', 'ops', '-c', join(d, 'zlm-doctor.yml')], { ZLM_SECRET: SECRET });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^✗ channel "ops" \(webhook\): no answer within \d+ ms\n$/);
  });
});
