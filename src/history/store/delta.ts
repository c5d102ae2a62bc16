/**
 * Git's delta format (pack entries of type OFS_DELTA): the target as copies
 * from the base and inserted bytes. Two encoders: line-based for config
 * texts (a changed key costs its line), prefix/suffix for trees (a changed
 * entry costs its 20-byte id).
 */

function varint(n: number, out: number[]): void {
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
}

class DeltaWriter {
  readonly out: number[] = [];
  private pending: number[] = [];
  constructor(base: number, target: number) {
    varint(base, this.out);
    varint(target, this.out);
  }
  insert(data: Uint8Array, start: number, end: number): void {
    for (let i = start; i < end; i++) this.pending.push(data[i]!);
  }
  private flush(): void {
    for (let i = 0; i < this.pending.length; i += 127) {
      const chunk = this.pending.slice(i, i + 127);
      this.out.push(chunk.length, ...chunk);
    }
    this.pending = [];
  }
  copy(offset: number, size: number): void {
    this.flush();
    while (size > 0) {
      const n = Math.min(size, 0x10000);
      let op = 0x80;
      const bytes: number[] = [];
      for (let i = 0; i < 4; i++) {
        const b = (offset >>> (8 * i)) & 0xff;
        if (b) {
          op |= 1 << i;
          bytes.push(b);
        }
      }
      // size 0x10000 is written as no size bytes at all
      if (n !== 0x10000) {
        for (let i = 0; i < 3; i++) {
          const b = (n >>> (8 * i)) & 0xff;
          if (b) {
            op |= 0x10 << i;
            bytes.push(b);
          }
        }
      }
      this.out.push(op, ...bytes);
      offset += n;
      size -= n;
    }
  }
  done(): Buffer {
    this.flush();
    return Buffer.from(this.out);
  }
}

/** Common prefix and suffix copied, the middle inserted. */
export function deltaPrefixSuffix(base: Uint8Array, target: Uint8Array): Buffer {
  const w = new DeltaWriter(base.length, target.length);
  let p = 0;
  const max = Math.min(base.length, target.length);
  while (p < max && base[p] === target[p]) p++;
  let s = 0;
  while (s < max - p && base[base.length - 1 - s] === target[target.length - 1 - s]) s++;
  if (p > 0) w.copy(0, p);
  w.insert(target, p, target.length - s);
  if (s > 0) w.copy(base.length - s, s);
  return w.done();
}

function lines(b: Uint8Array): number[] {
  const starts = [0];
  for (let i = 0; i < b.length; i++) if (b[i] === 10 && i + 1 < b.length) starts.push(i + 1);
  return starts;
}

/** Line by line: each target line found in the base is copied (runs of lines merged), the rest inserted. */
export function deltaLines(base: Uint8Array, target: Uint8Array): Buffer {
  const bufBase = Buffer.from(base.buffer, base.byteOffset, base.length);
  const bufTarget = Buffer.from(target.buffer, target.byteOffset, target.length);
  const bs = lines(base);
  const index = new Map<string, number[]>();
  for (let i = 0; i < bs.length; i++) {
    const end = i + 1 < bs.length ? bs[i + 1]! : base.length;
    const key = bufBase.toString('latin1', bs[i]!, end);
    const list = index.get(key);
    if (list) list.push(bs[i]!);
    else index.set(key, [bs[i]!]);
  }
  const w = new DeltaWriter(base.length, target.length);
  const ts = lines(target);
  let runStart = -1;
  let runLen = 0;
  for (let i = 0; i < ts.length; i++) {
    const start = ts[i]!;
    const end = i + 1 < ts.length ? ts[i + 1]! : target.length;
    const cands = index.get(bufTarget.toString('latin1', start, end));
    if (!cands) {
      if (runLen) w.copy(runStart, runLen);
      runLen = 0;
      w.insert(target, start, end);
      continue;
    }
    const next = runStart + runLen;
    if (runLen && cands.includes(next)) {
      runLen += end - start;
      continue;
    }
    if (runLen) w.copy(runStart, runLen);
    runStart = cands[0]!;
    runLen = end - start;
  }
  if (runLen) w.copy(runStart, runLen);
  return w.done();
}

/** Apply a delta (tests, and a check of every delta before it is written). */
export function applyDelta(base: Uint8Array, delta: Uint8Array): Buffer {
  let i = 0;
  const read = () => {
    let n = 0;
    let shift = 0;
    let b: number;
    do {
      b = delta[i++]!;
      n += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return n;
  };
  const baseSize = read();
  if (baseSize !== base.length) throw new Error('delta: base size mismatch');
  const out = Buffer.alloc(read());
  let o = 0;
  while (i < delta.length) {
    const op = delta[i++]!;
    if (op & 0x80) {
      let off = 0;
      let size = 0;
      for (let k = 0; k < 4; k++) if (op & (1 << k)) off |= delta[i++]! << (8 * k);
      for (let k = 0; k < 3; k++) if (op & (0x10 << k)) size |= delta[i++]! << (8 * k);
      if (size === 0) size = 0x10000;
      Buffer.from(base.buffer, base.byteOffset, base.length).copy(out, o, off >>> 0, (off >>> 0) + size);
      o += size;
    } else if (op > 0) {
      Buffer.from(delta.buffer, delta.byteOffset + i, op).copy(out, o);
      o += op;
      i += op;
    } else throw new Error('delta: reserved opcode 0');
  }
  if (o !== out.length) throw new Error('delta: target size mismatch');
  return out;
}
