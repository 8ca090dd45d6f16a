import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { test } from './fixtures';
import { PostingPage } from './pages/posting-page';
import { ShellPage } from './pages/shell-page';

test.use({ demo: true });

const BC = 'demo-business-central';
const DE = 'A1PA6795UKMFR9';
/** The demo seller's Amazon.de offers of the demo Business Central items (core/sandbox/amazon/demo-listings.ts). */
const SKUS: Array<[string, string]> = [['DE-ATHENS-DESK', '1896-S'], ['DE-PARIS-CHAIR', '1900-S'], ['DE-ATHENS-PEDESTAL', '1906-S'], ['DE-LONDON-CHAIR', '1908-S']];

const row = (page: Page, sku: string) => page.getByRole('table', { name: 'Listing changes' }).first().locator(`tr[data-sku="${sku}"]`);

test('a markup rule is previewed, the large move approved, and Amazon then shows the new prices and quantities', async ({ app }, testInfo) => {
  const page = app.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  const api = new PostingPage(page);
  await api.api('mappings.refreshReference', { connectionId: BC });
  for (const [sku, item] of SKUS) await api.api('mappings.save', { connectionId: BC, entry: { kind: 'sku', subject: sku, target: item } });

  await new ShellPage(page).open('Listings & inventory');
  await page.getByLabel('Marketplace').selectOption(DE);
  const form = page.getByRole('form', { name: 'Listing rule' });
  await form.getByLabel('ERP prices and stock from').selectOption({ label: 'Business Central (demo)' });
  await expect(form.getByLabel('Currency')).toHaveValue('EUR');
  await expect(form.getByLabel('Selling partner id')).toHaveValue('A2DEMOSELLER01');
  await form.getByLabel('Markup %').fill('15');
  await form.getByLabel('Rounding').selectOption('up-to-99');
  await form.getByLabel('Minimum price (EUR)').fill('50');
  await form.getByLabel('Stock buffer (units kept back)').fill('2');
  await form.getByLabel('Hold a price move above %').fill('10');
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(page.getByTestId('rule-summary')).toHaveText(
    'from Business Central (demo) · item unit price + 15% · up to .99 · min 50.00 EUR · stock buffer 2 · hold moves above 10% · every mapped SKU · sent by hand',
  );

  await page.getByRole('button', { name: 'Preview changes' }).click();
  await expect(page.getByTestId('preview-summary')).toHaveText('4 changes found, 1 held for approval, 0 unchanged, 0 skipped.');
  // 1000.80 + 15% = 1150.92, up to .99; Amazon shows 1099.00 and 10 (= 12 − 2), so only the price moves.
  await expect(row(page, 'DE-ATHENS-DESK').getByTestId('price')).toHaveText('€1,099.00 → €1,150.99');
  await expect(row(page, 'DE-ATHENS-DESK')).toContainText('unit price 1000.80 + 15.00% = 1150.92, up to .99 = 1150.99');
  await expect(row(page, 'DE-PARIS-CHAIR').getByTestId('quantity')).toHaveText('35 → 38');
  // FBA: Amazon counts the pedestal's stock, so it never takes a quantity from the ERP.
  await expect(row(page, 'DE-ATHENS-PEDESTAL')).toContainText('FBA (AMAZON_EU)');
  await expect(row(page, 'DE-LONDON-CHAIR')).toHaveAttribute('data-state', 'held');
  await expect(row(page, 'DE-LONDON-CHAIR')).toContainText('moves from 199.00 to 218.99, more than 10.00%');
  await page.screenshot({ path: testInfo.outputPath('listings-preview.png'), fullPage: true });

  await row(page, 'DE-LONDON-CHAIR').getByRole('checkbox', { name: 'Approve DE-LONDON-CHAIR' }).check();
  await page.getByRole('button', { name: 'Approve selected (1)' }).click();
  await expect(row(page, 'DE-LONDON-CHAIR')).toHaveAttribute('data-state', 'ready');
  await page.getByRole('button', { name: 'Send 4 ready changes' }).click();
  await expect(page.getByRole('dialog')).toContainText('The new prices and quantities go to Germany now, one listing at a time.');
  await page.getByRole('dialog').getByRole('button', { name: 'Send to Amazon' }).click();
  await expect(page.getByTestId('send-summary')).toHaveText('4 sent, 0 refused by Amazon.');
  await expect(page.getByRole('table', { name: 'Listing changes' }).locator('tr[data-state="sent"]')).toHaveCount(4);
  await page.screenshot({ path: testInfo.outputPath('listings-sent.png'), fullPage: true });

  // Amazon now shows what the rule gives: a new preview reads every listing back and finds nothing to change.
  await page.getByRole('button', { name: 'Preview changes' }).click();
  await expect(page.getByTestId('preview-summary')).toHaveText('0 changes found, 0 held for approval, 4 unchanged, 0 skipped.');

  // FBA stock against the ERP: the demo's pedestal has 6 at Amazon (5 fulfillable, 1 inbound) and 7 in Business Central.
  await page.getByRole('button', { name: 'Compare FBA stock' }).click();
  await expect(page.getByTestId('fba-summary')).toHaveText('1 FBA SKU, 1 with a difference.');
  const fba = page.getByRole('table', { name: 'FBA stock against the ERP' }).locator('tr[data-sku="DE-ATHENS-PEDESTAL"]');
  await expect(fba.getByTestId('difference')).toHaveText('+1');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv).toContain('DE-ATHENS-PEDESTAL,1906-S,5,1,0,0,6,7,1,');
  await fba.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('listings-fba.png') });
});

