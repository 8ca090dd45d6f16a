import { buildSync } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { KeychainUnavailableError, type CredentialStore } from '../../core/credentials';
import { MemoryCredentials } from '../sync/sync-fixture';
import { tempWorkspace } from '../support/temp-workspace';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const root = join(__dirname, '..', '..');

/** The message KeytarCredentialStore gives in a process whose environment is `env` (no keychain there). */
function keychainMessage(env: Record<string, string>): string {
  const bundle = buildSync({ entryPoints: [join(root, 'core/credentials/index.ts')], bundle: true, platform: 'node', format: 'cjs', external: ['keytar'], write: false });
  const script = `${bundle.outputFiles[0]!.text}
    new module.exports.KeytarCredentialStore().set('x', 'clientSecret', 'v')
      .then(() => console.log('SAVED'), (e) => console.log(e.name + ': ' + e.message));`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, encoding: 'utf8' });
  return r.stdout;
}

describe('without an OS keychain', () => {
  it('a dead session bus is named, with how to start one on a server', () => {
    const said = keychainMessage({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' });
    expect(said).toMatch(/^KeychainUnavailableError: No OS keychain is reachable: there is no D-Bus session bus, so the Secret Service \(org\.freedesktop\.secrets\)/);
    expect(said).toContain('dbus-run-session');
  });

  it('no session bus at all (no DBUS_SESSION_BUS_ADDRESS, no display) says the same', () => {
    expect(keychainMessage({})).toMatch(/no D-Bus session bus.*dbus-run-session/);
  });

  it('connections are still listed, saying which secrets were entered and what is wrong with the keychain', async () => {
    const memory = new MemoryCredentials();
    let keychainUp = true;
    const problem = 'No OS keychain is reachable: there is no D-Bus session bus';
    const flaky: CredentialStore = {
      get: (id, f) => (keychainUp ? memory.get(id, f) : Promise.reject(new KeychainUnavailableError(problem))),
      set: (id, f, s) => (keychainUp ? memory.set(id, f, s) : Promise.reject(new KeychainUnavailableError(problem))),
      delete: (id, f) => (keychainUp ? memory.delete(id, f) : Promise.reject(new KeychainUnavailableError(problem))),
      which: (id, fs) => (keychainUp ? memory.which(id, fs) : Promise.reject(new KeychainUnavailableError(problem))),
    };
    const ws = tempWorkspace(flaky);
    cleanups.push(ws.remove);
    const api = createDispatcher(ws);
    const saved = await api.invoke('connections.save', { kind: 'amazon', name: 'Amazon US', settings: { region: 'NA', lwaClientId: `amzn1.application-oa2-client.${'a'.repeat(32)}` }, secrets: { clientSecret: 's' } }, 'a');
    expect(saved.ok).toBe(true);

    keychainUp = false;
    const listed = await api.invoke('connections.list', {}, 'b');
    expect(listed).toMatchObject({ ok: true, value: [{ name: 'Amazon US', secretsSet: { clientSecret: true, refreshToken: false }, keychainProblem: problem }] });

    const refused = await api.invoke('connections.save', { kind: 'amazon', name: 'Amazon EU', settings: { region: 'EU', lwaClientId: `amzn1.application-oa2-client.${'b'.repeat(32)}` }, secrets: { clientSecret: 's' } }, 'c');
    expect(refused).toMatchObject({ ok: false, error: { code: 'keychain_unavailable', message: problem } });
    expect(ws.connections.list().map((c) => c.name)).toEqual(['Amazon US']);
  });
});
