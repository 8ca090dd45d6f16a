import { expect, test } from './fixtures';
import { ShellPage } from './pages/shell-page';
import { MappingsPage } from './pages/mappings-page';
import { SettlementsPage } from './pages/settlements-page';

test.use({ demo: true });

const EUR_SETTLEMENT = '24137000002';

test('an accountant shapes the ledger line descriptions of a connection, sees them as typed, and the preview reads them', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await new ShellPage(page).openDemoWorkspace();
  const settlements = new SettlementsPage(page);
  await settlements.open();
  await settlements.importNew();

  // The preview reads the application's own words: marketplace, settlement, what the line is.
  await settlements.openPreview(EUR_SETTLEMENT);
  const feeRow = settlements.journalDocument(1).getByRole('row').filter({ hasText: `Amazon.de settlement ${EUR_SETTLEMENT} — Referral fees` });
  await expect(feeRow).toHaveCount(1);
  // A refund reads as a refund, on a line of its own, not as sales.
  const journal = settlements.journalDocument(1);
  await expect(journal.getByRole('row').filter({ hasText: `Amazon.de settlement ${EUR_SETTLEMENT} — Refunds` })).toHaveCount(1);
  await expect(journal.getByRole('row').filter({ hasText: `Amazon.de settlement ${EUR_SETTLEMENT} — Sales` })).toHaveCount(1);
  // Accounts read as number and name, dimensions as code and name.
  await expect(feeRow.locator('[data-account="8410"]')).toHaveText(/^8410\s*Amazon Selling Fees$/);
  await expect(settlements.journalDocument(1).getByRole('row').filter({ hasText: 'CHANNEL' }).first()).not.toContainText('not in the chart');

  const mappings = new MappingsPage(page);
  await mappings.open();
  await mappings.refreshErpData();
  await expect(mappings.referenceStatus).toBeVisible({ timeout: 30_000 });
  await mappings.section('Line descriptions').click();
  const template = page.getByTestId('description-template');
  const examples = page.getByTestId('description-examples');
  await expect(template).toHaveValue('{marketplace} settlement {settlement} — {line}');
  await expect(examples).toContainText('settlement 24137');
  await page.screenshot({ path: test.info().outputPath('line-descriptions-1280.png') });

  // A placeholder it does not know is refused as typed, and cannot be saved.
  await template.fill('AMZ {settlment} {line}');
  await expect(page.getByText('uses {settlment}, which it does not know')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save template' })).toBeDisabled();

  // The placeholders insert with a click; the example lines follow the draft before anything is saved.
  // The refusal's line goes once the draft is read again, which moves the buttons below it: click after it has gone.
  await template.fill('AMZ ');
  await expect(page.getByText('uses {settlment}, which it does not know')).toBeHidden();
  await page.getByRole('button', { name: '{settlement}' }).click();
  await expect(template).toHaveValue('AMZ {settlement}');
  await template.press('End');
  await template.pressSequentially(' ');
  await page.getByRole('button', { name: '{line}' }).click();
  await expect(template).toHaveValue('AMZ {settlement} {line}');
  await expect(examples).toContainText(/AMZ \d+ Referral fees/);
  await expect(page.getByText('How lines will read')).toBeVisible();
  await page.getByRole('button', { name: 'Save template' }).click();
  await expect(page.getByText('Saved. Previews and the review queue show the new words.')).toBeVisible();
  await expect(page.getByText(/^Set by /)).toBeVisible();
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: test.info().outputPath('line-descriptions-1920.png') });

  await settlements.open();
  await settlements.openPreview(EUR_SETTLEMENT);
  await expect(settlements.journalDocument(1).getByRole('row').filter({ hasText: `AMZ ${EUR_SETTLEMENT} Referral fees` })).toHaveCount(1);
  await page.screenshot({ path: test.info().outputPath('preview-with-template-1920.png') });
});
