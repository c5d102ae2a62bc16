import { describe, expect, it } from 'vitest';
import { words } from '../../src/util/redact.ts';
import { allStrings } from '../support/strings.ts';

// the words of a name as regular expressions: the reference for the hand-written scan of ASCII names
const reference = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

describe('redact: words of a key name', () => {
  it('cuts every short name as the regular expressions do', () => {
    let n = 0;
    for (const name of allStrings(['a', 'B', 'c', 'D', '1', '_', '.', '-', ' ', 'Z', '\u0130', '\u212a'], 5)) {
      expect(words(name), JSON.stringify(name)).toEqual(reference(name));
      n++;
    }
    expect(n).toBeGreaterThan(200_000);
    for (const name of ['accessKeyId', 'MYSQL_ROOT_PASSWORD', 'api.secret', 'secretKEY2x', 'iceUfrag', 'x-api-key', 'K\u0130LO', 'ab9Cd']) expect(words(name)).toEqual(reference(name));
  });
});
