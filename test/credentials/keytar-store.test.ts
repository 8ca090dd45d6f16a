import { buildSync } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { KeytarCredentialStore } from '../../core/credentials';
import { tempWorkspace } from '../support/temp-workspace';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('secrets in the OS keychain', () => {
  it('a saved secret is in the keychain and nowhere in the database, the audit log or any API answer', async () => {
    const ws = tempWorkspace();
    cleanups.push(ws.remove);
    const api = createDispatcher(ws);
    const secret = `cs-${Date.now()}-do-not-leak`;
    const saved = await api.invoke(
      'connections.save',
      { kind: 'business-central', name: 'BC', settings: { deployment: 'online', tenantId: 'contoso.com', environment: 'Production', clientId: '11111111-2222-3333-4444-555555555555' }, secrets: { clientSecret: secret } },
      'c1',
    );
    expect(saved).toMatchObject({ ok: true });
    const id = (saved as { value: { id: string } }).value.id;
    expect(await new KeytarCredentialStore().get(id, 'clientSecret')).toBe(secret);

    const answers = [saved, await api.invoke('connections.list', {}, 'c2'), await api.invoke('audit.list', {}, 'c3'), await api.invoke('connections.test', { id }, 'c4')];
    for (const a of answers) expect(JSON.stringify(a)).not.toContain(secret);
    expect(JSON.stringify(answers[1])).toContain('"clientSecret":true');

    ws.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const f of readdirSync(ws.dir)) expect(readFileSync(join(ws.dir, f)).includes(Buffer.from(secret)), f).toBe(false);

    await api.invoke('connections.delete', { id }, 'c5');
    expect(await new KeytarCredentialStore().get(id, 'clientSecret')).toBeNull();
  });

  it('without a reachable keychain the user is told what is missing and nothing is saved', async () => {
    // A child process with no D-Bus session: keytar cannot reach any Secret Service.
    const root = join(__dirname, '..', '..');
    const bundle = buildSync({ entryPoints: [join(root, 'core/credentials/index.ts')], bundle: true, platform: 'node', format: 'cjs', external: ['keytar'], write: false });
    const script = `${bundle.outputFiles[0]!.text}
      new module.exports.KeytarCredentialStore().set('x', 'clientSecret', 'v')
        .then(() => console.log('SAVED'), (e) => console.log(e.name + ': ' + e.message));`;
    const r = spawnSync(process.execPath, ['-e', script], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' },
      encoding: 'utf8',
    });
    expect(r.stdout).toMatch(/KeychainUnavailableError: .*(Secret Service|keychain)/);
    expect(r.stdout).not.toContain('SAVED');
  });
});
