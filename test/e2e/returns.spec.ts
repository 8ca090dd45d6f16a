import { expect, test } from './fixtures';
import { DEMO_ORDER_MAPPINGS } from '../support/demo-order-mappings';
import { PostingPage } from './pages/posting-page';
import { SettlementsPage } from './pages/settlements-page';
import { ShellPage } from './pages/shell-page';

test.use({ demo: true });

// The demo's green mug order is invoiced in Business Central (Orders as invoices); one of its mugs came back
// damaged by the buyer, as did the US red mug, whose order no ERP connection invoices.
const DE_ORDER = '302-0000003-0000003';

interface ReturnSettings { connectionId: string; name: string; document: string | null; sent: number; recent: Array<{ orderId: string; sku: string; erpDocumentNumber: string }> }

test('demo returns with an unmapped reason wait under Needs attention, are mapped and retried, and the invoiced order\'s return is one credit memo in Business Central', async ({ app }) => {
  test.setTimeout(180_000);
  const page = app.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  const shell = new ShellPage(page);
  const api = new PostingPage(page);

  // Orders as invoices for the demo Business Central company, so the German order has a posted invoice.
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await new ShellPage(page).openDemoWorkspace();
  const settlements = new SettlementsPage(page);
  await settlements.open();
  await expect(await settlements.importNew()).toHaveText('5 new settlements imported.');
  const bc = (await api.api<Array<{ id: string; kind: string }>>('connections.list', {})).find((c) => c.kind === 'business-central')!;
  for (const entry of DEMO_ORDER_MAPPINGS) await api.api('mappings.save', { connectionId: bc.id, entry });
  await shell.open('Orders');
  await page.getByLabel('Order posting for Business Central (demo)').selectOption('orders-as-invoices');
  await page.getByRole('button', { name: 'Invoice new orders now' }).click();
  await expect(page.getByRole('status', { name: 'Invoicing run' })).toContainText('invoices posted 2', { timeout: 60_000 });

  // Returns into Business Central as credit notes: the only document its API offers.
  await shell.open('Needs attention');
  const choice = page.getByRole('combobox', { name: 'Returns into Business Central (demo)' });
  await expect(choice.locator('option')).toHaveText(['Nothing: returns stay in ml-connector', 'A credit note linked to the order\'s invoice']);
  await choice.selectOption({ label: 'A credit note linked to the order\'s invoice' });
  // Each ERP connection that takes returns has its own choice (SAP Business One's beside it).
  const bcReturns = page.getByRole('group', { name: 'FBA returns into Business Central (demo)' });
  await expect(bcReturns.getByTestId('return-documents-sent')).toContainText('0 returns sent · its return reason codes: DAMAGED, DEFECTIVE, UNWANTED, WRONG');

  // The returns job under Settings, on the demo's Amazon connection.
  await shell.open('Settings');
  const form = page.getByRole('form', { name: 'New sync job' });
  await form.getByRole('combobox', { name: 'Job' }).selectOption({ label: 'FBA customer returns' });
  await form.getByRole('combobox', { name: 'Connection' }).selectOption({ label: 'Amazon (demo)' });
  await form.getByRole('button', { name: 'Add job' }).click();
  const jobs = page.getByRole('table', { name: 'Sync jobs' });
  await jobs.getByRole('row', { name: /FBA returns/ }).getByRole('button', { name: 'Run now' }).click();
  await expect(jobs.getByRole('row', { name: /FBA returns/ })).toContainText('succeeded', { timeout: 30_000 });

  // The Dashboard counts both as failed in the returns flow and links to them.
  await shell.open('Dashboard');
  const flow = page.getByRole('table', { name: 'Flows' }).getByRole('row', { name: /FBA customer returns/ });
  await expect(flow).toContainText('succeeded');
  // Orders moved by the invoicing run link to the Orders screen.
  await expect(page.getByRole('button', { name: '2 moved by Amazon orders as ERP invoices: open its screen' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('dashboard-flows.png') });
  await flow.getByRole('button', { name: /2 failed in FBA customer returns/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Needs attention' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Flow' })).toHaveValue('fba-returns');

  const held = page.getByRole('table', { name: 'Held records' });
  const red = held.getByRole('row', { name: /MUG-RED/ });
  const green = held.getByRole('row', { name: /TASSE-GRÜN/ });
  await expect(red).toContainText('Return of 1 × MUG-RED (B000MUG002) on order 111-0000002-0000002, licence plate LPNRR000000001');
  await expect(green).toContainText(`Return of 1 × TASSE-GRÜN (B000TASSE01) on order ${DE_ORDER}, licence plate LPNRR000000002`);
  await expect(green).toContainText('Amazon\'s return reason "DAMAGED_BY_CUSTOMER" has no ERP return reason code.');
  await expect(green).toContainText('Map Amazon return reason "DAMAGED_BY_CUSTOMER" to an ERP return reason code');
  await page.screenshot({ path: test.info().outputPath('needs-attention.png') });

  // Retried before the fix it stays, with the same words.
  await green.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByTestId('retry-outcome')).toContainText('failed again');
  await expect(held.getByRole('row')).toHaveCount(3);

  // A code Business Central does not have is refused with its list; its own code is taken.
  // The ERP's codes are offered as suggestions (a combobox over the typed code).
  const code = green.getByRole('combobox', { name: /ERP reason code for Amazon's DAMAGED_BY_CUSTOMER/ });
  await code.fill('BROKEN');
  await green.getByRole('button', { name: 'Map reason' }).click();
  await expect(green).toContainText('Business Central (demo) has no return reason code "BROKEN"; it has DAMAGED, DEFECTIVE, UNWANTED, WRONG.');
  await code.fill('DAMAGED');
  await green.getByRole('button', { name: 'Map reason' }).click();
  await expect(green).toContainText('Mapped to DAMAGED: retry it now.');

  // Retry all: the German return becomes a credit memo; the US one, whose order has no invoice, waits without failing.
  await page.getByRole('button', { name: 'Retry all of this flow' }).click();
  await expect(page.getByTestId('retry-all-outcome')).toContainText('2 of 2 went through; 0 failed again.');
  await expect(page.getByText(/Nothing needs attention in this flow/)).toBeVisible();
  await expect(bcReturns.getByTestId('return-documents-recent')).toHaveText(new RegExp(`^Latest: PS-CR\\d+ \\(order ${DE_ORDER}, TASSE-GRÜN\\)$`));
  await page.screenshot({ path: test.info().outputPath('needs-attention-empty.png') });

  // Once: another run of the job and another retry of everything add nothing.
  await shell.open('Settings');
  await jobs.getByRole('row', { name: /FBA returns/ }).getByRole('button', { name: 'Run now' }).click();
  await expect(jobs.getByRole('row', { name: /FBA returns/ })).toContainText('succeeded', { timeout: 30_000 });
  expect(await api.api('attention.retryAll', { flow: 'fba-returns' })).toEqual([]);
  const setting = (await api.api<ReturnSettings[]>('returns.erpSettings', {})).find((s) => s.connectionId === bc.id);
  expect(setting).toMatchObject({ connectionId: bc.id, document: 'credit-note', sent: 1 });
  expect(setting!.recent).toEqual([{ orderId: DE_ORDER, sku: 'TASSE-GRÜN', erpDocumentNumber: expect.stringMatching(/^PS-CR\d+$/) }]);
  expect(await api.api('attention.list', { flow: 'fba-returns' })).toEqual([]);
  // The US order the invoicing run refused waits in its own flow, with what to map.
  expect(await api.api('attention.list', {})).toEqual([expect.objectContaining({ flow: 'order-invoices', fix: 'Map marketplace Amazon.com to a customer and SKU MUG-BLUE to an item under Mappings, then retry.' })]);
  const flows = await api.api<Array<{ flow: string; moved: number; failed: number }>>('attention.flows', {});
  expect(flows).toEqual(expect.arrayContaining([expect.objectContaining({ flow: 'fba-returns', moved: 2, failed: 0 })]));
});
