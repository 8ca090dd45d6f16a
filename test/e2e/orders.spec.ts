import { expect, test } from './fixtures';
import { DEMO_ORDER_MAPPINGS } from '../support/demo-order-mappings';
import { PostingPage } from './pages/posting-page';
import { SettlementsPage } from './pages/settlements-page';
import { ShellPage } from './pages/shell-page';

test.use({ demo: true });

// The demo seller's Amazon.de settlement holds two shipped orders; their SKUs and marketplace are mapped for
// the demo Business Central company first, Amazon.com's order is left unmapped.
const DE_ORDERS = ['302-0000003-0000003', '302-0000007-0000007'];
const US_ORDER = '111-0000001-0000001';
// Refunded in the same settlement: its refund becomes a credit memo linked to its invoice.
const REFUNDED = '302-0000007-0000007';

test('orders as invoices on the demo: switch Business Central, invoice, find each order with its BC number, a refund\'s credit memo, a refusal with its reason', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await page.getByRole('button', { name: 'Open demo workspace' }).click();
  await expect(page.getByTestId('demo-opened')).toBeVisible();
  const settlements = new SettlementsPage(page);
  await settlements.open();
  await expect(await settlements.importNew()).toHaveText('5 new settlements imported.');

  const api = new PostingPage(page);
  const bc = (await api.api<Array<{ id: string; kind: string }>>('connections.list', {})).find((c) => c.kind === 'business-central')!;
  for (const entry of DEMO_ORDER_MAPPINGS) await api.api('mappings.save', { connectionId: bc.id, entry });

  await new ShellPage(page).open('Orders');
  await expect(page.getByText('No orders read yet.')).toBeVisible();
  const mode = page.getByLabel('Order posting for Business Central (demo)');
  await mode.selectOption('orders-as-invoices');
  await expect(mode).toHaveValue('orders-as-invoices');

  await page.getByRole('button', { name: 'Invoice new orders now' }).click();
  await expect(page.getByRole('status', { name: 'Invoicing run' })).toContainText('orders read 3 · invoices queued 2 · orders refused 1 · invoices posted 2', { timeout: 60_000 });
  const table = page.getByRole('table', { name: 'Orders' });
  for (const id of DE_ORDERS) {
    const row = table.locator(`tr[data-order="${id}"]`);
    await expect(row.getByTestId('erp-document')).toHaveText(id === REFUNDED ? /^PS-INV\d+, PS-CR\d+$/ : /^PS-INV\d+$/);
    await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'invoiced');
    await expect(row).toContainText('24137000002');
  }
  await expect(table.locator(`tr[data-order="${US_ORDER}"] [data-status]`)).toHaveAttribute('data-status', 'refused');

  // Find by SKU, then open the order.
  await page.getByLabel('Find an order by id or SKU').fill('TASSE-GRÜN');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await table.locator(`tr[data-order="${DE_ORDERS[0]}"]`).click();
  const detail = page.getByRole('region', { name: `Order ${DE_ORDERS[0]}` });
  await expect(detail.getByRole('table', { name: 'ERP documents' })).toContainText(/Sales invoice\s*Business Central \(demo\)\s*PS-INV\d+\s*posted/);
  await expect(detail.getByRole('table', { name: 'Order items' })).toContainText('TASSE-GRÜN');
  await page.screenshot({ path: test.info().outputPath('orders-invoiced.png') });

  await page.getByLabel('Find an order by id or SKU').fill(REFUNDED);
  await table.locator(`tr[data-order="${REFUNDED}"]`).click();
  const documents = page.getByRole('region', { name: `Order ${REFUNDED}` }).getByRole('table', { name: 'ERP documents' });
  await expect(documents).toContainText(/Sales credit memo\s*Business Central \(demo\)\s*PS-CR\d+\s*posted/);
  await page.screenshot({ path: test.info().outputPath('orders-credit-memo.png') });

  // The refused order says why, in plain words, with the way to Mappings.
  await page.getByLabel('Find an order by id or SKU').fill(US_ORDER);
  await table.locator(`tr[data-order="${US_ORDER}"]`).click();
  const why = page.getByRole('note', { name: 'Why Business Central (demo) did not invoice it' });
  await expect(why).toContainText('Marketplace Amazon.com is not mapped to a customer; map it under Mappings.');
  await expect(why).toContainText('SKU MUG-BLUE is not mapped to an item');
  await page.screenshot({ path: test.info().outputPath('orders-refused.png') });
  await why.getByRole('link', { name: 'Open Mappings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mappings' })).toBeVisible();
});
