import { expect, type Locator, type Page } from '@playwright/test';
import { ShellPage } from './shell-page';

/** The Review screen: settlements with their Approve buttons, and the queue of items with their fixes. */
export class ReviewPage {
  readonly shell: ShellPage;
  constructor(readonly page: Page) {
    this.shell = new ShellPage(page);
  }

  async open() {
    await this.shell.open('Review');
  }

  get queue(): Locator {
    return this.page.getByRole('table', { name: 'Review queue' });
  }

  get counts(): Locator {
    return this.page.getByTestId('queue-counts');
  }

  /** Queue rows (not the group headers). */
  get items(): Locator {
    return this.queue.locator('tr[data-key]');
  }

  item(key: string): Locator {
    return this.queue.locator(`tr[data-key="${key}"]`);
  }

  get selectedItem(): Locator {
    return this.queue.locator('tr[data-key][aria-selected="true"]');
  }

  /** The in-place fix of the open item. */
  get fix(): Locator {
    return this.page.getByRole('group', { name: /^Resolve: / });
  }

  settlement(settlementId: string): Locator {
    return this.page.getByRole('table', { name: 'Settlements to approve' }).getByTestId(`settlement-${settlementId}`);
  }

  status(settlementId: string): Locator {
    return this.settlement(settlementId).getByTestId('settlement-status');
  }

  approveButton(settlementId: string): Locator {
    return this.settlement(settlementId).getByRole('button', { name: 'Approve…' });
  }

  get approveDialog(): Locator {
    return this.page.getByRole('alertdialog');
  }

  /** The journal the approve dialog shows: what the approval will be bound to. */
  get journalBeingApproved(): Locator {
    return this.approveDialog.getByTestId('approval-journal');
  }

  /** Why the approval of a settlement was withdrawn. */
  withdrawal(settlementId: string): Locator {
    return this.page.getByRole('table', { name: 'Settlements to approve' }).getByTestId(`withdrawn-${settlementId}`);
  }

  /** A fix offered in an item's row (Map now, Exclude, Accept variance, Acknowledge): one click opens it. */
  rowAction(item: Locator, name: string): Locator {
    return item.getByRole('button', { name, exact: true });
  }

  /** The tick that puts a settlement into the bulk approval. */
  pickForApproval(settlementId: string): Locator {
    return this.settlement(settlementId).getByRole('checkbox', { name: `Select settlement ${settlementId}` });
  }

  get bulkApproveButton(): Locator {
    return this.page.getByRole('button', { name: /^Approve selected/ });
  }

  get bulkDialog(): Locator {
    return this.page.getByRole('alertdialog', { name: 'Approve the selected settlements' });
  }

  bulkOutcome(settlementId: string): Locator {
    return this.bulkDialog.getByTestId(`bulk-${settlementId}`).getByTestId('bulk-outcome');
  }

  /** Types a code into the fix's pick list and picks the ERP's record for it. */
  async pick(label: string, code: string) {
    const box = this.fix.getByRole('combobox', { name: label });
    await box.pressSequentially(code);
    await this.page.getByRole('option', { name: new RegExp(`^${code} ·`) }).click();
  }

  /**
   * Makes a settlement ready with the keyboard: maps its one open fee type (`feeType`, e.g. the demo's
   * Subscription Fee) to `account` from the queue, then acknowledges each of its warnings in place.
   */
  async mapAndAcknowledge(settlementId: string, feeType: string, account: string) {
    await this.open();
    const item = this.items.filter({ hasText: feeType }).filter({ hasText: settlementId });
    await item.click();
    await this.page.keyboard.press('Enter');
    await this.pick('Account', account);
    await this.fix.getByRole('button', { name: 'Map now' }).click();
    await expect(item).toHaveCount(0);
    const warnings = this.items.filter({ hasText: settlementId });
    while ((await warnings.count()) > 0) {
      await warnings.first().click();
      await this.page.keyboard.press('Enter');
      await this.fix.getByRole('button', { name: /^Acknowledge/ }).click();
    }
    await expect(this.status(settlementId)).toHaveText('ready');
  }
}
