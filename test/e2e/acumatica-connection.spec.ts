// Posts the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read in place from
// ../shared/reference at test time (never copied into this repository).
import { startAcumaticaEmulator, type AcumaticaEmulator } from '../../core/sandbox/acumatica/emulator';
import { expect, test } from './fixtures';
import { ConnectionsPage } from './pages/connections-page';
import { MappingsPage } from './pages/mappings-page';
import { PostingPage } from './pages/posting-page';
import { approveSettlement } from './pages/posting-setup';
import { SAMPLE } from '../support/settlement-files';

const SETTLEMENT = '28471003921';
const KEY = `${SETTLEMENT}-202606-JNL-V1`;
const CLIENT_ID = '3F2504E0-4F89-11D3-9A0C-0305E82C3301@Company';

let emu: AcumaticaEmulator;
test.beforeAll(async () => {
  emu = await startAcumaticaEmulator();
});
test.afterAll(() => emu.stop());

const notice = (ui: ConnectionsPage) => ui.page.getByRole('alert').or(ui.page.locator('[aria-live="polite"]'));

test('an Acumatica connection is added with either sign-in, tested against the instance, and refused for a version it does not serve', async ({ app }) => {
  test.setTimeout(120_000);
  const ui = new ConnectionsPage(app.page);
  await app.page.setViewportSize({ width: 1280, height: 900 });
  await ui.open();

  // Cookie sign-in: no connected application, so no client id or secret is asked for.
  await ui.startAdding('Acumatica');
  await ui.dialog.getByLabel('Sign in with').selectOption({ label: 'User and password, cookie session (no connected application)' });
  await expect(ui.dialog.getByLabel('Client id')).toHaveCount(0);
  await ui.fill({ Name: 'Acumatica cookie', 'Instance URL': emu.url, Tenant: 'Company', 'Endpoint version': '24.200.001', Branch: 'HEADOFFICE', 'User name': 'admin', Password: 'acu-password' });
  await app.page.screenshot({ path: test.info().outputPath('acumatica-connection-form.png') });
  await ui.save();
  const cookieRow = ui.row('Acumatica cookie');
  await expect(cookieRow).toContainText('Password: set');
  await cookieRow.getByRole('button', { name: 'Test' }).click();
  await expect(notice(ui)).toContainText('Connected to Company, branch HEADOFFICE as admin@Company.');
  // Test connection signs its cookie session out again: the licence seat is free.
  await expect.poll(() => emu.sessions()).toBe(0);

  // OAuth 2.0 password grant through a connected application.
  await ui.startAdding('Acumatica');
  await ui.dialog.getByLabel('Sign in with').selectOption({ label: 'Connected application, user and password (OAuth 2.0)' });
  await ui.fill({
    Name: 'Acumatica OAuth', 'Instance URL': emu.url, Tenant: 'Company', 'Endpoint version': '23.200.001', Branch: 'HEADOFFICE',
    'Client id': CLIENT_ID, 'User name': 'admin', 'Client secret': 'acu-secret', Password: 'acu-password',
  });
  await ui.save();
  const oauthRow = ui.row('Acumatica OAuth');
  await expect(oauthRow).toContainText('Client secret: set');
  await oauthRow.getByRole('button', { name: 'Test' }).click();
  await expect(notice(ui)).toContainText('Connected to Company, branch HEADOFFICE as admin@Company.');
  await expect(notice(ui)).toContainText('Default/23.200.001');

  // A version the instance lacks is refused in plain words, naming the ones it serves.
  await ui.startAdding('Acumatica');
  await ui.dialog.getByLabel('Sign in with').selectOption({ label: 'Connected application, user and password (OAuth 2.0)' });
  await ui.fill({
    Name: 'Acumatica old version', 'Instance URL': emu.url, Tenant: 'Company', 'Endpoint version': '22.200.001', Branch: 'HEADOFFICE',
    'Client id': CLIENT_ID, 'User name': 'admin', 'Client secret': 'acu-secret', Password: 'acu-password',
  });
  await ui.save();
  await ui.row('Acumatica old version').getByRole('button', { name: 'Test' }).click();
  await expect(notice(ui)).toContainText('does not serve the Default endpoint in version 22.200.001; it serves 23.200.001, 24.200.001');
  await app.page.screenshot({ path: test.info().outputPath('acumatica-connections.png'), fullPage: true });
});

