// Builds the dashboard (web/: Vite + Preact + uPlot) into web/dist, which `serve` answers at `/` and the package
// ships. Skipped when web/dist is newer than every source (keeps `npm run build` fast); `--force` rebuilds,
// `--outdir DIR` builds elsewhere (tests: never over a web/dist someone is serving).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const here = import.meta.dirname;
const at = process.argv.indexOf('--outdir');
const outDir = at > 0 ? resolve(process.argv[at + 1]) : join(here, 'dist');
const force = process.argv.includes('--force') || at > 0;

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((n) => newest(join(path, n))));
}

const index = join(outDir, 'index.html');
const sources = Math.max(newest(join(here, 'src')), ...['index.html', 'vite.config.ts', 'build.mjs'].map((f) => newest(join(here, f))));
if (!force && existsSync(index) && statSync(index).mtimeMs > sources) process.exit(0);

await build({ configFile: join(here, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
