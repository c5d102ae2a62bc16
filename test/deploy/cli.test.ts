import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';
import type { Finding } from '../../src/rules/types.ts';
import { tempTrees } from '../support/temp-tree.ts';
import { aliasBomb } from '../support/yaml-bombs.ts';

const tmp = tempTrees('zlmd-cli-deploy-');

const SECRET = 'Zq8wXv3Lm2Pn7Rt5Yb1Kd4Hs6Jf9Gc0A';
const CONFIG = ['[general]', 'mediaServerId=zlm-1', '[api]', `secret=${SECRET}`, '[http]', 'port=80', '[rtp_proxy]', 'port=10000', 'port_range=30000-30500', '[shell]', 'port=0', ''].join('\n');
const YML = ['server:', '  port: 18080', 'sip:', '  ip: 0.0.0.0', '  port: 5060', '  domain: 3402000000', '  id: 34020000002000000001', 'media:', '  id: zlm-1', '  ip: ${ZLM_HOST:127.0.0.1}', '  http-port: 80', '  secret: ${ZLM_SECRET}', '  sdp-ip: ${SDP_IP:127.0.0.1}', '  stream-ip: ${STREAM_IP:127.0.0.1}', '  rtp:', '    enable: true', '    port-range: 30000,30500', ''].join('\n');
const COMPOSE = [
  'services:',
  '  zlm:',
  '    image: zlmediakit/zlmediakit:master',
  '    ports:',
  '      - "80:80"',
  '      - "${RTP_RANGE}:${RTP_RANGE}/udp"',
  '    volumes:',
  '      - ./zlm/config.ini:/opt/media/conf/config.ini',
  '  wvp:',
  '    image: example/wvp-pro',
  '    environment:',
  '      ZLM_HOST: zlm',
  '      ZLM_SECRET: ${ZLM_SECRET}',
  '      SDP_IP: zlm',
  '      STREAM_IP: ${STREAM_IP:-192.168.1.20}',
  '',
].join('\n');
const ENV = `RTP_RANGE=30000-30500\nZLM_SECRET=${SECRET}\n`;

const json = (stdout: string): Finding[] => JSON.parse(stdout).findings;
const keys = (fs: Finding[], id: string) => fs.filter((f) => f.ruleId === id).map((f) => `${f.severity} ${f.key}`);

