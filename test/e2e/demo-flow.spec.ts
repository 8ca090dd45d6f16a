import { expect, test } from './fixtures';
import { SettlementsPage } from './pages/settlements-page';

test.use({ demo: true });

// The demo Amazon emulator's seller (core/sandbox/amazon/seed-data.ts) has one closed settlement per currency
// region; the EUR one (Amazon.de) carries a subscription fee the starter mappings leave unmapped.
const EUR_SETTLEMENT = '24137000002';
const USD_SETTLEMENT = '24137000001';

test('demo workspace: import new settlements, statuses, chart, drill-down to raw lines that add up to the journal line, dashboard counts', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 800 });

  // Dashboard: the demo's starter mappings come from "Open demo workspace".
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await page.getByRole('button', { name: 'Open demo workspace' }).click();
  await expect(page.getByTestId('demo-opened')).toContainText(/the starter mappings of the demo ERP companies are in place \(\d+ put back\)/);

  const ui = new SettlementsPage(page);
  await ui.open();
  await expect(ui.emptyState).toBeVisible();
  const summary = await ui.importNew();
  await expect(summary).toHaveText('5 new settlements imported.');
  await expect(ui.table.locator('tbody tr')).toHaveCount(5);
  // The EUR settlement waits on its unmapped subscription fee; the others carry only mapped types.
  await expect(ui.status(EUR_SETTLEMENT)).toHaveAttribute('data-status', 'needs-review');
  await expect(ui.status(USD_SETTLEMENT)).toHaveAttribute('data-status', 'ready');
  await expect(ui.row(EUR_SETTLEMENT)).toContainText('Amazon.de');
  await expect(ui.row(EUR_SETTLEMENT).locator('[data-amount]')).toHaveAttribute('data-amount', '84925');

  // A second import finds nothing new.
  await expect(await ui.importNew()).toHaveText('5 already here.');

  // The demo company keeps its books in EUR and BC's journal API posts only in them: the USD settlement's
  // preview shows Business Central's own rate and every line converted, before anyone approves it.
  await ui.openPreview(USD_SETTLEMENT);
  await expect(page.getByTestId('conversion').first()).toContainText('Posts in EUR, converted at the ERP\'s rate 1 USD = 0.9215 EUR');
  const converted = ui.journalDocument(1);
  await expect(converted.getByRole('columnheader', { name: 'Debit EUR' })).toBeVisible();
  await converted.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('settlements-preview-converted.png') });

  await ui.openPreview(EUR_SETTLEMENT);
  await expect(ui.tieOut).toHaveAttribute('data-balanced', 'true');
  const chart = ui.chart('EUR');
  await expect(chart).toBeVisible();
  await expect(chart.locator('[data-bar="principal"]')).toHaveAttribute('data-amount', '109500');
  await expect(chart.locator('[data-bar="subscription-fee"]')).toHaveAttribute('data-amount', '-3900');
  await expect(chart).toHaveAttribute('aria-label', /Totals by category in EUR\. Sales: .*1,095\.00/);
  await page.screenshot({ path: test.info().outputPath('settlements-list-preview.png') });
  await chart.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('settlements-preview-chart.png') });

  // Referral fees: 164.25 + 7.49 charged, 5.99 given back on the refund = a debit of 165.75 to 8410.
  const doc = ui.journalDocument(1);
  const feeRow = doc.getByRole('row').filter({ hasText: 'Referral fees' });
  await expect(feeRow).toContainText('8410');
  const debit = Number(await feeRow.locator('[data-amount]').first().getAttribute('data-amount'));
  expect(debit).toBe(16575);
  const dialog = await ui.drillDown('8410', 'Amazon\\S* settlement \\d+ — Referral fees');
  await expect(dialog.getByTestId('drilldown-ties')).toHaveAttribute('data-ties', 'true');
  await expect(dialog.getByTestId('drilldown-facts')).toContainText('3 lines');
  const lines = dialog.getByTestId('report-lines').locator('[role="row"][data-line]');
  await expect(lines).toHaveCount(3);
  const amounts = (await lines.locator('[data-amount]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-amount')))));
  expect(amounts).toEqual([-16425, -749, 599]);
  // Amazon's sign: the fees it keeps are negative; the journal debits their sum.
  expect(-amounts.reduce((a, b) => a + b, 0)).toBe(debit);
  await expect(lines.first()).toContainText('302-0000003-0000003');
  await expect(lines.first()).toContainText('Commission');
  // A line's raw row, column by column under the file's own header.
  await lines.nth(2).click();
  const raw = dialog.getByTestId('raw-row');
  await expect(raw).toContainText('File line 10');
  await expect(raw.locator('[data-column="transaction-type"]')).toContainText('Refund');
  await expect(raw.locator('[data-column="amount"]')).toContainText('5,99');
  await page.screenshot({ path: test.info().outputPath('settlements-drilldown.png') });
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The dashboard counts them and links to the queue.
  await ui.shell.open('Dashboard');
  await expect(page.getByTestId('awaiting-review').locator('[data-count]')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('awaiting-approval').locator('[data-count]')).toHaveAttribute('data-count', '4');
  await expect(page.getByTestId('posting-failures').locator('[data-count]')).toHaveAttribute('data-count', '0');
  await expect(page.locator('tr[data-connection="demo-amazon"]')).toContainText('5 found');
  await expect(page.getByTestId('fees-EUR').getByTestId('bar-chart').locator('[data-bar="referral-fee"]')).toHaveAttribute('data-amount', '16575');
  await page.screenshot({ path: test.info().outputPath('dashboard.png') });
  await page.getByTestId('awaiting-review').click();
  await page.getByRole('heading', { level: 1, name: 'Review' }).waitFor();
});
