// The Mappings screen in the window an accountant most often has (1280×800), with the ERP's chart read and
// a settlement imported: nothing of it may be cut off or pushed onto a second row.
import { expect, test } from './fixtures';
import { MappingsPage } from './pages/mappings-page';
import { SettlementsPage } from './pages/settlements-page';

test.use({ demo: true });

test('at 1280×800 the Mappings tabs sit on one row, the suggestions fit, and the account picker says each account\'s type', async ({ app }) => {
  test.setTimeout(120_000);
  const page = app.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  const settlements = new SettlementsPage(page);
  await settlements.open();
  await settlements.importNew();
  const ui = new MappingsPage(page);
  await ui.open();
  await ui.refreshErpData();
  await expect(ui.referenceStatus).toBeVisible({ timeout: 30_000 });
  const main = page.getByRole('main');

  // One row of tabs, each reachable.
  const tabs = page.getByRole('tablist', { name: 'Mapping sections' }).getByRole('tab');
  await expect(tabs).toHaveCount(6);
  const tops = await tabs.evaluateAll((ts) => ts.map((t) => Math.round(t.getBoundingClientRect().top)));
  expect(new Set(tops).size, `tab tops ${tops.join(', ')}`).toBe(1);
  await page.screenshot({ path: test.info().outputPath('mappings-1280.png') });

  // The unmapped fee types with their suggestions: the table's right edge (the Use buttons) inside the page.
  await ui.showCatalogue();
  const unmapped = page.getByRole('table', { name: 'Unmapped fee types' });
  await unmapped.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('mappings-suggestions-1280.png') });
  const mainRight = await main.evaluate((m) => m.getBoundingClientRect().right);
  const tableRight = await unmapped.evaluate((t) => t.getBoundingClientRect().right);
  expect(tableRight).toBeLessThanOrEqual(mainRight);
  const advertising = ui.unmapped('ItemFees', 'Cost of Advertising');
  await advertising.scrollIntoViewIfNeeded();
  await expect(advertising.getByRole('button', { name: 'Use 8430 for Cost of Advertising' })).toBeInViewport();
  const suggested = advertising.getByTestId('suggested-account');
  await expect(suggested).toContainText('8430 · Advertising');
  expect(await suggested.evaluate((c) => c.scrollWidth <= c.clientWidth + 1)).toBe(true);

  // The picker lists each account with its type in the ERP's words, a revenue account apart from an asset.
  await main.evaluate((m) => m.scrollTo(0, 0));
  await ui.picker('Account').click();
  await expect(page.getByRole('option', { name: /^2920 · Amazon Clearing/ })).toContainText('Assets');
  await expect(page.getByRole('option', { name: /^6100 ·/ })).toContainText('Income');
  await page.screenshot({ path: test.info().outputPath('mappings-picker-1280.png') });
  await page.keyboard.press('Escape');

  // In a narrower window the tabs that do not fit wait in a menu, still one row; choosing one brings it into the row.
  await page.setViewportSize({ width: 1000, height: 800 });
  const more = page.getByRole('button', { name: /more sections/ });
  await expect(more).toBeVisible();
  const narrowTops = await tabs.evaluateAll((ts) => ts.filter((t) => t.getBoundingClientRect().width > 0).map((t) => Math.round(t.getBoundingClientRect().top)));
  expect(new Set(narrowTops).size).toBe(1);
  await more.click();
  await page.screenshot({ path: test.info().outputPath('mappings-tabs-1000.png') });
  await page.getByRole('menuitem', { name: 'Line descriptions' }).click();
  await expect(ui.section('Line descriptions')).toHaveAttribute('aria-selected', 'true');
  await expect(ui.section('Line descriptions')).toBeInViewport();
});
