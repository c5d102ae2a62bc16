// Runs a TypeScript entry (bench scripts) on Node 20, which cannot strip types:
// bundles it with esbuild into .bench-tmp/ and imports the result.
// Usage: node scripts/run-ts.mjs bench/check.ts [args...]
import { build } from 'esbuild';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args...]');
  process.exit(2);
}
const out = resolve('.bench-tmp', basename(entry).replace(/\.ts$/, '.mjs'));
await build({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20.19', packages: 'external', logLevel: 'warning' });
process.argv.splice(1, 2, out);
await import(pathToFileURL(out).href);
