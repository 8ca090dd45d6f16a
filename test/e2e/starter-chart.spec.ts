// The starter chart on the Mappings screen: the accounts an Amazon seller needs, created in the demo's
// Business Central company and mapped in one step after a confirmation that lists them; and `serve --demo`
// opening a workspace with the demo's starter mappings.
import { expect, test } from './fixtures';
import { MappingsPage } from './pages/mappings-page';

test.use({ demo: true });

test.describe('serve --workspace DIR --demo', () => {
  test.use({ starterMappings: true });
  test('opens with the demo\'s starter mappings, as the built-in demo does', async ({ app }) => {
    const ui = new MappingsPage(app.page);
    await ui.open();
    await expect(app.page.getByRole('tab', { name: 'Fee types (4)' })).toBeVisible({ timeout: 30_000 });
  });
});

test('starter accounts: the confirmation lists what is created and mapped, one click does it, nothing is created twice', async ({ app }) => {
  test.setTimeout(90_000);
  const { page } = app;
  const ui = new MappingsPage(page);
  const dialog = page.getByRole('dialog');
  const table = dialog.getByRole('table', { name: 'Starter accounts' });
  await page.setViewportSize({ width: 1280, height: 800 });
  await ui.open();
  await page.getByRole('button', { name: 'Starter accounts…' }).click();
  await expect(table.getByRole('row', { name: /8460 Amazon Subscription and Other Fees Expense to create Subscription fees/ })).toBeVisible({ timeout: 30_000 });
  await expect(table.getByRole('row', { name: /2920 Amazon Clearing Asset exists Clearing \(the payout\)/ })).toBeVisible();
  await expect(dialog).toContainText('4 accounts are created in Business Central (demo); the others exist there already');
  await page.screenshot({ path: test.info().outputPath('1280-starter-accounts.png') });
  await dialog.getByRole('button', { name: /^Create 4 accounts and map \d+ rules$/ }).click();
  await expect(dialog.getByText('Created 2960, 6120, 8450, 8460 in Business Central (demo).')).toBeVisible({ timeout: 30_000 });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('tab', { name: /^Categories \(\d\d\)$/ })).toBeVisible();

  // Done once: everything exists and is mapped, so nothing is offered.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByRole('button', { name: 'Starter accounts…' }).click();
  await expect(table.getByRole('row', { name: /8460 Amazon Subscription and Other Fees Expense exists/ })).toBeVisible({ timeout: 30_000 });
  await expect(table.getByText('to create')).toHaveCount(0);
  await expect(dialog).toContainText('Every account exists in Business Central (demo) and is mapped: there is nothing to do.');
  await expect(dialog.getByRole('button', { name: 'Nothing to do' })).toBeDisabled();
  await page.screenshot({ path: test.info().outputPath('1920-starter-accounts-done.png') });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});