describe('check --compose', () => {
  it('reads the compose file with the .env beside it and runs the deployment rules', async () => {
    const d = tmp({ 'config.ini': CONFIG, 'deploy/docker-compose.yml': COMPOSE, 'deploy/.env': ENV });
    const r = await runCli(['check', '--format', 'json', '--compose', join(d, 'deploy/docker-compose.yml'), join(d, 'config.ini')]);
    expect(r.code, r.stderr).not.toBe(2);
    const fs = json(r.stdout);
    // UDP is published through ${RTP_RANGE}, TCP is not (no WVP given: info)
    expect(keys(fs, 'rtp-port-unpublished').sort()).toEqual(['info rtp_proxy.port', 'info rtp_proxy.port', 'info rtp_proxy.port_range']);
    expect(r.stderr).toContain('deployment context: docker-compose.yml, .env; ZLM service: zlm; WVP service: wvp');
  });

  it('resolves application.yml with the WVP service environment and flags a service name given to cameras', async () => {
    const d = tmp({ 'config.ini': CONFIG, 'docker-compose.yml': COMPOSE, '.env': ENV, 'application.yml': YML });
    const r = await runCli(['check', '--format', 'json', '--compose', join(d, 'docker-compose.yml'), join(d, 'config.ini'), '--wvp', join(d, 'application.yml')]);
    expect(r.code, r.stderr).toBe(1);
    const fs = json(r.stdout);
    expect(keys(fs, 'wvp-service-name-address')).toEqual(['error media.sdp-ip']);
    // the secret comes from the compose env and matches: no mismatch, nothing unresolved
    expect(fs.filter((f) => f.ruleId === 'wvp-secret' || f.ruleId === 'wvp-config-incomplete')).toEqual([]);
    expect(keys(fs, 'rtp-port-unpublished')).toEqual(['error rtp_proxy.port_range']);
    expect(r.stderr).toContain('compose service "wvp"');
  });

  it('never prints a secret from the compose environment', async () => {
    const d = tmp({ 'config.ini': CONFIG.replace('port=0', 'port=9000'), 'docker-compose.yml': COMPOSE.replace('${ZLM_SECRET}', SECRET).replace('"80:80"', '"8080:80"\n      - "10000:8000/udp"'), 'application.yml': YML });
    const r = await runCli(['check', '--compose', join(d, 'docker-compose.yml'), join(d, 'config.ini'), '--wvp', join(d, 'application.yml')]);
    expect(r.code, r.stderr).not.toBe(2);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('given only the compose file, checks the configs its services mount', async () => {
    const d = tmp({ 'zlm/config.ini': CONFIG, 'docker-compose.yml': COMPOSE, '.env': ENV });
    const r = await runCli(['check', '--format', 'json', '--compose', join(d, 'docker-compose.yml')]);
    expect(r.code, r.stderr).not.toBe(2);
    expect(new Set(json(r.stdout).map((f) => f.file.replace(d, '')))).toEqual(new Set(['/zlm/config.ini']));
  });

  it('ignores a Kubernetes manifest with a note', async () => {
    const d = tmp({ 'config.ini': CONFIG, 'zlm-service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: zlm\n' });
    const r = await runCli(['check', '--format', 'json', '--compose', join(d, 'zlm-service.yaml'), join(d, 'config.ini')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Kubernetes manifest, not a docker-compose file; ignored/);
  });

  it('a missing compose file is an I/O error (exit 2, one line)', async () => {
    const d = tmp({ 'config.ini': CONFIG });
    const r = await runCli(['check', '--compose', join(d, 'nope.yml'), join(d, 'config.ini')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/nope\.yml: no such file/);
  });

  it('a compose file nested too deeply to read is an input error too (exit 2, one line naming it), like the same file as --wvp', async () => {
    const d = tmp({ 'config.ini': CONFIG, 'deep.yml': '['.repeat(5000) });
    const deep = join(d, 'deep.yml');
    const r = await runCli(['check', '--compose', deep, join(d, 'config.ini')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`zlm-doctor: ${deep}: the YAML nesting is too deep to read (from line 1); a compose file nests a few levels, so this is not one (or it is damaged)\n`);
    const zh = await runCli(['check', '--lang', 'zh', '--compose', deep, join(d, 'config.ini')]);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toMatch(/^zlm-doctor: .*deep\.yml: YAML 嵌套层数过深，无法读取（自第 1 行起）；compose 文件只嵌套几层[^\n]*\n$/);
    const wvp = await runCli(['check', '--lang', 'zh', '--wvp', deep, join(d, 'config.ini')]);
    expect(wvp.code).toBe(2);
    expect(wvp.stderr).toMatch(/^zlm-doctor: .*deep\.yml: YAML 嵌套层数过深，无法读取（自第 1 行起）；application\.yml只嵌套几层[^\n]*\n$/);
  });

  it('an alias bomb is refused at once, as --compose and as --wvp: exit 2, one line naming the file, nothing of it printed', async () => {
    const d = tmp({ 'config.ini': CONFIG, 'bomb.yml': aliasBomb(9) });
    const bomb = join(d, 'bomb.yml');
    const reason = (kind: string) => `too many YAML aliases (from line 5): expanded, they would bring in more than 10000 values, an alias bomb; ${kind} uses a few anchors, so this is not one (or it is damaged)`;
    const t = performance.now();
    const c = await runCli(['check', '--compose', bomb, join(d, 'config.ini')]);
    const w = await runCli(['check', '--wvp', bomb, join(d, 'config.ini')]);
    expect(performance.now() - t).toBeLessThan(3000);
    expect(c).toEqual({ code: 2, stdout: '', stderr: `zlm-doctor: ${bomb}: ${reason('a compose file')}\n` });
    expect(w).toEqual({ code: 2, stdout: '', stderr: `zlm-doctor: ${bomb}: ${reason('an application.yml')}\n` });
    const zh = await runCli(['check', '--lang', 'zh', '--compose', bomb, join(d, 'config.ini')]);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toMatch(/^zlm-doctor: .*bomb\.yml: YAML 别名过多（自第 5 行起）：展开后会带入超过 10000 个值，是“别名炸弹”；compose 文件只用少量锚点[^\n]*\n$/);
  });
});

describe('check DIR', () => {
  it('finds config.ini, application.yml, the compose files in context/ and their .env', async () => {
    const d = tmp({ 'config.ini': CONFIG, 'application.yml': YML, 'context/docker-compose.yml': COMPOSE, 'context/.env': ENV });
    const r = await runCli(['check', '--format', 'json', d]);
    expect(r.code, r.stderr).toBe(1);
    const fs = json(r.stdout);
    expect(keys(fs, 'wvp-service-name-address')).toEqual(['error media.sdp-ip']);
    expect(fs.filter((f) => f.ruleId === 'wvp-secret')).toEqual([]);
    expect(new Set(fs.map((f) => f.file.replace(d, '')))).toEqual(new Set(['/config.ini', '/application.yml']));
  });

  it('works without compose files (config.ini and application.yml together)', async () => {
    const d = tmp({ 'config.ini': CONFIG, 'application.yml': YML.replace('${ZLM_SECRET}', SECRET) });
    const r = await runCli(['check', '--format', 'json', d]);
    expect(r.code, r.stderr).not.toBe(2);
    expect(json(r.stdout).some((f) => f.file.endsWith('application.yml'))).toBe(true);
  });

  it('takes the config files the services mount when they are not at the top of the directory', async () => {
    const d = tmp({ 'zlm/conf/config.ini': CONFIG, 'wvp/application.yml': YML, 'docker-compose.yml': COMPOSE.replace('./zlm/config.ini:/opt/media/conf/config.ini', './zlm/conf:/opt/media/conf') + '    volumes:\n      - ./wvp/application.yml:/opt/wvp/config/application.yml\n', '.env': ENV });
    const r = await runCli(['check', '--format', 'json', d]);
    expect(r.code, r.stderr).toBe(1);
    const fs = json(r.stdout);
    expect(keys(fs, 'wvp-service-name-address')).toEqual(['error media.sdp-ip']);
    expect(new Set(fs.map((f) => f.file.replace(d, '')))).toEqual(new Set(['/zlm/conf/config.ini', '/wvp/application.yml']));
  });

  it('an empty directory is a usage error', async () => {
    const d = tmp({ 'notes.txt': 'x' });
    const r = await runCli(['check', d]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no config\.ini, application\*\.yml or docker-compose file found/);
  });

  it('a directory goes alone', async () => {
    const d = tmp({ 'config.ini': CONFIG });
    const r = await runCli(['check', d, join(d, 'config.ini')]);
    expect(r.code).toBe(2);
  });
});
