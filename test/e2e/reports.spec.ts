// Imports the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read in place from
// ../shared/reference (never copied into this repository), posts it to a Business Central emulator whose
// company keeps its books in USD (as posting.spec.ts explains), and reconciles it on the Reports screen.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { expect, test } from './fixtures';
import { ShellPage } from './pages/shell-page';
import { PostingPage } from './pages/posting-page';
import { startUsCompany } from './pages/posting-setup';
import { ReportsPage } from './pages/reports-page';
import { SettlementsPage } from './pages/settlements-page';
import { readWorkbook } from './pages/xlsx-sheets';
import { settlementReportPdf } from '../../core/reports/reconciliation-pdf';
import type { SettlementReport } from '../../core/reports/reconciliation-report';
import { pdfText } from '../reports/pdf-text';
import { SAMPLE } from '../support/settlement-files';

const SETTLEMENT = '28471003921';
const DOC_NO = `${SETTLEMENT}-2606J1`;
const OTHER = '28471003922';

test.use({ demo: true });

let usCompany: BusinessCentralEmulator;
test.beforeAll(async () => {
  usCompany = await startUsCompany();
});
test.afterAll(async () => {
  await usCompany.stop();
});

interface ReviewItem { id: number; severity: 'blocking' | 'warning'; state: string }

