import type { Locator, Page } from '@playwright/test';
import { ShellPage } from './shell-page';

/** The Connections screen and its add/edit dialog. */
export class ConnectionsPage {
  readonly shell: ShellPage;
  constructor(readonly page: Page) {
    this.shell = new ShellPage(page);
  }

  async open() {
    await this.shell.open('Connections');
  }

  get dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  async startAdding(systemLabel: string) {
    await this.page.getByRole('button', { name: 'Add connection' }).first().click();
    await this.dialog.getByLabel('System').selectOption({ label: systemLabel });
  }

  field(label: string): Locator {
    return this.dialog.getByLabel(label, { exact: false }).first();
  }

  async fill(values: Record<string, string>) {
    for (const [label, value] of Object.entries(values)) await this.field(label).fill(value);
  }

  async save() {
    await this.dialog.getByRole('button', { name: 'Save' }).click();
  }

  row(name: string): Locator {
    return this.page.getByTestId(`connection-${name}`);
  }

  /** A removed connection in the Archived section. */
  archivedRow(name: string): Locator {
    return this.page.getByTestId(`archived-connection-${name}`);
  }
}
