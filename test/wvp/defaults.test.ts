/**
 * WVP's code defaults on their own (src/wvp/defaults.ts): what a key the
 * files leave out is worth, per generation, and nothing for a section the
 * excerpt does not show.
 */
import { describe, it, expect } from 'vitest';
import { wvpValue } from '../../src/wvp/defaults.ts';
import { flattenDoc, parseFile } from '../../src/wvp/spring/flatten.ts';
import { PropertySources } from '../../src/wvp/spring/properties.ts';

const props = (text: string, env: NodeJS.ProcessEnv = {}) => {
  const p = new PropertySources(env);
  p.put(flattenDoc(parseFile('application.yml', text), 0));
  return p;
};
const YML = 'sip:\n  ip: 10.0.0.5,10.0.0.6\nmedia:\n  ip: 10.0.0.7\n  hook-ip:\n';

describe('WVP code defaults', () => {
  it('media.hook-ip: 2.7.4+ keeps an empty value, 2.6 falls back to the first sip.ip', () => {
    expect(wvpValue(props(YML), 'media.hook-ip', '2.7.4+', [])).toMatchObject({ value: '', source: 'file' });
    expect(wvpValue(props(YML), 'media.hook-ip', '2.6', [])).toMatchObject({ value: '10.0.0.5', source: 'code-default' });
    expect(wvpValue(props('media:\n  ip: 1.2.3.4\n'), 'media.hook-ip', '2.7.4+', [])).toMatchObject({ value: '127.0.0.1', source: 'code-default' });
  });
  it('media.sdp-ip falls back to media.ip; a generation-dependent default follows the generation', () => {
    expect(wvpValue(props(YML), 'media.sdp-ip', '2.7.4+', [])).toMatchObject({ value: '10.0.0.7', source: 'code-default' });
    expect(wvpValue(props(YML), 'user-settings.play-timeout', '2.7.4+', []).value).toBe('10000');
    expect(wvpValue(props(YML), 'user-settings.play-timeout', '2.6', []).value).toBe('18000');
  });
  it('a section the excerpt does not show has no defaults: the value is unknown', () => {
    expect(wvpValue(props('sip:\n  ip: 1.2.3.4\n'), 'media.http-port', '2.7.4+', ['media'])).toMatchObject({ value: undefined, source: 'missing' });
  });
  it('an unresolved placeholder in the fallback leaves the default unknown', () => {
    const v = wvpValue(props('media:\n  ip: ${MEDIA_IP}\n'), 'media.sdp-ip', '2.7.4+', []);
    expect(v).toMatchObject({ value: undefined, source: 'code-default', unresolved: ['MEDIA_IP'] });
  });
});
