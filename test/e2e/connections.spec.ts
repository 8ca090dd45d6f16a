import Database from 'better-sqlite3';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { KeytarCredentialStore } from '../../core/credentials';
import { expect, test } from './fixtures';
import { ConnectionsPage } from './pages/connections-page';

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

  // Removing the connection removes its secrets from the keychain.
  await row.getByRole('button', { name: 'Remove' }).click();
  await app.page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(row).toHaveCount(0);
  expect(await keychain.get(id, 'clientSecret')).toBeNull();
});

test('every place of the navigation opens a screen that says what it is for', async ({ app }) => {
  const ui = new ConnectionsPage(app.page);
  for (const label of ['Dashboard', 'Settlements', 'Review', 'Mappings', 'Orders', 'Listings & inventory', 'Vendor invoices', 'Audit log', 'Reports', 'Connections', 'Settings']) {
    await ui.shell.open(label);
  }
  await expect(app.page.getByText('Working as (OS user)')).toBeVisible();
});
