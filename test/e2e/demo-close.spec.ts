// The month-end flow on the built-in demo, through the screens only: import the demo settlements from
// the Amazon emulator, meet the blocking item of the fee type the starter mappings leave unmapped, map it
// from the review queue, approve, post to the demo Business Central company, post again (nothing new in
// Business Central), and export the reconciliation as XLSX. Business Central is asked over its own API.
import { expect, test } from './fixtures';
import { ShellPage } from './pages/shell-page';
import { PostingPage } from './pages/posting-page';
import { ReportsPage } from './pages/reports-page';
import { ReviewPage } from './pages/review-page';
import { readWorkbook } from './pages/xlsx-sheets';

test.use({ demo: true });

// core/sandbox/amazon/seed-data.ts: the Amazon.de settlement, in EUR like the demo company's books.
const SETTLEMENT = '24137000002';
const KEY_PREFIX = `${SETTLEMENT}-`;

interface Connection { id: string; kind: string; settings: Record<string, unknown> }

/** The demo Business Central emulator's posted G/L entries, read through its API as any client would. */
async function ledgerEntries(ui: PostingPage): Promise<Array<Record<string, unknown>>> {
  const bc = (await ui.api<Connection[]>('connections.list', {})).find((c) => c.kind === 'business-central')!;
  const { endpointOverride: url, tenantId, environment, clientId } = bc.settings as Record<string, string>;
  const form = new URLSearchParams({
    grant_type: 'client_credentials', client_id: clientId!, scope: 'https://api.businesscentral.dynamics.com/.default',
    // The demo emulator's own secret (core/sandbox/business-central/emulator.ts), not a real credential.
    client_secret: 'emulator-client-secret',
  });
  const token = (await (await fetch(`${url}/${tenantId}/oauth2/v2.0/token`, { method: 'POST', body: form })).json()) as { access_token: string };
  const get = async (path: string) => {
    const res = await fetch(`${url}/v2.0/${tenantId}/${environment}/api/v2.0/${path}`, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(res.status, path).toBe(200);
    return ((await res.json()) as { value: Array<Record<string, unknown>> }).value;
  };
  const [company] = await get('companies');
  return get(`companies(${String(company!.id)})/generalLedgerEntries`);
}

/** Import the demo settlements, map the blocking subscription fee from the queue, acknowledge warnings, approve. */
async function importMapAndApprove(posting: PostingPage, review: ReviewPage): Promise<void> {
  const page = posting.page;
  const settlements = posting.settlements;
  await new ShellPage(page).openDemoWorkspace();
  await settlements.open();
  await expect(await settlements.importNew()).toHaveText('5 new settlements imported.');
  await expect(settlements.status(SETTLEMENT)).toHaveAttribute('data-status', 'needs-review');

  // The review queue: the subscription fee has no account; it blocks, with its line and amount.
  await review.open();
  const item = review.items.filter({ hasText: 'Subscription Fee' }).filter({ hasText: SETTLEMENT });
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-severity', 'blocking');
  await expect(item).toContainText('-€39.00');
  // Mapped from the queue; warnings of this settlement, if any, are acknowledged in place; then it can be approved.
  await review.mapAndAcknowledge(SETTLEMENT, 'Subscription Fee', '8410');
  await review.approveButton(SETTLEMENT).click();
  await review.approveDialog.getByRole('button', { name: 'Approve for posting' }).click();
  await expect(review.status(SETTLEMENT)).toHaveText('approved');
}

test('month-end on the demo: import, fix the blocking fee type in the queue, approve, post once, export the reconciliation', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  const posting = new PostingPage(page);
  const settlements = posting.settlements;
  const review = new ReviewPage(page);
  // The app's clock starts mid-June (fixtures.ts): the demo's EUR settlement lies inside one month.
  await importMapAndApprove(posting, review);

  // Post from the preview: one document, its ERP number shown.
  await settlements.open();
  await settlements.openPreview(SETTLEMENT);
  await posting.postButton.click();
  await expect(posting.documentsToPost.locator('tbody tr')).toHaveCount(1);
  const key = (await posting.documentsToPost.locator('tbody tr').first().getAttribute('data-key'))!;
  expect(key.startsWith(KEY_PREFIX)).toBe(true);
  await posting.confirm();
  await expect(posting.result).toContainText('1 document posted', { timeout: 30_000 });
  const erpNumber = (await posting.erpDocumentNumber(key).textContent())!.trim();
  expect(erpNumber).toMatch(new RegExp(`^${SETTLEMENT}-`));
  // The list follows without a reload.
  await expect(settlements.status(SETTLEMENT)).toHaveAttribute('data-status', 'posted');
  await page.screenshot({ path: test.info().outputPath('demo-posted.png') });

  const booked = (await ledgerEntries(posting)).filter((e) => e.documentNumber === erpNumber);
  expect(booked.length).toBeGreaterThan(0);
  const cents = (v: unknown) => Math.round(Number(v) * 100);
  expect(booked.reduce((s, e) => s + cents(e.debitAmount), 0)).toBe(booked.reduce((s, e) => s + cents(e.creditAmount), 0));
  // The subscription fee, mapped from the queue, is booked on 8410 with the rest of the selling fees.
  expect(booked.some((e) => e.accountNumber === '8410')).toBe(true);
  const entriesAfterPosting = (await ledgerEntries(posting)).length;

  // Posting again sends nothing: the confirmation says so and Business Central holds the same entries.
  await posting.postButton.click();
  await expect(posting.confirmation).toContainText('Every document of this settlement is already in the posting outbox');
  await expect(posting.confirmation.getByRole('button', { name: 'Nothing to post' })).toBeDisabled();
  await posting.confirmation.getByRole('button', { name: "Don't post" }).click();
  const all = await ledgerEntries(posting);
  expect(all).toHaveLength(entriesAfterPosting);
  expect(all.filter((e) => e.documentNumber === erpNumber)).toHaveLength(booked.length);

  // The reconciliation for the close binder, as XLSX.
  const reports = new ReportsPage(page);
  await reports.open();
  await reports.chooseSettlement(SETTLEMENT);
  await expect(reports.erpDocumentNumbers(SETTLEMENT)).toHaveText([erpNumber]);
  const { sheet } = await readWorkbook(await (await reports.export('XLSX')).path());
  const [summary] = sheet('Settlements');
  expect(summary!['Settlement']!.value).toBe(SETTLEMENT);
  expect(summary!['Deposit']!.value).toBe(849.25);
  expect(summary!['Tied out']!.value).toBe('yes');
  expect(summary!['ERP documents']!.value).toBe(erpNumber);
  const clearing = sheet('Accounts').filter((a) => a['Account']!.value === '2920');
  const bookedClearing = booked.filter((e) => e.accountNumber === '2920');
  expect(clearing.reduce((s, a) => s + cents(a['Debit']!.value) - cents(a['Credit']!.value), 0))
    .toBe(bookedClearing.reduce((s, e) => s + cents(e.debitAmount) - cents(e.creditAmount), 0));
  await page.screenshot({ path: test.info().outputPath('demo-report.png') });
});

