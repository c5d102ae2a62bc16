/** Hook targets (issue 7 item 5): severities that the flag/pass fixtures cannot express. */
import { describe, it, expect } from 'vitest';
import { lintText } from '../support/lint.ts';
import { ruleById } from '../../src/rules/index.ts';

const run = (id: string, ini: string, compose?: string) =>
  lintText(ini, [ruleById(id)!], undefined, compose === undefined ? undefined : { path: 'docker-compose.yml', text: compose }).filter((f) => f.ruleId === id);

describe('hook-loopback', () => {
  const ini = '[hook]\nenable=1\non_play=http://127.0.0.1:18080/index/hook/on_play\n';
  it('is info from the file alone', () => {
    expect(run('hook-loopback', ini).map((f) => f.severity)).toEqual(['info']);
  });
  it('is info with host networking', () => {
    const compose = 'services:\n  zlm:\n    image: zlmediakit/zlmediakit:master\n    network_mode: host\n';
    expect(run('hook-loopback', ini, compose).map((f) => f.severity)).toEqual(['info']);
  });
  it('is info when the receiver shares ZLM\'s network namespace', () => {
    const compose = 'services:\n  zlm:\n    image: zlmediakit/zlmediakit:master\n  wvp:\n    image: 648540858/wvp_pro\n    network_mode: "service:zlm"\n';
    expect(run('hook-loopback', ini, compose).map((f) => f.severity)).toEqual(['info']);
  });
  it('is a warning when ZLM runs alone on a bridge network', () => {
    const compose = 'services:\n  zlm:\n    image: zlmediakit/zlmediakit:master\n    ports:\n      - "80:80"\n  wvp:\n    image: 648540858/wvp_pro\n';
    const f = run('hook-loopback', ini, compose);
    expect(f.map((x) => x.severity)).toEqual(['warning']);
    expect(f[0]!.message).toContain('zlm');
  });
});

describe('hook-targets-zlm', () => {
  it('is an error with hooks on and a warning with hooks off', () => {
    const on = run('hook-targets-zlm', '[http]\nport=80\n[hook]\nenable=1\non_play=http://127.0.0.1/index/hook/on_play\n');
    const off = run('hook-targets-zlm', '[http]\nport=80\n[hook]\nenable=0\non_play=http://127.0.0.1/index/hook/on_play\n');
    expect(on.map((f) => f.severity)).toEqual(['error']);
    expect(off.map((f) => f.severity)).toEqual(['warning']);
  });
  it('counts the scheme\'s default port: https://127.0.0.1 is http.sslport 443', () => {
    const f = run('hook-targets-zlm', '[http]\nport=8080\nsslport=443\n[hook]\nenable=1\non_play=https://localhost/auth/play\n');
    expect(f.map((x) => x.severity)).toEqual(['error']);
    expect(f[0]!.message).toContain('http.sslport=443');
  });
});

describe('path-foreign with a compose context', () => {
  const ini = '[protocol]\nmp4_save_path=/home/alice/record\n';
  it('flags a home path inside a container', () => {
    const compose = 'services:\n  zlm:\n    image: zlmediakit/zlmediakit:master\n';
    expect(run('path-foreign', ini, compose).map((f) => f.key)).toEqual(['protocol.mp4_save_path']);
  });
  it('keeps quiet when the compose file mounts that path into the container', () => {
    const compose = 'services:\n  zlm:\n    image: zlmediakit/zlmediakit:master\n    volumes:\n      - /data/rec:/home/alice/record\n';
    expect(run('path-foreign', ini, compose)).toEqual([]);
  });
  it('keeps quiet on a host install with one user\'s home', () => {
    expect(run('path-foreign', ini)).toEqual([]);
  });
});
