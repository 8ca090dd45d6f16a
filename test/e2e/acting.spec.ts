// Acting on the screens: every fix in the review queue opens with one click, several settlements are
// approved behind one confirmation that lists them, and the settlements list is searched, filtered and
// sorted. The V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0) is read in place from
// ../shared/reference (never copied into this repository).
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { ShellPage } from './pages/shell-page';
import { MappingsPage } from './pages/mappings-page';
import { PostingPage } from './pages/posting-page';
import { ReviewPage } from './pages/review-page';
import { SettlementsPage } from './pages/settlements-page';
import { SAMPLE } from '../support/settlement-files';

test.use({ demo: true });

const SAMPLE_ID = '28471003921';
// core/sandbox/amazon/seed-data.ts: the demo's US and German settlements.
const US = '24137000001';
const DE = '24137000002';

test('each fix in the review queue opens with a single click, and excluding sales asks first', async ({ app }) => {
  test.setTimeout(90_000);
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  const mappings = new MappingsPage(page);
  await mappings.open();
  await mappings.refreshErpData();
  await expect(mappings.referenceStatus).toContainText('accounts', { timeout: 30_000 });

  // The sample with one commission changed: its lines no longer add up to the declared total.
  const changed = readFileSync(SAMPLE, 'utf8').replace('\tCommission\t-19.50\t', '\tCommission\t-14.50\t');
  const settlements = new SettlementsPage(page);
  await settlements.open();
  await page.getByLabel('Settlement report file').setInputFiles({ name: 'changed.tsv', mimeType: 'text/tab-separated-values', buffer: Buffer.from(changed, 'utf8') });
  await expect(page.getByText(`Imported settlement ${SAMPLE_ID}: 23 lines.`)).toBeVisible();

  const ui = new ReviewPage(page);
  await ui.open();
  // Sales and refunds are reviewed apart: the refund's principal is its own item, read as refunds.
  const principal = ui.items.filter({ hasText: 'Order / ItemPrice / Principal' });
  await expect(principal).toHaveCount(1);
  const refunds = ui.items.filter({ hasText: 'Refund / ItemPrice / Principal' });
  await expect(refunds).toContainText('(Refunds)');
  await page.screenshot({ path: test.info().outputPath('queue-actions-1280.png') });

  // One click on "Exclude" opens the fix on excluding; for the sales themselves it warns and asks to confirm.
  await ui.rowAction(principal, 'Exclude').click();
  await expect(ui.fix).toBeVisible();
  await expect(ui.fix.getByRole('tab', { name: 'Exclude lines' })).toHaveAttribute('aria-selected', 'true');
  await expect(ui.fix.getByTestId('exclude-sales-warning')).toContainText('These lines are the sales themselves');
  await ui.fix.getByRole('textbox', { name: 'Reason' }).fill('test');
  await expect(ui.fix.getByRole('button', { name: 'Exclude lines' })).toBeDisabled();
  await ui.fix.getByRole('checkbox', { name: 'Leave these sales out anyway' }).check();
  await expect(ui.fix.getByRole('button', { name: 'Exclude lines' })).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath('exclude-sales-warning.png') });
  await ui.fix.getByRole('button', { name: 'Cancel' }).click();
  await expect(ui.fix).toHaveCount(0);

  // One click on "Map now" opens the pick list; one click on its "Map now" saves the rule.
  await ui.rowAction(principal, 'Map now').click();
  await expect(ui.fix.getByRole('combobox', { name: 'Account' })).toBeFocused();
  await ui.pick('Account', '6100');
  await ui.fix.getByRole('button', { name: 'Map now' }).click();
  await expect(principal).toHaveCount(0);
  // The sales' rule left the refunds alone; their "Map now" proposes a rule for refunds only.
  await expect(refunds).toHaveCount(1);
  await ui.rowAction(refunds, 'Map now').click();
  await expect(ui.fix.getByTestId('rule-scope').getByRole('radio', { name: 'Refund lines only' })).toBeChecked();
  await ui.pick('Account', '6110');
  await ui.fix.getByRole('button', { name: 'Map now' }).click();
  await expect(refunds).toHaveCount(0);
  const api = new PostingPage(page);
  const demoBc = (await api.api<Array<{ id: string; name: string }>>('connections.list', {})).find((c) => c.name === 'Business Central (demo)')!;
  const rules = await api.api<Array<{ kind: string; transactionType: string; amountDescription: string; target: string }>>('mappings.list', { connectionId: demoBc.id });
  expect(rules.filter((r) => r.kind === 'fee' && r.amountDescription === 'Principal' && r.target !== '6100' && r.target !== '6110')).toEqual([]);
  expect(rules.filter((r) => r.kind === 'fee' && r.amountDescription === 'Principal').map((r) => [r.transactionType, r.target])).toEqual(expect.arrayContaining([['Order', '6100'], ['Refund', '6110']]));

  // One click on "Accept variance" opens it with the variance account; one click accepts it (this
  // workspace lets one person accept up to 10.00, set where the Settings screen sets it).
  await new PostingPage(page).api('review.setPolicy', { varianceLimit: '10.00' });
  const difference = ui.items.filter({ hasText: 'do not sum to the declared total' });
  await expect(difference).toHaveCount(1);
  await ui.rowAction(difference, 'Accept variance').click();
  await expect(ui.fix.getByRole('tab', { name: 'Accept variance' })).toHaveAttribute('aria-selected', 'true');
  await ui.pick('Variance account', '8430');
  await ui.fix.getByRole('textbox', { name: 'Reason' }).fill('Amazon refunded part of a commission after closing');
  await ui.fix.getByRole('button', { name: 'Accept variance' }).click();
  await expect(difference).toHaveCount(0);

  // The audit log shows the accepted difference as money, not as minor units.
  await ui.shell.open('Audit log');
  const accepted = page.getByRole('row').filter({ hasText: 'settlement.variance-accepted' });
  await expect(accepted).toContainText('difference: $5.00');
  await expect(accepted).not.toContainText('difference: 500');
});

