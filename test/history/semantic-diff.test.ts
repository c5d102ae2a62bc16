import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IniDocument } from '../../src/ini/document.ts';
import { canonicalize, plainFingerprint, type CanonicalOptions } from '../../src/history/canonical.ts';
import { isRiskyKey, reloadOf, secretChangeText, semanticDiff } from '../../src/history/semantic-diff.ts';

const REF = join(import.meta.dirname, '../fixtures/zlm-reference');
const fp: CanonicalOptions = { fingerprint: plainFingerprint };
const canon = (text: string) => canonicalize(new IniDocument(text), fp);

describe('semanticDiff', () => {
  it('finds added, removed and changed keys, risky first then by key', () => {
    const a = canon('[general]\nflowThreshold=1024\nold=1\n[http]\nport=80\n[api]\nsecret=aaaa-1111\n');
    const b = canon('[http]\nport=8080\n[general]\nflowThreshold=2048\nnew=2\n[api]\nsecret=bbbb-2222\n');
    const d = semanticDiff(a, b);
    expect(d.map((c) => [c.key, c.kind, c.risky])).toEqual([
      ['api.secret', 'changed', true],
      ['http.port', 'changed', true],
      ['general.flowThreshold', 'changed', false],
      ['general.new', 'added', false],
      ['general.old', 'removed', false],
    ]);
    expect(d.find((c) => c.key === 'http.port')).toMatchObject({ reload: 'restart', before: '80', after: '8080', known: true });
    expect(d.find((c) => c.key === 'general.flowThreshold')?.reload).toBe('live');
    expect(d.find((c) => c.key === 'general.new')).toMatchObject({ reload: 'live', known: false, after: '2' });
    expect(d.find((c) => c.key === 'general.old')).toMatchObject({ before: '1' });
    expect(d.find((c) => c.key === 'general.old')?.after).toBeUndefined();
  });

  it('nothing changes when only the form changes', () => {
    expect(semanticDiff(canon('[a]\nx=1\ny=2\n'), canon('; c\r\n[a]\r\n\r\ny=2\r\nx=1\r\n'))).toEqual([]);
  });

  it('marks hooks, secrets, the server id, ports, ranges and allow lists risky', () => {
    for (const k of ['hook.on_play', 'hook.enable', 'hook.admin_params', 'api.secret', 'srt.passPhrase', 'general.mediaServerId', 'rtsp.port', 'rtc.tcpPort', 'rtp_proxy.port_range', 'rtc.port_range', 'rtc.portRange', 'http.allow_ip_range']) {
      expect(isRiskyKey(k), k).toBe(true);
    }
    for (const k of ['hook.timeoutSec', 'general.flowThreshold', 'protocol.enable_hls', 'http.rootPath', 'rtp_proxy.timeoutSec']) expect(isRiskyKey(k), k).toBe(false);
  });

  it('maps the catalogue reload classes', () => {
    expect(reloadOf('hook.alive_interval').reload).toBe('restart');
    expect(reloadOf('api.secret').reload).toBe('live');
    expect(reloadOf('no.such_key')).toEqual({ reload: 'live', known: false });
    const newStreams = ['protocol.enable_hls', 'protocol.enable_mp4', 'general.maxStreamWaitMS'].filter((k) => reloadOf(k).reload === 'new-streams');
    expect(newStreams.length).toBeGreaterThan(0);
  });

  it('shows a secret change by short fingerprints', () => {
    const d = semanticDiff(canon('[api]\nsecret=one-secret\n'), canon('[api]\nsecret=two-secret\n'));
    const text = secretChangeText(d[0]!);
    const a = plainFingerprint('one-secret').slice(0, 4);
    const b = plainFingerprint('two-secret').slice(0, 4);
    expect(text).toBe(`‹secret changed: ${a} → ${b}›`);
    expect(secretChangeText({ kind: 'changed', before: '‹secret:abcdef›', after: '‹secret:abcd99›' })).toBe('‹secret changed: abcde → abcd9›');
    expect(secretChangeText({ kind: 'added', after: '‹secret:abcdef›' })).toBe('‹secret set: abcd›');
    expect(secretChangeText({ kind: 'changed', before: 'x', after: 'y' })).toBeUndefined();
  });

  it('config.default.ini → the ZLM rewrite: only the real key changes', () => {
    const a = canonicalize(new IniDocument(readFileSync(join(REF, 'config.default.ini'), 'utf8')), fp);
    const b = canonicalize(new IniDocument(readFileSync(join(REF, 'config.shipped-after-first-start-rewrite.ini'), 'utf8')), fp);
    const d = semanticDiff(a, b);
    expect(d.map((c) => `${c.kind} ${c.key}`)).toEqual([
      'changed api.secret',
      'added general.check_nvidia_dev',
      'added general.enable_ffmpeg_log',
      'added http.notFound',
      'added python.plugin',
    ]);
    expect(JSON.stringify(d)).not.toContain('RUaKQng2LLBfGrMClQOFO4np0NQFW2rE');
  });
});
