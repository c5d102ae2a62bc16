import { describe, it, expect } from 'vitest';
import { IniDocument } from '../../src/ini/document.ts';
import { planApply, UNRESOLVED } from '../../src/change/apply/index.ts';

const map = (text: string) => new IniDocument(text).toMap();
const CUR = '[api]\nsecret=Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE\n[general]\nmediaServerId=zlm-1\n[hook]\nenable=1\non_play=http://127.0.0.1:18080/index/hook/on_play\non_server_keepalive=http://127.0.0.1:18080/index/hook/on_server_keepalive\nalive_interval=10.0\n[http]\nport=8080\nsslport=0\n[rtsp]\nport=8554\nsslport=0\n[rtmp]\nport=1935\nsslport=0\n[rtp_proxy]\nport=10000\n[rtc]\nport=0\ntcpPort=0\nsignalingPort=0\nsignalingSslPort=0\nicePort=0\niceTcpPort=0\n[srt]\nport=0\n[shell]\nport=0\n';
const plan = (desired: string, extra: Partial<Parameters<typeof planApply>[0]> = {}) => planApply({ current: map(CUR), desired: map(desired), mode: 'process', ...extra });

describe('planApply', () => {
  it('nothing changes: reload none, nothing to verify', () => {
    const p = plan(CUR);
    expect(p).toMatchObject({ result: 'dry-run', reload: 'none', changes: [], verified: [], restartKeys: [] });
    expect(p.reason.en).toBe('nothing changes');
  });

  it('a live key (a hook URL): SIGHUP, no restart; verifies API, value, listeners and the hook chain', () => {
    const p = plan(CUR.replace('hook/on_play', 'hook/on_play_v2'));
    expect(p.reload).toBe('sighup');
    expect(p.changes).toEqual([
      { key: 'hook.on_play', kind: 'changed', old: 'http://127.0.0.1:18080/index/hook/on_play', new: 'http://127.0.0.1:18080/index/hook/on_play_v2', reload: 'live', via: 'sighup', risky: true, known: true },
    ]);
    expect(p.verified).toEqual([
      { check: 'api' },
      { check: 'config', keys: ['hook.on_play'] },
      { check: 'listener', key: 'http.port', port: 8080, transport: 'tcp' },
      { check: 'listener', key: 'rtmp.port', port: 1935, transport: 'tcp' },
      { check: 'listener', key: 'rtp_proxy.port', port: 10000, transport: 'both' },
      { check: 'listener', key: 'rtsp.port', port: 8554, transport: 'tcp' },
      { check: 'listener', key: 'onvif.port', port: 3702, transport: 'udp', optional: 'lazy' },
      { check: 'hook-keepalive' },
    ]);
  });

  it('a start-up-only key (rtsp.port): restart, names the key, checks the new port listens and the old is free', () => {
    const p = plan(CUR.replace('port=8554', 'port=8555'));
    expect(p.reload).toBe('restart');
    expect(p.restartKeys).toEqual(['rtsp.port']);
    expect(p.changes[0]).toMatchObject({ key: 'rtsp.port', via: 'restart', reload: 'restart' });
    expect(p.changes[0]!.why!.en).toBe('rtsp.port is read at start-up only');
    expect(p.reason.en).toBe('restart: rtsp.port takes effect only at start-up');
    expect(p.verified).toContainEqual({ check: 'listener', key: 'rtsp.port', port: 8555, transport: 'tcp' });
    expect(p.verified).toContainEqual({ check: 'port-free', key: 'rtsp.port', port: 8554 });
    expect(p.verified).not.toContainEqual({ check: 'hook-keepalive' });
  });

  it('hook.enable 0→1 with a keepalive URL: restart (the keepalive timer starts only at start-up)', () => {
    const p = planApply({ current: map(CUR.replace('enable=1', 'enable=0')), desired: map(CUR), mode: 'process' });
    expect(p.reload).toBe('restart');
    expect(p.changes[0]).toMatchObject({ key: 'hook.enable', via: 'restart' });
    expect(p.changes[0]!.why!.en).toMatch(/keepalive timer/);
    expect(p.verified).toContainEqual({ check: 'hook-keepalive' });
  });

  it('secrets never appear in clear in the plan', () => {
    const p = plan(CUR.replace('Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE', 'Xy9vK2mN5pR7tW9yB3dF6hJ1lC4xG0sQ'));
    expect(JSON.stringify(p)).not.toMatch(/Zq8vK2|Xy9vK2/);
    expect(p.changes[0]).toMatchObject({ key: 'api.secret', via: 'sighup' });
    expect(p.changes[0]!.old).toMatch(/^‹secret:[0-9a-f]+›$/);
  });

  it('a removed key keeps its running value on reload: restart, unless it is at its default or unknown', () => {
    const p = plan(CUR.replace('alive_interval=10.0\n', '').replace('[general]\nmediaServerId=zlm-1\n', '[general]\nmediaServerId=zlm-1\nno_such_key=1\n'));
    expect(p.changes.find((c) => c.key === 'general.no_such_key')).toMatchObject({ via: 'none', reload: 'none', known: false });
    expect(p.changes.find((c) => c.key === 'hook.alive_interval')).toMatchObject({ kind: 'removed', via: 'restart' });
    // removing a key whose running value is its default changes nothing at the next start either
    const r = planApply({ current: map(CUR.replace('[rtsp]\nport=8554\n', '[rtsp]\nport=8554\nkeepAliveSecond=15\n')), desired: map(CUR), mode: 'process' });
    expect(r.changes).toMatchObject([{ key: 'rtsp.keepAliveSecond', kind: 'removed', via: 'sighup' }]);
  });

  it('an unknown key only: written, no reload', () => {
    const p = plan(CUR + '[x]\ny=1\n');
    expect(p.reload).toBe('none');
    expect(p.changes).toMatchObject([{ key: 'x.y', via: 'none', known: false }]);
    expect(p.reason.en).toMatch(/read by no ZLM code/);
  });

  it('api target: live keys via setServerConfig, start-up keys and ffmpeg.bin not applied, nothing removed', () => {
    const desired = '[hook]\non_play=http://127.0.0.1:18080/index/hook/on_play_v2\n[rtsp]\nport=8555\n[ffmpeg]\nbin=/opt/ffmpeg\n';
    const p = planApply({ current: map(CUR + '[ffmpeg]\nbin=/usr/bin/ffmpeg\n'), desired: map(desired), mode: 'api', duplicateKeys: ['http.port'] });
    expect(p.reload).toBe('live');
    expect(Object.fromEntries(p.changes.map((c) => [c.key, c.via]))).toEqual({ 'hook.on_play': 'setServerConfig', 'rtsp.port': 'not-applied', 'ffmpeg.bin': 'not-applied' });
    expect(p.notApplied.sort()).toEqual(['ffmpeg.bin', 'rtsp.port']);
    expect(p.restartKeys).toEqual(['rtsp.port']);
    expect(p.reason.en).toMatch(/not applied through the API: .*rtsp\.port/);
    expect(p.notes.map((n) => n.en).join('\n')).toMatch(/rewrites config\.ini[\s\S]*http\.port twice/);
    expect(p.verified).toContainEqual({ check: 'config', keys: ['hook.on_play'] });
  });

  it('error findings refuse the plan unless force', () => {
    const errors = [{ ruleId: 'inline-comment', key: 'hook.on_play', message: 'x' }];
    expect(plan(CUR, { errors })).toMatchObject({ result: 'refused' });
    expect(plan(CUR, { errors }).reason.en).toMatch(/1 error finding\(s\) \(inline-comment\)/);
    expect(plan(CUR, { errors, force: true })).toMatchObject({ result: 'dry-run' });
    const ph = [{ ruleId: UNRESOLVED, key: 'api.secret', message: 'x' }];
    expect(plan(CUR, { errors: ph, force: true })).toMatchObject({ result: 'refused' });
    expect(plan(CUR, { errors: ph, force: true }).reason.en).toMatch(/must be resolved first/);
  });
});
