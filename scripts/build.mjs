// Builds what runs outside the test runner: the core CLI (headless host), the Electron main and
// preload bundles, and the renderer. Runs on `npm install` (prepare) and `npm run build`.
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const native = ['better-sqlite3', 'keytar'];
// Loaded from node_modules at run time, not bundled: pdfkit finds its standard fonts (AFM metrics)
// through its package's own imports map and files, and exceljs reads its own package files. They are production dependencies, so
// electron-builder packs them with the app.
const fromNodeModules = ['pdfkit', 'exceljs'];
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', absWorkingDir: root };

rmSync(join(root, 'dist'), { recursive: true, force: true });
await Promise.all([
  esbuild({ ...common, entryPoints: ['core/host/cli.ts'], outfile: 'dist/host/cli.cjs', external: [...native, ...fromNodeModules] }),
  esbuild({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs', external: ['electron', ...native, ...fromNodeModules] }),
  // A sandboxed preload may require only 'electron': everything else is bundled in.
  esbuild({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', external: ['electron'] }),
  // The settlement import's worker thread, next to each bundle that starts it (core/settlement/import-in-worker.ts).
  esbuild({ ...common, entryPoints: ['core/settlement/import-worker.ts'], outfile: 'dist/host/settlement-import-worker.cjs', external: native }),
  esbuild({ ...common, entryPoints: ['core/settlement/import-worker.ts'], outfile: 'dist/electron/settlement-import-worker.cjs', external: native }),
]);
await vite({ configFile: join(root, 'vite.config.ts'), logLevel: 'error' });
console.log('built dist/host, dist/electron, dist/renderer');
