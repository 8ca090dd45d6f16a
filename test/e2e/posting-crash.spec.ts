// The program is killed (SIGKILL: no shutdown code runs) while Business Central is still working on a
// journal post it was sent. BC finishes that post after the program is gone, so the workspace says
// "being sent" while the ERP already has it: the hardest case for "never posted twice". The program is
// started again on the same workspace, the accountant sees the unfinished posting and finishes it,
// and the emulator holds exactly one posted journal per natural key.
import { writeFileSync } from 'node:fs';
import type { BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { v2File } from '../support/settlement-files';
import { expect, test } from './fixtures';
import { PostingPage } from './pages/posting-page';
import { approveSettlement, connectBusinessCentral, mapSampleFees, startUsCompany } from './pages/posting-setup';

const SETTLEMENT = '28471005555';
// A settlement across the end of June: one journal for June (carried forward) and one for July (the deposit).
const KEYS = [`${SETTLEMENT}-202606-JNL-V1`, `${SETTLEMENT}-202607-JNL-V1`];

let bc: BusinessCentralEmulator;
test.beforeAll(async () => {
  bc = await startUsCompany();
});
test.afterAll(async () => {
  await bc.stop();
});

/** Polls the emulator (the test's own process, which outlives the killed app) until `ready` holds. */
async function until(ready: () => boolean, what: string, ms = 20_000) {
  const end = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > end) throw new Error(`Waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('killed while Business Central posts a journal, restarted, resumed: one posted journal per natural key', async ({ app }) => {
  let page = app.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  let ui = new PostingPage(page);
  const file = test.info().outputPath('settlement-across-month-end.tsv');
  writeFileSync(file, v2File(SETTLEMENT, '85.00', [
    { t: 'Order', a: 'ItemPrice', d: 'Principal', amount: '100.00', posted: '2026-06-29' },
    { t: 'Order', a: 'ItemFees', d: 'Commission', amount: '-15.00', posted: '2026-07-02' },
  ], { start: '2026-06-25 00:00:00 UTC', end: '2026-07-08 23:59:59 UTC', deposit: '2026-07-10 00:00:00 UTC' }));
  await ui.settlements.open();
  await ui.settlements.importFile(file);
  await expect(page.getByText(`Imported settlement ${SETTLEMENT}: 2 lines.`)).toBeVisible();
  const bcId = await connectBusinessCentral(ui, bc, 'Business Central US');
  await mapSampleFees(ui, bcId);
  expect((await approveSettlement(ui, SETTLEMENT, bcId)).blocking).toEqual([]);

  await page.reload();
  await ui.settlements.openPreview(SETTLEMENT);
  await expect(ui.panel).toContainText('Business Central US');
  await expect(ui.postButton).toBeEnabled();
  await ui.postButton.click();
  await expect(ui.documentsToPost.locator('tbody tr')).toHaveCount(2);
  // BC takes 3 s over the first post action; the program dies while it waits for the answer.
  const postArrived = bc.faults.delayNext(1, 3_000, { path: /Microsoft\.NAV\.post/ });
  await ui.confirm();
  await postArrived;
  expect(bc.rows('journalLines').length).toBeGreaterThan(0);
  await app.crash();
  expect(bc.rows('generalLedgerEntries')).toHaveLength(0);
  // Business Central finishes the post it was sent; nobody hears the answer.
  await until(() => bc.rows('generalLedgerEntries').length > 0, 'Business Central to finish the post it was sent');
  const postedBeforeRestart = new Set(bc.rows('generalLedgerEntries').map((e) => e.externalDocumentNumber ?? e.documentNumber));

  page = await app.relaunch();
  ui = new PostingPage(page);
  await ui.settlements.open();
  await ui.settlements.openPreview(SETTLEMENT);
  const unfinished = page.getByTestId('posting-unfinished');
  await expect(unfinished).toContainText('2 documents are still waiting (one was being sent when the run stopped and may already be in the ERP)');
  await expect(ui.document(KEYS[0]!)).toHaveAttribute('data-state', 'posting');
  await page.screenshot({ path: test.info().outputPath('posting-after-crash.png') });

  await ui.postButton.click();
  await expect(ui.documentsToPost.locator(`tr[data-key="${KEYS[0]}"]`)).toContainText('interrupted, looked up first');
  await expect(ui.confirmation.getByRole('button', { name: 'Post 2 documents' })).toBeEnabled();
  await ui.confirm();
  await expect(ui.result).toContainText('2 documents posted, 1 found already in the ERP and not posted again', { timeout: 30_000 });
  await expect(unfinished).toHaveCount(0);
  for (const key of KEYS) await expect(ui.document(key)).toHaveAttribute('data-state', 'posted');
  await page.screenshot({ path: test.info().outputPath('posting-resumed.png') });

  // In Business Central: each natural key posted once, balanced, the carried-forward account back to zero.
  const entries = bc.rows('generalLedgerEntries');
  const byDocument = new Map<string, number>();
  for (const e of entries) byDocument.set(String(e.documentNumber), (byDocument.get(String(e.documentNumber)) ?? 0) + 1);
  expect(byDocument.size).toBe(2);
  expect(bc.rows('journals')).toHaveLength(2);
  expect(bc.rows('journalLines')).toHaveLength(0);
  const sum = (f: string) => entries.reduce((t, e) => t + Math.round(Number(e[f]) * 100), 0);
  expect(sum('debitAmount')).toBe(sum('creditAmount'));
  const cf = entries.filter((e) => e.accountNumber === '2940');
  expect(cf.reduce((t, e) => t + Math.round(Number(e.debitAmount) * 100) - Math.round(Number(e.creditAmount) * 100), 0)).toBe(0);
  expect(postedBeforeRestart.size).toBe(1);
});
