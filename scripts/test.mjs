// `npm test`: the whole suite, in the order a failure is cheapest to read.
// 1. On Linux, a private D-Bus session with an unlocked gnome-keyring, so credential tests use the real
//    Secret Service (never a mock, never a plaintext fallback).
// 2. Typecheck, unit and integration tests (Vitest), build, end-to-end specs in Chromium against the
//    headless host, then the same specs against the Electron shell where its binary exists.
// `--unit-only` stops after the unit and integration tests: CI runs them again on each older supported Node.
// `--reuse-build` (with it) tests the dist/ an earlier stage built instead of building again: CI's Node 22 stage.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const unitOnly = process.argv.includes('--unit-only');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const onPath = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`\n${label} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status ?? 1);
  }
}

if (process.platform === 'linux' && !process.env.ML_TEST_KEYRING) {
  const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter((c) => !onPath(c));
  if (missing.length) {
    console.error(`The credential tests need the OS keychain (Secret Service). Missing: ${missing.join(', ')}. On Debian/Ubuntu: apt-get install dbus gnome-keyring libsecret-1-dev`);
    process.exit(1);
  }
  const inner = `printf '%s' ml-connector-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(root, 'scripts', 'test.mjs'))} ${process.argv.slice(2).join(' ')}`;
  // A keyring of its own in a temporary data folder: the tests never touch the developer's real keychain,
  // and a keyring left by an earlier run (with another password) cannot ask for an unlock prompt.
  const keyringHome = mkdtempSync(join(tmpdir(), 'mlc-keyring-'));
  const r = spawnSync('dbus-run-session', ['--', 'sh', '-c', inner], { stdio: 'inherit', env: { ...process.env, ML_TEST_KEYRING: '1', XDG_DATA_HOME: keyringHome } });
  rmSync(keyringHome, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}

if (!unitOnly) run('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
// Built before the unit tests: the command-line tests run the built CLI as a user would.
const reuseBuild = unitOnly && process.argv.includes('--reuse-build');
if (reuseBuild && !existsSync(join(root, 'dist', 'host', 'cli.cjs'))) {
  console.error('--reuse-build: there is no build to reuse (dist/host/cli.cjs is missing). Run `npm run build` first.');
  process.exit(1);
}
if (!reuseBuild) run('build', process.execPath, [join(root, 'scripts', 'build.mjs')]);
run(`unit and integration tests on Node ${process.versions.node}`, bin('vitest'), ['run']);
if (unitOnly) {
  console.log(`\nUnit and integration tests passed on Node ${process.versions.node}.`);
  process.exit(0);
}
run('end-to-end: renderer in Chromium against the headless host', bin('playwright'), ['test', '--project=chromium']);

const { path: electronBinary, why } = findElectronBinary(root);
if (!electronBinary) {
  console.log(`\nSKIPPED the desktop-shell pass (Playwright against Electron): the Electron binary is not installed here (${why}). The same specs ran against the headless host in Chromium above.`);
} else {
  run('native modules for Electron', process.execPath, [join(root, 'scripts', 'rebuild-electron-native.mjs')]);
  const display = process.env.DISPLAY || process.platform !== 'linux';
  if (display) run('end-to-end: the Electron desktop shell', bin('playwright'), ['test', '--project=electron']);
  else if (onPath('xvfb-run')) run('end-to-end: the Electron desktop shell (under Xvfb)', 'xvfb-run', ['-a', bin('playwright'), 'test', '--project=electron']);
  else {
    console.error('The Electron binary is installed but there is no display and no xvfb-run: apt-get install xvfb');
    process.exit(1);
  }
}
console.log('\nAll test stages passed.');