test.describe('a demo settlement across a month end', () => {
  // The clock starts on 5 July: the demo's settlements run from 18 June to 2 July, so the EUR one is split
  // at the end of June (its reserve line was posted on 1 July), as it would be on the 1st to the 14th of any month.
  test.use({ clockStart: '2026-07-05T12:00:00Z' });

  test('posts one document per month, both in Business Central, balanced through the carried-forward account', async ({ app }) => {
    const { page } = app;
    await page.setViewportSize({ width: 1280, height: 800 });
    const posting = new PostingPage(page);
    const review = new ReviewPage(page);
    await importMapAndApprove(posting, review);

    await posting.settlements.open();
    await posting.settlements.openPreview(SETTLEMENT);
    await posting.postButton.click();
    const rows = posting.documentsToPost.locator('tbody tr');
    await expect(rows).toHaveCount(2);
    const keys = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key')));
    expect(keys).toEqual([`${SETTLEMENT}-202606-JNL-V1`, `${SETTLEMENT}-202607-JNL-V1`]);
    await posting.confirm();
    await expect(posting.result).toContainText('2 documents posted', { timeout: 30_000 });
    await page.screenshot({ path: test.info().outputPath('demo-month-end-split.png') });

    const numbers = await Promise.all(keys.map(async (k) => (await posting.erpDocumentNumber(k!).textContent())!.trim()));
    const entries = await ledgerEntries(posting);
    const cents = (v: unknown) => Math.round(Number(v) * 100);
    for (const n of numbers) {
      const doc = entries.filter((e) => e.documentNumber === n);
      expect(doc.length, n).toBeGreaterThan(0);
      expect(doc.reduce((s, e) => s + cents(e.debitAmount) - cents(e.creditAmount), 0), n).toBe(0);
    }
    // June holds the sales and fees; July only the reserve moved on 1 July. Together they still hit
    // the clearing account with the deposit.
    const june = entries.filter((e) => e.documentNumber === numbers[0]);
    const july = entries.filter((e) => e.documentNumber === numbers[1]);
    expect(june.every((e) => String(e.postingDate).startsWith('2026-06'))).toBe(true);
    expect(july.every((e) => String(e.postingDate).startsWith('2026-07'))).toBe(true);
    expect(july.some((e) => e.accountNumber === '2930')).toBe(true);
    const clearing = entries.filter((e) => numbers.includes(String(e.documentNumber)) && e.accountNumber === '2920');
    expect(clearing.reduce((s, e) => s + cents(e.debitAmount) - cents(e.creditAmount), 0)).toBe(84_925);
  });
});
