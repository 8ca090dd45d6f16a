import { buildSync } from 'esbuild';

/**
 * Modules a bundled child process loads from node_modules (found through NODE_PATH), as the app's own
 * build keeps them apart (scripts/build.mjs): native addons, Electron, and the report libraries that read
 * their own package files at run time (pdfkit's fonts and colour profile, exceljs).
 */
const LOADED_AT_RUN_TIME = ['better-sqlite3', 'keytar', 'electron', 'pdfkit', 'exceljs'];

/** tsx is not installed: a child process for a crash test is bundled with esbuild into one CommonJS file. */
export function bundleChild(entry: string, outfile: string): void {
  buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile, external: LOADED_AT_RUN_TIME, logLevel: 'silent' });
}
