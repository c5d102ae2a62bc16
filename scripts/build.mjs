// Builds the CLI into dist/:
//
//   dist/cli.cjs           the executable (package.json "bin"; also `node dist/cli.cjs`, the README's first command):
//                          a small CommonJS loader, scripts/loader.cjs
//   dist/cli.mjs           the same, for those who import or run the .mjs name
//   dist/chunks/pack       the program, split so that each command loads only what it uses (the entry holds the
//                          command-line parser; check, fix, doctor, rules, the YAML reader and the diff writer are
//                          chunks loaded on first use), in one file: each chunk's V8 code cache, made HERE, at build
//                          time, by running representative commands, then its code
//   dist/chunks/vendor/    iconv-lite (GBK/GB18030 configs), loaded by Node's require only for a file that is not UTF-8
//   dist/chunks/text.jsonl the rules' English and Chinese texts and the large literal tables (the key catalogue …), taken
//                          out of the code at build time (scripts/lazy-text.mjs) and read by the loader only when used:
//                          as code they were most of what every start deserialized
//
// Why a code cache, and why only this one: compiling the ~450 kB that `check` needs costs more than the whole
// start-up target. A cache of compiled code is code, so it is exactly as trustworthy as where it is read from. An
// older build kept one in $TMPDIR and let another local user plant code that root then ran. This one is written
// only by the build, inside the pack that holds the code it was made from; the loader runs the pack only when it has
// the owner of the loader and is not group- or world-writable, and never writes anything at run time. V8 rejects a
// cache from another Node/V8 version or other flags; then the chunk is simply compiled from source.
//
// Why one file: a start that opens, reads and closes two files per chunk spends a good part of its time on it, and
// fresh memory is dear (a page fault per 4 kB touched): the loader reads each chunk into one reused buffer.
//
// How: esbuild splits the program into ES-module chunks, then each chunk is converted to CommonJS (Node 20 has no
// code-cache API for ES modules; vm.Script has one), and the loader links them with a require() of its own.
import { build, transform } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { lazyText, textFile, TEXT_FILE } from './lazy-text.mjs';

// `--outdir <dir>`: tests build into their own temp dir, never over a dist/ someone is running
const at = process.argv.indexOf('--outdir');
const out = at > 0 ? process.argv[at + 1] : 'dist';
// `--no-code-cache`: the chunks alone (the loader then compiles from source)
const withCache = !process.argv.includes('--no-code-cache');
// `--no-lazy-text`: the sources as written, without the rewrite of scripts/lazy-text.mjs (to measure it)
const withLazyText = !process.argv.includes('--no-lazy-text');

/** Bundled CommonJS packages that stay in their own file, loaded by Node's require() on first use. */
const VENDOR = ['iconv-lite'];

