import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionRepository } from '../../core/connections/connection-repository';
import type { MappingEntry } from '../../core/mapping/mapping-entry';
import { orderMappingsFrom, PostingOutbox, runPosting } from '../../core/posting';
import { enqueueOrderCreditNotes, type OrderRefund } from '../../core/posting/order-credit-notes';
import { creditNoteErpKey } from '../../core/posting/posters';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import type { AuditLog, Db } from '../../core/store';
import { tempDir } from '../support/temp-workspace';
import { connectorFor, openPostingDb } from './posting-fixture';

const C = 'bc-test';
const DE = 'A1PA6795UKMFR9';
const rule = (kind: 'sku' | 'marketplace', subject: string, target: string): MappingEntry =>
  ({ kind, subject, target, transactionType: '', amountType: '', amountDescription: '', dimensions: {} });
const MAPPINGS = orderMappingsFrom([rule('marketplace', 'Amazon.de', 'AMZ-DE'), rule('sku', 'STUHL', '1900-S'), rule('sku', 'CONTAINER', '1906-S')]);
const AT = new Date('2026-06-20T12:00:00Z');

let bc: BusinessCentralEmulator;
let dir: ReturnType<typeof tempDir>;
let db: Db;
let audit: AuditLog;
let outbox: PostingOutbox;

beforeEach(async () => {
  bc = await startBusinessCentralEmulator({ latencyMs: 1 });
  dir = tempDir();
  ({ db, audit } = openPostingDb(dir.dir));
  new ConnectionRepository(db).upsert({ id: C, kind: 'business-central', name: 'BC Cronus', settings: {} });
  outbox = new PostingOutbox(db, audit, () => AT);
});
afterEach(async () => {
  db.close();
  dir.remove();
  await bc.stop();
});

/** Two orders invoiced in BC through the outbox, as the order-invoicing job leaves them. */
async function invoiced(): Promise<Map<string, string>> {
  for (const [orderId, sku, quantity, unitPrice] of [['302-3000001-0000001', 'STUHL', 2, 19280], ['302-3000002-0000002', 'CONTAINER', 1, 28140]] as const) {
    outbox.enqueueOrderInvoice(C, { marketplaceId: DE, orderId, invoice: { externalDocumentNumber: orderId, customerNumber: 'AMZ-DE', invoiceDate: '2026-06-10', currency: 'EUR', lines: [{ itemNumber: sku === 'STUHL' ? '1900-S' : '1906-S', quantity, unitPrice }] } });
  }
  const run = await runPosting(outbox, C, connectorFor(bc));
  expect(run.posted).toHaveLength(2);
  return new Map(outbox.list().map((e) => [e.settlementId, e.erpDocumentNumber!]));
}

const refund = (orderId: string, refundId: string, skus: OrderRefund['skus']): OrderRefund => ({ orderId, refundId, marketplaceName: 'Amazon.de', currency: 'EUR', postedDate: '2026-06-15', skus });
const REFUNDS = [
  refund('302-3000001-0000001', 'amzn1.adj.0001', [{ sku: 'STUHL', amount: 19280, quantity: 1 }]),
  // The same order refunded again later: a credit memo of its own.
  refund('302-3000001-0000001', 'amzn1.adj.0002', [{ sku: 'STUHL', amount: 5000, quantity: 1 }]),
  refund('302-3000002-0000002', 'S24137000009-20260615', [{ sku: 'CONTAINER', amount: 28140, quantity: 1 }]),
  // Not invoiced in this connection (yet): nothing is credited.
  refund('302-3000003-0000003', 'amzn1.adj.0003', [{ sku: 'STUHL', amount: 100, quantity: 1 }]),
];

