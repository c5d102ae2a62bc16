import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { IniDocument } from '../../src/ini/document.ts';
import { mergeProfile, renderProfile, ProfileError } from '../../src/change/index.ts';
import { resolveValue } from '../../src/change/profile/index.ts';
import { tempTrees } from '../support/temp-tree.ts';

const src = (file: string, text: string) => ({ file, doc: new IniDocument(text) });
const merge = (base: string, overlay: string | undefined, vars: Record<string, string | undefined> = {}) =>
  mergeProfile(src('base.ini', base), overlay === undefined ? undefined : src('prod.ini', overlay), vars);

const BASE = [
  '; base: shared by every environment',
  '[api]',
  '# the debug log',
  'apiDebug = 1',
  'secret=${ZLM_API_SECRET}',
  '',
  '[general]',
  'mediaServerId=base   ',
  '',
  '[hook]',
  'enable=0',
  'on_play=http://127.0.0.1:18080/index/hook/on_play',
  '',
].join('\n');

describe('mergeProfile: overlay values replace base values in place', () => {
  it('keeps every byte outside the edited values (comments, order, spacing)', () => {
    const r = merge(BASE, '[api]\napiDebug=0\n[hook]\nenable=1\n', { ZLM_API_SECRET: 's3cr3t-value-123' });
    expect(r.problems).toEqual([]);
    expect(r.text).toBe(BASE.replace('apiDebug = 1', 'apiDebug = 0').replace('secret=${ZLM_API_SECRET}', 'secret=s3cr3t-value-123').replace('enable=0', 'enable=1'));
    expect(r.overridden).toEqual(['api.apiDebug', 'hook.enable']);
    expect(r.added).toEqual([]);
    expect(r.sources.get('api.apiDebug')).toMatchObject({ file: 'prod.ini', line: 2, renderedLine: 4 });
    expect(r.sources.get('general.mediaServerId')).toMatchObject({ file: 'base.ini', line: 8 });
    expect(r.sources.get('api.secret')).toMatchObject({ file: 'base.ini', line: 5, variables: ['ZLM_API_SECRET'] });
    expect(r.secretValues).toEqual(['s3cr3t-value-123']);
  });

  it('keeps CRLF line endings, a BOM and a last line without newline', () => {
    const base = '\uFEFF; c\r\n[api]\r\napiDebug=1\r\n[http]\r\nport=80';
    const r = merge(base, '[http]\nport=8080\n[rtsp]\nport=8554\n');
    expect(r.problems).toEqual([]);
    expect(r.text).toBe('\uFEFF; c\r\n[api]\r\napiDebug=1\r\n[http]\r\nport=8080\r\n\r\n[rtsp]\r\nport=8554\r\n');
    expect(r.text.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  it('appends keys only in the overlay after the last entry of their section, in overlay order', () => {
    const r = merge(BASE, '[hook]\non_publish=http://127.0.0.1:18080/index/hook/on_publish\non_server_keepalive=http://127.0.0.1:18080/index/hook/on_server_keepalive\n', { ZLM_API_SECRET: 'x-long-secret-value' });
    const lines = r.text.split('\n');
    const i = lines.indexOf('on_play=http://127.0.0.1:18080/index/hook/on_play');
    expect(lines.slice(i + 1, i + 3)).toEqual(['on_publish=http://127.0.0.1:18080/index/hook/on_publish', 'on_server_keepalive=http://127.0.0.1:18080/index/hook/on_server_keepalive']);
    expect(r.added).toEqual(['hook.on_publish', 'hook.on_server_keepalive']);
    expect(r.sources.get('hook.on_publish')).toMatchObject({ file: 'prod.ini', line: 2, renderedLine: i + 2 });
  });

  it('creates a missing section at the end, once for all its keys', () => {
    const r = merge('[api]\napiDebug=1\n', '[shell]\nport=0\nmaxReqSize=1024\n');
    expect(r.text).toBe('[api]\napiDebug=1\n\n[shell]\nport=0\nmaxReqSize=1024\n');
  });

  it('replaces the winning duplicate (the last, as mINI) and leaves the dead one', () => {
    const r = merge('[http]\nport=80\n[rtsp]\nport=554\n[http]\nport=81\n', '[http]\nport=8080\n');
    expect(r.text).toBe('[http]\nport=80\n[rtsp]\nport=554\n[http]\nport=8080\n');
  });

  it('an overlay that changes nothing leaves base.ini byte-identical', () => {
    expect(merge(BASE.replace('${ZLM_API_SECRET}', 'literal'), '; nothing\n').text).toBe(BASE.replace('${ZLM_API_SECRET}', 'literal'));
  });

  it('warns about an overlay that sets a key twice, opens a section twice, or has a line without "="', () => {
    const r = merge('[api]\napiDebug=1\n', '[api]\napiDebug=0\n[api]\napiDebug=1\nsnapRoot\n');
    expect(r.problems.map((p) => [p.severity, p.code, p.line])).toEqual([
      ['warning', 'duplicate-section', 3],
      ['warning', 'duplicate-key', 4],
      ['warning', 'no-equals', 5],
    ]);
    expect(r.text).toBe('[api]\napiDebug=1\nsnapRoot=\n');
  });

  it('refuses an overlay key before any section', () => {
    const r = merge('[api]\napiDebug=1\n', 'apiDebug=0\n');
    expect(r.problems).toMatchObject([{ severity: 'error', code: 'outside-section', file: 'prod.ini', line: 1 }]);
  });

  it('warns about a secret written literally in a profile file', () => {
    const r = merge('[api]\nsecret=Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sE\n', undefined);
    expect(r.problems).toMatchObject([{ severity: 'warning', code: 'literal-secret', line: 2, column: 8 }]);
    expect(merge('[rtc]\nicePwd=ZLMediaKit\n', undefined).problems).toEqual([]);
  });
});

describe('variables', () => {
  it('names every missing variable with file, line and column', () => {
    const r = merge('[api]\nsecret=${ZLM_API_SECRET}\n[http]\nport=${HTTP_PORT}\n', '[hook]\non_play=http://${WVP_HOST}:18080/index/hook/on_play\n');
    const errors = r.problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => [p.file, p.line, p.column, p.variable])).toEqual([
      ['base.ini', 2, 8, 'ZLM_API_SECRET'],
      ['base.ini', 4, 6, 'HTTP_PORT'],
      ['prod.ini', 2, 16, 'WVP_HOST'],
    ]);
    expect(errors[0]!.message.en).toContain('ZLM_API_SECRET');
    expect(errors[0]!.message.zh).toContain('ZLM_API_SECRET');
  });

  it('does not need the variables of a base value the overlay replaces, nor of comments', () => {
    const r = merge('; ${NOT_NEEDED}\n[http]\nport=${HTTP_PORT}\n', '[http]\nport=80\n');
    expect(r.problems).toEqual([]);
    expect(r.text).toBe('; ${NOT_NEEDED}\n[http]\nport=80\n');
  });

  it('uses ${NAME:-default} for a value that is no secret, unset or empty', () => {
    expect(merge('[http]\nport=${P:-80}\n', undefined).text).toBe('[http]\nport=80\n');
    expect(merge('[http]\nport=${P:-80}\n', undefined, { P: '' }).text).toBe('[http]\nport=80\n');
    const r = merge('[http]\nport=${P:-80}\n', undefined, { P: '8080' });
    expect(r.text).toBe('[http]\nport=8080\n');
    expect(r.defaulted).toEqual([]);
    expect(merge('[http]\nport=${P:-80}\n', undefined).defaulted).toEqual(['P']);
  });

  it('refuses a default for a secret: by key name, by variable name, or after secret= in a URL', () => {
    for (const [text, col] of [
      ['[api]\nsecret=${S:-changeme}\n', 8],
      ['[rtc]\nexternIP=${MY_TOKEN:-x}\n', 10],
      ['[hook]\non_play=http://127.0.0.1/hook?secret=${S:-abc}\n', 38],
    ] as const) {
      const r = merge(text, undefined, { S: 'set-anyway-1234', MY_TOKEN: 'set' });
      expect(r.problems).toMatchObject([{ severity: 'error', code: 'secret-default', line: 2, column: col }]);
    }
  });

  it('an empty secret is missing; an empty ordinary value is a value', () => {
    expect(merge('[api]\nsecret=${S}\n', undefined, { S: '' }).problems).toMatchObject([{ code: 'missing-var', variable: 'S' }]);
    expect(merge('[hook]\non_play=${U}\n', undefined, { U: '' }).problems).toEqual([]);
  });

  it('refuses a value with a line break (it would add keys) or blanks ZLM would trim', () => {
    expect(merge('[api]\nsecret=${S}\n', undefined, { S: 'abc\n[shell]\nport=9000' }).problems).toMatchObject([{ code: 'bad-var-value', variable: 'S' }]);
    expect(merge('[general]\nmediaServerId=${ID}\n', undefined, { ID: ' zlm-1 ' }).problems).toMatchObject([{ code: 'bad-var-value' }]);
  });

  it('refuses malformed references; $${ is a literal ${, a bare $NAME stays', () => {
    const bad = merge('[a]\nx=${1A}\ny=${A:?err}\nz=${A\n', undefined, { A: 'v' });
    expect(bad.problems.map((p) => [p.code, p.line])).toEqual([
      ['bad-reference', 2],
      ['bad-reference', 3],
      ['bad-reference', 4],
    ]);
    expect(merge('[a]\nx=$${A} $A\n', undefined, { A: 'v' }).text).toBe('[a]\nx=${A} $A\n');
  });

  it('resolves in one pass: a value holding ${...} is not expanded again', () => {
    const r = resolveValue('${A}', { file: 'f', line: 1, column: 1, key: 'a.x', name: 'x' }, { A: '${B}', B: 'no' });
    expect(r.value).toBe('${B}');
  });
});

describe('renderProfile (reads the directory)', () => {
  const tree = tempTrees('zd-profile-');

  it('renders base.ini + <env>.ini in base.ini\'s line endings', () => {
    const dir = tree({ 'base.ini': '[api]\r\nsecret=${S}\r\n[http]\r\nport=80\r\n', 'prod.ini': '[http]\nport=8080\n' });
    const r = renderProfile({ dir, env: 'prod', vars: { S: 'a-long-secret-1234' } });
    expect(r.text).toBe('[api]\r\nsecret=a-long-secret-1234\r\n[http]\r\nport=8080\r\n');
    expect(r.bytes.toString()).toBe(r.text);
    expect(r.files).toEqual([join(dir, 'base.ini'), join(dir, 'prod.ini')]);
  });

  it('throws ProfileError naming every missing variable, and touches nothing', () => {
    const dir = tree({ 'base.ini': '[api]\nsecret=${ZLM_API_SECRET}\n', 'prod.ini': '[hook]\non_play=${HOOK}\n' });
    const before = readdirSync(dir);
    let err: unknown;
    try {
      renderProfile({ dir, env: 'prod', vars: {} });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProfileError);
    expect((err as ProfileError).message).toContain(`${join(dir, 'base.ini')}:2:8`);
    expect((err as ProfileError).message).toContain('ZLM_API_SECRET');
    expect((err as ProfileError).message).toContain(`${join(dir, 'prod.ini')}:2:9`);
    expect(readdirSync(dir)).toEqual(before);
  });

  it('names the environments there are when the overlay is missing, and refuses a bad env name', () => {
    const dir = tree({ 'base.ini': '[api]\napiDebug=0\n', 'dev.ini': '', 'test.ini': '' });
    expect(() => renderProfile({ dir, env: 'prod', vars: {} })).toThrow(/no overlay for environment "prod" \(this directory has: dev, test\)/);
    expect(() => renderProfile({ dir, env: '../x', vars: {} })).toThrow(/not an environment name/);
    expect(() => renderProfile({ dir, env: 'base', vars: {} })).toThrow(/not an environment name/);
    expect(existsSync(join(dir, 'prod.ini'))).toBe(false);
  });

  it('the shipped example renders for every environment', () => {
    const dir = join(import.meta.dirname, '../../examples/profiles');
    for (const env of ['dev', 'test', 'prod']) {
      const r = renderProfile({ dir, env, vars: { ZLM_API_SECRET: 'Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sX' } });
      expect(r.warnings).toEqual([]);
      expect(r.doc.get('api.secret')).toBe('Zq8vK2mN5pR7tW9yB3dF6hJ1lC4xG0sX');
      expect(r.doc.get('general.mediaServerId')).toBe(`zlm-${env}`);
      // loopback only
      for (const [, v] of r.doc.toMap()) for (const m of v.matchAll(/https?:\/\/([^/:]+)/g)) expect(m[1]).toBe('127.0.0.1');
    }
  });
});
