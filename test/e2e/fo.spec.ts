// Posts the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read in place from
// ../shared/reference at test time (never copied into this repository).
//
// Dynamics 365 Finance & Operations end to end through the screens: its API creates a journal but cannot
// post it, so the app says it waits in F&O; the emulator's test control posts it as a person in F&O would,
// and the app records it as posted when it looks again.
import { startFoEmulator, type FoEmulator } from '../../core/sandbox/fo/emulator';
import { expect, test } from './fixtures';
import { ConnectionsPage } from './pages/connections-page';
import { MappingsPage } from './pages/mappings-page';
import { PostingPage } from './pages/posting-page';
import { approveSettlement } from './pages/posting-setup';
import { SAMPLE } from '../support/settlement-files';

const SETTLEMENT = '28471003921';
const KEY = `${SETTLEMENT}-202606-JNL-V1`;
const JOURNAL = 'USMF-000001';

let fo: FoEmulator;
test.beforeAll(async () => {
  fo = await startFoEmulator();
});
test.afterAll(() => fo.stop());

/** The sample's other fee types and the settlement accounts, through the API the Mappings screen calls (F&O's chart in core/sandbox/fo/emulator-seed.ts). */
async function mapTheRest(ui: PostingPage, connectionId: string): Promise<void> {
  const online = { BusinessUnit: '002', Department: '022' };
  const fees: Array<[string, string, string]> = [
    ['ItemPrice', 'Principal', '6100'], ['ItemPrice', 'Tax', '6100'], ['ItemPrice', 'Shipping', '6100'],
    ['ItemFees', 'RefundCommission', '8410'], ['ItemFees', 'MarketplaceFacilitatorVAT-Principal', '8410'],
    ['ItemFees', 'FBAPerUnitFulfillmentFee', '8420'], ['ItemFees', 'ShippingChargeback', '8420'], ['Shipment-Fees', 'FBAPerOrderFulfillmentFee', '8420'],
    ['other-transaction', 'Storage Fee', '8450'], ['other-transaction', 'LowInventoryLevelFee', '8450'], ['other-transaction', 'Subscription Fee', '8460'],
    ['other-transaction', 'Refund Reimbursal', '6110'],
  ];
  for (const [amountType, amountDescription, target] of fees) {
    await ui.api('mappings.save', { connectionId, entry: { kind: 'fee', transactionType: '*', amountType, amountDescription, target, dimensions: online } });
  }
  for (const [subject, target] of [['clearing', '2920'], ['reserve', '2930'], ['carriedForward', '2950']]) {
    await ui.api('mappings.save', { connectionId, entry: { kind: 'account', subject, target } });
  }
}

