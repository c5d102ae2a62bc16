import { describe, expect, it } from 'vitest';
import { iniEntry, lineKind, yamlKindOfLines } from '../../src/io/not-ini.ts';
import { allStrings } from '../support/strings.ts';

describe('not-ini: the regex-free path for key=value lines', () => {
  it('says "ini" only of lines that lineKind (the regular expressions) also reads as INI', () => {
    const alphabet = [' ', '\t', '-', '.', '[', ']', '=', ':', '#', ';', '"', "'", 'a', '{', '\v'];
    let fast = 0;
    let checked = 0;
    for (const line of allStrings(alphabet, 4)) {
      const t = line.trim();
      if (t === '' || t.startsWith('#') || t.startsWith(';')) continue;
      checked++;
      if (!iniEntry(line, t)) continue;
      fast++;
      expect(lineKind(line), JSON.stringify(line)).toBe('ini');
    }
    // the path is taken often enough to matter, and not for everything
    expect(fast).toBeGreaterThan(1000);
    expect(fast).toBeLessThan(checked);
  });

  it('keeps its verdicts on real shapes', () => {
    const ini = ['[hook]', 'enable=1', 'on_play=http://127.0.0.1:18080/index/hook/on_play', 'a: b=c', '- x=1', '--- x=1', '... x=1', 'port=8080'];
    expect(yamlKindOfLines(ini.map((raw) => ({ raw })))).toBeUndefined();
    const wvp = ['server:', '  port: 18080', 'media:', '  id: x', '  secret: y=z', 'sip:', '  ip: 127.0.0.1'];
    expect(yamlKindOfLines(wvp.map((raw) => ({ raw })))).toBe('wvp');
    const compose = ['services:', '  zlm:', '    image: zlmediakit/zlmediakit', '    environment:', '      - A=1', '      - B=2'];
    expect(yamlKindOfLines(compose.map((raw) => ({ raw })))).toBe('compose');
  });
});
