import { BusinessCentralConnector } from '../../core/erp/business-central/client';
import { startAmazonEmulator, type AmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { clockStartingAt } from '../../core/clock/clock';
import { sample } from '../support/settlement-files';
import { expect, PINNED_CLOCK_START, test } from './fixtures';
import { ReportsPage } from './pages/reports-page';
import { PostingPage } from './pages/posting-page';
import { ShellPage } from './pages/shell-page';

// Multi-Channel Fulfillment on the Needs attention screen: where orders ship from, Amazon's preview of each
// ERP order (fees, promised dates), an order Amazon cannot fulfil held in its words, and the go-ahead
// before a connection's first orders go.
let amazon: AmazonEmulator;
let bc: BusinessCentralEmulator;
test.beforeAll(async () => {
  amazon = await startAmazonEmulator({ clock: clockStartingAt(Date.parse(PINNED_CLOCK_START)) });
  bc = await startBusinessCentralEmulator({ clock: clockStartingAt(Date.parse(PINNED_CLOCK_START)) });
});
test.afterAll(async () => {
  await amazon.stop();
  await bc.stop();
});

test('the first orders shipped by Amazon show their fees and dates and wait for a go-ahead; an order Amazon cannot fulfil is held in its words', async ({ app }) => {
  // Two go-aheads, a changed order and the report: longer than one default minute on a shared 2-core machine.
  test.setTimeout(120_000);
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  const api = new PostingPage(page);
  const shell = new ShellPage(page);
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await api.api('connections.save', { kind: 'amazon', name: 'Amazon US', settings: { region: 'NA', lwaClientId: amazon.clientId, marketplaceIds: ['ATVPDKIKX0DER'], endpointOverride: amazon.url }, secrets: { clientSecret: amazon.clientSecret, refreshToken: amazon.refreshToken } });
  await api.api('connections.save', { kind: 'business-central', name: 'Web shop BC', settings: { deployment: 'online', tenantId: bc.tenantId, environment: bc.environment, clientId: bc.clientId, endpointOverride: bc.url }, secrets: { clientSecret: bc.clientSecret } });
  const bcId = (await api.api<Array<{ id: string; kind: string }>>('connections.list', {})).find((c) => c.kind === 'business-central')!.id;
  await api.api('mappings.refreshReference', { connectionId: bcId });
  await api.api('mappings.save', { connectionId: bcId, entry: { kind: 'sku', subject: 'SKU-1900', target: '1900-S' } });
  await api.api('mappings.save', { connectionId: bcId, entry: { kind: 'sku', subject: 'SKU-1906', target: '1906-S' } });
  amazon.fulfilment.knownSkus = new Set(['SKU-1900']);

  // Two web-shop orders whose lines stand at the Amazon location: one Amazon holds, one it does not.
  const erp = new BusinessCentralConnector({ settings: { deployment: 'online', tenantId: bc.tenantId, environment: bc.environment, clientId: bc.clientId, endpointOverride: bc.url }, secrets: { clientSecret: bc.clientSecret } });
  const fba = bc.rows('locations').find((l) => l.code === 'AMAZON-FBA')!.id;
  const numbers: string[] = [];
  for (const [po, item] of [['WEB-1001', '1900-S'], ['WEB-1002', '1906-S']] as const) {
    const created = await erp.syncSalesOrder({ externalDocumentNumber: po, customerNumber: 'AMZ-DE', orderDate: '2026-06-18', currency: 'EUR', lines: [{ itemNumber: item, quantity: 2, unitPrice: 15040 }] });
    bc.salesOrders.edit(created.documentNumber, { shipToName: 'Jane Doe', shipToAddressLine1: '1 Main St', shipToCity: 'Seattle', shipToState: 'WA', shipToPostCode: '98101', shipToCountry: 'US' }, { locationId: fba });
    numbers.push(created.documentNumber);
  }
  await erp.close();

  await shell.open('Needs attention');
  const panel = page.getByRole('region', { name: 'Orders shipped by Amazon' });
  // Business Central marks by location or by a field of salesOrders; its API has no shipping agent.
  const markedBy = panel.getByLabel('How orders shipped by Amazon are marked in Web shop BC');
  await markedBy.selectOption('field');
  await expect(panel.getByLabel('Order field marking Amazon orders in Web shop BC')).toContainText('salesperson');
  await expect(panel).toContainText('Shipping agent: API v2.0 salesOrders has no shipping agent field');
  await page.screenshot({ path: test.info().outputPath('mcf-marker-field.png') });
  await markedBy.selectOption('location');
  await panel.getByLabel('Amazon location in Web shop BC').fill('AMAZON-FBA');
  await panel.getByLabel('Amazon connection shipping for Web shop BC').selectOption({ label: 'Amazon US' });
  await panel.getByRole('button', { name: 'Set up' }).click();
  await panel.getByRole('button', { name: 'Preview waiting orders now' }).click();

  const orders = panel.getByRole('table', { name: 'Orders shipped by Amazon' });
  await expect(orders.locator(`[data-order="${numbers[0]}"]`)).toContainText('waiting for go-ahead');
  await expect(orders.locator(`[data-order="${numbers[0]}"]`)).toContainText('$11.98');
  await expect(orders.locator(`[data-order="${numbers[1]}"]`)).toContainText('Amazon cannot fulfil');
  await expect(orders.locator(`[data-order="${numbers[1]}"]`)).toContainText('SKU-1906 × 2: InvalidSKU');
  await expect(panel.getByTestId('mcf-first-orders')).toContainText('1 previewed, estimated fees $11.98');
  await expect(page.getByRole('table', { name: 'Held records' })).toContainText(`Amazon cannot fulfil sales order ${numbers[1]}: order: InvalidSKU; SKU-1906 × 2: InvalidSKU.`);
  expect(amazon.fulfilment.orders.size).toBe(0);
  await page.screenshot({ path: test.info().outputPath('mcf-preview.png') });

  await panel.getByRole('button', { name: 'Let these orders go to Amazon…' }).click();
  await expect(panel).toContainText('The next run sends 1 order to Amazon');
  await panel.getByRole('button', { name: 'Yes, let them go' }).click();
  await expect(panel).toContainText('each later order is previewed and goes by itself');
  await page.screenshot({ path: test.info().outputPath('mcf-approved.png') });

  // The go-ahead is bound to what was shown: a quantity raised in BC before the send needs a new one, saying what changed.
  bc.salesOrders.edit(numbers[0]!, {}, { quantity: 3 });
  await panel.getByRole('button', { name: 'Preview waiting orders now' }).click();
  await expect(orders.locator(`[data-order="${numbers[0]}"]`)).toContainText('changed since go-ahead');
  await expect(orders.locator(`[data-order="${numbers[0]}"]`).getByTestId('mcf-changes')).toContainText('SKU-1900 quantity 2 → 3; estimated fees $11.98 → $17.97');
  await expect(panel.getByTestId('mcf-first-orders')).toContainText('1 order changed after your go-ahead and waits for a new one');
  await page.screenshot({ path: test.info().outputPath('mcf-changed.png') });
  await panel.getByRole('button', { name: 'Let these orders go to Amazon…' }).click();
  await panel.getByRole('button', { name: 'Yes, let them go' }).click();
  await expect(orders.locator(`[data-order="${numbers[0]}"]`)).toContainText('waiting to go');

  // The settlement's fulfilment fees on that order are matched to it in the reconciliation report.
  const overview = await api.api<Array<{ orders: Array<{ orderNumber: string; sellerFulfillmentOrderId: string }> }>>('mcf.overview', {});
  const sent = overview[0]!.orders.find((o) => o.orderNumber === numbers[0])!.sellerFulfillmentOrderId;
  const line = (order: string, d: string, amount: string) => ['777001', '', '', '', '', 'USD', 'Order', order, '', '', '', 'amazon.com', 'ItemFees', d, amount, 'AFN', '2026-06-10 00:00:00 UTC', '2026-06-10 10:00:00 UTC', '', '', '', '', '1', ''].join('\t');
  const text = [sample().split('\n')[0]!.trim(), ['777001', '2026-06-01 00:00:00 UTC', '2026-06-14 23:59:59 UTC', '2026-06-16 00:00:00 UTC', '-21.74', 'USD', ...Array(18).fill('')].join('\t'),
    line(sent, 'FBAPerUnitFulfillmentFee', '-11.98'), line('SC-MANUAL-17', 'FBAPerUnitFulfillmentFee', '-9.76')].join('\n') + '\n';
  await api.api('settlements.importUpload', { fileName: 'mcf.tsv', contentBase64: Buffer.from(text, 'utf8').toString('base64') });
  const reports = new ReportsPage(page);
  await reports.open();
  await reports.chooseSettlement('777001');
  const fees = reports.settlement('777001').getByRole('table', { name: 'MCF fees of 777001' });
  await expect(fees).toContainText(numbers[0]!);
  await expect(fees).toContainText('SC-MANUAL-17');
  await fees.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('mcf-fees-report.png') });
});
