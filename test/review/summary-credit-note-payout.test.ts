import { afterEach, expect, it } from 'vitest';
import { PostingOutbox } from '../../core/posting/outbox';
import { enqueueOrderCreditNotes, refundsInSettlements } from '../../core/posting/order-credit-notes';
import { orderMappingsFrom } from '../../core/posting/order-invoices';
import { addSummaryMember, closeSummaryDays, setOrderInvoiceGrouping } from '../../core/posting/order-summary-invoices';
import { matchPayout } from '../../core/review/payout-match';
import { BC, sample, setup } from './review-fixtures';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const US = 'ATVPDKIKX0DER';
const REFUNDED = '112-5561209-7742044';

it('a settlement\'s refund of an order on a summary invoice finds the summary credit note that carries it: the payout applies the refund\'s share of it, crediting the summary, and the order shows the note', async () => {
  const t = await setup();
  cleanups.push(t.ws.remove);
  const { versionId } = await t.importText('s.tsv', sample());
  const outbox = new PostingOutbox(t.ws.db, t.ws.audit);
  const post = (kind: 'salesInvoice' | 'salesCreditNote', naturalKey: string, number: string) => {
    const key = { connectionId: BC, naturalKey, kind };
    outbox.begin(key);
    outbox.posted(key, number, 'created');
  };
  await t.value('orderPosting.set', { connectionId: BC, mode: 'orders-as-invoices' });
  setOrderInvoiceGrouping({ db: t.ws.db, audit: t.ws.audit, outbox, connectionId: BC, actor: 'tester', now: new Date(t.ws.clock.now()) }, 'daily-summary');
  // The refunded order was sold on 20 May, on that day's summary invoice.
  addSummaryMember(t.ws.db, BC, { marketplaceId: US, orderId: REFUNDED, invoice: { externalDocumentNumber: REFUNDED, customerNumber: 'AMZ-US', invoiceDate: '2026-05-20', currency: 'USD', lines: [{ itemNumber: '1900-S', quantity: 1, unitPrice: 129_99 }] } }, new Date(t.ws.clock.now()));
  closeSummaryDays({ db: t.ws.db, audit: t.ws.audit, outbox, connectionId: BC, actor: 'tester' }, '2026-05-21');
  post('salesInvoice', `${US}:2026-05-20:USD:summary-invoice:V1`, 'PS-SUM0');

  const mappings = orderMappingsFrom([{ kind: 'sku', subject: 'NX-HD-1200', target: '1900-S', transactionType: '', amountType: '', amountDescription: '', dimensions: {} }]);
  const [refund] = refundsInSettlements(t.ws.db);
  const [decided] = enqueueOrderCreditNotes({ db: t.ws.db, audit: t.ws.audit, outbox, connectionId: BC, mappings, actor: 'tester' }, [refund!]);
  expect(decided).toMatchObject({ outcome: 'enqueued', naturalKey: expect.stringMatching(/:summary-credit-note:AMZ-US-20260520-USD-V1:V1$/) });
  expect(matchPayout(t.ws.db, versionId, BC, true).differences).toMatchObject([{ kind: 'no-credit-note', orderId: REFUNDED }]);
  post('salesCreditNote', (decided as { naturalKey: string }).naturalKey, 'PS-CR9');

  const match = matchPayout(t.ws.db, versionId, BC, true);
  expect(match.differences).toEqual([]);
  expect(match.applications.filter((a) => a.kind === 'creditNote')).toEqual([{ kind: 'creditNote', orderId: REFUNDED, refundId: refund!.refundId, documentNumber: 'PS-CR9', amount: 129_99, creditsInvoice: 'PS-SUM0', currency: 'USD' }]);
  type Views = Array<{ orderId: string; documents: Array<{ kind: string; erpDocumentNumber: string | null; total: number; orderAmount?: number }> }>;
  const view = (await t.value<Views>('orders.find', { query: REFUNDED })).find((v) => v.orderId === REFUNDED)!;
  expect(view.documents.map((d) => [d.kind, d.erpDocumentNumber, d.orderAmount])).toEqual([['salesInvoice', 'PS-SUM0', 129_99], ['salesCreditNote', 'PS-CR9', 129_99]]);
});
