import { expect, test } from './fixtures';
import { DEMO_ORDER_MAPPINGS } from '../support/demo-order-mappings';
import { PostingPage } from './pages/posting-page';
import { SettlementsPage } from './pages/settlements-page';
import { ReviewPage } from './pages/review-page';
import { ShellPage } from './pages/shell-page';

test.use({ demo: true });

// The demo seller's Amazon.de settlement holds two shipped orders; their SKUs and marketplace are mapped for
// the demo Business Central company first, Amazon.com's order is left unmapped.
const DE_ORDERS = ['302-0000003-0000003', '302-0000007-0000007'];
const US_ORDER = '111-0000001-0000001';
// Refunded in the same settlement: its refund becomes a credit memo linked to its invoice.
const REFUNDED = '302-0000007-0000007';
// core/sandbox/amazon/seed-data.ts: the Amazon.de settlement that carries them.
const SETTLEMENT = '24137000002';

test('orders as invoices on the demo: switch Business Central, invoice, find each order with its BC number, a refund\'s credit memo, a refusal with its reason', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await new ShellPage(page).openDemoWorkspace();
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

/** GET over the demo Business Central emulator's own API, as any BC client would (its token with the emulator's own secret). */
async function businessCentral(api: PostingPage) {
  const bc = (await api.api<Array<{ kind: string; settings: Record<string, string> }>>('connections.list', {})).find((c) => c.kind === 'business-central')!;
  const { endpointOverride: url, tenantId, environment, clientId } = bc.settings;
  const form = new URLSearchParams({
    grant_type: 'client_credentials', client_id: clientId!, scope: 'https://api.businesscentral.dynamics.com/.default',
    // core/sandbox/business-central/emulator.ts: the emulator's own secret, not a real credential.
    client_secret: 'emulator-client-secret',
  });
  const token = (await (await fetch(`${url}/${tenantId}/oauth2/v2.0/token`, { method: 'POST', body: form })).json()) as { access_token: string };
  const get = async (path: string) => {
    const res = await fetch(`${url}/v2.0/${tenantId}/${environment}/api/v2.0/${path}`, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(res.status, path).toBe(200);
    return ((await res.json()) as { value: Array<Record<string, unknown>> }).value;
  };
  const [company] = await get('companies');
  return {
    rows: (set: string) => get(`companies(${String(company!.id)})/${set}`),
    /** A person posts the customer payment journal in BC's Cash Receipt Journal page (the API cannot). */
    personPosts: async (code: string) => {
      const res = await fetch(`${url}/_person/customerPaymentJournals/${encodeURIComponent(code)}/post`, { method: 'POST' });
      expect(res.status).toBe(200);
      return (await res.json()) as { applied: number; unapplied: number };
    },
  };
}

const cents = (v: unknown) => Math.round(Number(v ?? 0) * 100);

test('orders as invoices on the demo: the settlement posted, a person posts its payment journal in BC, every invoice is paid and revenue is booked once', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  await new ShellPage(page).openDemoWorkspace();
  const settlements = new SettlementsPage(page);
  await settlements.open();
  await expect(await settlements.importNew()).toHaveText('5 new settlements imported.');
  const api = new PostingPage(page);
  const bcConnection = (await api.api<Array<{ id: string; kind: string }>>('connections.list', {})).find((c) => c.kind === 'business-central')!;
  for (const entry of DEMO_ORDER_MAPPINGS) await api.api('mappings.save', { connectionId: bcConnection.id, entry });

  await new ShellPage(page).open('Orders');
  await page.getByLabel('Order posting for Business Central (demo)').selectOption('orders-as-invoices');
  await page.getByRole('button', { name: 'Invoice new orders now' }).click();
  await expect(page.getByRole('status', { name: 'Invoicing run' })).toContainText('invoices posted 2', { timeout: 60_000 });

  // Approve and post the Amazon.de settlement through the screens.
  const review = new ReviewPage(page);
  await review.open();
  await review.mapAndAcknowledge(SETTLEMENT, 'Subscription Fee', '8410');
  await review.approveButton(SETTLEMENT).click();
  await review.approveDialog.getByRole('button', { name: 'Approve for posting' }).click();
  await expect(review.status(SETTLEMENT)).toHaveText('approved');
  await settlements.open();
  await settlements.openPreview(SETTLEMENT);
  await api.postButton.click();
  await expect(api.documentsToPost.locator('tbody tr')).toHaveCount(1);
  await api.confirm();
  // BC's API cannot post a customer payment journal: the app says the payout waits there for a person.
  await expect(api.result).toContainText('1 document posted, 1 created in the ERP and awaiting posting there', { timeout: 30_000 });
  await page.screenshot({ path: test.info().outputPath('orders-settlement-posted.png') });

  const bc = await businessCentral(api);
  const ofSettlement = async () => (await bc.rows('salesInvoices')).filter((i) => DE_ORDERS.includes(String(i.externalDocumentNumber)));
  const invoices = await ofSettlement();
  const memos = (await bc.rows('salesCreditMemos')).filter((m) => invoices.some((i) => i.id === m.invoiceId));
  expect(invoices).toHaveLength(DE_ORDERS.length);
  expect(memos).toHaveLength(1);
  const open = invoices.reduce((s, i) => s + cents(i.remainingAmount), 0);
  expect(open).toBeGreaterThan(0);

  // A person posts the journal the settlement wrote, in BC's Cash Receipt Journal page.
  const journals = await Promise.all((await bc.rows('customerPaymentJournals')).map(async (j) => ({ journal: j, lines: await bc.rows(`customerPaymentJournals(${String(j.id)})/customerPayments`) })));
  const payout = journals.filter((j) => j.lines.length > 0);
  expect(payout).toHaveLength(1);
  expect(payout[0]!.lines.every((l) => String(l.externalDocumentNumber).startsWith(`${SETTLEMENT}-`))).toBe(true);
  expect(await bc.personPosts(String(payout[0]!.journal.code))).toEqual({ applied: open, unapplied: 0 });
  // The app looks it up in BC on request and records the payout as posted.
  await page.getByRole('button', { name: 'Check Business Central (demo) now' }).click();
  await expect(api.panel.getByText('awaiting ERP')).toHaveCount(0, { timeout: 30_000 });
  await expect(settlements.status(SETTLEMENT)).toHaveAttribute('data-status', 'posted');

  // Every invoice of the settlement is paid: by the payout, or (the refunded one) by its credit memo.
  expect((await ofSettlement()).map((i) => [i.externalDocumentNumber, i.status, i.remainingAmount]).sort())
    .toEqual(DE_ORDERS.map((id) => [id, 'Paid', 0]).sort());

  // Nothing booked twice: revenue is the invoices' (the orders' totals, less the refund's credit memo);
  // the settlement journal and the payout book none on the Income accounts.
  const orders = await api.api<Array<{ orderId: string; amazon: { items: Array<{ quantityOrdered: number; unitPrice: string | null }> } | null }>>('orders.find', { query: '302-' });
  const orderTotals = orders.filter((o) => DE_ORDERS.includes(o.orderId))
    .reduce((s, o) => s + o.amazon!.items.reduce((t, item) => t + item.quantityOrdered * cents(item.unitPrice), 0), 0);
  const invoiced = invoices.reduce((s, i) => s + cents(i.totalAmountExcludingTax), 0);
  const credited = memos.reduce((s, m) => s + cents(m.totalAmountExcludingTax), 0);
  expect(invoiced).toBe(orderTotals);
  const income = new Set((await bc.rows('accounts')).filter((a) => a.category === 'Income').map((a) => a.number));
  const settlementEntries = (await bc.rows('generalLedgerEntries')).filter((e) => String(e.documentNumber).startsWith(`${SETTLEMENT}-`));
  expect(settlementEntries.length).toBeGreaterThan(0);
  const incomeFromSettlement = settlementEntries.filter((e) => income.has(e.accountNumber)).reduce((s, e) => s + cents(e.creditAmount) - cents(e.debitAmount), 0);
  expect(incomeFromSettlement).toBe(0);
  expect(invoiced - credited + incomeFromSettlement).toBe(orderTotals - credited);
  expect(open).toBe(orderTotals - credited);
});

test('summary invoices on the demo: Business Central gets one invoice per marketplace per day, and revenue is the orders\' totals', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  await new ShellPage(page).openDemoWorkspace();
  const settlements = new SettlementsPage(page);
  await settlements.open();
  await expect(await settlements.importNew()).toHaveText('5 new settlements imported.');
  const api = new PostingPage(page);
  const bcConnection = (await api.api<Array<{ id: string; kind: string }>>('connections.list', {})).find((c) => c.kind === 'business-central')!;
  for (const entry of DEMO_ORDER_MAPPINGS) await api.api('mappings.save', { connectionId: bcConnection.id, entry });

  await new ShellPage(page).open('Orders');
  await page.getByLabel('Order posting for Business Central (demo)').selectOption('orders-as-invoices');
  const grouping = page.getByLabel('Invoices for Business Central (demo)');
  await expect(grouping).toHaveValue('per-order');
  await grouping.selectOption('daily-summary');
  await expect(page.getByRole('status', { name: 'Invoice grouping' })).toContainText('one summary invoice per marketplace per day, made once the day is read to its end, from the first day not yet invoiced');
  await page.screenshot({ path: test.info().outputPath('orders-summary-chosen.png') });
  await page.getByRole('button', { name: 'Invoice new orders now' }).click();
  await expect(page.getByRole('status', { name: 'Invoicing run' })).toContainText('invoices posted 2', { timeout: 60_000 });

  // Each Amazon.de order's row names the summary invoice of its day, posted in BC.
  const table = page.getByRole('table', { name: 'Orders' });
  for (const id of DE_ORDERS) {
    const row = table.locator(`tr[data-order="${id}"]`);
    await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'invoiced');
    await expect(row.getByTestId('erp-document')).toHaveText(/^PS-INV\d+/);
  }
  await table.locator(`tr[data-order="${DE_ORDERS[0]}"]`).click();
  await expect(page.getByRole('region', { name: `Order ${DE_ORDERS[0]}` }).getByRole('table', { name: 'ERP documents' })).toContainText(/Sales invoice\s*Business Central \(demo\)\s*PS-INV\d+\s*posted/);
  await page.screenshot({ path: test.info().outputPath('orders-summary-invoiced.png') });

  const bc = await businessCentral(api);
  const summaries = (await bc.rows('salesInvoices')).filter((i) => String(i.externalDocumentNumber).startsWith('AMZ-DE-'));
  // The two orders shipped on two days: one invoice per marketplace-day, none per order.
  const days = summaries.map((i) => String(i.invoiceDate));
  expect(summaries.map((i) => String(i.externalDocumentNumber))).toEqual(days.map((d) => `AMZ-DE-${d.replace(/-/g, '')}-EUR-V1`));
  expect(new Set(days).size).toBe(summaries.length);
  expect(summaries).toHaveLength(DE_ORDERS.length);
  expect((await bc.rows('salesInvoices')).filter((i) => DE_ORDERS.includes(String(i.externalDocumentNumber)))).toEqual([]);

  // Revenue booked is the orders' totals, to the cent.
  const orders = await api.api<Array<{ orderId: string; amazon: { items: Array<{ quantityOrdered: number; unitPrice: string | null }> } | null }>>('orders.find', { query: '302-' });
  const orderTotals = orders.filter((o) => DE_ORDERS.includes(o.orderId))
    .reduce((s, o) => s + o.amazon!.items.reduce((t, item) => t + item.quantityOrdered * cents(item.unitPrice), 0), 0);
  expect(summaries.reduce((s, i) => s + cents(i.totalAmountExcludingTax), 0)).toBe(orderTotals);

  // Run again: nothing more in BC.
  await page.getByRole('button', { name: 'Invoice new orders now' }).click();
  await expect(page.getByRole('status', { name: 'Invoicing run' })).toContainText('Invoicing finished', { timeout: 60_000 });
  expect((await bc.rows('salesInvoices')).filter((i) => String(i.externalDocumentNumber).startsWith('AMZ-DE-'))).toHaveLength(summaries.length);
});

