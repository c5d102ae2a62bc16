#!/usr/bin/env node
// zlm-doctor's executable (copied to dist/cli.cjs by scripts/build.mjs): loads the CommonJS chunks of
// dist/chunks/ on demand, each compiled with the V8 code cache the build made beside it.
//
// A cache of compiled code is code. This loader reads one only from its own chunks/ directory, only when it is a
// regular file (not a symbolic link) with the owner of the chunk it belongs to and not group- or world-writable, and
// only for the chunk it was made from (size and a sample of its bytes; V8 itself refuses a cache from another
// V8 version or other flags). Otherwise the chunk is compiled from source. Nothing is ever written at run time:
// ZLM_DOCTOR_WRITE_CODE_CACHE=1 is the build's switch (scripts/build.mjs) to write the caches at exit.
// ZLM_DOCTOR_TRACE_LOAD=1 prints, per chunk, whether its cache was used and why not.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file: require() is how it loads anything */
'use strict';
const fs = require('node:fs');
const { join } = require('node:path');
const vm = require('node:vm');

const dir = join(__dirname, 'chunks');
// Node's built-ins by name, the vendor files (./vendor/…) from chunks/: the loader's own require (node:module is not loaded)
const nodeRequire = (id) => require(id.startsWith('./') ? join(dir, id) : id);
const writing = process.env.ZLM_DOCTOR_WRITE_CODE_CACHE === '1';
const trace = process.env.ZLM_DOCTOR_TRACE_LOAD === '1' ? (s) => process.stderr.write(`zlm-doctor: ${s}\n`) : undefined;
const MAGIC = 0x3138565a; // "ZV81"
const HEADER = 12;
const MAX_CACHE = 64 * 1024 * 1024;
/** @type {Map<string, {exports: unknown}>} */
const loaded = new Map();
/** @type {{script: vm.Script, file: string, code: Buffer}[]} */
const made = [];

function readAll(fd, size) {
  const b = Buffer.allocUnsafe(size);
  let n = 0;
  while (n < size) {
    const r = fs.readSync(fd, b, n, size - n, n);
    if (r === 0) break;
    n += r;
  }
  return n === size ? b : b.subarray(0, n);
}

/** Size and a sample of the chunk's bytes: a cache made from another chunk (or an edited one) is not used. */
function fingerprint(code) {
  let h = 0x811c9dc5 ^ code.length;
  const n = code.length - 1;
  // 128 bytes spread over the chunk, its last byte included: cheap enough for every start
  for (let i = 0; i <= 128 && n >= 0; i++) h = Math.imul(h ^ code[Math.floor((n * i) / 128)], 0x01000193);
  return h >>> 0;
}

/** The V8 data of file's cache, when it can be trusted as much as the chunk itself; undefined otherwise. */
function trustedCache(file, owner, code) {
  let fd;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch {
    trace?.(`${file}: no code cache`);
    return undefined;
  }
  try {
    const st = fs.fstatSync(fd);
    let why;
    if (!st.isFile()) why = 'not a regular file';
    else if (st.uid !== owner) why = `owned by uid ${st.uid}, the chunk by uid ${owner}`;
    else if ((st.mode & 0o022) !== 0) why = 'group- or world-writable';
    else if (st.size < HEADER || st.size > MAX_CACHE) why = 'bad size';
    if (why) {
      trace?.(`${file}: code cache not used: ${why}`);
      return undefined;
    }
    const b = readAll(fd, st.size);
    if (b.length < HEADER || b.readUInt32LE(0) !== MAGIC || b.readUInt32LE(4) !== code.length || b.readUInt32LE(8) !== fingerprint(code)) {
      trace?.(`${file}: code cache not used: made from another chunk`);
      return undefined;
    }
    return b.subarray(HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

function load(name) {
  const done = loaded.get(name);
  if (done) return done.exports;
  const file = join(dir, name);
  const fd = fs.openSync(file, 'r');
  let st, code;
  try {
    st = fs.fstatSync(fd);
    code = readAll(fd, st.size);
  } finally {
    fs.closeSync(fd);
  }
  const cachedData = trustedCache(`${file}.v8`, st.uid, code);
  // the build made every chunk ASCII, so latin1 is exact (and cheaper than UTF-8)
  // each chunk is one function expression, (function(exports,require,module,__filename,__dirname,__zdMeta){...}),
  // written so by the build: its text goes to V8 as it is, without a copy to wrap it
  const script = new vm.Script(code.latin1Slice(0, code.length), { filename: file, cachedData });
  if (cachedData) trace?.(`${file}.v8: code cache ${script.cachedDataRejected ? 'rejected by V8 (another Node version or flags)' : 'used'}`);
  const m = { exports: {} };
  loaded.set(name, m);
  if (writing) made.push({ script, file, code });
  script.runInThisContext()(m.exports, chunkRequire, m, file, dir, { get url() { return pathToFileURL(file).href; }, text });
  return m.exports;
}

/** @type {{fd: number, base: number, index: Map<string, [number, number]>} | undefined} */
let texts;

/** length bytes of fd from position, as a one-byte string (the file is ASCII) */
function readAt(fd, position, length) {
  const b = Buffer.allocUnsafe(length);
  let n = 0;
  while (n < length) {
    const r = fs.readSync(fd, b, n, length - n, position + n);
    if (r === 0) throw new Error('zlm-doctor: chunks/text.jsonl is cut short');
    n += r;
  }
  return b.latin1Slice(0, length);
}

/**
 * A value the build took out of the code (scripts/lazy-text.mjs: rule texts, the key catalogue), read from
 * chunks/text.jsonl when first asked for: an index, then one JSON value a line; only the lines asked for are read.
 * The file stays open for the next one.
 */
function text(key) {
  if (!texts) {
    const fd = fs.openSync(join(dir, 'text.jsonl'), 'r');
    const size = Number(readAt(fd, 0, 9));
    texts = { fd, base: 9 + size + 1, index: new Map(JSON.parse(readAt(fd, 9, size)).map(([k, at, length]) => [k, [at, length]])) };
  }
  const at = texts.index.get(key);
  if (at === undefined) throw new Error(`zlm-doctor: ${key} is missing from chunks/text.jsonl`);
  return JSON.parse(readAt(texts.fd, texts.base + at[0], at[1]));
}

function pathToFileURL(file) {
  return require('node:url').pathToFileURL(file);
}

/** Chunks (./name.cjs) through load(); Node's built-ins and the vendor files through Node's require. */
function chunkRequire(id) {
  return id.startsWith('./') && !id.startsWith('./vendor/') && id.endsWith('.cjs') ? load(id.slice(2)) : nodeRequire(id);
}

if (writing) {
  process.on('exit', () => {
    for (const { script, file, code } of made) {
      const data = script.createCachedData();
      const head = Buffer.alloc(HEADER);
      head.writeUInt32LE(MAGIC, 0);
      head.writeUInt32LE(code.length, 4);
      head.writeUInt32LE(fingerprint(code), 8);
      const tmp = `${file}.v8.${process.pid}.tmp`;
      fs.writeFileSync(tmp, Buffer.concat([head, data]), { mode: 0o644 });
      fs.chmodSync(tmp, 0o644);
      fs.renameSync(tmp, `${file}.v8`);
    }
  });
}

load('cli.cjs');