test('several settlements approved behind one confirmation that lists them; one that cannot be is skipped with why', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  await new ShellPage(page).openDemoWorkspace();
  const settlements = new SettlementsPage(page);
  await settlements.open();
  await expect(await settlements.importNew()).toHaveText('5 new settlements imported.');
  // A settlement nobody has mapped yet: it cannot be approved, so the confirmation lists it as skipped.
  await settlements.importFile(SAMPLE);
  await expect(page.getByText(`Imported settlement ${SAMPLE_ID}: 23 lines.`)).toBeVisible();

  // The German settlement made ready through the queue; the mapping also clears the same fee elsewhere.
  const ui = new ReviewPage(page);
  await ui.mapAndAcknowledge(DE, 'Subscription Fee', '8410');
  await ui.open();
  const readyIds: string[] = [];
  for (const id of [US, '24137000003', '24137000004', '24137000005']) {
    if ((await ui.status(id).textContent()) === 'ready') readyIds.push(id);
  }
  // Warnings of the others are acknowledged in place so that at least two are ready.
  for (const id of [US, '24137000003']) {
    if (readyIds.includes(id)) continue;
    const warnings = ui.items.filter({ hasText: id });
    while ((await warnings.count()) > 0) {
      await ui.rowAction(warnings.first(), 'Acknowledge').click();
      await ui.fix.getByRole('button', { name: /^Acknowledge/ }).click();
    }
  }
  await expect(ui.status(DE)).toHaveText('ready');

  await ui.pickForApproval(DE).check();
  await ui.pickForApproval(US).check();
  const notReady = SAMPLE_ID;
  await ui.pickForApproval(notReady).check();
  await ui.bulkApproveButton.click();
  await expect(ui.bulkDialog).toBeVisible();
  await expect(ui.bulkOutcome(DE)).toHaveText('Will be approved');
  await expect(ui.bulkOutcome(US)).toHaveText('Will be approved');
  await expect(ui.bulkOutcome(notReady)).toContainText('Skipped:');
  await expect(ui.bulkDialog.getByRole('button', { name: 'Approve 2 for posting' })).toBeEnabled({ timeout: 15_000 });
  await page.screenshot({ path: test.info().outputPath('bulk-approve-1280.png') });
  await ui.bulkDialog.getByRole('button', { name: 'Approve 2 for posting' }).click();
  await expect(ui.bulkDialog.getByTestId('bulk-summary')).toHaveText('2 of 2 approved, 1 skipped.');
  await expect(ui.bulkOutcome(DE)).toHaveText('Approved');
  await ui.bulkDialog.getByRole('button', { name: 'Close' }).click();
  await expect(ui.status(DE)).toHaveText('approved');
  await expect(ui.status(US)).toHaveText('approved');
  await expect(ui.status(notReady)).toHaveText('needs review');

  // The settlements list says which of the demo's four ERP companies "approved" is for.
  await settlements.open();
  await expect(settlements.row(DE).getByTestId('state-connection')).toHaveText('for Business Central (demo)');
  await expect(settlements.row(notReady).getByTestId('state-connection')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('settlements-approved-for-1280.png') });
});

