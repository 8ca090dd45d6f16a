import type { Locator, Page } from '@playwright/test';
import { SettlementsPage } from './settlements-page';

type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/**
 * Posting from the Settlements preview: the Post to ERP button, its confirmation, progress and the
 * outbox with the ERP's document numbers. `api` calls the core the way the page itself does (same token,
 * same endpoint), for the setup steps another screen owns (connections, mappings, the review queue).
 */
export class PostingPage {
  readonly settlements: SettlementsPage;
  constructor(readonly page: Page) {
    this.settlements = new SettlementsPage(page);
  }

  async api<T>(name: string, input: unknown): Promise<T> {
    const envelope = await this.page.evaluate(async ([n, i]) => {
      const token = sessionStorage.getItem('ml-connector.token') ?? '';
      const res = await fetch(`/api/${encodeURIComponent(n as string)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-call-id': `e2e-${Date.now()}-${Math.random()}` },
        body: JSON.stringify(i ?? {}),
      });
      return res.json();
    }, [name, input] as const) as Envelope<T>;
    if (!envelope.ok) throw new Error(`${name}: ${envelope.error.message}`);
    return envelope.value;
  }

  get panel(): Locator {
    return this.page.getByRole('region', { name: 'Posting' });
  }

  get postButton(): Locator {
    return this.panel.getByRole('button', { name: 'Post to ERP' });
  }

  get approvalState(): Locator {
    return this.panel.getByTestId('approval-state');
  }

  async chooseConnection(name: string) {
    await this.panel.getByLabel('ERP connection').selectOption({ label: name });
  }

  get confirmation(): Locator {
    return this.page.getByRole('dialog');
  }

  get documentsToPost(): Locator {
    return this.confirmation.getByRole('table', { name: 'Documents to post' });
  }

  async confirm() {
    await this.confirmation.getByRole('button', { name: /^Post \d+ documents?$/ }).click();
  }

  get progress(): Locator {
    return this.panel.getByRole('status').filter({ has: this.page.getByRole('progressbar') });
  }

  get result(): Locator {
    return this.panel.getByTestId('posting-result');
  }

  get outbox(): Locator {
    return this.panel.getByRole('table', { name: 'Posted documents' });
  }

  document(naturalKey: string): Locator {
    return this.outbox.locator(`tr[data-key="${naturalKey}"]`);
  }

  /** The ERP's error of a failed document, as received. */
  erpError(naturalKey: string): Locator {
    return this.outbox.getByRole('row', { name: `ERP error of ${naturalKey}` });
  }

  async replay(naturalKey: string) {
    await this.document(naturalKey).getByRole('button', { name: 'Replay' }).click();
  }

  erpDocumentNumber(naturalKey: string): Locator {
    return this.document(naturalKey).getByTestId('erp-document-number');
  }
}
