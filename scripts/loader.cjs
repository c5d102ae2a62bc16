#!/usr/bin/env node
// zlm-doctor's executable (written minified to dist/cli.cjs by scripts/build.mjs): loads the program's CommonJS
// chunks on demand from one file, dist/chunks/pack, each compiled with the V8 code cache the build stored beside it
// there.
//
// One file, read in place (an index, then per chunk its code cache and its code, side by side): a start opens one
// file instead of two per chunk, and reads each chunk into one reused buffer. The chunks `check` loads are one more
// entry, START: compiled together, with one cache, on the first require of any of them (scripts/build.mjs: writePack).
//
// The pack is code, and so is a code cache. It is run only when it can be trusted as much as this loader: a regular
// file (not a symbolic link), with the owner of this file, not group- or world-writable. Anything else stops the
// program with one line: code another user could have changed is never run. A cache is used only for the chunk it
// was made from (its size and a sample of its bytes; V8 itself refuses a cache from another V8 version or other
// flags, and then the chunk is compiled from source). Nothing is written at run time:
// ZLM_DOCTOR_WRITE_CODE_CACHE=all|chunks is the build's switch (scripts/build.mjs) to store the caches in the pack at exit.
// ZLM_DOCTOR_TRACE_LOAD=1 prints, per chunk, whether its cache was used and why not.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file: require() is how it loads anything */
'use strict';
const fs = require('node:fs');
const { sep } = require('node:path');
const vm = require('node:vm');

// paths by concatenation: __dirname is absolute and normalized, every name below is a plain file name
// (path.join normalizes each time, a cost of every chunk load)
const dir = `${__dirname}${sep}chunks`;
/** a file of chunks/ by name */
const inDir = (name) => `${dir}${sep}${name}`;
const PACK = inDir('pack');
// Node's built-ins by name, the vendor files (./vendor/...) from chunks/: the loader's own require (node:module is not loaded)
const nodeRequire = (id) => require(id.startsWith('./') ? inDir(id.slice(2)) : id);
// 'all', or 'chunks': all but START, whose cache the build makes from runs of `check` alone (what other commands
// use of its chunks they compile on first use, and every start of `check` deserializes less)
const writing = ['all', 'chunks'].includes(process.env.ZLM_DOCTOR_WRITE_CODE_CACHE) ? process.env.ZLM_DOCTOR_WRITE_CODE_CACHE : undefined;
const trace = process.env.ZLM_DOCTOR_TRACE_LOAD === '1' ? (s) => process.stderr.write(`zlm-doctor: ${s}\n`) : undefined;
const MAGIC = 0x4b50445a; // "ZDPK"
/** the entry of the chunks `check` loads, compiled together as one script (scripts/build.mjs: writePack) */
const START = '@start';
const HEAD = 12;
/** @type {Map<string, {exports: unknown}>} */
const loaded = new Map();
/** @type {Map<string, vm.Script>} */
const made = new Map();

/** Stops the program before any of the pack runs: one line, exit 2. */
function refuse(why) {
  process.stderr.write(`zlm-doctor: ${PACK}: ${why}\n`);
  process.exit(2);
}

/**
 * One buffer for every read, as large as the largest chunk with its cache: the code is copied out of it into a
 * string and V8 reads the cache during the compile, so neither outlives the next read. Fresh memory costs a page
 * fault per 4 kB touched, and those are a good part of a start's cost (a new buffer per chunk touched ~700 kB for
 * `check`); a page of this one is touched by the first read that reaches it, and reused by every other.
 */
let scratch = Buffer.allocUnsafeSlow(64);

/** length bytes of fd from position, in the scratch buffer: valid until the next call */
function readAt(fd, position, length, cutShort = () => refuse('cut short (reinstall zlm-doctor)')) {
  // whatever the buffer held is overwritten
  textsHeld = false;
  if (scratch.length < length) scratch = Buffer.allocUnsafeSlow(Math.max(length, 2 * scratch.length));
  const b = scratch.subarray(0, length);
  let n = 0;
  while (n < length) {
    const r = fs.readSync(fd, b, n, length - n, position + n);
    if (r === 0) cutShort();
    n += r;
  }
  return b;
}

/** Size and a sample of the chunk's bytes: a cache made from another chunk (or an edited one) is not used. */
function fingerprint(code) {
  let h = 0x811c9dc5 ^ code.length;
  const n = code.length - 1;
  // 128 bytes spread over the chunk, its last byte included: cheap enough for every start
  // (integer arithmetic only: a division would make a heap number per step in the interpreter)
  for (let i = 0; i <= 128 && n >= 0; i++) h = Math.imul(h ^ code[(n * i) >>> 7], 0x01000193);
  return h >>> 0;
}

