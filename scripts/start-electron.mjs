// `npm start`: open the desktop window. The Electron binary is looked for first: without it the build and
// the ~90 s native rebuild for Electron below would be wasted.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electron = findElectronBinary(root);
if (!electron.path) {
  console.error(`The Electron binary is not installed (${electron.why}).\nDownload it with \`npx install-electron\` where Electron's download host is reachable, or run the app headless in your browser: npx ml-connector serve`);
  process.exit(1);
}
const step = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
step([join(root, 'scripts', 'build.mjs')]);
if (!existsSync(join(root, 'build', 'native-electron', 'better_sqlite3.node'))) step([join(root, 'scripts', 'rebuild-electron-native.mjs')]);
const r = spawnSync(electron.path, [join(root, 'dist', 'electron', 'main.cjs'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 0);
