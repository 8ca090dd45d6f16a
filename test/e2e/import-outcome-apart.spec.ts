import { expect, test } from './fixtures';
import { ConnectionsPage } from './pages/connections-page';
import { SettlementsPage } from './pages/settlements-page';

test.use({ demo: true });

test('settlements imported from one Amazon account are reported as a success, apart from another account that could not be reached', async ({ app }) => {
  const { page } = app;
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  const connections = new ConnectionsPage(page);
  await connections.open();
  await connections.startAdding('Amazon Seller Central');
  // A loopback port nothing listens on: the connection is refused at once.
  await connections.fill({ Name: 'Amazon closed', 'LWA client id': 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef', 'Endpoint override': 'http://127.0.0.1:9' });
  await connections.fill({ 'LWA client secret': 'secret-of-a-closed-account', 'Refresh token': 'Atzr|refresh-of-a-closed-account' });
  await connections.save();
  await expect(connections.row('Amazon closed')).toBeVisible();

  const settlements = new SettlementsPage(page);
  await settlements.open();
  const summary = await settlements.importNew();
  const failure = page.getByTestId('import-new-failure');
  await expect(failure).toHaveCount(1);
  await expect(summary).toHaveText('5 new settlements imported.');
  await expect(summary).toHaveAttribute('data-intent', 'success');
  await expect(failure).toContainText('Nothing more was imported from Amazon closed');
  await expect(summary).not.toContainText('Amazon closed');
  await page.screenshot({ path: test.info().outputPath('import-outcome-apart.png') });
});