/**
 * The pack: its descriptor (kept open for the run) and its index as JSON text, [[name, offset of the chunk's cache
 * (its code follows), code length, cache length, fingerprint of the code the cache was made from], ...], offsets from
 * the end of the index. A chunk's entry is looked up in the text when the chunk is loaded: a start that parsed the
 * whole index made an array per chunk of the program, most of which it never loads.
 * @type {{fd: number, base: number, index: string} | undefined}
 */
let pack;

function openPack() {
  let fd;
  try {
    fd = fs.openSync(PACK, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch (e) {
    refuse(e.code === 'ELOOP' ? 'a symbolic link: refusing to run code from where it points' : `cannot be read (${e.code ?? e.message}); reinstall zlm-doctor`);
  }
  const st = fs.fstatSync(fd);
  const owner = fs.statSync(__filename).uid;
  if (!st.isFile()) refuse('not a regular file');
  if (st.uid !== owner) refuse(`owned by uid ${st.uid}, zlm-doctor's own files by uid ${owner}: refusing to run code another user could have changed`);
  if ((st.mode & 0o022) !== 0) refuse(`group- or world-writable (mode ${(st.mode & 0o777).toString(8)}): refusing to run code another user could have changed; reinstall zlm-doctor or chmod go-w it`);
  const head = readAt(fd, 0, HEAD);
  if (head.readUInt32LE(0) !== MAGIC) refuse('not a zlm-doctor pack (reinstall zlm-doctor)');
  const n = head.readUInt32LE(4);
  // the largest chunk with its cache: the one buffer every read uses
  const largest = head.readUInt32LE(8);
  const index = readAt(fd, HEAD, n).latin1Slice(0, n);
  if (!index.startsWith('[[') || !index.endsWith(']]')) refuse('damaged index (reinstall zlm-doctor)');
  pack = { fd, base: HEAD + n, index };
  scratch = Buffer.allocUnsafeSlow(Math.max(64, largest));
}

/** The index entry of chunk name: [offset, code length, cache length, fingerprint], or undefined. */
function entryOf(name) {
  const key = `[${JSON.stringify(name)},`;
  const at = pack.index.indexOf(key);
  if (at === -1) return undefined;
  const end = pack.index.indexOf(']', at);
  const e = pack.index.slice(at + key.length, end).split(',').map(Number);
  // [-1, i, 0, 0]: the i-th chunk of START
  if (e.length !== 4 || e.some((x, i) => !Number.isSafeInteger(x) || x < (i === 0 ? -1 : 0))) refuse('damaged index (reinstall zlm-doctor)');
  return e;
}

/**
 * Compiles entry `name` of the pack (at: its index entry) with its code cache when that cache was made from this
 * code, and runs it: a chunk's function expression, or START's array of them. Returns that value and what became
 * of the cache (for the trace).
 */
function compile(name, at) {
  const [offset, codeLength, cacheLength, madeFrom] = at;
  // the code first, into the start of the scratch buffer, and out of it into a string; then the cache into the same
  // place, where V8 reads it during the compile (aligned, at the buffer's start). Two reads, but the pages of the
  // buffer the code touched are touched again by the cache instead of fresh ones: a fresh page costs a fault, and
  // the chunks of `check` are some 600 kB
  const code = readAt(pack.fd, pack.base + offset + cacheLength, codeLength);
  let cachedData;
  let state;
  if (cacheLength === 0) state = 'no code cache';
  else if (madeFrom !== fingerprint(code)) state = 'code cache not used: made from another chunk';
  // the build made every chunk ASCII, so latin1 is exact (and cheaper than UTF-8)
  const source = code.latin1Slice(0, codeLength);
  if (cacheLength !== 0 && state === undefined) cachedData = readAt(pack.fd, pack.base + offset, cacheLength);
  const script = new vm.Script(source, { filename: inDir(name), cachedData });
  if (cachedData) state = script.cachedDataRejected ? 'code cache rejected by V8 (another Node version or flags)' : 'code cache used';
  if (writing) made.set(name, script);
  return { value: script.runInThisContext(), state };
}

/** START once compiled: the function of each of its chunks, and what became of its cache */
let start;

function load(name) {
  const done = loaded.get(name);
  if (done) return done.exports;
  if (!pack) openPack();
  const at = entryOf(name);
  if (!at) refuse(`has no chunk ${name} (reinstall zlm-doctor)`);
  const file = inDir(name);
  let fn;
  if (at[0] === -1) {
    if (!start) {
      const g = entryOf(START);
      if (!g || g[0] === -1) refuse(`has no chunk ${START} (reinstall zlm-doctor)`);
      const c = compile(START, g);
      if (!Array.isArray(c.value)) refuse(`damaged ${START} (reinstall zlm-doctor)`);
      start = { fns: c.value, state: c.state };
      trace?.(`${inDir(START)}: ${c.state}`);
    }
    fn = start.fns[at[1]];
    trace?.(`${file}: ${start.state}`);
  } else {
    const c = compile(name, at);
    fn = c.value;
    trace?.(`${file}: ${c.state}`);
  }
  // each chunk is one function expression, (function(exports,require,module,__filename,__dirname,__zdMeta){...}),
  // written so by the build
  if (typeof fn !== 'function') refuse(`damaged chunk ${name} (reinstall zlm-doctor)`);
  const m = { exports: {} };
  loaded.set(name, m);
  fn(m.exports, chunkRequire, m, file, dir, { get url() { return pathToFileURL(file).href; }, text });
  return m.exports;
}

/** @type {{fd: number, base: number, index: string, size: number} | undefined} */
let texts;

/**
 * Whether the scratch buffer holds the values of chunks/text.jsonl (all of them, from its start): a run that asks for
 * one value usually asks for a dozen (the messages of each rule that reports), and one read of them all into pages
 * the code already touched costs less than a read per value. Any other read of the buffer clears it.
 */
let textsHeld = false;

/**
 * A value the build took out of the code (scripts/lazy-text.mjs: rule texts, the key catalogue), read from
 * chunks/text.jsonl when first asked for: an index ([[key, offset, length], ...]), then one JSON value a line; only
 * the lines asked for are read, and the index is searched as text. The file stays open for the next one.
 */
function text(key) {
  if (!texts) {
    const fd = fs.openSync(inDir('text.jsonl'), 'r');
    const size = Number(readText(fd, 0, 9));
    const base = 9 + size + 1;
    texts = { fd, base, index: readText(fd, 9, size), size: fs.fstatSync(fd).size - base };
  }
  const k = `[${JSON.stringify(key)},`;
  const at = texts.index.indexOf(k);
  if (at === -1) throw new Error(`zlm-doctor: ${key} is missing from chunks/text.jsonl`);
  const [offset, length] = texts.index.slice(at + k.length, texts.index.indexOf(']', at)).split(',').map(Number);
  if (!textsHeld && texts.size <= scratch.length) {
    readAt(texts.fd, texts.base, texts.size, textCutShort);
    textsHeld = true;
  }
  if (textsHeld && offset + length <= texts.size) return JSON.parse(scratch.latin1Slice(offset, offset + length));
  return JSON.parse(readText(texts.fd, texts.base + offset, length));
}

/**
 * length bytes of fd from position, as a one-byte string (the file is ASCII), read through the scratch buffer of the
 * pack (its pages are touched already; the pack is open, as a chunk asks for its texts)
 */
function readText(fd, position, length) {
  return readAt(fd, position, length, textCutShort).latin1Slice(0, length);
}

function textCutShort() {
  throw new Error('zlm-doctor: chunks/text.jsonl is cut short');
}

function pathToFileURL(file) {
  return require('node:url').pathToFileURL(file);
}

/** Chunks (./name.cjs) through load(); Node's built-ins and the vendor files through Node's require. */
function chunkRequire(id) {
  return id.startsWith('./') && !id.startsWith('./vendor/') && id.endsWith('.cjs') ? load(id.slice(2)) : nodeRequire(id);
}

if (writing) {
  // the build: every chunk this run compiled gets the cache of what it compiled (functions compiled lazily during
  // the run included); the others keep the one they had. A new pack replaces the old one whole.
  process.on('exit', () => {
    const parts = [];
    const entries = [];
    let offset = 0;
    let largest = 0;
    for (const [name, at, codeLength, cacheLength] of JSON.parse(pack.index)) {
      if (at === -1) {
        // a chunk of START: where it is in START's array
        entries.push([name, at, codeLength, 0, 0]);
        continue;
      }
      // copied out of the scratch buffer, which the next read reuses
      const bytes = Buffer.from(readAt(pack.fd, pack.base + at, cacheLength + codeLength));
      const code = bytes.subarray(cacheLength);
      const cache = made.has(name) && (name !== START || writing === 'all') ? made.get(name).createCachedData() : bytes.subarray(0, cacheLength);
      entries.push([name, offset, codeLength, cache.length, cache.length ? fingerprint(code) : 0]);
      parts.push(cache, code);
      offset += cache.length + codeLength;
      largest = Math.max(largest, cache.length + codeLength);
    }
    const index = Buffer.from(JSON.stringify(entries), 'latin1');
    const head = Buffer.alloc(HEAD);
    head.writeUInt32LE(MAGIC, 0);
    head.writeUInt32LE(index.length, 4);
    head.writeUInt32LE(largest, 8);
    const tmp = `${PACK}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.concat([head, index, ...parts]), { mode: 0o644 });
    fs.chmodSync(tmp, 0o644);
    fs.renameSync(tmp, PACK);
  });
}

load('cli.cjs');
