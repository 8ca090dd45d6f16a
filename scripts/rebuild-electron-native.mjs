// better-sqlite3 is a native module: Node and Electron need different builds. The Node build stays in
// node_modules (tests, headless host); the Electron build goes to build/native-electron and the desktop
// shell loads it through better-sqlite3's nativeBinding option. keytar is N-API and needs no rebuild.
// Needs Electron's headers, fetched by node-gyp from Electron's download host.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const source = dirname(require.resolve('better-sqlite3/package.json'));
const work = mkdtempSync(join(tmpdir(), 'mlc-native-'));
cpSync(source, work, { recursive: true, filter: (p) => !p.includes(`${join('better-sqlite3', 'build')}`) });
const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
const r = spawnSync(process.execPath, [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'], { cwd: work, stdio: 'inherit' });
if (r.status !== 0) {
  console.error(`Could not build better-sqlite3 for Electron ${electronVersion} (node-gyp exit ${r.status}). It needs Electron's headers from its download host and a C++ toolchain.`);
  process.exit(1);
}
const out = join(root, 'build', 'native-electron');
mkdirSync(out, { recursive: true });
cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), join(out, 'better_sqlite3.node'));
rmSync(work, { recursive: true, force: true });
console.log(`better-sqlite3 for Electron ${electronVersion} -> build/native-electron/better_sqlite3.node`);
