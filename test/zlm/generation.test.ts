import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { IniDocument } from '../../src/ini/document.ts';
import { keyInGeneration, sampleSecretFate, zlmGeneration } from '../../src/zlm/generation.ts';
import { describeShared, sharedPath } from '../support/shared.ts';

const gen = (text: string) => zlmGeneration(new IniDocument(text));

describe('zlmGeneration', () => {
  it('is open without markers', () => {
    const g = gen('[http]\nport=80\n');
    expect(g.from).toBeUndefined();
    expect(g.to).toBeUndefined();
    expect(g.honoursAdminParams).toBe(false);
    expect(sampleSecretFate(g)).toBe('unknown');
  });

  it('dates a 2021 layout: admin_params still honoured, the sample secret accepted', () => {
    const g = gen('[general]\naddMuteAudio=1\npublishToHls=1\n[hook]\nadmin_params=secret=x\non_server_keepalive=\n');
    expect(g.from).toBe('2021-08-20');
    expect(g.to).toBe('2022-11-12');
    expect(g.honoursAdminParams).toBe(true);
    expect(sampleSecretFate(g)).toBe('accepted');
    expect(g.evidence).toEqual(['hook.on_server_keepalive', expect.stringMatching(/^general\./)]);
  });

  it('treats a removed key next to newer keys as stale, not as the generation', () => {
    const g = gen('[hook]\nadmin_params=secret=x\nstream_changed_schemas=rtsp\n[http]\nallow_ip_range=\n');
    expect(g.from).toBe('2023-08-14');
    expect(g.to).toBeUndefined();
    expect(g.honoursAdminParams).toBe(false);
    expect(g.replacesSampleSecret).toBe(true);
    expect(sampleSecretFate(g)).toBe('replaced');
  });

  it('knows the builds that refused the sample secret', () => {
    expect(sampleSecretFate(gen('[http]\nallow_ip_range=\n[rtc]\nportRange=1-2\n'))).toBe('replaced');
    expect(sampleSecretFate({ from: '2023-07-26', to: '2023-08-10', evidence: [], honoursAdminParams: false, replacesSampleSecret: false })).toBe('refused');
  });

  it('answers whether a key belongs to the generation', () => {
    const g = gen('[hook]\nstream_changed_schemas=rtsp\n');
    expect(keyInGeneration(g, 'hook.admin_params')).toBe(false);
    expect(keyInGeneration(g, 'http.allow_ip_range')).toBe(true);
    expect(keyInGeneration(g, 'general.listen_ip')).toBeUndefined();
    expect(keyInGeneration(gen('[general]\npublishToHls=1\n[hook]\non_server_keepalive=\n'), 'general.publishToHls')).toBe(true);
  });
});

describeShared('corpus/zlm-config-history', 'zlmGeneration on the dated historic configs', () => {
  const dir = sharedPath('corpus', 'zlm-config-history');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ini')).sort();
  it('places every historic config inside its own date', () => {
    const wrong: string[] = [];
    for (const f of files) {
      const date = f.slice(0, 10);
      const g = zlmGeneration(new IniDocument(readFileSync(`${dir}/${f}`, 'utf8')));
      if ((g.from !== undefined && g.from > date) || (g.to !== undefined && g.to < date)) wrong.push(`${f}: ${g.from}..${g.to}`);
    }
    expect(wrong).toEqual([]);
    expect(files.length).toBeGreaterThan(100);
  });
  it('says admin_params is honoured exactly for the samples before its removal', () => {
    for (const f of files) {
      const g = zlmGeneration(new IniDocument(readFileSync(`${dir}/${f}`, 'utf8')));
      expect([f, g.honoursAdminParams]).toEqual([f, f.slice(0, 10) < '2023-07-22']);
    }
  });
});
