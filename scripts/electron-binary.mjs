// Where the Electron binary is, found without require('electron'): since Electron 45 has no install script,
// that call downloads the binary when it is missing, which hangs or fails where its host is unreachable.
// Resolved as electron's own index.js does.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** @returns {{ path: string } | { why: string }} */
export function findElectronBinary(root) {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return { path: join(override, executable ?? 'electron') };
  if (!executable) return { why: 'node_modules/electron/path.txt is missing: it was never downloaded, or the download failed' };
  const binary = join(pkg, 'dist', executable);
  return existsSync(binary) ? { path: binary } : { why: `${binary} does not exist` };
}