test('order charges on screen: reached from Mappings, an account or tax code Business Central lacks refused, ones it has saved with their names, no freight codes to offer', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  await new ShellPage(page).openDemoWorkspace();
  const api = new PostingPage(page);
  const bcConnection = (await api.api<Array<{ id: string; kind: string }>>('connections.list', {})).find((c) => c.kind === 'business-central')!;
  type Listed = Array<{ code: string; name: string; postable: boolean }>;
  const reference = await api.api<{ accounts: Listed; taxCodes: Listed }>('mappings.reference', { connectionId: bcConnection.id });
  const account = reference.accounts.find((a) => a.postable)!;
  const taxGroup = reference.taxCodes.find((t) => t.postable)!;

  await new ShellPage(page).open('Mappings');
  await page.getByLabel('ERP connection').first().selectOption(bcConnection.id).catch(() => undefined);
  await page.getByRole('button', { name: 'Order charges…' }).click();
  const panel = page.getByRole('region', { name: 'Order charges for Business Central (demo)' });
  await expect(panel).toBeVisible();
  await panel.getByLabel('Books to').selectOption('account');
  await panel.getByLabel('Target').fill('NO-SUCH-ACCOUNT');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel.getByRole('alert')).toContainText('Business Central (demo) has no G/L account NO-SUCH-ACCOUNT');
  await panel.getByLabel('Target').fill(account.code);
  await expect(panel).toContainText(account.name);
  await panel.getByRole('button', { name: 'Save' }).click();
  const row = panel.getByRole('table', { name: 'Order charge mappings' }).locator('tr[data-charge="shipping|"]');
  await expect(row).toContainText(account.name);
  await expect(row).toContainText('Every marketplace');

  // BC has no freight codes: the editor says so rather than offering a list.
  await panel.getByLabel('Books to').selectOption('freight');
  await expect(panel).toContainText('Business Central (demo) has no freight codes to choose from');
  // Tax maps to one of BC's tax groups, offered with its name; one BC lacks is refused.
  await panel.getByLabel('Charge', { exact: true }).selectOption('tax');
  await panel.getByLabel('Target').fill('NO-SUCH-TAX');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel.getByRole('alert')).toContainText('Business Central (demo) has no tax code NO-SUCH-TAX');
  await panel.getByLabel('Target').fill(taxGroup.code);
  await expect(panel).toContainText(taxGroup.name);
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel.getByRole('table', { name: 'Order charge mappings' }).locator('tr[data-charge="tax|"]')).toContainText(taxGroup.name);
  await page.screenshot({ path: test.info().outputPath('order-charges.png') });
});
