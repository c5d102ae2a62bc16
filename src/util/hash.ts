/**
 * Short stable hashes of strings, for ids and offsets that must not change between runs (finding groups, the
 * monitor's schedule and shards). Not for anything an attacker chooses to collide.
 *
 * Both run where the code is cold: at every start of `check`, in V8's interpreter. There a loop over every
 * character of a few thousand characters is enough for V8 to start optimizing the small function that runs it, on
 * a second thread, for a process that ends a few milliseconds later (measured: ~9 ms of a 40 ms `check`). Hence the
 * loop bodies stay as small as they are, and `hashText` takes four bytes a step.
 */

/**
 * FNV-1a, 32 bit, over the string's UTF-16 code units: the monitor's schedule offsets and `--shard` assignment,
 * which instances of different versions must agree on. `h` stays a signed 32-bit integer in the loop (the same
 * bits): an unsigned one above 2^31 would be a heap number, made anew at every step in the interpreter.
 */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const encoder = new TextEncoder();
/** little-endian words of the UTF-8 text, reused (grown when a text needs more) */
let bytes = new Uint8Array(1024);
let words = new Int32Array(bytes.buffer);
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * FNV-1a, 32 bit, over the UTF-8 bytes of `s` taken as little-endian 32-bit words (the last one padded with zero
 * bytes), then the byte length: the group id of findings. A quarter of the steps of a byte-wise loop.
 */
export function hashText(s: string): number {
  // UTF-8 takes at most three bytes per UTF-16 code unit; room for the zero padding of the last word
  const room = s.length * 3 + 4;
  if (bytes.length < room) {
    bytes = new Uint8Array((room + 3) & ~3);
    words = new Int32Array(bytes.buffer);
  }
  const n = encoder.encodeInto(s, bytes).written;
  const end = (n + 3) & ~3;
  bytes.fill(0, n, end);
  if (!LITTLE_ENDIAN) for (let i = 0; i < end; i += 4) bytes.subarray(i, i + 4).reverse();
  let h = 0x811c9dc5 | 0;
  for (let i = 0, m = end >> 2; i < m; i++) h = Math.imul(h ^ words[i]!, 0x01000193);
  return Math.imul(h ^ n, 0x01000193) >>> 0;
}
