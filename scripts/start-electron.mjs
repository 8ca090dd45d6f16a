// `npm start`: build, make sure better-sqlite3 has an Electron build, then open the desktop window.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const step = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
step([join(root, 'scripts', 'build.mjs')]);
if (!existsSync(join(root, 'build', 'native-electron', 'better_sqlite3.node'))) step([join(root, 'scripts', 'rebuild-electron-native.mjs')]);
let electron;
try {
  electron = require('electron');
} catch (err) {
  console.error(`The Electron binary is not installed (${err.message.split('\n')[0]}). Reinstall without ELECTRON_SKIP_BINARY_DOWNLOAD, or run the app headless: npx ml-connector serve`);
  process.exit(1);
}
const r = spawnSync(electron, [join(root, 'dist', 'electron', 'main.cjs'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 0);
