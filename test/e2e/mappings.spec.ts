import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { MappingsPage } from './pages/mappings-page';

test.use({ demo: true });

test('an accountant maps fee types to Business Central accounts, is refused an unpostable one, confirms a suggestion, and round-trips CSV', async ({ app }) => {
  // The whole editor in one flow (refusals, suggestion, roles, CSV both ways, removal, audit): about a minute on a shared machine.
  test.setTimeout(120_000);
  const page = app.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  const ui = new MappingsPage(page);
  await ui.open();

  // Nothing can be checked until the ERP's chart of accounts has been read.
  await expect(page.getByText(/has not been read yet/)).toBeVisible();
  await ui.refreshErpData();
  await expect(ui.referenceStatus).toContainText('13 accounts (9 postable) · 2 dimensions · 4 items · 3 customers', { timeout: 30_000 });

  // A closed account is refused on the spot, by name, and cannot be saved.
  await ui.describeFee('ItemFees', 'Commission');
  await ui.picker('Account').fill('8999');
  await expect(ui.form.getByText(/Account 8999 "Closed Account" cannot be posted to in Business Central \(demo\)/)).toBeVisible();
  await expect(ui.form.getByRole('button', { name: 'Save rule' })).toBeDisabled();
  await ui.picker('Account').fill('7777');
  await expect(ui.form.getByText('Account 7777 does not exist in Business Central (demo).')).toBeVisible();

  // Picking from the ERP's own list, with a dimension value from the ERP.
  await ui.pick('Account', '8410');
  await ui.form.getByLabel('Dimension MARKETPLACE').selectOption('AMAZON-DE');
  await expect(ui.form.getByText('account can be used')).toBeVisible();
  await ui.saveRule();
  await expect(ui.rule('Commission')).toContainText('8410');
  await expect(ui.rule('Commission')).toContainText('Amazon Selling Fees');
  await expect(ui.rule('Commission')).toContainText('MARKETPLACE=AMAZON-DE');

  // No settlement is imported yet: the types Amazon reports come from the full catalogue, on request.
  await expect(page.getByText('Every fee type in your settlements has a rule.')).toBeVisible();
  await ui.showCatalogue();
  await page.getByRole('table', { name: 'Unmapped fee types' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('unmapped-catalogue-1280.png') });
  // A suggestion is only a suggestion until it is confirmed.
  const advertising = ui.unmapped('ItemFees', 'Cost of Advertising');
  await expect(advertising).toContainText('8430 · Advertising');
  await expect(advertising).toContainText('shares "advertising"');
  await expect(ui.rule('Cost of Advertising')).toHaveCount(0);
  await advertising.getByRole('button', { name: 'Use 8430 for Cost of Advertising' }).click();
  await expect(ui.rule('Cost of Advertising')).toContainText('8430');
  await expect(ui.unmapped('ItemFees', 'Cost of Advertising')).toHaveCount(0);

  // The settlement accounts: clearing to 2920.
  await ui.section('Settlement accounts').click();
  await ui.pick('Amazon clearing account', '2920');
  await page.getByTestId('role-clearing').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('role-clearing')).toContainText('2920 · Amazon Clearing');
  await ui.section(/Fee types/).click();

  await page.screenshot({ path: test.info().outputPath('mappings.png') });
  await ui.section('Settlement accounts').click();
  await page.screenshot({ path: test.info().outputPath('mappings-accounts.png') });
  await ui.section(/Fee types/).click();

  // Export, then an import with one bad row changes nothing and says where the problem is.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = readFileSync((await (await download).path())!, 'utf8');
  expect(csv).toContain('fee,*,ItemFees,Commission,,8410,MARKETPLACE=AMAZON-DE');
  expect(csv).toContain('account,,,,clearing,2920,');

  await ui.importCsv('bad.csv', 'kind,transaction-type,amount-type,amount-description,subject,target,dimensions\nfee,*,ItemFees,RefundCommission,,8410,\nsku,,,,DESK-01,9999-X,\n');
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was imported' })).toContainText('line 3, column target');
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was imported' })).toContainText('Item 9999-X does not exist in Business Central (demo).');
  await expect(ui.rule('RefundCommission')).toHaveCount(0);

  await ui.importCsv('good.csv', 'kind,transaction-type,amount-type,amount-description,subject,target,dimensions\nfee,*,ItemFees,RefundCommission,,8410,\n');
  await expect(page.getByText('Imported: 1 rules added or changed, 0 already as in the file.')).toBeVisible();
  await expect(ui.rule('RefundCommission')).toContainText('8410');

  // Removing asks once more, then the type is back among the unmapped ones.
  await ui.rule('RefundCommission').getByRole('button', { name: 'Remove RefundCommission' }).click();
  await expect(ui.rule('RefundCommission')).toHaveCount(1);
  await ui.rule('RefundCommission').getByRole('button', { name: /Remove RefundCommission: it will need a rule again/ }).click();
  await expect(ui.rule('RefundCommission')).toHaveCount(0);
  await ui.showCatalogue();
  await expect(ui.unmapped('ItemFees', 'RefundCommission')).toBeVisible();

  // Every change is in the audit log as a decision of the OS user.
  await ui.shell.open('Audit log');
  await page.getByLabel('Kind').selectOption({ label: 'Decisions' });
  await expect(page.getByRole('row').filter({ hasText: 'mapping.add' }).first()).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'mapping.remove' })).toHaveCount(1);
});

test('a rule by category maps every FBA fee no fee rule names, and the table of lines says which rule each used', async ({ app }) => {
  const page = app.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  const ui = new MappingsPage(page);
  await ui.open();
  await ui.refreshErpData();
  await expect(ui.referenceStatus).toBeVisible({ timeout: 30_000 });

  await ui.section(/Categories/).click();
  await ui.form.getByLabel('Category').selectOption('fba-fee');
  await ui.pick('Account', '8420');
  await expect(ui.form.getByText('account can be used')).toBeVisible();
  await ui.saveRule();
  await expect(ui.rule('fba-fee')).toContainText('8420');
  await expect(ui.section(/Categories \(1\)/)).toBeVisible();
  await expect(page.getByText('Which rule each line used')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('mappings-categories.png'), fullPage: true });

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  expect(readFileSync((await (await download).path())!, 'utf8')).toContain('category,,,,fba-fee,8420,');
});
