import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// One build for the three hosts. The "main" bundle holds the Electron main process, the
// engine's utility process and the CLI (which also serves the web host); none of the engine
// code imports `electron`, so the CLI runs under plain Node with the Node build of
// better-sqlite3. The embedded sandbox runs in a worker thread of whichever host runs the engine;
// its script is the fourth entry, out/main/sandbox-worker.js (src/main/hosts/worker-sandbox-starter.ts
// finds it beside the bundle).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          'engine-process': resolve(__dirname, 'src/main/engine-process.ts'),
          cli: resolve(__dirname, 'src/main/hosts/cli/main.ts'),
          'sandbox-worker': resolve(__dirname, 'src/main/hosts/sandbox-worker.ts'),
        },
      },
    },
  },
  // The window runs with `sandbox: true`, and a sandboxed preload cannot be an ES module nor
  // require anything but `electron`: so one self-contained CommonJS file, out/preload/index.cjs
  // (.cjs because package.json says "type": "module"). src/main/index.ts points at that name.
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react()],
  },
});
