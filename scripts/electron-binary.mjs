// Where the Electron binary is, found without require('electron'): since Electron 45 that call tries to
// download the binary, which hangs or fails where its download host is unreachable.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** @returns {{ path: string } | { why: string }} */
export function findElectronBinary(root) {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return { path: process.env.ELECTRON_OVERRIDE_DIST_PATH };
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return { why: 'node_modules/electron/path.txt is missing: the download was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD) or failed' };
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { why: `${binary} does not exist` };
}