test('an offer on an existing ASIN is validated by Amazon first, its refused attribute named, then created once', async ({ app }, testInfo) => {
  const page = app.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  const api = new PostingPage(page);
  await api.api('mappings.refreshReference', { connectionId: BC });
  await api.api('mappings.save', { connectionId: BC, entry: { kind: 'sku', subject: 'DE-NEW-CHAIR', target: '1900-S' } });
  await api.api('listings.saveRule', {
    amazonConnectionId: 'demo-amazon', marketplaceId: DE, erpConnectionId: BC, sellerId: 'A2DEMOSELLER01', currency: 'EUR', priceSource: 'item-unit-price',
    pricing: 'markup', markupBp: 1500, fixedPriceMinor: null, rounding: 'up-to-99', minPriceMinor: null, maxPriceMinor: null, stockBuffer: 2, skus: null,
    sendPrices: true, sendQuantities: true, holdAboveBp: 1000, autoSend: false,
  });

  await new ShellPage(page).open('Listings & inventory');
  await page.getByLabel('Marketplace').selectOption(DE);
  const offer = page.getByRole('region', { name: 'Offer-only listing' });
  await offer.getByLabel('SKU').fill('DE-NEW-CHAIR');
  await offer.getByLabel('ASIN').fill('NOT-AN-ASIN');
  await offer.getByLabel('Product type').fill('chair');
  await offer.getByRole('button', { name: 'Validate with Amazon' }).click();
  await expect(page.getByTestId('offer-summary')).toContainText('221.99 EUR, quantity 38');
  await expect(page.getByTestId('offer-summary')).toContainText('Amazon finds it invalid.');
  await expect(page.getByTestId('offer-issue')).toHaveCount(1);
  await expect(page.getByTestId('offer-issue')).toContainText("merchant_suggested_asin");
  await expect(page.getByTestId('offer-issue')).toContainText("The value 'NOT-AN-ASIN' provided for 'merchant_suggested_asin' is not a valid ASIN.");
  await expect(offer.getByRole('button', { name: 'Create offer' })).toBeDisabled();
  await page.getByTestId('offer-issue').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('listings-offer-invalid.png') });

  await offer.getByLabel('ASIN').fill('B0DEMOCH01');
  await offer.getByRole('button', { name: 'Validate with Amazon' }).click();
  await expect(page.getByTestId('offer-summary')).toContainText('Amazon finds it valid.');
  await offer.getByRole('button', { name: 'Create offer' }).click();
  await expect(page.getByTestId('offer-summary')).toContainText('Created on Amazon.');
  await offer.getByRole('button', { name: 'Create offer' }).click();
  await expect(page.getByTestId('offer-summary')).toContainText('Amazon already lists this SKU; nothing was sent.');
});