test('a settlement is mapped with subaccounts, approved and posted to Acumatica as one released batch, read back over its API', async ({ app }) => {
  test.setTimeout(180_000);
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 900 });
  const post = new PostingPage(page);
  await post.settlements.open();
  await post.settlements.importFile(SAMPLE);
  await expect(page.getByText(`Imported settlement ${SETTLEMENT}: 23 lines.`)).toBeVisible();
  // The connection itself is the first test's subject: here it is added through the same API.
  const { id } = await post.api<{ id: string }>('connections.save', {
    kind: 'acumatica', name: 'Acumatica Company',
    settings: { instanceUrl: emu.url, tenant: 'Company', endpointVersion: '24.200.001', branch: 'HEADOFFICE', signIn: 'password', clientId: CLIENT_ID, username: 'admin' },
    secrets: { clientSecret: 'acu-secret', password: 'acu-password' },
  });

  // Mappings: the chart and the subaccounts read from Acumatica; sales carry the US sales subaccount.
  const ui = new MappingsPage(page);
  await ui.open();
  await page.getByLabel('ERP connection').selectOption({ label: 'Acumatica Company' });
  await ui.refreshErpData();
  await expect(ui.referenceStatus).toContainText('12 accounts (11 postable) · 1 dimensions', { timeout: 30_000 });
  await ui.describeFee('ItemPrice', 'Principal');
  await ui.pick('Account', '40000');
  // An inactive subaccount is refused before it reaches Acumatica.
  await ui.form.getByLabel('Dimension SUBACCOUNT').selectOption('900-OLD');
  await expect(ui.form.getByText(/Dimension SUBACCOUNT value 900-OLD "Closed department" cannot be used in Acumatica Company/)).toBeVisible();
  await expect(ui.form.getByRole('button', { name: 'Save rule' })).toBeDisabled();
  await ui.form.getByLabel('Dimension SUBACCOUNT').selectOption('100-AMZUS');
  await expect(ui.form.getByText('account can be used')).toBeVisible();
  await ui.saveRule();
  await expect(ui.rule('Principal')).toContainText('40000');
  await expect(ui.rule('Principal')).toContainText('SUBACCOUNT=100-AMZUS');
  await page.screenshot({ path: test.info().outputPath('acumatica-mappings.png'), fullPage: true });

  // The rest of the sample's fee types, as the Mappings screen writes them.
  const fees: Array<[string, string, string]> = [
    ['ItemPrice', 'Tax', '22000'], ['ItemPrice', 'Shipping', '40000'],
    ['ItemFees', 'Commission', '60100'], ['ItemFees', 'RefundCommission', '60100'], ['ItemFees', 'MarketplaceFacilitatorVAT-Principal', '22000'],
    ['ItemFees', 'FBAPerUnitFulfillmentFee', '60200'], ['ItemFees', 'ShippingChargeback', '60200'], ['Shipment-Fees', 'FBAPerOrderFulfillmentFee', '60200'],
    ['other-transaction', 'Storage Fee', '60300'], ['other-transaction', 'LowInventoryLevelFee', '60300'], ['other-transaction', 'Subscription Fee', '60400'],
    ['other-transaction', 'Refund Reimbursal', '40100'],
  ];
  for (const [amountType, amountDescription, target] of fees) {
    await post.api('mappings.save', { connectionId: id, entry: { kind: 'fee', transactionType: '*', amountType, amountDescription, target } });
  }
  for (const [subject, target] of [['clearing', '10200'], ['reserve', '10250'], ['carriedForward', '10260']]) {
    await post.api('mappings.save', { connectionId: id, entry: { kind: 'account', subject, target } });
  }

  // Approve (review queue API), then post from the Settlements preview.
  const { blocking } = await approveSettlement(post, SETTLEMENT, id);
  expect(blocking).toEqual([]);
  await post.settlements.open();
  await post.settlements.openPreview(SETTLEMENT);
  // The workspace's only ERP connection: the panel names it, with no choice to make.
  await expect(post.panel).toContainText('Acumatica Company');
  await expect(post.approvalState).toContainText('approved by');
  await post.postButton.click();
  await expect(post.confirmation).toContainText('Post settlement 28471003921 to Acumatica Company?');
  await post.confirm();
  await expect(post.result).toContainText('1 document posted', { timeout: 30_000 });
  await expect(post.erpDocumentNumber(KEY)).toHaveText('000001');
  await page.screenshot({ path: test.info().outputPath('acumatica-posted.png'), fullPage: true });

  // Read back over Acumatica's own API: one GL batch described by the natural key, released and posted once.
  const form = new URLSearchParams({ grant_type: 'password', client_id: CLIENT_ID, client_secret: 'acu-secret', username: 'admin', password: 'acu-password', scope: 'api' });
  const { access_token } = (await (await fetch(`${emu.url}/identity/connect/token`, { method: 'POST', body: form })).json()) as { access_token: string };
  const filter = encodeURIComponent(`Module eq 'GL' and Description eq '${KEY}'`);
  const res = await fetch(`${emu.url}/entity/Default/24.200.001/JournalTransaction?$filter=${filter}&$expand=Details`, { headers: { authorization: `Bearer ${access_token}` } });
  type W<T> = { value: T };
  const batches = (await res.json()) as Array<{ BatchNbr: W<string>; Status: W<string>; CurrencyID: W<string>; Details: Array<{ Account: W<string>; Subaccount: W<string>; DebitAmount: W<number>; CreditAmount: W<number> }> }>;
  expect(batches).toHaveLength(1);
  expect(batches[0]).toMatchObject({ BatchNbr: { value: '000001' }, Status: { value: 'Posted' }, CurrencyID: { value: 'USD' } });
  const sales = batches[0]!.Details.filter((d) => d.Account.value === '40000');
  expect(sales.length).toBeGreaterThan(0);
  // Principal carries the mapped subaccount; shipping, mapped to 40000 without one, the tenant's default.
  expect(new Set(sales.map((d) => d.Subaccount.value))).toEqual(new Set(['100-AMZUS', '000-000']));
  expect(batches[0]!.Details.find((d) => d.Account.value === '10200')?.DebitAmount.value).toBe(582.89);
  expect(emu.stats.releases).toBe(1);

  // Posting again sends nothing new.
  await post.postButton.click();
  await expect(post.confirmation).toContainText('Every document of this settlement is already in the posting outbox');
  await post.confirmation.getByRole('button', { name: "Don't post" }).click();
  expect(emu.journals).toHaveLength(1);
});
