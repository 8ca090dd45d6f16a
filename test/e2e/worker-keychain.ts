import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A Secret Service of one Playwright worker's own: a private D-Bus session with an unlocked gnome-keyring,
 * as scripts/test.mjs gives the whole run. Specs run in two workers at once, and the demo workspace keeps
 * its emulators' secrets under fixed connection ids (core/demo): in one shared keychain, a spec that removes
 * the demo's Business Central connection would delete the secret another worker's demo is posting with.
 * Returns the session bus address the app and the spec's own keychain reads go through.
 */
export async function startWorkerKeychain(): Promise<{ busAddress: string; stop(): Promise<void> }> {
  const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter((c) => spawnSync('sh', ['-c', `command -v ${c}`], { stdio: 'ignore' }).status !== 0);
  if (missing.length) {
    throw new Error(`The end-to-end specs give each worker its own keychain (Secret Service). Missing: ${missing.join(', ')}. On Debian/Ubuntu: apt-get install dbus gnome-keyring libsecret-1-dev`);
  }
  const home = mkdtempSync(join(tmpdir(), 'mlc-e2e-keyring-'));
  // The session lives as long as `cat` reads its stdin: closing it ends the bus and the keyring daemon with it.
  const inner = `printf '%s' ml-connector-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && echo "$DBUS_SESSION_BUS_ADDRESS" && exec cat >/dev/null`;
  const child = spawn('dbus-run-session', ['--', 'sh', '-c', inner], { env: { ...process.env, XDG_DATA_HOME: home }, stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const busAddress = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`The worker's keychain session printed no bus address in 20 s:\n${out}${err}`)), 20_000);
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = /^(\S+)\n/.exec(out);
      if (line) {
        clearTimeout(timer);
        resolve(line[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The worker's keychain session ended (exit ${code}) before it started:\n${out}${err}`));
    });
  });
  return {
    busAddress,
    async stop() {
      child.stdin!.end();
      await exited;
      rmSync(home, { recursive: true, force: true });
    },
  };
}
