/**
 * Issue 7 item 10: an empty value is not invalid by itself. What ZLM does
 * with an empty key decides the severity (ZLToolKit binds an unparsable or
 * empty listen_ip to the wildcard; an empty number/bool/enum reads 0).
 */
import { describe, it, expect } from 'vitest';
import { lintText } from '../support/lint.ts';
import { ruleById } from '../../src/rules/index.ts';

function sev(text: string, id: string, key: string): string | undefined {
  return lintText(text, [ruleById(id)!]).find((f) => f.ruleId === id && f.key === key)?.severity;
}

describe('empty values', () => {
  it('an empty listen_ip is the wildcard: no finding; a host name also binds the wildcard: warning', () => {
    expect(sev('[general]\nlisten_ip=\n', 'ip-invalid', 'general.listen_ip')).toBeUndefined();
    expect(sev('[general]\nlisten_ip=localhost\n', 'ip-invalid', 'general.listen_ip')).toBe('warning');
    expect(sev('[multicast]\naddrMin=\n', 'ip-invalid', 'multicast.addrMin')).toBe('warning');
  });
  it('an empty port turns the listener off: error only for the HTTP API', () => {
    expect(sev('[http]\nport=\n', 'port-invalid', 'http.port')).toBe('error');
    expect(sev('[rtsp]\nport=\n', 'port-invalid', 'rtsp.port')).toBe('warning');
    expect(sev('[http]\nsslport=\n', 'port-invalid', 'http.sslport')).toBe('warning');
    expect(sev('[rtsp]\nsslport=\n', 'port-invalid', 'rtsp.sslport')).toBe('info');
    expect(sev('[rtsp]\nport=abc\n', 'port-invalid', 'rtsp.port')).toBe('error');
  });
  it('an empty number reads 0: info when the default is 0, else a warning', () => {
    expect(sev('[general]\nmergeWriteMS=\n', 'number-invalid', 'general.mergeWriteMS')).toBe('info');
    expect(sev('[general]\nmaxStreamWaitMS=\n', 'number-invalid', 'general.maxStreamWaitMS')).toBe('warning');
    expect(sev('[general]\nmaxStreamWaitMS=abc\n', 'number-invalid', 'general.maxStreamWaitMS')).toBe('error');
  });
  it('an empty bool reads false: info when the default is 0, else a warning', () => {
    expect(sev('[hook]\nenable=\n', 'bool-invalid', 'hook.enable')).toBe('info');
    expect(sev('[protocol]\nenable_rtsp=\n', 'bool-invalid', 'protocol.enable_rtsp')).toBe('warning');
    expect(sev('[hook]\nenable=yes\n', 'bool-invalid', 'hook.enable')).toBe('error');
  });
  it('an empty enum reads 0', () => {
    expect(sev('[rtsp]\nrtpTransportType=\n', 'enum-invalid', 'rtsp.rtpTransportType')).toBe('warning');
    expect(sev('[rtsp]\nrtpTransportType=tcp\n', 'enum-invalid', 'rtsp.rtpTransportType')).toBe('error');
  });
  it('an empty ffmpeg template breaks only FFmpeg pulls or snapshots', () => {
    expect(sev('[ffmpeg]\ncmd=\n', 'template-invalid', 'ffmpeg.cmd')).toBe('warning');
  });
});

describe('api-secret-sample by generation', () => {
  const msg = (text: string) => lintText(text, [ruleById('api-secret-sample')!])[0]?.message ?? '';
  it('says what the build of the key set does with the sample', () => {
    const sample = 'secret=035c73f7-bb6b-4889-a715-d9eb2d1925cc';
    expect(msg(`[general]\npublishToHls=1\n[api]\n${sample}\n[hook]\non_server_keepalive=\n`)).toMatch(/accepts it as is/);
    expect(msg(`[api]\n${sample}\n[hook]\nstream_changed_schemas=rtsp\n`)).toMatch(/replaces it/);
    expect(msg(`[api]\n${sample}\n`)).toMatch(/public sample value shipped/);
    expect(msg(`[api]\n${sample}\n`)).not.toContain('035c73f7');
  });
});
