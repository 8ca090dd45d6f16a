import { expect, test } from './fixtures';
import { PostingPage } from './pages/posting-page';
import { ShellPage } from './pages/shell-page';

test.use({ demo: true });

test('a demo return with an unmapped reason waits under Needs attention, is mapped, retried once and leaves the list', async ({ app }) => {
  test.setTimeout(120_000);
  const page = app.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  const shell = new ShellPage(page);
  const api = new PostingPage(page);

  // The returns job under Settings, on the demo's Amazon connection; the demo's red mug came back damaged by the buyer.
  await shell.open('Settings');
  const form = page.getByRole('form', { name: 'New sync job' });
  await form.getByRole('combobox', { name: 'Job' }).selectOption({ label: 'FBA customer returns' });
  await form.getByRole('combobox', { name: 'Connection' }).selectOption({ label: 'Amazon (demo)' });
  await form.getByRole('button', { name: 'Add job' }).click();
  const jobs = page.getByRole('table', { name: 'Sync jobs' });
  await jobs.getByRole('row', { name: /FBA returns/ }).getByRole('button', { name: 'Run now' }).click();
  await expect(jobs.getByRole('row', { name: /FBA returns/ })).toContainText('succeeded', { timeout: 30_000 });

  // The Dashboard counts it as failed in the returns flow and links to it.
  await shell.open('Dashboard');
  const flow = page.getByRole('table', { name: 'Flows' }).getByRole('row', { name: /FBA customer returns/ });
  await expect(flow).toContainText('succeeded');
  await page.screenshot({ path: test.info().outputPath('dashboard-flows.png') });
  await flow.getByRole('button', { name: /1 failed in FBA customer returns/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Needs attention' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Flow' })).toHaveValue('fba-returns');

  const held = page.getByRole('table', { name: 'Held records' });
  const row = held.getByRole('row', { name: /MUG-RED/ });
  await expect(row).toContainText('Return of 1 × MUG-RED (B000MUG002) on order 111-0000002-0000002, licence plate LPNRR000000001');
  await expect(row).toContainText('Amazon\'s return reason "DAMAGED_BY_CUSTOMER" has no ERP return reason code.');
  await expect(row).toContainText('Map Amazon return reason "DAMAGED_BY_CUSTOMER" to an ERP return reason code');
  await page.screenshot({ path: test.info().outputPath('needs-attention.png') });

  // Retried before the fix it stays, with the same words.
  await row.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByTestId('retry-outcome')).toContainText('failed again');
  await expect(held.getByRole('row')).toHaveCount(2);

  await row.getByRole('textbox', { name: /ERP reason code for Amazon's DAMAGED_BY_CUSTOMER/ }).fill('DAMAGED');
  await row.getByRole('button', { name: 'Map reason' }).click();
  await expect(row).toContainText('Mapped to DAMAGED: retry it now.');
  await row.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByTestId('retry-outcome')).toContainText('went through and left the list');
  await expect(page.getByText(/Nothing needs attention in this flow/)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('needs-attention-empty.png') });

  // Once: the return is ready with the ERP code, one retry recorded as resolved, and nothing held.
  expect(await api.api('attention.list', {})).toEqual([]);
  const flows = await api.api<Array<{ flow: string; moved: number; failed: number }>>('attention.flows', {});
  expect(flows).toEqual(expect.arrayContaining([expect.objectContaining({ flow: 'fba-returns', moved: 1, failed: 0 })]));
});
