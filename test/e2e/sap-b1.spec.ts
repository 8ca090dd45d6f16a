// A small USD settlement posted to a SAP Business One company through the screens: the connection is added
// in the form and tested, fee types are mapped from the B1 chart (a title and a frozen account refused on
// the spot), the settlement is approved in the review queue and posted, posting again has nothing to
// post, and the journal entry is read back over the emulator's own Service Layer.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSapB1Emulator, type SapB1Emulator } from '../../core/sandbox/sap-b1/emulator';
import { v2File } from '../support/settlement-files';
import { expect, test } from './fixtures';
import { ConnectionsPage } from './pages/connections-page';
import { MappingsPage } from './pages/mappings-page';
import { PostingPage } from './pages/posting-page';
import { ReviewPage } from './pages/review-page';

const SETTLEMENT = '28471009001';
const KEY = `${SETTLEMENT}-202606-JNL-V1`;
const NAME = 'SAP B1 US';

let emu: SapB1Emulator;
let file: string;
let reissued: string;
test.beforeAll(async () => {
  emu = await startSapB1Emulator();
  file = join(mkdtempSync(join(tmpdir(), 'mlc-b1-')), 'settlement.tsv');
  // Sales 100.00, commission 15.00 and an FBA fee 3.00: 82.00 paid out.
  writeFileSync(file, v2File(SETTLEMENT, '82.00', [
    { t: 'Order', a: 'ItemPrice', d: 'Principal', amount: '100.00' },
    { t: 'Order', a: 'ItemFees', d: 'Commission', amount: '-15.00' },
    { t: 'Order', a: 'ItemFees', d: 'FBAPerUnitFulfillmentFee', amount: '-3.00' },
  ]));
  // Amazon re-issues it with the commission corrected to 16.00: 81.00 paid out.
  reissued = join(mkdtempSync(join(tmpdir(), 'mlc-b1-')), 'settlement-reissued.tsv');
  writeFileSync(reissued, v2File(SETTLEMENT, '81.00', [
    { t: 'Order', a: 'ItemPrice', d: 'Principal', amount: '100.00' },
    { t: 'Order', a: 'ItemFees', d: 'Commission', amount: '-16.00' },
    { t: 'Order', a: 'ItemFees', d: 'FBAPerUnitFulfillmentFee', amount: '-3.00' },
  ]));
});
test.afterAll(() => emu.stop());

