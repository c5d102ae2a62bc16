/** The CLI's terminal test without node:tty for Linux memory devices (src/cli/io.ts). */
import { describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { linuxMajor } from '../../src/cli/io.ts';

/** glibc's gnu_dev_makedev */
const makedev = (major: number, minor: number) => (minor & 0xff) + (major & 0xfff) * 256 + (minor & ~0xff) * 4096 + (major & ~0xfff) * 2 ** 32;

describe('linuxMajor', () => {
  it('reads the major number as glibc does, small and large', () => {
    expect(linuxMajor(makedev(1, 3))).toBe(1);
    expect(linuxMajor(makedev(136, 7))).toBe(136);
    expect(linuxMajor(makedev(4, 64))).toBe(4);
    expect(linuxMajor(makedev(1, 300))).toBe(1);
    expect(linuxMajor(makedev(5000, 2))).toBe(5000);
  });

  it.runIf(process.platform === 'linux')('/dev/null is a memory device (major 1), a terminal never is', () => {
    expect(linuxMajor(statSync('/dev/null').rdev)).toBe(1);
    expect(linuxMajor(statSync('/dev/ptmx').rdev)).toBe(5);
  });
});