test('an accountant reconciles a posted settlement on the Reports screen and exports it as XLSX, CSV and PDF', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  const posting = new PostingPage(page);
  await posting.settlements.open();
  await posting.settlements.importFile(SAMPLE);
  await expect(page.getByText(`Imported settlement ${SETTLEMENT}: 23 lines.`)).toBeVisible();

  // Setup owned by other screens, through the same API they use (posting.spec.ts and review.spec.ts cover the screens).
  const bc = await posting.api<{ id: string }>('connections.save', {
    kind: 'business-central',
    name: 'Business Central US',
    settings: { deployment: 'online', tenantId: usCompany.tenantId, environment: usCompany.environment, clientId: usCompany.clientId, endpointOverride: usCompany.url },
    secrets: { clientSecret: usCompany.clientSecret },
  });
  await posting.api('mappings.refreshReference', { connectionId: bc.id });
  // One rule per fee type of the sample, as the Mappings screen writes them (any transaction type); sales carry a dimension.
  const fees: Array<[string, string, string, Record<string, string>?]> = [
    ['ItemPrice', 'Principal', '6100', { MARKETPLACE: 'AMAZON-US' }], ['ItemPrice', 'Tax', '6100'], ['ItemPrice', 'Shipping', '6100'],
    ['ItemFees', 'Commission', '8410'], ['ItemFees', 'RefundCommission', '8410'], ['ItemFees', 'MarketplaceFacilitatorVAT-Principal', '8410'],
    ['ItemFees', 'FBAPerUnitFulfillmentFee', '8420'], ['ItemFees', 'ShippingChargeback', '8440'], ['Shipment-Fees', 'FBAPerOrderFulfillmentFee', '8420'],
    ['other-transaction', 'Storage Fee', '8420'], ['other-transaction', 'LowInventoryLevelFee', '8420'], ['other-transaction', 'Subscription Fee', '8410'],
    ['other-transaction', 'Refund Reimbursal', '6110'],
  ];
  for (const [amountType, amountDescription, target, dimensions] of fees) {
    await posting.api('mappings.save', { connectionId: bc.id, entry: { kind: 'fee', transactionType: '*', amountType, amountDescription, target, ...(dimensions ? { dimensions } : {}) } });
  }
  for (const [subject, target] of [['clearing', '2920'], ['reserve', '2930'], ['carriedForward', '2940']]) {
    await posting.api('mappings.save', { connectionId: bc.id, entry: { kind: 'account', subject, target } });
  }
  const queue = await posting.api<{ items: ReviewItem[]; settlements: Array<{ versionId: number }> }>('review.list', { settlementId: SETTLEMENT, connectionId: bc.id });
  expect(queue.items.filter((i) => i.state === 'open' && i.severity === 'blocking')).toEqual([]);
  for (const item of queue.items.filter((i) => i.state === 'open' && i.severity === 'warning')) {
    await posting.api('review.resolve', { itemId: item.id, connectionId: bc.id, resolution: { action: 'acknowledge', note: 'seen in e2e' } });
  }
  await posting.api('review.approve', { versionId: queue.settlements[0]!.versionId, connectionId: bc.id });
  const run = await posting.api<{ outcome: string; posted: Array<{ erpDocumentNumber: string }> }>('posting.post', { versionId: queue.settlements[0]!.versionId, connectionId: bc.id });
  expect(run).toMatchObject({ outcome: 'completed', posted: [{ erpDocumentNumber: DOC_NO }] });
  const ledger = usCompany.rows('generalLedgerEntries');

  // The Reports screen: the settlement's tie-out, accounts and ERP number as Business Central booked them.
  const ui = new ReportsPage(page);
  await ui.open();
  await ui.chooseSettlement(SETTLEMENT);
  const report = ui.settlement(SETTLEMENT);
  await expect(report).toBeVisible();
  await expect(ui.tieOut(SETTLEMENT)).toContainText('Deposit to clearing');
  await expect(ui.tieOut(SETTLEMENT).getByRole('row', { name: /Deposit to clearing/ })).toContainText('$582.89');
  await expect(ui.tieOut(SETTLEMENT).getByTestId('tied-out')).toHaveText('yes');
  await expect(ui.account(SETTLEMENT, '2920')).toContainText('$582.89');
  // Each account by number and Business Central's name; dimension values with their names.
  await expect(ui.account(SETTLEMENT, '2920')).toContainText('2920Amazon Clearing');
  await expect(ui.account(SETTLEMENT, '6100').first()).toContainText('MARKETPLACE: AMAZON-US – Amazon.com');
  await expect(ui.erpDocumentNumbers(SETTLEMENT)).toHaveText([DOC_NO]);
  await expect(report.getByTestId('report-approval')).toContainText('Approved by');
  await expect(report).toContainText('Open review items (0)');
  // Sales post as a credit: the net is negative, in red with a minus sign.
  const salesNet = ui.account(SETTLEMENT, '6100').locator('[data-amount]').last();
  await expect(salesNet).toHaveText(/^-\$/);
  await page.screenshot({ path: test.info().outputPath('reports-settlement.png') });

  // XLSX: the deposit, the totals by account and the ERP number as number and text cells.
  const xlsx = await ui.export('XLSX');
  expect(xlsx.suggestedFilename()).toBe(`reconciliation-settlement-${SETTLEMENT}-v1.xlsx`);
  await expect(page.getByTestId('export-result')).toContainText(`Exported reconciliation-settlement-${SETTLEMENT}-v1.xlsx`);
  const { sheet } = await readWorkbook(await xlsx.path());
  const [summary] = sheet('Settlements');
  expect(summary!['Settlement']!.value).toBe(SETTLEMENT);
  expect(summary!['Deposit']!.value).toBe(582.89);
  expect(summary!['Deposit']!.numFmt).toBe('#,##0.00;[Red]-#,##0.00');
  expect(summary!['Tied out']!.value).toBe('yes');
  expect(summary!['ERP documents']!.value).toBe(DOC_NO);
  const accounts = sheet('Accounts');
  // Each account's totals equal what Business Central booked on it.
  for (const account of ['2920', '6100', '8410', '8420']) {
    const booked = ledger.filter((e) => e.accountNumber === account);
    const row = accounts.filter((a) => a['Account']!.value === account);
    const sum = (key: string) => row.reduce((s, a) => s + Math.round(Number(a[key]!.value) * 100), 0);
    expect(sum('Debit'), `debit of ${account}`).toBe(Math.round(booked.reduce((s, e) => s + Number(e.debitAmount) * 100, 0)));
    expect(sum('Credit'), `credit of ${account}`).toBe(Math.round(booked.reduce((s, e) => s + Number(e.creditAmount) * 100, 0)));
  }
  expect(accounts.filter((a) => a['Account']!.value === '6100').map((a) => a['Dimensions']!.value)).toContain('MARKETPLACE=AMAZON-US (Amazon.com)');
  expect(accounts.find((a) => a['Account']!.value === '2920')!['Account name']!.value).toBe('Amazon Clearing');
  expect(accounts.find((a) => a['Account']!.value === '8420')!['Account name']!.value).toBe('FBA Fulfilment Fees');
  const [doc] = sheet('Documents');
  expect(doc!['ERP document no.']!.value).toBe(DOC_NO);
  expect(doc!['State']!.value).toBe('posted');

  // CSV and PDF come the same way; the PDF names the settlement and its figures.
  const csv = readFileSync(await (await ui.export('CSV')).path(), 'utf8');
  expect(csv).toContain(`tie-out,${SETTLEMENT},1,amazon.com,USD,2026-06,deposit,,,,,,582.89,`);
  expect(csv).toContain(`account,${SETTLEMENT},1,amazon.com,USD,2026-06,,2920,Amazon Clearing,,582.89,0.00,582.89`);
  expect(csv).toContain(',6100,"Sales, Retail - Amazon",MARKETPLACE=AMAZON-US (Amazon.com),');
  const pdfFile = await ui.export('PDF');
  expect(pdfFile.suggestedFilename()).toBe(`reconciliation-settlement-${SETTLEMENT}-v1.pdf`);
  const pdf = readFileSync(await pdfFile.path());
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  // The exported PDF is compressed; the same report uncompressed shows what it prints.
  const printed = pdfText(await settlementReportPdf((await posting.api<{ settlements: SettlementReport[] }>('reports.reconciliation', { scope: 'settlement', id: SETTLEMENT })).settlements[0]!, { compress: false })).text.replace(/\s+/g, ' ');
  for (const a of ['2920 Amazon Clearing', '8410 Amazon Selling Fees', 'MARKETPLACE=AMAZON-US (Amazon.com)']) expect(printed).toContain(a);
  await pdfFile.saveAs(test.info().outputPath('reconciliation.pdf'));

  // The period view holds the settlement too, with the month's totals.
  await ui.choosePeriod('2026-06');
  await expect(page.getByRole('region', { name: 'Period 2026-06' })).toContainText('1 settlement with documents in this month');
  await expect(page.getByRole('table', { name: 'Journal totals by account of 2026-06' }).locator('tr[data-account="2920"]')).toContainText('$582.89');
  await page.screenshot({ path: test.info().outputPath('reports-period.png'), fullPage: true });

  // A second settlement still under review: a line Amazon changed (a difference, accepted as a variance with
  // a reason) and a fee type nobody mapped yet (open). The report shows both, with who decided what.
  const other = readFileSync(SAMPLE, 'utf8').replaceAll(SETTLEMENT, OTHER).replace('\tCommission\t-19.50\t', '\tCommission\t-14.50\t')
    .replace(/\n?$/, `\n${OTHER}\t\t\t\t\tUSD\tOrder\t114-8829371-4410258\t\t\tDS7K9LM2P\tamazon.com\tItemFees\tMysteryFee\t-3.00\tAFN\t2026-06-17 00:00:00 UTC\t2026-06-17 08:14:22 UTC\t55182930114\t\t\tNX-HD-1200\t1\t\n`);
  await posting.settlements.open();
  await page.getByLabel('Settlement report file').setInputFiles({ name: 'changed.tsv', mimeType: 'text/tab-separated-values', buffer: Buffer.from(other, 'utf8') });
  await expect(page.getByText(`Imported settlement ${OTHER}: 24 lines.`)).toBeVisible();
  const otherQueue = await posting.api<{ items: Array<ReviewItem & { kind: string; amount: number }> }>('review.list', { settlementId: OTHER, connectionId: bc.id });
  const difference = otherQueue.items.find((i) => i.kind === 'difference')!;
  expect(difference.amount).toBe(200);
  // 2.00 is above what one person may accept by default (1.00); this workspace allows it.
  await posting.api('review.setPolicy', { varianceLimit: '5.00' });
  await posting.api('review.resolve', { itemId: difference.id, connectionId: bc.id, resolution: { action: 'acceptVariance', account: '8430', reason: 'Amazon refunded part of a commission after closing' } });
  await ui.open();
  await ui.chooseSettlement(OTHER);
  const decisions = ui.settlement(OTHER).getByRole('table', { name: `Decisions of ${OTHER}` });
  await expect(decisions).toContainText('Variance accepted');
  await expect(decisions).toContainText('8430Advertising');
  await expect(decisions).toContainText('$2.00');
  await expect(decisions).toContainText('Amazon refunded part of a commission after closing');
  await expect(ui.settlement(OTHER).getByRole('table', { name: `Open review items of ${OTHER}` })).toContainText('MysteryFee');
  await expect(ui.settlement(OTHER).getByTestId('report-approval')).toHaveText('Not approved.');
  await expect(ui.erpDocumentNumbers(OTHER)).toHaveText(['—']);
  await page.screenshot({ path: test.info().outputPath('reports-under-review.png') });
  await page.getByRole('region', { name: `Settlement ${OTHER}` }).getByText('Open review items').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('reports-under-review-decisions.png') });
  const otherPdf = await ui.export('PDF');
  await otherPdf.saveAs(test.info().outputPath('reconciliation-under-review.pdf'));

  // Every export is in the audit log.
  const audit = await posting.api<Array<{ operation: string; detail: string }>>('audit.list', { kind: 'decision' });
  expect(audit.filter((e) => e.operation === 'reports.export').map((e) => JSON.parse(e.detail).format).sort()).toEqual(['csv', 'pdf', 'pdf', 'xlsx']);
});