await rm(out, { recursive: true, force: true });
/** what lazy-text took out of the code, written to chunks/TEXT_FILE */
const texts = new Map();
const result = await build({
  entryPoints: { cli: 'src/cli/bin.ts' },
  outdir: out,
  entryNames: 'chunks/[name]',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  minify: true,
  // the loader reads chunks as latin1 (cheaper than UTF-8): every byte must be ASCII
  charset: 'ascii',
  legalComments: 'none',
  // the loader passes each chunk an object whose url getter gives the chunk's own file URL
  define: { 'import.meta.url': '__zdMeta.url' },
  plugins: [
    {
      // large literal data (rule texts, the key catalogue) made on first use or from one JSON string: see lazy-text.mjs
      name: 'lazy-text',
      setup(b) {
        if (!withLazyText) return;
        b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (a) => {
          const source = await readFile(a.path, 'utf8');
          const id = relative(process.cwd(), a.path).split('\\').join('/');
          const contents = lazyText(source, id, texts, { rule: /[\\/]src[\\/]rules[\\/](zlm|wvp)[\\/][^\\/]+\.ts$/.test(a.path) });
          return contents === undefined ? undefined : { contents, loader: 'ts' };
        });
      },
    },
    {
      // the program reads only the version of package.json: the rest (scripts, dependencies) would be an object made
      // at every start
      name: 'package-version',
      setup(b) {
        b.onLoad({ filter: /[\\/]package\.json$/ }, async (a) => {
          if (relative(process.cwd(), a.path) !== 'package.json') return undefined;
          const { version } = JSON.parse(await readFile(a.path, 'utf8'));
          return { contents: JSON.stringify({ version }), loader: 'json' };
        });
      },
    },
    {
      name: 'vendor',
      setup(b) {
        const filter = new RegExp(`^(${VENDOR.join('|')})$`);
        // every bundled file lives in dist/chunks/, so this path holds from any chunk
        b.onResolve({ filter }, (a) => ({ path: `./vendor/${a.path}.cjs`, external: true }));
      },
    },
    {
      // commander loads node:child_process at start-up for executable subcommands, which zlm-doctor
      // does not have: load it on first use instead (it costs a few ms of every start)
      name: 'lazy-child-process',
      setup(b) {
        b.onResolve({ filter: /^(node:)?child_process$/ }, (a) => (/node_modules[\\/]commander[\\/]/.test(a.importer) ? { path: 'child_process', namespace: 'lazy' } : undefined));
        b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
          contents: "let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require('node:child_process'))[k] });",
          loader: 'js',
        }));
      },
    },
  ],
  metafile: true,
  logLevel: 'warning',
});

