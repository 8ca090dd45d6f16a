import { defineConfig } from 'vite';

// The renderer is a static page loaded from file:// in Electron and from the headless host over
// loopback HTTP, so asset paths are relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 4000,
  },
});
