/**
 * The Spring property resolver under src/wvp/spring, piece by piece: relaxed
 * names, the environment index, placeholders, profile expressions and the
 * merged property sources.
 */
import { describe, it, expect } from 'vitest';
import { envIndex } from '../../src/wvp/spring/env.ts';
import { flattenDoc, parseFile } from '../../src/wvp/spring/flatten.ts';
import { findPlaceholder, placeholderTarget, resolvePlaceholders } from '../../src/wvp/spring/placeholders.ts';
import { activationExpr, overlayNames, profileExprMatches } from '../../src/wvp/spring/profiles.ts';
import { PropertySources } from '../../src/wvp/spring/properties.ts';
import { canonicalKey, splitPath } from '../../src/wvp/spring/relaxed.ts';

const leaves = (text: string, doc = 0) => flattenDoc(parseFile('application.yml', text), doc);

describe('relaxed names', () => {
  it('kebab, camel and snake spellings are one key; brackets stay whole', () => {
    expect(canonicalKey('media.hook-ip')).toBe(canonicalKey('media.hookIp'));
    expect(canonicalKey('media.hook_ip')).toBe('media.hookip');
    expect(splitPath('a.[b.c].d')).toEqual(['a', '[b.c]', 'd']);
  });
});

describe('environment index', () => {
  it('MEDIA_HTTPPORT and MEDIA_HTTP_PORT override media.http-port; direct lookup upper-cases', () => {
    expect(envIndex({ MEDIA_HTTPPORT: '1' }).forKey('media.http-port')).toBe('MEDIA_HTTPPORT');
    expect(envIndex({ MEDIA_HTTP_PORT: '1' }).forKey('media.http-port')).toBe('MEDIA_HTTP_PORT');
    expect(envIndex({ MEDIA_IP: '1' }).direct('media.ip')).toBe('MEDIA_IP');
    expect(envIndex({}).forKey('media.ip')).toBeUndefined();
  });
});

describe('placeholders', () => {
  const none = () => undefined;
  it('defaults may be empty, contain ":" or nest', () => {
    expect(resolvePlaceholders('${A:}', new Set(), none).value).toBe('');
    expect(resolvePlaceholders('${A:http://x:1}', new Set(), none).value).toBe('http://x:1');
    expect(resolvePlaceholders('a${A:${B:b}}c', new Set(), none)).toMatchObject({ value: 'abc', usedDefault: true });
  });
  it('an unresolved name leaves the value unknown and is listed', () => {
    expect(resolvePlaceholders('${A}-${B}', new Set(), none)).toMatchObject({ value: undefined, unresolved: ['A', 'B'] });
  });
  it('an unterminated placeholder is text; a new value goes into the innermost default', () => {
    expect(findPlaceholder('${A', 0)).toBeUndefined();
    expect(placeholderTarget('${A:${B:x}}')).toEqual({ a: 8, b: 9, hasDefault: true });
    expect(placeholderTarget('${A}')).toEqual({ a: 3, b: 3, hasDefault: false });
  });
});

describe('profiles', () => {
  it('expressions: comma, |, & and !', () => {
    const act = new Set(['dev']);
    expect(profileExprMatches('prod,dev', act)).toBe(true);
    expect(profileExprMatches('dev & !prod', act)).toBe(true);
    expect(profileExprMatches('(prod | test)', act)).toBe(false);
  });
  it('a document says which profile activates it; overlays sit next to the main file', () => {
    expect(activationExpr(leaves('spring:\n  config:\n    activate:\n      on-profile: dev\n'))).toBe('dev');
    expect(activationExpr(leaves('media:\n  ip: 1.2.3.4\n'))).toBeUndefined();
    expect(overlayNames('/etc/wvp/application.yml', 'dev')).toEqual(['/etc/wvp/application-dev.yml', '/etc/wvp/application-dev.yaml']);
  });
});

describe('property sources', () => {
  it('a later document wins, the environment overrides a key, placeholders read other keys', () => {
    const p = new PropertySources({ SIP_IP: '10.0.0.9' });
    p.put(leaves('media:\n  ip: 1.1.1.1\n  hook-ip: ${media.ip}\nsip:\n  ip: 2.2.2.2\n'));
    p.put(leaves('media:\n  ip: 3.3.3.3\n'));
    expect(p.raw('media.hookIp')).toMatchObject({ source: 'file', res: { value: '3.3.3.3' } });
    expect(p.raw('sip.ip')).toMatchObject({ source: 'env', envVar: 'SIP_IP', direct: true, res: { value: '10.0.0.9' } });
    expect(p.raw('media.nope').source).toBe('missing');
  });
  it('a key that refers to itself is unresolved, not a loop', () => {
    const p = new PropertySources({});
    p.put(leaves('a: ${b}\nb: ${a}\n'));
    expect(p.raw('a').res.value).toBeUndefined();
  });
});