describe('refunds as Business Central sales credit memos, linked to their invoice, exactly once', () => {
  it('one credit memo per refund through an expired token, a drop after create and a 429; each credits its order\'s invoice; read again, nothing is added', async () => {
    const invoices = await invoiced();
    const decided = enqueueOrderCreditNotes({ db, audit, outbox, connectionId: C, mappings: MAPPINGS, actor: 'tester' }, REFUNDS);
    expect(decided.map((d) => [d.orderId, d.refundId, d.outcome])).toEqual([
      ['302-3000001-0000001', 'amzn1.adj.0001', 'enqueued'],
      ['302-3000001-0000001', 'amzn1.adj.0002', 'enqueued'],
      ['302-3000002-0000002', 'S24137000009-20260615', 'enqueued'],
      ['302-3000003-0000003', 'amzn1.adj.0003', 'waiting-for-invoice'],
    ]);
    expect(outbox.list().filter((e) => e.kind === 'salesCreditNote').map((e) => e.naturalKey)).toEqual([
      `${DE}:302-3000001-0000001:amzn1.adj.0001:credit-note`, `${DE}:302-3000001-0000001:amzn1.adj.0002:credit-note`, `${DE}:302-3000002-0000002:S24137000009-20260615:credit-note`,
    ]);

    const connector = connectorFor(bc);
    await connector.testConnection();
    bc.faults.expireTokens();
    bc.faults.dropAfterProcessing(1, { path: /^POST \/companies\([^)]+\)\/salesCreditMemos$/ });
    bc.faults.throttle(2, { path: /salesCreditMemos/ });
    const run = await runPosting(outbox, C, connector);
    expect(run).toMatchObject({ outcome: 'completed', failed: [] });
    expect(run.posted).toHaveLength(3);
    expect(bc.stats.throttled).toBe(2);

    const memos = bc.rows('salesCreditMemos');
    expect(memos).toHaveLength(3);
    const memoOf = (orderId: string, refundId: string) => memos.filter((m) => m.externalDocumentNumber === creditNoteErpKey(orderId, refundId));
    for (const r of REFUNDS.slice(0, 3)) {
      expect(memoOf(r.orderId, r.refundId), r.refundId).toHaveLength(1);
      expect(memoOf(r.orderId, r.refundId)[0], r.refundId).toMatchObject({ status: 'Open', number: expect.stringMatching(/^PS-CR/), customerNumber: 'AMZ-DE', invoiceNumber: invoices.get(r.orderId) });
    }
    expect(memoOf('302-3000001-0000001', 'amzn1.adj.0001')[0]).toMatchObject({ totalAmountExcludingTax: 192.8, creditMemoDate: '2026-06-15' });
    // A refund id too long for BC's 35-character External Document No. is hashed into it, still one per refund.
    expect(creditNoteErpKey('302-3000002-0000002', 'S24137000009-20260615')).toHaveLength(35);

    expect(enqueueOrderCreditNotes({ db, audit, outbox, connectionId: C, mappings: MAPPINGS, actor: 'tester' }, REFUNDS).filter((d) => d.outcome === 'enqueued')).toEqual([]);
    expect((await runPosting(outbox, C, connector)).posted).toHaveLength(0);
    expect(bc.rows('salesCreditMemos')).toHaveLength(3);
  });

  it('a refund of an unmapped SKU is refused in plain words and audited, never credited to a guessed item', async () => {
    await invoiced();
    const [d] = enqueueOrderCreditNotes({ db, audit, outbox, connectionId: C, mappings: MAPPINGS, actor: 'tester' }, [refund('302-3000001-0000001', 'amzn1.adj.0009', [{ sku: 'LAMPE', amount: 999, quantity: 1 }])]);
    expect(d).toEqual({ orderId: '302-3000001-0000001', refundId: 'amzn1.adj.0009', outcome: 'refused', reasons: ['SKU LAMPE is not mapped to an item; map it under Mappings.'] });
    expect(audit.list({}).filter((e) => e.operation === 'order.credit-note-refused')).toHaveLength(1);
    expect(outbox.list().filter((e) => e.kind === 'salesCreditNote')).toEqual([]);
  });

  it('BC refuses a credit memo against an invoice it does not hold or has not posted', async () => {
    const connector = connectorFor(bc);
    const memo = { externalDocumentNumber: 'X-1', invoiceNumber: 'PS-INV999999', customerNumber: 'AMZ-DE', creditNoteDate: '2026-06-15', currency: 'EUR', lines: [{ itemNumber: '1900-S', quantity: 1, unitPrice: 100 }] };
    await expect(connector.postSalesCreditNote(memo)).rejects.toThrow(/invoiceNumber" does not match to a posted Sales Invoice/);
    expect(bc.rows('salesCreditMemos')).toHaveLength(0);
  });
});
