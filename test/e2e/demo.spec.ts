import { expect, test } from './fixtures';
import { ConnectionsPage } from './pages/connections-page';

test.use({ demo: true });

test('the demo workspace connects to its Amazon and Business Central emulators with no credentials typed', async ({ app }) => {
  const ui = new ConnectionsPage(app.page);
  await ui.open();
  const amazon = ui.row('Amazon (demo)');
  const bc = ui.row('Business Central (demo)');
  await expect(amazon).toContainText('LWA client secret: set');
  await expect(bc).toContainText('Client secret: set');

  await amazon.getByRole('button', { name: 'Test' }).click();
  await expect(app.page.getByText(/Amazon \(demo\): Connected to .*selling in \d+ marketplaces?/)).toBeVisible({ timeout: 30_000 });
  await expect(app.page.getByText(/ATVPDKIKX0DER/)).toBeVisible();

  await bc.getByRole('button', { name: 'Test' }).click();
  await expect(app.page.getByText(/Business Central \(demo\): Connected to /)).toBeVisible({ timeout: 30_000 });

  // The demo's Acumatica tenant, signed in through its connected application (OAuth 2.0).
  const acu = ui.row('Acumatica (demo)');
  await expect(acu).toContainText('Client secret: set');
  await acu.getByRole('button', { name: 'Test' }).click();
  await expect(app.page.getByText(/Acumatica \(demo\): Connected to Company, branch HEADOFFICE/)).toBeVisible({ timeout: 30_000 });
  await app.page.screenshot({ path: test.info().outputPath('demo-connections.png'), fullPage: true });

  // Both tests left their calls in the audit log, with the operation and status of each.
  await ui.shell.open('Audit log');
  await app.page.getByLabel('Kind').selectOption({ label: 'External calls' });
  await expect(app.page.getByRole('row').filter({ hasText: 'amazon' }).first()).toBeVisible();
  await expect(app.page.getByRole('row').filter({ hasText: 'business-central' }).first()).toBeVisible();
});
