import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/**
 * The settlement import worker bundled as the built app has it (scripts/build.mjs), into the repository's
 * .tmp so it finds node_modules; running from sources there is no worker file and imports stay on the
 * calling thread.
 */
export async function bundleImportWorker(name: string): Promise<{ file: string; remove(): void }> {
  const dir = join(root, '.tmp', `${name}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'settlement-import-worker.cjs');
  await build({ entryPoints: [join(root, 'core/settlement/import-worker.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: file, external: ['better-sqlite3'], logLevel: 'warning' });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
