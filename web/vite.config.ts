/**
 * The dashboard's Vite config (web/build.mjs builds with it; `npx vite web` serves it for development, with /api
 * proxied to a `zlm-doctor serve` on 127.0.0.1:9797).
 */
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: false },
  server: { host: '127.0.0.1', proxy: { '/api': 'http://127.0.0.1:9797' } },
});
