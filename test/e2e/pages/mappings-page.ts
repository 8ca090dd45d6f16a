import type { Locator, Page } from '@playwright/test';
import { ShellPage } from './shell-page';

/** The Mappings screen: rules per ERP connection, the ERP's pick lists, suggestions, CSV. */
export class MappingsPage {
  readonly shell: ShellPage;
  constructor(readonly page: Page) {
    this.shell = new ShellPage(page);
  }

  async open() {
    await this.shell.open('Mappings');
  }

  async refreshErpData() {
    await this.page.getByRole('button', { name: 'Refresh ERP data' }).click();
  }

  /** The unmapped list shows the types the settlements hold; the full catalogue only when asked. */
  async showCatalogue() {
    const toggle = this.page.getByRole('switch', { name: /full catalogue/ });
    if (!(await toggle.isChecked())) await toggle.click();
    await this.page.getByText('Showing every fee type Amazon reports').waitFor();
  }

  get referenceStatus(): Locator {
    return this.page.getByText(/\d+ accounts \(\d+ postable\)/);
  }

  section(name: RegExp | string): Locator {
    return this.page.getByRole('tab', { name });
  }

  get form(): Locator {
    return this.page.getByRole('group', { name: /Add or change/ });
  }

  async describeFee(amountType: string, amountDescription: string) {
    await this.form.getByLabel('Amount type').fill(amountType);
    await this.form.getByLabel('Amount description').fill(amountDescription);
  }

  picker(label: string): Locator {
    return this.page.getByRole('combobox', { name: label, exact: true });
  }

  async pick(label: string, code: string) {
    const box = this.picker(label);
    await box.fill('');
    await box.pressSequentially(code);
    await this.page.getByRole('option', { name: new RegExp(`^${code} ·`) }).click();
  }

  async saveRule() {
    await this.form.getByRole('button', { name: 'Save rule' }).click();
  }

  rule(subject: string): Locator {
    return this.page.getByTestId(`rule-${subject}`);
  }

  unmapped(amountType: string, description: string): Locator {
    return this.page.getByTestId(`unmapped-${amountType}/${description}`);
  }

  async importCsv(name: string, text: string) {
    await this.page.getByLabel('Mappings CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
  }
}
