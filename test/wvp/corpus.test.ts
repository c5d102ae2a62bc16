/**
 * Every WVP application.yml of shared/cases and of the real-deployments corpus
 * loads, and the values the link checks rely on come out as Spring would
 * resolve them (with and without the deployment's environment).
 */
import { it, expect } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWvp } from '../../src/wvp/load.ts';
import { expectedZlm } from '../../src/wvp/expected.ts';
import { describeShared, sharedPath } from '../support/shared.ts';

const SHARED = sharedPath();
const CASES = join(SHARED, 'cases');
const CORPUS = join(SHARED, 'corpus/real-deployments');

const caseFiles = (existsSync(CASES) ? readdirSync(CASES) : [])
  .filter((d) => /^(1[3-9]|2\d)-/.test(d) && existsSync(join(CASES, d, 'application.yml')))
  .map((d) => join(CASES, d, 'application.yml'));
const corpusFiles = (existsSync(CORPUS) ? readdirSync(CORPUS) : [])
  .flatMap((d) => {
    const dir = join(CORPUS, d);
    if (!statSync(dir).isDirectory()) return [];
    const ctx = join(dir, 'context');
    return [
      ...readdirSync(dir).filter((f) => /^application.*\.ya?ml$/.test(f)).map((f) => join(dir, f)),
      ...(existsSync(ctx) ? readdirSync(ctx).filter((f) => /^application.*\.ya?ml$/.test(f)).map((f) => join(ctx, f)) : []),
    ];
  })
  .sort();

describeShared('corpus/real-deployments', 'shared WVP cases and real deployments load', () => {
  it('finds the files', () => {
    expect(caseFiles.length).toBeGreaterThanOrEqual(12);
    expect(corpusFiles.length).toBeGreaterThanOrEqual(10);
  });

  it.each([...caseFiles, ...corpusFiles].map((f) => [f.slice(SHARED.length + 1), f]))('%s', (_name, f) => {
    const w = loadWvp(f, { env: {} });
    expect(w.files[0]).toBe(f);
    expect(['2.6', '2.7.0-2.7.1', '2.7.4+']).toContain(w.generation);
    expect(w.generationReason).not.toBe('');
    for (const p of ['media.id', 'media.ip', 'media.hook-ip', 'server.port', 'media.secret', 'media.sdp-ip', 'media.rtp.port-range']) {
      const v = w.get(p);
      expect(v.path).toBe(p);
      // a value, or a reason why not
      if (v.value === undefined) expect(v.source === 'missing' || (v.unresolved?.length ?? 0) > 0).toBe(true);
      if (v.loc) expect(v.loc.line).toBeGreaterThan(0);
    }
    expect(() => expectedZlm(w)).not.toThrow();
  });

  it('the 12+ WVP cases resolve without placeholders or problems', () => {
    for (const f of caseFiles) {
      const w = loadWvp(f, { env: {} });
      expect(w.problems, f).toEqual([]);
      expect(w.generation, f).toBe('2.7.4+');
      expect(w.get('media.id').value, f).toMatch(/\S/);
      expect(w.get('server.port').source, f).toBe('file');
    }
  });
});