test('the settlements list is searched, filtered by status, marketplace, currency, period and source, and sorted', async ({ app }) => {
  test.setTimeout(90_000);
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  await new ShellPage(page).openDemoWorkspace();
  const ui = new SettlementsPage(page);
  await ui.open();
  await expect(await ui.importNew()).toHaveText('5 new settlements imported.');
  await ui.importFile(SAMPLE);
  await expect(page.getByText(`Imported settlement ${SAMPLE_ID}: 23 lines.`)).toBeVisible();
  await expect(ui.table.locator('tbody tr[data-settlement]')).toHaveCount(6);
  await page.screenshot({ path: test.info().outputPath('settlements-list-1280.png') });
  // The status column shows its badge in full, the longest one ("needs review" with its count) too.
  const main = await page.getByRole('main').boundingBox();
  const badge = await ui.status(SAMPLE_ID).boundingBox();
  await expect(ui.status(SAMPLE_ID)).toHaveText(/^needs review \(\d+\)$/);
  expect(badge!.x + badge!.width).toBeLessThanOrEqual(main!.x + main!.width - 16);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: test.info().outputPath('settlements-list-1920.png') });

  await ui.filter('Source').selectOption('file');
  expect(await ui.shownIds()).toEqual([SAMPLE_ID]);
  await expect(page.getByTestId('settlements-shown')).toHaveText('1 of 6 settlements');
  await ui.filter('Source').selectOption('amazon');
  await expect(ui.table.locator('tbody tr[data-settlement]')).toHaveCount(5);
  await ui.filter('Currency').selectOption('EUR');
  expect(await ui.shownIds()).toEqual([DE]);
  await page.getByRole('button', { name: 'Clear filters' }).first().click();

  await ui.filter('Marketplace').selectOption('Amazon.com');
  // The sample names its marketplace "amazon.com": as written in the report, a marketplace of its own.
  expect(await ui.shownIds()).toEqual([US]);
  await page.getByRole('button', { name: 'Clear filters' }).first().click();

  await ui.filter('Status').selectOption('needs-review');
  expect((await ui.shownIds()).length).toBeGreaterThan(0);
  for (const id of await ui.shownIds()) await expect(ui.status(id)).toHaveAttribute('data-status', 'needs-review');
  await page.getByRole('button', { name: 'Clear filters' }).first().click();

  await ui.filter('Search settlements').fill('0002');
  expect(await ui.shownIds()).toEqual([DE]);
  await ui.filter('Search settlements').fill('');

  // The demo's settlements lie in June 2026 (the pinned clock); a period in May shows none of them.
  await ui.filter('Period to').fill('2026-05-31');
  await expect(page.getByText('No settlement matches these filters.')).toBeVisible();
  await ui.filter('Period to').fill('');
  await ui.filter('Period from').fill('2026-06-01');
  await expect(ui.table.locator('tbody tr[data-settlement]')).toHaveCount(6);

  // Sorting: by Lines, ascending then descending.
  await ui.sortBy('Lines').click();
  const counts = async () => (await ui.table.getByTestId('line-count').allTextContents()).map((t) => Number(t.replace(/\D/g, '')));
  const up = await counts();
  expect(up).toEqual([...up].sort((a, b) => a - b));
  await ui.sortBy('Lines').click();
  const down = await counts();
  expect(down).toEqual([...up].sort((a, b) => b - a));
  await page.screenshot({ path: test.info().outputPath('settlements-sorted-1920.png') });
});
