import { expect } from '@playwright/test';
import { test } from './fixtures';
import { PostingPage } from './pages/posting-page';
import { ShellPage } from './pages/shell-page';

test.use({ demo: true });

const B1 = 'demo-sap-b1';
const DE = 'A1PA6795UKMFR9';

test('the FBA comparison proposes a goods receipt in SAP Business One, held until approved, posted once', async ({ app }, testInfo) => {
  const page = app.page;
  await page.setViewportSize({ width: 1280, height: 900 });
  const api = new PostingPage(page);
  await api.api('mappings.refreshReference', { connectionId: B1 });
  // The demo's FBA pedestal (6 at Amazon: 5 fulfillable, 1 inbound) is B1's A00002, of which B1 holds 4 to sell (01: 8 − 8 committed, 02: 5 − 1).
  await api.api('mappings.save', { connectionId: B1, entry: { kind: 'sku', subject: 'DE-ATHENS-PEDESTAL', target: 'A00002' } });
  await api.api('listings.saveRule', {
    amazonConnectionId: 'demo-amazon', marketplaceId: DE, erpConnectionId: B1, sellerId: 'A2DEMOSELLER01', currency: 'EUR', priceSource: 'item-unit-price',
    pricing: 'markup', markupBp: 0, fixedPriceMinor: null, rounding: 'none', minPriceMinor: null, maxPriceMinor: null, stockBuffer: 0, skus: null,
    sendPrices: true, sendQuantities: true, holdAboveBp: 1000, autoSend: false,
  });

  await new ShellPage(page).open('Listings & inventory');
  await page.getByLabel('Marketplace').selectOption(DE);
  await page.getByRole('button', { name: 'Compare FBA stock' }).click();
  await expect(page.getByTestId('fba-summary')).toHaveText('1 FBA SKU, 1 with a difference.');
  await expect(page.getByRole('table', { name: 'FBA stock against the ERP' }).locator('tr[data-sku="DE-ATHENS-PEDESTAL"]').getByTestId('difference')).toHaveText('-2');

  const section = page.getByRole('region', { name: 'Inventory adjustments' });
  await expect(section.getByRole('heading')).toHaveText('Inventory adjustments in SAP Business One (demo)');
  const row = section.locator('tr[data-sku="DE-ATHENS-PEDESTAL"]').first();
  await expect(row).toHaveAttribute('data-state', 'held');
  await expect(row.getByTestId('adjustment')).toHaveText('Goods receipt +2');
  await expect(section.getByRole('button', { name: 'Post 0 approved adjustments' })).toBeDisabled();
  await row.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('adjustment-held.png'), fullPage: true });

  await row.getByRole('checkbox', { name: 'Select adjustment of DE-ATHENS-PEDESTAL' }).check();
  await section.getByRole('button', { name: 'Approve selected (1)' }).click();
  await expect(row).toHaveAttribute('data-state', 'approved');
  await section.getByRole('button', { name: 'Post 1 approved adjustment' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Each becomes one goods receipt or issue in SAP Business One (demo).');
  await dialog.getByRole('button', { name: 'Post to SAP Business One (demo)' }).click();
  await expect(section.getByTestId('adjustment-summary')).toHaveText('1 posted, 0 refused by the ERP.');
  await expect(row).toHaveAttribute('data-state', 'posted');
  await expect(row.getByTestId('erp-document')).toHaveText(' · document 70001');
  await row.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('adjustment-posted.png'), fullPage: true });

  // B1 now holds what Amazon counts: a new comparison finds no difference and proposes nothing.
  await page.getByRole('button', { name: 'Compare FBA stock' }).click();
  await expect(page.getByTestId('fba-summary')).toHaveText('1 FBA SKU, 0 with a difference.');
  await expect(section.locator('tr[data-state="held"]')).toHaveCount(0);
  await expect(section.locator('tr[data-state="posted"]')).toHaveCount(1);
});