describeShared('corpus/real-deployments', 'real deployments: placeholders and environment', () => {
  it('01 without env: loopback defaults come from placeholders, the secret is unresolved', () => {
    const w = loadWvp(join(CORPUS, '01-cnpolaris-docker-healthy/application.yml'), { env: {} });
    expect(w.get('media.hook-ip')).toMatchObject({ value: '127.0.0.1', source: 'placeholder-default', raw: '${ZLM_HOOK_HOST:127.0.0.1}' });
    expect(w.get('media.http-port')).toMatchObject({ value: '80', source: 'placeholder-default' });
    expect(w.get('media.secret')).toMatchObject({ value: undefined, unresolved: ['ZLM_SERCERT'] });
    const p = w.problems.find((x) => x.subject === 'media.secret');
    expect(p).toMatchObject({ kind: 'unresolved-placeholder', loc: { line: 74, column: 11 } });
    // port overrides are reported, but do not decide the generation
    expect(w.portOverrides).toContain('media.rtsp-port');
  });

  it('01 with the compose env: every cross-check value is the deployed one', () => {
    const env = {
      ZLM_HOST: '172.19.95.2',
      ZLM_PORT: '6080',
      ZLM_HOOK_HOST: '172.19.95.2',
      ZLM_SERCERT: 'su6TiedN2rVAmBbIDX0aa0QTiBJLBdcf',
      SDP_HOST: '172.19.95.2',
      STREAM_HOST: '172.19.95.2',
      MediaRtmp: '10935',
    };
    const w = loadWvp(join(CORPUS, '01-cnpolaris-docker-healthy/application.yml'), { env });
    expect(w.get('media.secret')).toMatchObject({ value: 'su6TiedN2rVAmBbIDX0aa0QTiBJLBdcf', source: 'env', envVar: 'ZLM_SERCERT' });
    expect(w.get('media.http-port').value).toBe('6080');
    expect(w.get('media.rtmp-port').value).toBe('10935');
    const hooks = expectedZlm(w);
    expect(hooks.find((e) => e.zlmKey === 'hook.on_play')?.value).toBe('http://172.19.95.2:18978/index/hook/on_play');
    expect(hooks.find((e) => e.zlmKey === 'http.port')?.value).toBe('6080');
    expect(hooks.find((e) => e.zlmKey === 'record.appName')?.value).toBe('assist');
    expect(hooks.find((e) => e.zlmKey === 'protocol.mp4_save_path')?.value).toBe('/opt/media');
  });

  it.each([
    ['01-cnpolaris-docker-healthy', 'polaris', '18978'],
    ['05-wvp-upstream-docker-reference', 'polaris', '18978'],
    ['10-cigarettevideo-docker-wvp-secret-mismatch', 'polaris', '18978'],
  ])('%s: application.yml selects the docker profile overlay', (dir, id, port) => {
    const tmp = mkdtempSync(join(tmpdir(), 'wvp-profile-'));
    copyFileSync(join(CORPUS, dir, 'context/application.base.yml'), join(tmp, 'application.yml'));
    copyFileSync(join(CORPUS, dir, 'application.yml'), join(tmp, 'application-docker.yml'));
    const w = loadWvp(join(tmp, 'application.yml'), { env: {} });
    expect(w.profiles).toEqual(['docker']);
    expect(w.files).toEqual([join(tmp, 'application.yml'), join(tmp, 'application-docker.yml')]);
    expect(w.get('media.id')).toMatchObject({ value: id, loc: { file: join(tmp, 'application-docker.yml') } });
    expect(w.get('server.port').value).toBe(port);
    expect(w.get('spring.application.name')).toMatchObject({ value: 'wvp', loc: { file: join(tmp, 'application.yml') } });
    expect(w.problems.filter((p) => p.kind !== 'unresolved-placeholder')).toEqual([]);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('the base file alone: missing profile and no link sections are problems, not exceptions', () => {
    const w = loadWvp(join(CORPUS, '05-wvp-upstream-docker-reference/context/application.base.yml'), { env: {} });
    expect(w.problems.map((p) => p.kind).sort()).toEqual(['missing-profile', 'no-link-sections']);
    expect(w.problems.find((p) => p.kind === 'missing-profile')).toMatchObject({ loc: { line: 5 } });
  });

  it('03: hook-ip and media.ip are compose service names from placeholder defaults', () => {
    const w = loadWvp(join(CORPUS, '03-taoxincn-docker-template-placeholders/application.yml'), { env: {} });
    expect(w.get('media.hook-ip').value).toBe('wvp');
    expect(w.get('media.ip').value).toBe('zlm');
    expect(w.get('media.secret').value).toBe('035c73f7-bb6b-4889-a715-d9eb2d1925cc');
    const env = { HOOK_IP: 'wvp', ZLM_SECRET: '035c73f7-bb6b-4889-a715-d9eb2d1925ee', ZLM_PORT: '8088' };
    expect(loadWvp(join(CORPUS, '03-taoxincn-docker-template-placeholders/application.yml'), { env }).get('media.secret').value).toBe(
      '035c73f7-bb6b-4889-a715-d9eb2d1925ee',
    );
  });

  it('04 (2021): no media.id → 2.6 generation; env MEDIA_IP / MEDIA_HTTP-PORT / MEDIA_RTP_ENABLE override the keys', () => {
    const f = join(CORPUS, '04-openmynet-docker-2021-default-secret/application.yml');
    const bare = loadWvp(f, { env: {} });
    expect(bare.generation).toBe('2.6');
    expect(bare.generationReason).toContain('no media.id');
    // 2.6: an absent hook-ip means sip.ip
    expect(bare.get('media.hook-ip')).toMatchObject({ value: '127.0.0.1', source: 'code-default' });
    expect(bare.get('media.id').source).toBe('missing');
    const env = { SIP_IP: '192.168.0.177', MEDIA_IP: '192.168.0.177', 'MEDIA_HTTP-PORT': '8000', MEDIA_RTP_ENABLE: 'false' };
    const w = loadWvp(f, { env });
    expect(w.get('media.ip')).toMatchObject({ value: '192.168.0.177', source: 'env', envVar: 'MEDIA_IP' });
    expect(w.get('media.http-port')).toMatchObject({ value: '8000', source: 'env' });
    expect(w.get('media.rtp.enable').value).toBe('false');
    expect(w.get('media.hook-ip').value).toBe('192.168.0.177');
    const e = expectedZlm(w);
    expect(e.find((x) => x.zlmKey === 'hook.on_play')?.value).toBe('http://192.168.0.177:18080/index/hook/on_play');
    expect(e.find((x) => x.zlmKey === 'hook.timeoutSec')?.value).toBe('20');
    expect(e.find((x) => x.zlmKey === 'rtp_proxy.port_range')).toBeUndefined();
    // nested placeholders in the datasource: ${${database.${DB_TYPE}:sqlite}.name}
    expect(loadWvp(f, { env: { DB_TYPE: 'mysql' } }).get('spring.datasource.name').value).toBe('gb21818p');
    expect(loadWvp(f, { env: { DB_TYPE: 'mysql' } }).get('spring.datasource.url').value).toBe('jdbc:mysql://127.0.0.1:3306/gb28181p');
    expect(bare.get('spring.datasource.name').unresolved).toEqual(['DB_TYPE']);
  });

  it('06/07: media.wan_ip marks the 2.7.4 line', () => {
    const w6 = loadWvp(join(CORPUS, '06-saltfish-compose-allow-ip-cidr/application.yml'), { env: {} });
    expect(w6.generation).toBe('2.7.4+');
    expect(w6.generationReason).toMatch(/media\.wan_ip/);
    expect(w6.get('media.wan-ip')).toMatchObject({ value: '', source: 'file' });
    const w7 = loadWvp(join(CORPUS, '07-connor-tan-compose-sdp0-unpublished-rtp/application.yml'), {
      env: { WVP_PORT: '18080', WVP_IP: '172.16.20.222', SDP_IP: '0.0.0.0', ZLM_IP: '172.16.20.222' },
    });
    expect(w7.get('media.sdp-ip').value).toBe('0.0.0.0');
    expect(expectedZlm(w7).find((x) => x.zlmKey === 'hook.on_publish')?.value).toBe('http://172.16.20.222:18080/index/hook/on_publish');
    expect(expectedZlm(w7).find((x) => x.zlmKey === 'rtp_proxy.port_range')?.value).toBe('40000-40500');
  });

  it('12: placeholder defaults with host names; single-port mode pushes no port_range', () => {
    const w = loadWvp(join(CORPUS, '12-rk3576-aiot-id-mismatch-port-remap/application.yml'), { env: {} });
    const e = expectedZlm(w);
    expect(e.find((x) => x.zlmKey === 'hook.on_server_keepalive')?.value).toBe('http://edge-wvp:18978/index/hook/on_server_keepalive');
    expect(e.find((x) => x.zlmKey === 'general.mediaServerId')).toMatchObject({ value: 'edge-zlm', pushedByWvp: false });
    expect(e.find((x) => x.zlmKey === 'rtp_proxy.port_range')).toBeUndefined();
    expect(w.get('media.secret')).toMatchObject({ value: '0', source: 'placeholder-default' });
  });
});
