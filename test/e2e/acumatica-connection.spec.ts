import { startAcumaticaEmulator, type AcumaticaEmulator } from '../../core/sandbox/acumatica/emulator';
import { expect, test } from './fixtures';
import { ConnectionsPage } from './pages/connections-page';

let emu: AcumaticaEmulator;
test.beforeAll(async () => {
  emu = await startAcumaticaEmulator();
});
test.afterAll(() => emu.stop());

test('an Acumatica connection is added with either sign-in, tested against the instance, and refused for a version it does not serve', async ({ app }) => {
  const ui = new ConnectionsPage(app.page);
  await ui.open();

  // Cookie sign-in: no connected application, so no client id or secret is asked for.
  await ui.startAdding('Acumatica');
  await ui.dialog.getByLabel('Sign in with').selectOption({ label: 'User and password, cookie session (no connected application)' });
  await expect(ui.dialog.getByLabel('Client id')).toHaveCount(0);
  await ui.fill({ Name: 'Acumatica cookie', 'Instance URL': emu.url, Tenant: 'Company', 'Endpoint version': '24.200.001', Branch: 'HEADOFFICE', 'User name': 'admin', Password: 'acu-password' });
  await app.page.screenshot({ path: 'test-results/acumatica-connection-form.png' });
  await ui.save();
  const cookieRow = ui.row('Acumatica cookie');
  await expect(cookieRow).toContainText('Password: set');
  await cookieRow.getByRole('button', { name: 'Test' }).click();
  await expect(app.page.getByRole('alert').or(app.page.locator('[aria-live="polite"]'))).toContainText('Connected to Company, branch HEADOFFICE as admin@Company.');
  // Test connection signs its cookie session out again: the licence seat is free.
  await expect.poll(() => emu.sessions()).toBe(0);

  // OAuth 2.0 password grant through a connected application, asking for a version the instance lacks.
  await ui.startAdding('Acumatica');
  await ui.dialog.getByLabel('Sign in with').selectOption({ label: 'Connected application, user and password (OAuth 2.0)' });
  await ui.fill({
    Name: 'Acumatica OAuth', 'Instance URL': emu.url, Tenant: 'Company', 'Endpoint version': '22.200.001', Branch: 'HEADOFFICE',
    'Client id': '3F2504E0-4F89-11D3-9A0C-0305E82C3301@Company', 'User name': 'admin', 'Client secret': 'acu-secret', Password: 'acu-password',
  });
  await ui.save();
  await ui.row('Acumatica OAuth').getByRole('button', { name: 'Test' }).click();
  await expect(app.page.getByRole('alert').or(app.page.locator('[aria-live="polite"]'))).toContainText('does not serve the Default endpoint in version 22.200.001; it serves 23.200.001, 24.200.001');
});
