import type { Download, Locator, Page } from '@playwright/test';
import { ShellPage } from './shell-page';

/** The Reports screen: a settlement's or a period's reconciliation, and its exports. */
export class ReportsPage {
  readonly shell: ShellPage;
  constructor(readonly page: Page) {
    this.shell = new ShellPage(page);
  }

  async open() {
    await this.shell.open('Reports');
  }

  async chooseSettlement(settlementId: string) {
    await this.page.getByRole('radio', { name: 'One settlement' }).check();
    const select = this.page.getByLabel('Settlement', { exact: true });
    const value = await select.locator('option', { hasText: settlementId }).getAttribute('value');
    await select.selectOption(value!);
  }

  async choosePeriod(period: string) {
    await this.page.getByRole('radio', { name: 'An accounting period' }).check();
    await this.page.getByLabel('Period', { exact: true }).selectOption(period);
  }

  settlement(settlementId: string): Locator {
    return this.page.getByRole('region', { name: `Settlement ${settlementId}` });
  }

  tieOut(settlementId: string): Locator {
    return this.settlement(settlementId).getByRole('table', { name: 'Deposit tie-out' });
  }

  account(settlementId: string, account: string): Locator {
    return this.settlement(settlementId).getByRole('table', { name: `Journal totals by account of ${settlementId}` }).locator(`tr[data-account="${account}"]`);
  }

  erpDocumentNumbers(settlementId: string): Locator {
    return this.settlement(settlementId).getByRole('table', { name: `ERP documents of ${settlementId}` }).getByTestId('erp-document-number');
  }

  /** Clicks an export button and returns the file the browser was handed. */
  async export(format: 'CSV' | 'XLSX' | 'PDF'): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.page.getByRole('button', { name: `Export ${format}` }).click();
    return download;
  }
}