/** GET over the emulator's own Service Layer, as any B1 client would: log in, read, log out. */
async function readBack(path: string): Promise<Array<Record<string, unknown>>> {
  const login = await fetch(`${emu.v2}/Login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ CompanyDB: emu.seed.companyDb, UserName: 'manager', Password: 'B1Admin!' }) });
  const cookie = login.headers.getSetCookie().join(',').match(/B1SESSION=[^;,]+/)![0];
  const res = await fetch(`${emu.v2}/${path}`, { headers: { cookie } });
  const body = await res.json() as { value: Array<Record<string, unknown>> };
  await fetch(`${emu.v2}/Logout`, { method: 'POST', headers: { cookie } });
  return body.value;
}

test('a settlement posted to SAP Business One through the screens, once, and read back over the Service Layer', async ({ app }) => {
  test.setTimeout(180_000);
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 800 });

  // Connections: the form asks for the Service Layer, the company database, the user and the password.
  const connections = new ConnectionsPage(page);
  await connections.open();
  await connections.startAdding('SAP Business One');
  await connections.fill({ Name: NAME, 'Service Layer URL': emu.v2, 'Company database': emu.seed.companyDb, 'User name': 'manager', Password: 'B1Admin!' });
  await page.screenshot({ path: test.info().outputPath('sap-b1-connection-form.png') });
  await connections.save();
  const row = connections.row(NAME);
  await expect(row).toContainText('Password: set');
  await row.getByRole('button', { name: 'Test' }).click();
  await expect(page.getByRole('alert').or(page.locator('[aria-live="polite"]'))).toContainText(`Connected to ${emu.seed.companyName} (${emu.seed.companyDb}) as manager.`, { timeout: 30_000 });
  // Test connection logs out again: no licence seat is held.
  await expect.poll(() => emu.openSessions()).toBe(0);

  // Import the settlement.
  const posting = new PostingPage(page);
  await posting.settlements.open();
  await posting.settlements.importFile(file);
  await expect(page.getByText(`Imported settlement ${SETTLEMENT}: 3 lines.`)).toBeVisible();

  // Mappings from the B1 chart: a title account and a frozen one are refused as they are typed.
  const mappings = new MappingsPage(page);
  await mappings.open();
  await mappings.refreshErpData();
  await expect(mappings.referenceStatus).toContainText('16 accounts (13 postable)', { timeout: 30_000 });
  await mappings.describeFee('ItemPrice', 'Principal');
  await mappings.picker('Account').fill('_SYS00000000001');
  await expect(mappings.form.getByText(`Account _SYS00000000001 "ASSETS" cannot be posted to in ${NAME}`)).toBeVisible();
  await expect(mappings.form.getByRole('button', { name: 'Save rule' })).toBeDisabled();
  await mappings.picker('Account').fill('_SYS00000000040');
  await expect(mappings.form.getByText(`Account _SYS00000000040 "Old Bank (frozen)" cannot be posted to in ${NAME}`)).toBeVisible();
  await mappings.pick('Account', '_SYS00000000020');
  await mappings.saveRule();
  await expect(mappings.rule('Principal')).toContainText('Sales, Retail - Amazon');
  await mappings.describeFee('ItemFees', 'Commission');
  await mappings.pick('Account', '_SYS00000000030');
  await mappings.saveRule();
  await expect(mappings.rule('Commission')).toContainText('Amazon Selling Fees');
  await mappings.section('Settlement accounts').click();
  await mappings.pick('Amazon clearing account', '_SYS00000000010');
  await page.getByTestId('role-clearing').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('role-clearing')).toContainText('_SYS00000000010 · Amazon Clearing');
  await page.screenshot({ path: test.info().outputPath('sap-b1-mappings.png') });

  // The review queue: the FBA fee is mapped from there, warnings acknowledged, then approved.
  const review = new ReviewPage(page);
  await review.mapAndAcknowledge(SETTLEMENT, 'FBAPerUnitFulfillmentFee', '_SYS00000000031');
  await review.approveButton(SETTLEMENT).click();
  await review.approveDialog.getByRole('button', { name: 'Approve for posting' }).click();
  await expect(review.status(SETTLEMENT)).toHaveText('approved');

  // Post from the preview: one journal entry, B1's JdtNum shown.
  await posting.settlements.open();
  await posting.settlements.openPreview(SETTLEMENT);
  await posting.postButton.click();
  await expect(posting.confirmation).toContainText(`Post settlement ${SETTLEMENT} to ${NAME}?`);
  await expect(posting.documentsToPost.locator('tbody tr')).toHaveCount(1);
  await posting.confirm();
  await expect(posting.result).toContainText('1 document posted', { timeout: 30_000 });
  const jdtNum = String(emu.journalEntries()[0]!.JdtNum);
  await expect(posting.erpDocumentNumber(KEY)).toHaveText(jdtNum);
  await page.screenshot({ path: test.info().outputPath('sap-b1-posted.png') });

  // Posting again: nothing to post, and B1 still holds one entry.
  await posting.postButton.click();
  await expect(posting.confirmation).toContainText('Every document of this settlement is already in the posting outbox');
  await expect(posting.confirmation.getByRole('button', { name: 'Nothing to post' })).toBeDisabled();
  await posting.confirmation.getByRole('button', { name: "Don't post" }).click();

  // Read back over the Service Layer: one entry by our natural key, balanced, the deposit on clearing.
  const entries = await readBack(`JournalEntries?$filter=${encodeURIComponent(`Reference eq '${KEY}'`)}`);
  expect(entries).toHaveLength(1);
  expect(String(entries[0]!.JdtNum)).toBe(jdtNum);
  const lines = entries[0]!.JournalEntryLines as Array<{ AccountCode: string; Debit: number; Credit: number }>;
  expect(lines.find((l) => l.AccountCode === '_SYS00000000010')).toMatchObject({ Debit: 82, Credit: 0 });
  expect(lines.find((l) => l.AccountCode === '_SYS00000000020')).toMatchObject({ Debit: 0, Credit: 100 });
  expect(lines.reduce((s, l) => s + Math.round(l.Debit * 100) - Math.round(l.Credit * 100), 0)).toBe(0);
  expect(emu.journalEntries()).toHaveLength(1);

  // Amazon re-issues the settlement: version 2 is approved, and posting it first offers to reverse version 1 in B1.
  await posting.settlements.open();
  await posting.settlements.importFile(reissued);
  await expect(page.getByText(`Settlement ${SETTLEMENT} was re-issued with different content: imported as version 2`)).toBeVisible();
  // Its fee types are mapped already: the re-issue is acknowledged after comparing (version 1 only says it is superseded).
  await review.open();
  await review.items.filter({ hasText: 'Re-issued by Amazon' }).click();
  await page.keyboard.press('Enter');
  await review.fix.getByRole('button', { name: /^Acknowledge/ }).click();
  await expect(review.status(SETTLEMENT)).toHaveText('ready');
  await review.approveButton(SETTLEMENT).click();
  await review.approveDialog.getByRole('button', { name: 'Approve for posting' }).click();
  await expect(review.status(SETTLEMENT)).toHaveText('approved');

  await posting.settlements.open();
  await posting.settlements.openPreview(SETTLEMENT, 2);
  await posting.postButton.click();
  await expect(posting.confirmation).toContainText(`Another version of this settlement is posted to ${NAME} (${KEY} as ${jdtNum})`);
  const reverse = posting.confirmation.getByTestId('reverse-superseded');
  await expect(reverse).toHaveText(`Reverse ${jdtNum} in ${NAME}`);
  await page.screenshot({ path: test.info().outputPath('sap-b1-reverse-offer.png') });
  await reverse.click();
  // Reversed in B1, the plan is asked again: version 2's one document can now be posted.
  await expect(posting.confirmation.getByRole('button', { name: 'Post 1 document' })).toBeEnabled({ timeout: 30_000 });
  await posting.confirm();
  await expect(posting.result).toContainText('1 document posted', { timeout: 30_000 });

  // B1 holds the original, its reversing entry, and version 2's entry: the settlement is booked once.
  const [original, reversing, second] = emu.journalEntries();
  expect(emu.journalEntries()).toHaveLength(3);
  expect(reversing).toMatchObject({ Original: original!.JdtNum });
  expect(second).toMatchObject({ Reference: `${SETTLEMENT}-202606-JNL-V2` });
  await expect(posting.erpDocumentNumber(`${SETTLEMENT}-202606-JNL-V2`)).toHaveText(String(second!.JdtNum));
});
