/**
 * Severities of the deployment rules, which the fixture harness does not check:
 * how sure we are that cameras need a port decides error vs info.
 */
import { describe, it, expect } from 'vitest';
import { lintText } from '../support/lint.ts';
import { ALL_RULES } from '../../src/rules/index.ts';

const rules = (...ids: string[]) => ALL_RULES.filter((r) => ids.includes(r.meta.id));
const path = '/srv/docker-compose.yml';
const ZLM_ONLY_80 = 'services:\n  zlm:\n    image: zlmediakit/zlmediakit:master\n    ports:\n      - "80:80"\n  wvp:\n    image: example/wvp-pro\n';

describe('rtp-port-unpublished', () => {
  const ini = '[rtp_proxy]\nport=10000\nport_range=30000-30500\n';
  const run = (yml?: string) => lintText(ini, rules('rtp-port-unpublished'), yml, { path, text: ZLM_ONLY_80 }).map((f) => `${f.severity} ${f.key} ${f.message.split(' ')[1]}`);

  it('is an error for the range in multi-port mode, both protocols, and leaves the single port alone', () => {
    expect(run('media:\n  ip: zlm\n  rtp:\n    enable: true\n    port-range: 30000,30500\n')).toEqual([
      'error rtp_proxy.port_range 30000-30500/udp',
      'error rtp_proxy.port_range 30000-30500/tcp',
    ]);
  });
  it('is an error for the single port in single-port mode', () => {
    expect(run('media:\n  ip: zlm\n  rtp:\n    enable: false\n')).toEqual(['error rtp_proxy.port 10000/udp', 'error rtp_proxy.port 10000/tcp']);
  });
  it('is a warning when the mode is only a placeholder default', () => {
    expect(run('media:\n  ip: zlm\n  rtp:\n    enable: ${RTP_ENABLE:false}\n').every((s) => s.startsWith('warning'))).toBe(true);
  });
  it('is info without WVP: whether cameras use the ports is not known', () => {
    expect(lintText(ini, rules('rtp-port-unpublished'), undefined, { path, text: ZLM_ONLY_80 }).map((f) => f.severity)).toEqual(['info', 'info', 'info', 'info']);
  });
});

describe('port-remapped', () => {
  it('points at the compose line and names the host port the listener lands on', () => {
    const text = 'services:\n  zlm:\n    image: zlmediakit/zlmediakit\n    ports:\n      - "11001-11010:10001-10010/udp"\n';
    const [f] = lintText('[rtp_proxy]\nport=10003\n', rules('port-remapped'), undefined, { path, text });
    expect(f).toMatchObject({ severity: 'error', key: 'rtp_proxy.port', file: path, line: 5 });
    expect(f!.message).toContain('host port 11003/udp');
  });
  it('is info for RTSP without WVP and a warning with it', () => {
    const text = 'services:\n  zlm:\n    image: zlmediakit/zlmediakit\n    ports:\n      - "15554:554"\n';
    expect(lintText('[rtsp]\nport=554\n', rules('port-remapped'), undefined, { path, text }).map((f) => f.severity)).toEqual(['info']);
    expect(lintText('[rtsp]\nport=554\n', rules('port-remapped'), 'media:\n  ip: zlm\n', { path, text }).map((f) => f.severity)).toEqual(['warning']);
  });
});

describe('shell-port-open with a deployment', () => {
  const ini = '; input: whole\n[http]\nport=80\n';
  it('a missing [shell] is a warning when 9000/tcp is not published', () => {
    expect(lintText(ini, rules('shell-port-open'), undefined, { path, text: ZLM_ONLY_80 }).map((f) => f.severity)).toEqual(['warning']);
  });
  it('stays an error when 9000 is published, with host networking, or without a deployment', () => {
    const published = 'services:\n  zlm:\n    image: zlmediakit/zlmediakit\n    ports:\n      - "9000:9000"\n';
    const host = 'services:\n  zlm:\n    image: zlmediakit/zlmediakit\n    network_mode: host\n';
    expect(lintText(ini, rules('shell-port-open'), undefined, { path, text: published }).map((f) => f.severity)).toEqual(['error']);
    expect(lintText(ini, rules('shell-port-open'), undefined, { path, text: host }).map((f) => f.severity)).toEqual(['error']);
    expect(lintText(ini, rules('shell-port-open')).map((f) => f.severity)).toEqual(['error']);
  });
});

describe('wvp-service-name-address', () => {
  it('resolves the yml with the WVP service environment before judging', () => {
    const text = 'services:\n  zlm:\n    image: zlmediakit/zlmediakit\n  wvp:\n    image: example/wvp\n    environment:\n      SDP_IP: zlm\n      STREAM_IP: 192.168.1.20\n';
    const found = lintText('', rules('wvp-service-name-address'), 'media:\n  ip: zlm\n  sdp-ip: ${SDP_IP:127.0.0.1}\n  stream-ip: ${STREAM_IP:127.0.0.1}\n', { path, text });
    expect(found.map((f) => `${f.severity} ${f.key}`)).toEqual(['error media.sdp-ip']);
  });
});