// each ES-module chunk becomes a CommonJS chunk: import -> require, import() -> a lazy require
const chunks = join(out, 'chunks');
// V8 puts a string of more than 128 kB in its large-object space: allocated once and never copied by a young-generation
// collection. Every other chunk text is a young string, copied twice (to the other half of the young generation, then
// to the old one) when a collection comes during the start, and each copy touches fresh pages. A chunk just under
// that size (the rules) is padded past it with newlines after its last parenthesis, which change nothing else.
const LARGE = 128 * 1024 + 64;
const PAD_FROM = 96 * 1024;
/** the entry of the chunks `check` loads, compiled together (see writePack) */
const START = '@start';
/** the runs of `check` that find START's chunks (startChunks) and make its code cache (makeCodeCache) */
const CHECK_RUNS = [
  ['check', '-v', 'examples/broken/config.ini'],
  ['check', '--format', 'json', 'examples/broken/config.ini'],
  ['check', '--format', 'json', 'test/fixtures/zlm-reference/config.default.ini'],
];
/** chunk name (.cjs) -> its code, ASCII */
const packed = new Map();
for (const name of (await readdir(chunks)).filter((n) => n.endsWith('.mjs'))) {
  const esm = await readFile(join(chunks, name), 'utf8');
  // to CommonJS (readable, for directExports), then minified, without the helpers that are no longer used
  const converted = await transform(esm.replace(/^#!.*\n/, ''), { format: 'cjs', loader: 'js', target: 'node20.19', logLevel: 'warning' });
  const { code } = await transform(directExports(name, converted.code), { format: 'cjs', loader: 'js', target: 'node20.19', minify: true, treeShaking: true, charset: 'ascii', logLevel: 'warning' });
  // chunk names are [name]-[hash] of [A-Za-z0-9_-]: rename every reference from .mjs to .cjs
  // and a dynamic import() of a chunk becomes a require() on first use, through the loader
  const cjs = ascii(
    code
      .replace(/(["'])\.\/([\w-]+)\.mjs\1/g, '$1./$2.cjs$1')
      .replace(/\bimport\((["'])(\.\/[\w-]+\.cjs)\1\)/g, 'Promise.resolve().then(()=>require($1$2$1))'),
  );
  if (/(["'])\.\/[\w-]+\.mjs\1|\bimport\(/.test(cjs)) throw new Error(`${name}: an import of an .mjs chunk was left`);
  if (/[^\x00-\x7f]/.test(cjs)) throw new Error(`${name}: not ASCII`);
  // one function expression, which the loader compiles and calls with the chunk's own require, module and URL
  const fn = `(function(exports,require,module,__filename,__dirname,__zdMeta){${cjs}\n})`;
  packed.set(name.replace(/\.mjs$/, '.cjs'), fn);
  await rm(join(chunks, name));
}
await writePack(packed, []);

/**
 * chunks/pack, as scripts/loader.cjs reads it: "ZDPK", the index length and the size of the largest chunk with its
 * cache (u32 LE each), the index (JSON: [name, offset, code length, cache length, fingerprint]), then per chunk its
 * code cache and its code, side by side (no caches yet: the loader stores them when the build runs it with
 * ZLM_DOCTOR_WRITE_CODE_CACHE set).
 *
 * The chunks that `check` loads (`start`, found by running it: startChunks()) are stored together as one more
 * entry, START, whose code is an array of their function expressions, and each of them has an entry [name, -1,
 * its place in that array, 0, 0]. They are compiled as one script, with one code cache, on the first require of any
 * of them: a start reads and compiles one thing instead of twenty, the cache holds what they share once, and the
 * code is one string of more than 128 kB, which V8 keeps in its large-object space (never copied by a
 * young-generation collection, as every smaller chunk text is, twice, when one comes during the start).
 */
async function writePack(codes, start) {
  const entries = [];
  const data = [];
  let offset = 0;
  const add = (name, code) => {
    const b = Buffer.from(code, 'latin1');
    entries.push([name, offset, b.length, 0, 0]);
    data.push(b);
    offset += b.length;
  };
  for (const [name, code] of codes) {
    const i = start.indexOf(name);
    if (i >= 0) entries.push([name, -1, i, 0, 0]);
    else add(name, code.length >= PAD_FROM && code.length < LARGE ? code.padEnd(LARGE, '\n') : code);
  }
  if (start.length > 0) add(START, `[\n${start.map((n) => codes.get(n)).join(',\n')}\n]`);
  const index = Buffer.from(JSON.stringify(entries), 'latin1');
  const head = Buffer.alloc(12);
  head.writeUInt32LE(0x4b50445a, 0);
  head.writeUInt32LE(index.length, 4);
  head.writeUInt32LE(Math.max(...data.map((c) => c.length)), 8);
  await writeFile(join(chunks, 'pack'), Buffer.concat([head, index, ...data]));
  await chmod(join(chunks, 'pack'), 0o644);
}

/** name -> [code length, cache length] of chunks/pack */
async function packIndex() {
  const b = await readFile(join(chunks, 'pack'));
  const n = b.readUInt32LE(4);
  return new Map(JSON.parse(b.subarray(12, 12 + n).toString('latin1')).map(([name, , code, cache]) => [name, [code, cache]]));
}

/**
 * A chunk's exports object is the one esbuild's CommonJS conversion fills with a getter per export (live bindings,
 * and a chunk may be required before its body has run), marked __esModule; the conversion would copy it into a
 * second object whose getters call the first's (__toCommonJS): an object, a closure and a descriptor per export at
 * every start, and two calls instead of one for each use of an export from another chunk.
 */
function directExports(name, code) {
  const m = code.match(/^module\.exports = __toCommonJS\((\w+)\);$/gm);
  if (!m) return code;
  if (m.length !== 1 || !/^var __defProp = Object\.defineProperty;$/m.test(code)) throw new Error(`${name}: not the CommonJS conversion directExports knows`);
  return code.replace(/^module\.exports = __toCommonJS\((\w+)\);$/m, '__defProp($1, "__esModule", { value: true });\nmodule.exports = $1;');
}

/**
 * esbuild leaves some non-ASCII characters as they are (in regular expressions): write every one as \\uXXXX, which
 * means the same in a string, a template, a regular expression (with or without the u flag) and an identifier.
 * An escaped one (\\…) is the character itself, so its backslash goes.
 */
function ascii(code) {
  return code.replace(/(\\*)([^\x00-\x7f])/g, (_, bs, c) => `${bs.length % 2 ? bs.slice(1) : bs}\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const referenced = new Set(Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)));
for (const name of VENDOR.filter((n) => referenced.has(`./vendor/${n}.cjs`))) {
  await build({
    entryPoints: [name],
    outfile: join(chunks, `vendor/${name}.cjs`),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20.19',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

await writeFile(join(chunks, TEXT_FILE), textFile(texts));
// the loader, minified: Node reads and compiles it at every start, without a code cache, and most of its source is
// comments. ASCII only, so that Node holds it as a one-byte string (one character outside Latin-1 doubles it)
{
  const { code } = await transform((await readFile('scripts/loader.cjs', 'utf8')).replace(/^#!.*\n/, ''), { format: 'cjs', loader: 'js', target: 'node20.19', minify: true, charset: 'ascii', legalComments: 'none', logLevel: 'warning' });
  await writeFile(join(out, 'cli.cjs'), `#!/usr/bin/env node\n// zlm-doctor's executable: scripts/loader.cjs, minified by scripts/build.mjs\n${code}`);
}
await writeFile(join(out, 'cli.mjs'), "#!/usr/bin/env node\nimport './cli.cjs';\n");
await chmod(join(out, 'cli.mjs'), 0o755);
await chmod(join(out, 'cli.cjs'), 0o755);

await writePack(packed, startChunks());
if (withCache) await makeCodeCache();

/** The chunks that `check` loads, text and JSON output alike, in the order it loads them (the loader's trace). */
function startChunks() {
  const names = [];
  for (const args of CHECK_RUNS) {
    const r = spawnSync(process.execPath, [join(out, 'cli.cjs'), ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, ZLM_DOCTOR_TRACE_LOAD: '1', NO_COLOR: '1' },
      timeout: 60000,
    });
    if (r.status === null || r.status > 1) throw new Error(`start chunks: zlm-doctor ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    for (const m of r.stderr.matchAll(/^zlm-doctor: .*[\\/]chunks[\\/]([\w-]+\.cjs): /gm)) if (!names.includes(m[1])) names.push(m[1]);
  }
  if (!names.includes('cli.cjs') || names.some((n) => !packed.has(n))) throw new Error(`start chunks: unexpected trace ${names.join(', ')}`);
  return names;
}

/**
 * Runs the commands users run most, each in a child that loads the caches the previous ones wrote and writes them
 * back at exit with everything compiled so far (functions compiled lazily during the run included).
 */
async function makeCodeCache() {
  const work = await mkdtemp(join(tmpdir(), 'zd-build-'));
  try {
    const broken = 'examples/broken/config.ini';
    const copy = join(work, 'config.ini');
    await copyFile(broken, copy);
    // the runs of `check` make the cache of START, the chunks `check` loads; the others add to every other chunk's
    // (scripts/loader.cjs: ZLM_DOCTOR_WRITE_CODE_CACHE=all|chunks)
    const otherRuns = [
      ['--help'],
      ['check', '--help'],
      ['rules'],
      ['check', '-v', '--lang', 'zh', broken],
      ['check', '--format', 'sarif', broken],
      ['check', '--fix-dry-run', broken],
      ['fix', '--dry-run', broken],
      ['fix', copy],
      ['check', broken],
    ];
    for (const [args, write] of [...CHECK_RUNS.map((a) => [a, 'all']), ...otherRuns.map((a) => [a, 'chunks'])]) {
      const r = spawnSync(process.execPath, [join(out, 'cli.cjs'), ...args], {
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
        env: { ...process.env, ZLM_DOCTOR_WRITE_CODE_CACHE: write, NO_COLOR: '1' },
        timeout: 60000,
      });
      if (r.status === null || r.status > 1) throw new Error(`code cache: zlm-doctor ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  if (!((await packIndex()).get(START)?.[1] > 0)) throw new Error('code cache: none was written');
}

if (process.env.BUILD_REPORT) {
  for (const [f, o] of Object.entries(result.metafile.outputs)) {
    const top = Object.entries(o.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput).slice(0, 4).map(([i, v]) => `${i}:${v.bytesInOutput}`);
    const statics = o.imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => i.path.replace(/.*\/chunks\//, ''));
    console.log(`${basename(f)} ${o.bytes} <- ${statics.join(',')}\n    ${top.join(' ')}`);
  }
}
