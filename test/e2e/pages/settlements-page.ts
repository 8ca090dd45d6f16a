import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
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

  /** Drops a file onto the Settlements page, as dragging it from the file manager would. */
  async dropFile(path: string) {
    const name = basename(path);
    const base64 = readFileSync(path).toString('base64');
    const dataTransfer = await this.page.evaluateHandle(([n, b64]) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], n, { type: 'text/tab-separated-values' }));
      return dt;
    }, [name, base64] as const);
    // Onto the page's title: the events bubble up to the page, which takes a drop anywhere on it.
    const target = this.page.getByRole('main').getByRole('heading', { name: 'Settlements', exact: true });
    for (const type of ['dragenter', 'dragover', 'drop']) await target.dispatchEvent(type, { dataTransfer });
  }

  get table(): Locator {
    return this.page.getByRole('table', { name: 'Settlements' });
  }

  /** The settlement ids the list shows, top to bottom. */
  async shownIds(): Promise<string[]> {
    return this.table.locator('tbody tr[data-settlement]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-settlement') ?? ''));
  }

  filter(label: 'Search settlements' | 'Status' | 'Marketplace' | 'Currency' | 'Source' | 'Period from' | 'Period to'): Locator {
    return this.page.getByRole('search', { name: 'Find settlements' }).getByLabel(label, { exact: true });
  }

  sortBy(column: string): Locator {
    return this.table.getByRole('columnheader', { name: column });
  }

  row(settlementId: string): Locator {
    return this.table.locator(`tr[data-settlement="${settlementId}"]`);
  }

  lineCount(settlementId: string): Locator {
    return this.row(settlementId).getByTestId('line-count');
  }

  /** Opens a settlement's preview; `version` picks one of several versions listed (a re-issued settlement). */
  async openPreview(settlementId: string, version?: number) {
    await (version === undefined ? this.row(settlementId) : this.table.locator(`tr[data-settlement="${settlementId}"][data-version="${version}"]`)).click();
  }

  /** What the posting outbox sent to the ERP, once a settlement is posted. */
  get postedJournal(): Locator {
    return this.page.getByTestId('posted-journal');
  }

  /** What the current rules would produce, shown only when it differs from what was posted. */
  get currentRulesDraft(): Locator {
    return this.page.getByTestId('current-rules-draft');
  }

  get tieOut(): Locator {
    return this.page.getByTestId('tie-out');
  }

  journalDocument(n: number): Locator {
    return this.page.getByRole('table', { name: `Journal lines of document ${n}` });
  }

  /** "Import new settlements": asks every Amazon connection; resolves when its summary or a connection's failure shows. */
  async importNew(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Import new settlements' }).click();
    const summary = this.page.getByTestId('import-new-summary');
    await summary.or(this.page.getByTestId('import-new-failure')).first().waitFor({ timeout: 60_000 });
    return summary;
  }

  /** One version's row in the list (a settlement with several versions has one row each). */
  versionRow(settlementId: string, version: number): Locator {
    return this.table.locator(`tr[data-settlement="${settlementId}"][data-version="${version}"]`);
  }

  /** What the last uploaded file did: the message with its outcome in data-outcome. */
  get importOutcome(): Locator {
    return this.page.getByTestId('import-outcome');
  }

  /** The versions of the settlement shown, side by side with their tie-outs (only when it has several). */
  get versions(): Locator {
    return this.page.getByTestId('settlement-versions');
  }

  versionInPanel(version: number): Locator {
    return this.versions.locator(`tr[data-version="${version}"]`);
  }

  /** Opens the confirmation for making a version current from the versions panel; resolves with the dialog. */
  async askToMakeCurrent(version: number): Promise<Locator> {
    await this.versionInPanel(version).getByRole('button', { name: `Make version ${version} current…` }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.waitFor();
    return dialog;
  }

  /** Confirms the open make-current dialog with a reason. */
  async confirmMakeCurrent(dialog: Locator, version: number, reason: string) {
    await dialog.getByLabel('Reason (kept in the audit log)').fill(reason);
    await dialog.getByRole('button', { name: `Make version ${version} current`, exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  status(settlementId: string): Locator {
    return this.row(settlementId).locator('[data-status]');
  }

  chart(currency: string): Locator {
    return this.page.getByRole('region', { name: `Chart of totals by category in ${currency}` }).getByTestId('bar-chart');
  }

  /** Opens the report lines behind a journal line by its account and description. */
  async drillDown(account: string, description: string): Promise<Locator> {
    await this.page.getByRole('button', { name: new RegExp(`^Show the \\d+ report lines behind ${account} ${description}$`) }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByTestId('report-lines').waitFor();
    return dialog;
  }
}
