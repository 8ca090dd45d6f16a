import { freePort } from '../support/free-port';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { expect, test } from './fixtures';
import { ConnectionsPage } from './pages/connections-page';
import { PostingPage } from './pages/posting-page';

// Business Central webhooks seen from the Connections screen: a connection whose notification URL reaches
// the app is notified of changes; one whose URL leads nowhere says it polls, and why.
let bc: BusinessCentralEmulator;
test.beforeAll(async () => {
  bc = await startBusinessCentralEmulator({ webhooks: { handshakeTimeoutMs: 2_000 } });
});
test.afterAll(async () => {
  await bc.stop();
});

test('the Connections screen says whether Business Central notifies the app of changes or the app polls, and why', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  const ui = new ConnectionsPage(page);
  const api = new PostingPage(page);
  await ui.open();
  const base = { deployment: 'online', tenantId: bc.tenantId, environment: bc.environment, clientId: bc.clientId, endpointOverride: bc.url };
  const reachable = `http://127.0.0.1:${await freePort()}/bc-notifications`;
  await api.api('connections.save', { kind: 'business-central', name: 'BC notified', settings: { ...base, notificationUrl: reachable }, secrets: { clientSecret: bc.clientSecret } });
  const nowhere = `http://127.0.0.1:${await freePort()}/bc-notifications`;
  await api.api('connections.save', { kind: 'business-central', name: 'BC tunnel down', settings: { ...base, notificationUrl: nowhere, notificationPort: String(await freePort()) }, secrets: { clientSecret: bc.clientSecret } });

  await expect(ui.row('BC notified')).toContainText('Notified of changes');
  await expect(ui.row('BC notified')).toContainText('Subscriptions renew before');
  await expect(ui.row('BC tunnel down')).toContainText('Polling: notifications failed');
  await expect(ui.row('BC tunnel down')).toContainText(`The handshake with ${nowhere} failed: it could not be reached`);
  await expect(ui.row('BC tunnel down')).toContainText('The app polls instead');
  expect(bc.webhooks.list().filter((s) => s.notificationUrl === reachable)).toHaveLength(4);
  await page.screenshot({ path: test.info().outputPath('connections-notifications.png') });

  // The form shows the two optional settings with what they are for.
  await ui.row('BC notified').getByRole('button', { name: 'Edit' }).click();
  await expect(ui.field('Notification URL')).toHaveValue(reachable);
  await expect(ui.dialog).toContainText('Empty: the app polls');
  await ui.field('Local notification port').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('connection-form-notifications.png') });
});
