import type { Locator, Page } from '@playwright/test';
import { ShellPage } from './shell-page';

/** The Settlements screen: imported settlements, file import, and the journal preview of one. */
export class SettlementsPage {
  readonly shell: ShellPage;
  constructor(readonly page: Page) {
    this.shell = new ShellPage(page);
  }

  async open() {
    await this.shell.open('Settlements');
  }

  get emptyState(): Locator {
    return this.page.getByText('No settlements yet');
  }

  /** Uploads a file through the "Import file" button's file input. */
  async importFile(path: string) {
    await this.page.getByLabel('Settlement report file').setInputFiles(path);
  }

  get table(): Locator {
    return this.page.getByRole('table', { name: 'Settlements' });
  }

  row(settlementId: string): Locator {
    return this.table.locator(`tr[data-settlement="${settlementId}"]`);
  }

  lineCount(settlementId: string): Locator {
    return this.row(settlementId).getByTestId('line-count');
  }

  async openPreview(settlementId: string) {
    await this.row(settlementId).click();
  }

  get tieOut(): Locator {
    return this.page.getByTestId('tie-out');
  }

  journalDocument(n: number): Locator {
    return this.page.getByRole('table', { name: `Journal lines of document ${n}` });
  }
}
