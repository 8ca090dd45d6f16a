// Posts the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read in place from
// ../shared/reference at test time (never copied into this repository).
//
// The V2 sample is a US settlement in USD. The spec starts the Business Central emulator seeded as a US
// company (local currency USD), adds it as a second ERP connection through the API, approves the sample
// for it and posts there. An approval holds for the connection it was made for: the demo company (EUR
// books) refuses it.
import type { BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { expect, test } from './fixtures';
import { PostingPage } from './pages/posting-page';
import { approveSettlement, connectBusinessCentral, mapSampleFees, startUsCompany } from './pages/posting-setup';
import { SAMPLE } from '../support/settlement-files';

const SETTLEMENT = '28471003921';
const KEY = `${SETTLEMENT}-202606-JNL-V1`;
const DOC_NO = `${SETTLEMENT}-2606J1`;

test.use({ demo: true });

let usCompany: BusinessCentralEmulator;
test.beforeAll(async () => {
  usCompany = await startUsCompany();
});
test.afterAll(async () => {
  await usCompany.stop();
});

test('an accountant posts an approved settlement to Business Central once and sees the ERP document number', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 900 });
  const ui = new PostingPage(page);
  await ui.settlements.open();
  await ui.settlements.importFile(SAMPLE);
  await expect(page.getByText(`Imported settlement ${SETTLEMENT}: 23 lines.`)).toBeVisible();

  // Setup owned by other screens, through the same API: the US company as an ERP connection, its mappings.
  const bcId = await connectBusinessCentral(ui, usCompany, 'Business Central US');
  await mapSampleFees(ui, bcId);

  // Not approved yet: the button is there and disabled.
  await ui.settlements.openPreview(SETTLEMENT);
  await expect(ui.panel).toBeVisible();
  await expect(ui.approvalState).toContainText('not approved');
  await expect(ui.postButton).toBeDisabled();

  // Approved in the review queue (its API): warnings acknowledged, then approve. The panel follows at once.
  const { blocking } = await approveSettlement(ui, SETTLEMENT, bcId);
  expect(blocking).toEqual([]);
  await expect(ui.approvalState).toContainText('approved by');
  await expect(ui.postButton).toBeEnabled();

  // Approved for the US company: posting it to the demo company (EUR books) is refused, saying why.
  await ui.chooseConnection('Business Central (demo)');
  await ui.postButton.click();
  await expect(ui.confirmation.getByRole('alert')).toContainText('It was approved for posting to another ERP connection');
  await expect(ui.confirmation.getByRole('button', { name: 'Cannot post' })).toBeDisabled();
  await page.screenshot({ path: test.info().outputPath('posting-refused.png') });
  await ui.confirmation.getByRole('button', { name: "Don't post" }).click();

  // The US company: the confirmation says exactly what will be posted, where.
  await ui.chooseConnection('Business Central US');
  await ui.postButton.click();
  await expect(ui.confirmation).toContainText('Post settlement 28471003921 to Business Central US?');
  await expect(ui.confirmation.getByTestId('confirm-connection')).toHaveText('Business Central US · company CRONUS USA, Inc. · books in USD');
  await expect(ui.documentsToPost.locator('tbody tr')).toHaveCount(1);
  const row = ui.documentsToPost.locator(`tr[data-key="${KEY}"]`);
  await expect(row).toContainText(DOC_NO);
  await expect(row).toContainText('Jun 30, 2026');
  await expect(row).toContainText('new');
  await expect(ui.confirmation).toContainText('1 journal document will be posted, each exactly once');
  // What it posts, by account: number and Business Central's name, debit and credit apart.
  const accounts = ui.confirmation.getByRole('table', { name: 'Accounts to post' });
  await expect(accounts.locator('tr[data-account="2920"]')).toContainText('2920Amazon Clearing');
  await expect(accounts.locator('tr[data-account="2920"]').locator('td').nth(2)).toHaveText('$582.89');
  await page.screenshot({ path: test.info().outputPath('posting-confirm.png') });
  // Business Central refuses the first journal line once: the document fails with BC's own error and offers Replay.
  usCompany.faults.failBatchOperation(0, 400);
  await ui.confirm();
  await expect(ui.result).toContainText('Nothing posted, 1 document failed', { timeout: 30_000 });
  await expect(ui.document(KEY)).toHaveAttribute('data-state', 'failed');
  await expect(ui.erpError(KEY)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('posting-failed.png') });
  expect(usCompany.rows('generalLedgerEntries')).toHaveLength(0);

  const started = Date.now();
  await ui.replay(KEY);
  await expect(ui.result).toContainText('1 document posted', { timeout: 30_000 });
  const took = Date.now() - started;
  await expect(ui.erpError(KEY)).toHaveCount(0);
  await expect(ui.erpDocumentNumber(KEY)).toHaveText(DOC_NO);
  await expect(ui.document(KEY)).toHaveAttribute('data-state', 'posted');
  await page.screenshot({ path: test.info().outputPath('posting-done.png') });
  test.info().annotations.push({ type: 'posting', description: `1 document replayed and posted through the UI in ${took} ms` });

  // In Business Central: one journal, its ledger entries once, the deposit on the clearing account.
  expect(usCompany.rows('journals')).toHaveLength(1);
  const entries = usCompany.rows('generalLedgerEntries');
  expect(new Set(entries.map((e) => e.documentNumber))).toEqual(new Set([DOC_NO]));
  expect(entries.filter((e) => e.accountNumber === '2920').map((e) => e.debitAmount)).toEqual([582.89]);

  // Posting again sends nothing new.
  await ui.postButton.click();
  await expect(ui.confirmation).toContainText('Every document of this settlement is already in the posting outbox');
  await expect(ui.documentsToPost.locator(`tr[data-key="${KEY}"]`)).toContainText(`posted as ${DOC_NO}`);
  await ui.confirmation.getByRole('button', { name: "Don't post" }).click();
  expect(usCompany.rows('generalLedgerEntries')).toHaveLength(entries.length);
  expect(usCompany.rows('journals')).toHaveLength(1);
});
