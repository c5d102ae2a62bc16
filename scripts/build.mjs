// Builds the CLI as split ES modules under dist/chunks/: the entry holds only
// the command-line parser; each command (check, fix, doctor, rules, explain)
// and each heavy library (the rules, the YAML reader, the diff writer) is a
// chunk loaded only when that command needs it. Start-up cost is what the
// command really uses, cold or warm.
//
// There is deliberately no compile cache: a cache of compiled code is code, and
// loading it from a place another user can create or write (a shared temp dir)
// let that user run code as whoever runs zlm-doctor (often root). Node 20 has no
// code-cache API for ES modules, and the lean entry meets the start-up target
// without one.
//
// iconv-lite (GBK/GB18030 configs) is required synchronously by src/ini/read.ts
// and carries ~500 kB of code tables; it is bundled on its own into
// dist/chunks/vendor/iconv-lite.cjs so that a UTF-8 config never parses it.
//
// dist/cli.mjs (the bin) and dist/cli.cjs (`node dist/cli.cjs`, the README's
// first command) are one-line shims into dist/chunks/cli.mjs.
import { build } from 'esbuild';
import { chmod, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// `--outdir <dir>`: tests build into their own temp dir, never over a dist/ someone is running
const at = process.argv.indexOf('--outdir');
const out = at > 0 ? process.argv[at + 1] : 'dist';

/** Bundled CommonJS packages that stay in their own file, loaded by require() on first use. */
const VENDOR = ['iconv-lite'];

await rm(out, { recursive: true, force: true });
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
  legalComments: 'none',
  // bundled CommonJS packages (commander, yaml) call require() for Node's built-ins and the vendor files;
  // created on first use, so a chunk that never calls it does not pay for it
  banner: { js: 'import{createRequire as __zdCreateRequire}from"node:module";let __zdRequire;const require=(id)=>(__zdRequire??=__zdCreateRequire(import.meta.url))(id);' },
  plugins: [
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
const referenced = new Set(Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)));
for (const name of VENDOR.filter((n) => referenced.has(`./vendor/${n}.cjs`))) {
  await build({
    entryPoints: [name],
    outfile: join(out, `chunks/vendor/${name}.cjs`),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20.19',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

await writeFile(join(out, 'cli.mjs'), "#!/usr/bin/env node\nimport './chunks/cli.mjs';\n");
await writeFile(join(out, 'cli.cjs'), "#!/usr/bin/env node\n'use strict';\nimport('./chunks/cli.mjs');\n");
await chmod(join(out, 'cli.mjs'), 0o755);
await chmod(join(out, 'cli.cjs'), 0o755);

if (process.env.BUILD_REPORT) {
  for (const [f, o] of Object.entries(result.metafile.outputs)) {
    const top = Object.entries(o.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput).slice(0, 4).map(([i, v]) => `${i}:${v.bytesInOutput}`);
    const statics = o.imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => i.path.replace(/.*\/chunks\//, ''));
    console.log(`${f} ${o.bytes} <- ${statics.join(',')}\n    ${top.join(' ')}`);
  }
}
