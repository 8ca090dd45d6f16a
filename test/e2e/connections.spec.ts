import Database from 'better-sqlite3';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { KeytarCredentialStore } from '../../core/credentials';
import { expect, test } from './fixtures';
import { ConnectionsPage } from './pages/connections-page';
import { PostingPage } from './pages/posting-page';

const CLIENT_SECRET = 'amzn1.oa2-cs.v1.e2e-secret-' + Date.now().toString(36);
const REFRESH_TOKEN = 'Atzr|e2e-refresh-' + Date.now().toString(36);

test('an Amazon connection added in the UI keeps its secrets in the keychain and nowhere in the workspace', async ({ app }) => {
  const ui = new ConnectionsPage(app.page);
  await ui.open();
  await expect(app.page.getByText('No connections yet')).toBeVisible();

  await ui.startAdding('Amazon Seller Central');
  await ui.fill({ Name: 'Amazon US', 'LWA client id': 'not-a-client-id' });
  await expect(ui.dialog.getByText(/An LWA client id looks like/)).toBeVisible();
  await ui.fill({ 'LWA client id': 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef' });
  await expect(ui.dialog.getByText(/An LWA client id looks like/)).toHaveCount(0);
  await ui.fill({ 'LWA client secret': CLIENT_SECRET, 'Refresh token': REFRESH_TOKEN });
  await ui.save();

  const row = ui.row('Amazon US');
  await expect(row).toContainText('Amazon Seller Central');
  await expect(row).toContainText('LWA client secret: set');
  await expect(row).toContainText('Refresh token: set');
  await expect(app.page.locator('body')).not.toContainText(CLIENT_SECRET);

  const db = new Database(join(app.workspaceDir, 'ml-connector.sqlite'), { readonly: true });
  const { id } = db.prepare("SELECT id FROM connection WHERE name = 'Amazon US'").get() as { id: string };
  db.close();
  const keychain = new KeytarCredentialStore();
  expect(await keychain.get(id, 'clientSecret')).toBe(CLIENT_SECRET);
  expect(await keychain.get(id, 'refreshToken')).toBe(REFRESH_TOKEN);

  // Every file of the workspace (database, WAL, anything else) is free of both secrets.
  for (const file of readdirSync(app.workspaceDir)) {
    const bytes = readFileSync(join(app.workspaceDir, file));
    expect(bytes.includes(Buffer.from(CLIENT_SECRET)), `${file} holds the client secret`).toBe(false);
    expect(bytes.includes(Buffer.from(REFRESH_TOKEN)), `${file} holds the refresh token`).toBe(false);
  }

  // Test connection answers in plain words for a connector not built yet, never a fake success.
  await row.getByRole('button', { name: 'Test' }).click();
  await expect(app.page.getByRole('alert').or(app.page.locator('[aria-live="polite"]'))).toContainText(/Amazon US: /);

  // Removing the connection archives it and removes its secrets from the keychain.
  await row.getByRole('button', { name: 'Remove' }).click();
  await expect(app.page.getByRole('dialog')).toContainText('Amazon US will be archived: its mapping rules, jobs and run history are kept and it can be restored');
  await app.page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(row).toHaveCount(0);
  await expect(ui.archivedRow('Amazon US')).toBeVisible();
  expect(await keychain.get(id, 'clientSecret')).toBeNull();
});

test('every place of the navigation opens a screen that says what it is for', async ({ app }) => {
  const ui = new ConnectionsPage(app.page);
  for (const label of ['Dashboard', 'Settlements', 'Review', 'Mappings', 'Orders', 'Listings & inventory', 'Vendor Central', 'Audit log', 'Reports', 'Connections', 'Settings']) {
    await ui.shell.open(label);
  }
  await expect(app.page.getByText('Working as (OS user)')).toBeVisible();
});

test.describe('editing a connection', () => {
  test.use({ demo: true });

  test('a removed ERP connection waits under Archived with its rules and jobs, and Restore brings it back', async ({ app }) => {
    await app.page.setViewportSize({ width: 1280, height: 800 });
    const ui = new ConnectionsPage(app.page);
    const api = new PostingPage(app.page);
    const bc = (await api.api<Array<{ id: string; name: string; kind: string }>>('connections.list', {})).find((c) => c.kind === 'business-central')!;
    await api.api('mappings.refreshReference', { connectionId: bc.id });
    for (const [subject, target] of [['clearing', '2920'], ['reserve', '2930']]) {
      await api.api('mappings.save', { connectionId: bc.id, entry: { kind: 'account', subject, target } });
    }
    const rules = (await api.api<unknown[]>('mappings.list', { connectionId: bc.id })).length;
    expect(rules).toBeGreaterThanOrEqual(2);
    await ui.open();
    await ui.row(bc.name).getByRole('button', { name: 'Remove' }).click();
    await ui.dialog.getByRole('button', { name: 'Remove' }).click();
    await expect(ui.row(bc.name)).toHaveCount(0);
    const archived = ui.archivedRow(bc.name);
    await expect(archived).toContainText(`${rules} mapping rules`);
    await expect(archived).toContainText('Business Central');
    // The demo entered its Amazon secret when its clock started: it is new on the workspace's clock, whatever
    // day the browser's clock says (the badge once counted from the wall clock and asked to rotate it).
    await expect(ui.row('Amazon (demo)')).toContainText('LWA client secret: set');
    await expect(ui.row('Amazon (demo)')).not.toContainText('rotate');
    await app.page.screenshot({ path: test.info().outputPath('connection-archived.png'), fullPage: true });

    await archived.getByRole('button', { name: 'Restore' }).click();
    await expect(ui.row(bc.name)).toBeVisible();
    await expect(ui.row(bc.name)).toContainText('not set');
    await expect(archived).toHaveCount(0);
    expect(await api.api<unknown[]>('mappings.list', { connectionId: bc.id })).toHaveLength(rules);
  });

  test('saving the Business Central form keeps the endpoint override it does not show, and clears a field emptied in it', async ({ app }) => {
    await app.page.setViewportSize({ width: 1280, height: 800 });
    const ui = new ConnectionsPage(app.page);
    const api = new PostingPage(app.page);
    type Conn = { name: string; kind: string; settings: Record<string, unknown> };
    const bc = async () => (await api.api<Conn[]>('connections.list', {})).find((c) => c.kind === 'business-central')!;
    const before = await bc();
    expect(before.settings.endpointOverride).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    await api.api('connections.save', { id: (before as unknown as { id: string }).id, kind: 'business-central', name: before.name, settings: { companyName: 'CRONUS' } });
    await ui.open();
    await ui.row(before.name).getByRole('button', { name: 'Edit' }).click();
    await expect(ui.field('Company')).toHaveValue('CRONUS');
    await ui.fill({ Name: 'BC (edited)', Company: '' });
    await ui.save();
    await expect(ui.row('BC (edited)')).toBeVisible();
    const after = await bc();
    expect(after.settings).toEqual(before.settings);
    expect(after.settings).not.toHaveProperty('companyName');
    // Still pointed at the emulator: the test reaches it.
    await ui.row('BC (edited)').getByRole('button', { name: 'Test' }).click();
    await expect(app.page.getByText(/^BC \(edited\): Connected to /)).toBeVisible({ timeout: 30_000 });
    await app.page.screenshot({ path: test.info().outputPath('connection-edited.png') });
  });
});
