import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is built to dist/renderer with relative asset paths, so the same files load in
// Electron (through its app protocol) and in browser mode (served by `goldenhour serve`).
// (Vite gives its config file __dirname; no Node import is needed, which keeps the renderer's
// lint rule — no Node in renderer/ — without exemptions.)
export default defineConfig({
  root: __dirname,
  base: './',
  plugins: [react()],
  // Files copied into the build as they are: the Natural Earth outline's vector tiles (written by scripts/natural-earth.mjs).
  publicDir: `${__dirname}/generated/public`,
  build: {
    outDir: `${__dirname}/../dist/renderer`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
});