test('a settlement goes to F&O as a general journal with dimensions, waits there until a person posts it, and the app then shows it posted', async ({ app }) => {
  // Many screens in one story, on a machine others share.
  test.setTimeout(300_000);
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 900 });

  // Connection: added on the Connections screen and tested against the legal entity.
  const connections = new ConnectionsPage(page);
  await connections.open();
  await connections.startAdding('Dynamics 365 Finance & Operations');
  await connections.fill({
    Name: 'F&O', 'Environment URL': fo.url, 'Tenant id or domain': fo.tenantId, 'Application (client) id': fo.clientId, 'Legal entity': 'USMF',
    'Journal name': 'GenJrn', 'Ledger dimension format': 'BusinessUnit, Department', 'Dimension delimiter': '-', 'Sign-in host override': fo.url, 'Client secret': fo.clientSecret,
  });
  await connections.save();
  const row = connections.row('F&O');
  await expect(row).toContainText('Client secret: set');
  await row.getByRole('button', { name: 'Test' }).click();
  await expect(page.getByRole('alert').or(page.locator('[aria-live="polite"]'))).toContainText(`Connected to Contoso Entertainment System USA (usmf) as application ${fo.clientId}.`);

  const ui = new PostingPage(page);
  await ui.settlements.open();
  await ui.settlements.importFile(SAMPLE);
  await expect(page.getByText(`Imported settlement ${SETTLEMENT}: 23 lines.`)).toBeVisible();

  // Mapping with dimensions on the Mappings screen: F&O's main accounts and its financial dimension values.
  const mappings = new MappingsPage(page);
  await mappings.open();
  await mappings.refreshErpData();
  await expect(mappings.referenceStatus).toContainText('16 accounts (11 postable) · 2 dimensions', { timeout: 30_000 });
  await mappings.describeFee('ItemFees', 'Commission');
  await mappings.pick('Account', '8410');
  await mappings.form.getByLabel('Dimension BusinessUnit').selectOption('002');
  await mappings.form.getByLabel('Dimension Department').selectOption('022');
  await expect(mappings.form.getByText('account can be used')).toBeVisible();
  await mappings.saveRule();
  await expect(mappings.rule('Commission')).toContainText('8410');
  await expect(mappings.rule('Commission')).toContainText('BusinessUnit=002');
  await expect(mappings.rule('Commission')).toContainText('Department=022');
  const foId = (await ui.api<Array<{ id: string; name: string }>>('connections.list', {})).find((c) => c.name === 'F&O')!.id;
  await mapTheRest(ui, foId);

  // Approved (the review queue's API), then sent from the Settlements preview.
  const { blocking } = await approveSettlement(ui, SETTLEMENT, foId);
  expect(blocking).toEqual([]);
  await ui.settlements.open();
  await ui.settlements.openPreview(SETTLEMENT);
  await expect(ui.approvalState).toContainText('approved by');
  await ui.postButton.click();
  await expect(ui.confirmation).toContainText(`Post settlement ${SETTLEMENT} to F&O?`);
  await ui.confirm();
  await expect(ui.result).toContainText('1 created in the ERP and awaiting posting there', { timeout: 30_000 });

  // Awaiting posting in F&O: the journal is there with its dimensions, not posted.
  await expect(ui.document(KEY)).toHaveAttribute('data-state', 'awaiting');
  await expect(ui.erpDocumentNumber(KEY)).toHaveText(JOURNAL);
  await expect(ui.outbox.getByTestId('awaiting-erp')).toContainText(`Awaiting posting in F&O since`);
  await expect(ui.outbox.getByTestId('awaiting-erp')).toContainText(`created there as ${JOURNAL} but not posted`);
  const listed = ui.settlements.row(SETTLEMENT).getByTestId('awaiting-in-erp');
  await expect(listed.locator('[data-status="awaiting"]')).toHaveText('awaiting posting');
  await expect(listed).toContainText('in F&O since');
  await expect(listed).toContainText(/since \w{3} \d+, \d{4}/);
  expect(fo.rows('LedgerJournalHeaders')).toEqual([expect.objectContaining({ JournalBatchNumber: JOURNAL, Description: KEY, IsPosted: 'No' })]);
  expect(fo.rows('LedgerJournalLines').map((l) => l.AccountDisplayValue)).toContain('8410-002-022');
  await page.screenshot({ path: test.info().outputPath('fo-settlements-awaiting.png'), fullPage: true });

  const waiting = page.getByTestId('awaiting-in-erp');
  await ui.settlements.shell.open('Dashboard');
  await expect(waiting.locator(`tr[data-key="${KEY}"]`)).toContainText(JOURNAL);
  await expect(waiting.locator(`tr[data-key="${KEY}"]`)).toContainText('in F&O');
  await page.screenshot({ path: test.info().outputPath('fo-dashboard-awaiting.png'), fullPage: true });

  // Not posted in F&O yet: looking again changes nothing.
  await waiting.getByRole('button', { name: 'Check F&O now' }).click();
  await expect(waiting.locator(`tr[data-key="${KEY}"]`)).toBeVisible();

  // A person posts it in F&O; the app, looking again, records it as posted.
  fo.postJournal(JOURNAL);
  await waiting.getByRole('button', { name: 'Check F&O now' }).click();
  await expect(waiting).toHaveCount(0);
  await ui.settlements.open();
  await expect(ui.settlements.status(SETTLEMENT)).toHaveAttribute('data-status', 'posted');
  await ui.settlements.openPreview(SETTLEMENT);
  await expect(ui.document(KEY)).toHaveAttribute('data-state', 'posted');
  await expect(ui.erpDocumentNumber(KEY)).toHaveText(JOURNAL);
  await page.screenshot({ path: test.info().outputPath('fo-settlements-posted.png'), fullPage: true });
});