test('a USD settlement posted in the ERP\'s EUR says so: the tie-out in USD, the accounts in EUR at the ERP\'s rate, in the exports too', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  await new ShellPage(page).openDemoWorkspace();
  const settlements = new SettlementsPage(page);
  await settlements.open();
  await settlements.importNew();
  const reports = new ReportsPage(page);
  await reports.open();
  // The demo's Amazon.com settlement; the demo Business Central company keeps its books in EUR.
  const US = '24137000001';
  await reports.chooseSettlement(US);
  await expect(reports.tieOut(US)).toContainText('$');
  await expect(reports.settlement(US).getByTestId('report-conversion')).toHaveText(
    /^In EUR, Business Central \(demo\)'s currency: converted from USD at 1 USD = 0\.9215 EUR, the ERP's rate starting .+\. The tie-out is in USD\.$/,
  );
  await expect(reports.account(US, '2920')).toContainText('€');
  const csv = (await readFile(await (await reports.export('CSV')).path())).toString('utf8');
  expect(csv).toMatch(/\ndocument,[^\n]*converted from USD at 1 USD = 0\.9215 EUR/);
  // The total of the accounts is in their currency, not the settlement's.
  expect(csv).toMatch(/\naccount,24137000001,1,Amazon\.com,EUR,[^\n]*,total,/);
});
