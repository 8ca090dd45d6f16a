// Imports the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read in place from
// ../shared/reference (never copied into this repository).
import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { expect, test } from './fixtures';
import { MappingsPage } from './pages/mappings-page';
import { ReviewPage } from './pages/review-page';
import { SettlementsPage } from './pages/settlements-page';
import { SAMPLE } from '../support/settlement-files';

test.use({ demo: true });


/** The demo Business Central accounts an accountant would choose for each line of the sample. */
const ACCOUNT: Record<string, string> = {
  Principal: '6100', Tax: '6100', Shipping: '6100', 'MarketplaceFacilitatorVAT-Principal': '6100', Commission: '8410', RefundCommission: '8410',
  'Subscription Fee': '8410', FBAPerUnitFulfillmentFee: '8420', FBAPerOrderFulfillmentFee: '8420', LowInventoryLevelFee: '8420', 'Storage Fee': '8420',
  ShippingChargeback: '8440', 'Refund Reimbursal': '6110', 'role:clearing': '2920', 'role:reserve': '2930',
};
const accountFor = (key: string) => ACCOUNT[key.startsWith('role:') ? key : key.split('|').at(-1)!];

test('an accountant works through the review queue of an imported settlement with the keyboard, maps it to Business Central, and approves it', async ({ app }) => {
  // Eighteen fixes through the screens, each a round trip to the host and the ERP's checks.
  test.setTimeout(180_000);
  const page = app.page;
  await page.setViewportSize({ width: 1280, height: 800 });

  // The ERP's chart of accounts first: the pick lists and the checks read it.
  const mappings = new MappingsPage(page);
  await mappings.open();
  await mappings.refreshErpData();
  await expect(mappings.referenceStatus).toContainText('13 accounts (9 postable)', { timeout: 30_000 });

  const settlements = new SettlementsPage(page);
  await settlements.open();
  await settlements.importFile(SAMPLE);
  await expect(page.getByText('Imported settlement 28471003921: 23 lines.')).toBeVisible();

  const ui = new ReviewPage(page);
  await ui.open();
  await expect(ui.status('28471003921')).toHaveText('needs review');
  await expect(ui.approveButton('28471003921')).toBeDisabled();
  await expect(ui.counts).toHaveText('17 blocking · 0 warnings open');
  await expect(ui.items).toHaveCount(17);
  // A fee type is reviewed per transaction type: the refund's commission is an item of its own.
  const commission = ui.item('fee:Order|ItemFees|Commission');
  await expect(commission).toContainText('No account mapped for Order / ItemFees / Commission (Referral fees)');
  await expect(commission).toContainText('4');
  await expect(commission).toContainText('-$71.18');
  await expect(ui.item('fee:Refund|ItemFees|Commission')).toContainText('$19.50');
  await expect(ui.item('fee:Refund|ItemPrice|Principal')).toContainText('No account mapped for Refund / ItemPrice / Principal (Refunds)');
  await expect(ui.item('role:clearing')).toContainText('$582.89');
  await page.screenshot({ path: test.info().outputPath('review-queue.png') });

  // Keyboard: j/k and the arrows move the selection.
  await ui.items.first().click();
  const firstKey = await ui.selectedItem.getAttribute('data-key');
  await page.keyboard.press('j');
  await page.keyboard.press('ArrowDown');
  await expect(ui.selectedItem).toHaveAttribute('data-key', (await ui.items.nth(2).getAttribute('data-key'))!);
  await page.keyboard.press('k');
  await page.keyboard.press('ArrowUp');
  await expect(ui.selectedItem).toHaveAttribute('data-key', firstKey!);

  // Enter opens the fix in place; a closed account is refused by the same validation as the mappings editor.
  await page.keyboard.press('Enter');
  await expect(ui.fix).toBeVisible();
  await ui.pick('Account', '8999');
  await ui.fix.getByRole('button', { name: 'Map now' }).click();
  await expect(ui.fix.getByRole('alert')).toContainText('cannot be posted to in Business Central (demo)');
  await page.keyboard.press('Escape');
  await expect(ui.fix).toHaveCount(0);
  await expect(ui.selectedItem).toBeFocused();

  // Work through the queue: Enter, pick the account, map; the next item is selected and focused.
  for (let left = 17; left > 0; left--) {
    const key = (await ui.selectedItem.getAttribute('data-key'))!;
    await expect(ui.selectedItem).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(ui.fix).toContainText(key.startsWith('role:') ? 'account of Business Central (demo) for every settlement' : 'posts to this account in every settlement');
    if (left === 16) await page.screenshot({ path: test.info().outputPath('review-fix.png') });
    await ui.pick('Account', accountFor(key)!);
    await ui.fix.getByRole('button', { name: 'Map now' }).click();
    await expect(ui.item(key)).toHaveCount(0);
    await expect(ui.counts).toHaveText(`${left - 1} blocking · 0 warnings open`);
  }
  await expect(page.getByText('Every problem is resolved')).toBeVisible();
  await expect(ui.status('28471003921')).toHaveText('ready');

  // The resolutions stay visible with who did them.
  await page.getByLabel('Show').selectOption('all');
  await expect(ui.items).toHaveCount(17);
  await expect(ui.item('fee:Order|ItemFees|Commission')).toContainText('Mapped to 8410 by');
  await page.screenshot({ path: test.info().outputPath('review-resolved.png') });
  await page.getByLabel('Show').selectOption('open');

  // Approve: the confirmation says what will happen, then the approval is recorded under the OS user.
  await ui.approveButton('28471003921').click();
  const dialog = ui.approveDialog;
  await expect(dialog).toContainText('Approve settlement 28471003921 for posting?');
  await expect(dialog).toContainText('deposit $582.89 to clearing account 2920');
  await expect(dialog).toContainText('recorded under your name');
  // The demo company keeps its books in EUR: the USD journal is approved together with Business Central's rate.
  await expect(dialog.getByTestId('approval-conversion')).toContainText("posts in EUR at the ERP's rate 1 USD = 0.9215 EUR");
  await page.screenshot({ path: test.info().outputPath('review-approve.png') });
  await dialog.getByRole('button', { name: 'Approve for posting' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(ui.status('28471003921')).toHaveText('approved');
  // The host runs as the same OS account as this test.
  await expect(ui.settlement('28471003921')).toContainText(`${userInfo().username}, `);
  await expect(ui.settlement('28471003921').getByRole('button', { name: 'Revoke…' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('review-approved.png') });

  // A settlement with a transaction type nobody has seen: blocking, with its lines and amount, mapped from the queue.
  const header = readFileSync(SAMPLE, 'utf8').split('\n')[0]!.trim();
  const row = (t: string, a: string, d: string, amount: string) =>
    ['28471009999', '', '', '', '', 'USD', t, '114-1111111-2222222', '', '', '', 'amazon.com', a, d, amount, 'AFN', '2026-07-10 00:00:00 UTC', '2026-07-10 10:00:00 UTC', '', '', '', 'NX-HD-1200', '1', ''].join('\t');
  const unknownFile = test.info().outputPath('settlement-unknown-type.tsv');
  writeFileSync(unknownFile, [header, ['28471009999', '2026-07-01 00:00:00 UTC', '2026-07-14 23:59:59 UTC', '2026-07-16 00:00:00 UTC', '74.00', 'USD', ...Array(18).fill('')].join('\t'),
    row('Order', 'ItemPrice', 'Principal', '90.00'), row('Order', 'ItemFees', 'Commission', '-13.50'), row('Order', 'ItemFees', 'DigitalSurcharge', '-1.25'), row('Order', 'ItemFees', 'DigitalSurcharge', '-1.25')].join('\n') + '\n');
  await settlements.open();
  await settlements.importFile(unknownFile);
  await expect(page.getByText('Imported settlement 28471009999: 4 lines.')).toBeVisible();
  await ui.open();
  const unknown = ui.item('unknown:Order|ItemFees|DigitalSurcharge');
  await expect(unknown).toContainText('Unknown transaction type Order / ItemFees / DigitalSurcharge');
  await expect(unknown).toContainText('2');
  await expect(unknown).toContainText('-$2.50');
  await expect(ui.counts).toHaveText('1 blocking · 0 warnings open');
  await unknown.click();
  await page.keyboard.press('Enter');
  await ui.pick('Account', '8410');
  await ui.fix.getByRole('button', { name: 'Map now' }).click();
  await expect(ui.counts).toHaveText('0 blocking · 0 warnings open');
  await expect(ui.status('28471009999')).toHaveText('ready');

  // Every decision is in the audit log.
  await ui.shell.open('Audit log');
  await page.getByLabel('Kind').selectOption({ label: 'Decisions' });
  await expect(page.getByRole('row').filter({ hasText: 'settlement.approve' })).toHaveCount(1);
  await expect(page.getByRole('row').filter({ hasText: 'review.map' })).toHaveCount(18);
});
