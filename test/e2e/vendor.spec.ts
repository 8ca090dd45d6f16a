import { expect } from '@playwright/test';
import { test } from './fixtures';
import { ShellPage } from './pages/shell-page';

test.use({ demo: true });

/**
 * The demo's vendor group: Amazon issues three POs to vendor code MLCD1 (and one to a vendor code nobody
 * mapped), Business Central's warehouse ships and invoices each sales order, Amazon accepts the invoices and
 * pays, one unit short on PO 4TX81A2B (core/sandbox/amazon/vendor-seed.ts).
 */
test('Vendor Central on the demo: POs in as sales orders, invoices accepted, a shortage reviewed, approved and posted once', async ({ app }) => {
  test.setTimeout(180_000);
  const page = app.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  await new ShellPage(page).open('Vendor Central');
  await expect(page.getByText('No purchase orders read yet')).toBeVisible();

  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByRole('status')).toContainText('Last run succeeded', { timeout: 120_000 });
  const po = (n: string) => page.getByTestId(`vendor-po-${n}`);
  for (const n of ['4TX81A2B', '4TX81A2C', '4TX81A2D']) {
    await expect(po(n)).toContainText(/S-ORD\d+/);
    await expect(po(n)).toContainText(/PS-INV\d+.*accepted/);
  }
  await expect(po('5ZQ00001')).toContainText('not mapped');
  await expect(po('4TX81A2C')).toContainText('in ERP');
  await expect(po('4TX81A2B')).toContainText('held for review');

  // The run proposes each PO's acknowledgement from Business Central's stock; a person sends it.
  const ack = (n: string) => page.getByTestId(`vendor-ack-${n}`);
  await ack('4TX81A2D').getByRole('button', { name: 'Acknowledge…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Acknowledge PO 4TX81A2D');
  await expect(dialog.getByRole('spinbutton', { name: 'Line 1 accepted' })).toHaveValue('6');
  await page.screenshot({ path: test.info().outputPath('vendor-acknowledge-1280.png') });
  await dialog.getByRole('button', { name: 'Acknowledge', exact: true }).click();
  await expect(ack('4TX81A2D')).toContainText('queued');
  await expect(ack('4TX81A2D')).toContainText('6 accepted');

  // Business Central posted each order's shipment; a person confirms it to Amazon from the warehouse it left.
  const shipment = (n: string) => page.getByTestId(`vendor-shipment-${n}`);
  await shipment('4TX81A2D').getByRole('button', { name: /^Confirm S-SHPT\d+…$/ }).click();
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText(/Confirm shipment S-SHPT\d+ of PO 4TX81A2D/);
  await expect(confirm).toContainText("Amazon's warehouse DUS2");
  await confirm.getByLabel('Shipped from').fill('MLCD1-DUS');
  await page.screenshot({ path: test.info().outputPath('vendor-shipment-1280.png') });
  await confirm.getByRole('button', { name: 'Send to Amazon' }).click();
  await expect(shipment('4TX81A2D')).toContainText('queued');
  // PO 4TX81A2C was never acknowledged: Amazon refuses its shipment confirmation.
  await shipment('4TX81A2C').getByRole('button', { name: /^Confirm S-SHPT\d+…$/ }).click();
  await expect(page.getByRole('dialog').getByLabel('Shipped from')).toHaveValue('MLCD1-DUS');
  await page.getByRole('dialog').getByRole('button', { name: 'Send to Amazon' }).click();
  await expect(shipment('4TX81A2C')).toContainText('queued');

  const report = page.getByTestId('vendor-reconciliation-MLCD1');
  await expect(report).toContainText('€150.40'); // the shortage, in review

  const shortage = page.locator('[data-testid^="vendor-review-"]', { hasText: 'Shortage' });
  await expect(shortage).toContainText('PO 4TX81A2B');
  await expect(shortage).toContainText('-€150.40');
  await page.screenshot({ path: test.info().outputPath('vendor-central-1280.png') });

  await shortage.getByRole('textbox', { name: 'Why' }).fill('Carrier lost one chair; claim filed with the carrier');
  await shortage.getByRole('button', { name: 'Accept deduction' }).click();
  await shortage.getByRole('button', { name: 'Approve for posting' }).click();
  await expect(shortage).toContainText('approved');

  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByRole('status')).toContainText('payments posted 1', { timeout: 120_000 });
  await expect(po('4TX81A2B')).toContainText('in ERP');
  await expect(po('4TX81A2B')).toContainText('-€150.40');
  await expect(page.locator('[data-testid^="vendor-review-"]', { hasText: 'Shortage' })).toHaveCount(0);
  await expect(ack('4TX81A2D')).toContainText(/accepted\s*6 accepted/);
  await expect(shipment('4TX81A2D')).toContainText(/S-SHPT\d+ accepted/);
  await expect(shipment('4TX81A2C')).toContainText('PurchaseOrderNotAcknowledged: Shipment');
  await expect(page.locator('[data-testid^="vendor-review-"]', { hasText: 'Shipment rejected' })).toContainText('has not been acknowledged');
  await page.screenshot({ path: test.info().outputPath('vendor-shipments-answered-1280.png'), fullPage: true });
  // Every column of the PO table, Amazon's reasons included, is on screen at 1280 px: nothing runs past the right edge.
  await po('4TX81A2C').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('vendor-po-table-1280.png') });
  const edges = await page.getByRole('table', { name: 'Vendor purchase orders' }).evaluate((t) => ({ table: t.getBoundingClientRect().right, section: t.parentElement!.getBoundingClientRect().right }));
  expect(edges.table).toBeLessThanOrEqual(edges.section);
  expect(edges.section).toBeLessThanOrEqual(1280);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);

  // The report shows it: the shortage is now deducted, and the day's report exports.
  await expect(report).toContainText('-€150.40');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await expect(page.getByText(/Exported vendor-central-reconciliation-\d{4}-\d{2}-\d{2}\.csv/)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('vendor-central-report-1280.png'), fullPage: true });

  // Running again posts nothing twice.
  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByRole('status')).not.toContainText('payments posted', { timeout: 120_000 });
  await expect(page.getByRole('status')).toContainText('Last run succeeded');
  await page.screenshot({ path: test.info().outputPath('vendor-central-posted-1280.png') });

  // Mapping the vendor code nobody mapped and its item closes its review item; its PO becomes a sales order.
  const form = page.getByRole('form', { name: 'Vendor Central mapping' });
  await form.getByLabel('Map').selectOption('vendor-code');
  await form.getByLabel('Vendor code', { exact: true }).fill('UNMAP1');
  await form.getByLabel('ERP customer no.').fill('AMZ-DE');
  await form.getByRole('button', { name: 'Save mapping' }).click();
  await expect(page.locator('[data-testid^="vendor-review-"]', { hasText: 'Not mapped' })).toContainText('neither vendor SKU X-1');
  await form.getByLabel('Map').selectOption('vendor-sku');
  await form.getByLabel('Vendor SKU').fill('X-1');
  await form.getByLabel('ERP item no.').fill('1900-S');
  await form.getByRole('button', { name: 'Save mapping' }).click();
  await expect(page.locator('[data-testid^="vendor-review-"]', { hasText: 'Not mapped' })).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Vendor Central mappings' })).toContainText('X-1');
  await expect(po('5ZQ00001')).toContainText('queued');
  await page.screenshot({ path: test.info().outputPath('vendor-central-mapped-1280.png'), fullPage: true });
});
