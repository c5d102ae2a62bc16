// Builds the CLI: one CommonJS bundle (dist/zlm-doctor.cjs) behind a small
// loader (dist/cli.cjs) that compiles it with a V8 code cache, so a warm
// start does not re-parse and re-compile half a megabyte of JavaScript.
// (Node 22 has module.enableCompileCache(); Node 20 does not.)
import { build } from 'esbuild';
import { chmod, rm, writeFile } from 'node:fs/promises';

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/bin.ts'],
  outfile: 'dist/zlm-doctor.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20.19',
  minify: true,
  legalComments: 'none',
  // import.meta.url has no CJS equivalent; nothing in the bundle needs more than a file URL
  define: { 'import.meta.url': '__zdImportMetaUrl' },
  banner: { js: 'const __zdImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: 'warning',
});

const loader = `#!/usr/bin/env node
'use strict';
// Loads dist/zlm-doctor.cjs through a V8 code cache kept in the user's temp dir.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
const file = path.join(__dirname, 'zlm-doctor.cjs');
const source = fs.readFileSync(file, 'utf8');
const st = fs.statSync(file);
const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
const dir = path.join(require('node:os').tmpdir(), 'zlm-doctor-cache-' + uid);
// one cache per subcommand: each holds the functions that command really compiled
const command = /^[a-z]+$/.test(process.argv[2] || '') ? process.argv[2] : 'main';
const cacheFile = path.join(dir, command + '-' + process.version + '-' + st.size + '-' + Math.floor(st.mtimeMs) + '.bin');
let cachedData;
try { cachedData = fs.readFileSync(cacheFile); } catch { cachedData = undefined; }
const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
const mod = new Module(file, module);
mod.filename = file;
mod.paths = Module._nodeModulePaths(__dirname);
if (cachedData === undefined || script.cachedDataRejected) {
  // written at exit, after the run compiled what it used: the next start reuses all of it
  process.once('exit', () => {
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const tmp = cacheFile + '.' + process.pid;
      fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
      fs.renameSync(tmp, cacheFile);
    } catch { /* a cache is an optimisation only */ }
  });
}
script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, __dirname);
`;
await writeFile('dist/cli.cjs', loader);
await chmod('dist/cli.cjs', 0o755);
