import { expect, test } from './fixtures';

test('a workspace with nothing yet says on the Dashboard what to do first, and each way in opens its screen', async ({ app }) => {
  const { page } = app;
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  const start = page.getByTestId('get-started');
  await expect(start).toContainText('Nothing here yet');
  await expect(start).toContainText('Connect Amazon');
  await expect(start).toContainText('import a settlement report file');
  await expect(start).toContainText('demo');
  await expect(page.locator('body')).not.toContainText('ready to approve');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: test.info().outputPath('dashboard-empty.png') });

  await start.getByRole('button', { name: 'Import a settlement file' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settlements' })).toBeVisible();
  await page.goBack();
  await page.getByTestId('get-started').getByRole('button', { name: 'Connect Amazon and your ERP' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Connections' })).toBeVisible();
});
