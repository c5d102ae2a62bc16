// Bundles the CLI into one ESM file so start-up reads a single module
// instead of resolving hundreds of files in node_modules.
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';

await build({
  entryPoints: ['src/cli/bin.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  minify: true,
  keepNames: false,
  sourcemap: false,
  legalComments: 'none',
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __zdCreateRequire } from 'node:module';\nconst require = __zdCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
await chmod('dist/cli.js', 0o755);
