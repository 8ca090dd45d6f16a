import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionRepository } from '../../core/connections/connection-repository';
import type { MappingEntry } from '../../core/mapping/mapping-entry';
import type { OrderChargeMapping } from '../../core/mapping/order-charge-mapping';
import { orderMappingsFrom, PostingOutbox, runPosting } from '../../core/posting';
import { enqueueOrderCreditNotes, type OrderRefund } from '../../core/posting/order-credit-notes';
import { creditNoteErpKey } from '../../core/posting/posters';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import type { AuditLog, Db } from '../../core/store';
import { tempDir } from '../support/temp-workspace';
import { connectorFor, openPostingDb } from './posting-fixture';

const C = 'bc-test';
const DE = 'A1PA6795UKMFR9';
const ORDER = '302-4000001-0000001';
const rule = (kind: 'sku' | 'marketplace', subject: string, target: string): MappingEntry =>
  ({ kind, subject, target, transactionType: '', amountType: '', amountDescription: '', dimensions: {} });
const ENTRIES = [rule('marketplace', 'Amazon.de', 'AMZ-DE'), rule('sku', 'STUHL', '1900-S')];
const CHARGES: OrderChargeMapping[] = [
  { charge: 'shipping', marketplace: '', lineType: 'account', target: '6100' },
  { charge: 'promotion', marketplace: '', lineType: 'account', target: '6100' },
  { charge: 'tax', marketplace: 'amazon.de', lineType: 'tax-code', target: 'STANDARD' },
];
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
  outbox.enqueueOrderInvoice(C, { marketplaceId: DE, orderId: ORDER, invoice: { externalDocumentNumber: ORDER, customerNumber: 'AMZ-DE', invoiceDate: '2026-06-10', currency: 'EUR', lines: [{ itemNumber: '1900-S', quantity: 1, unitPrice: 192_80, tax: { code: 'STANDARD', amount: 36_63 } }] } });
  expect((await runPosting(outbox, C, connectorFor(bc))).posted).toHaveLength(1);
});
afterEach(async () => {
  db.close();
  dir.remove();
  await bc.stop();
});

/** The chair given back with its tax, its shipping and the tax on that, and the promotion it had taken back. */
const REFUND: OrderRefund = {
  orderId: ORDER, refundId: 'amzn1.adj.0101', marketplaceName: 'Amazon.de', currency: 'EUR', postedDate: '2026-06-15',
  skus: [{ sku: 'STUHL', amount: 192_80, quantity: 1, tax: 36_63 }],
  charges: { shipping: { amount: 4_99, tax: 95 }, promotion: { amount: -10_00, tax: 0 } },
};

describe('a refund\'s credit memo carries the shipping, promotion and tax given back', () => {
  it('one credit memo through an expired token, a drop after create and a 429: goods, shipping refunded and the promotion as mapped, the tax code on each taxed line', async () => {
    const decided = enqueueOrderCreditNotes({ db, audit, outbox, connectionId: C, mappings: orderMappingsFrom(ENTRIES, CHARGES), actor: 'tester' }, [REFUND]);
    expect(decided.map((d) => d.outcome)).toEqual(['enqueued']);
    const connector = connectorFor(bc);
    await connector.testConnection();
    bc.faults.expireTokens();
    bc.faults.dropAfterProcessing(1, { path: /^POST \/companies\([^)]+\)\/salesCreditMemos$/ });
    bc.faults.throttle(1, { path: /salesCreditMemos/ });
    expect(await runPosting(outbox, C, connector)).toMatchObject({ outcome: 'completed', failed: [] });
    const memos = bc.rows('salesCreditMemos').filter((m) => m.externalDocumentNumber === creditNoteErpKey(ORDER, 'amzn1.adj.0101'));
    expect(memos).toHaveLength(1);
    expect(memos[0]).toMatchObject({ status: 'Open', totalAmountExcludingTax: (192_80 + 4_99 - 10_00) / 100 });
    const lines = bc.rows('salesCreditMemoLines').filter((l) => l.documentId === memos[0]!.id).sort((a, b) => Number(a.sequence) - Number(b.sequence));
    expect(lines.map((l) => [l.lineType, l.lineObjectNumber, l.description, l.taxCode ?? null, Number(l.unitPrice)])).toEqual([
      ['Item', '1900-S', 'Refund of STUHL', 'STANDARD', 192.8], ['Account', '6100', 'Shipping refunded', 'STANDARD', 4.99], ['Account', '6100', 'Promotions refunded', null, -10],
    ]);
    expect(enqueueOrderCreditNotes({ db, audit, outbox, connectionId: C, mappings: orderMappingsFrom(ENTRIES, CHARGES), actor: 'tester' }, [REFUND]).map((d) => d.outcome)).toEqual(['already-enqueued']);
    expect((await runPosting(outbox, C, connector)).posted).toHaveLength(0);
    expect(bc.rows('salesCreditMemos')).toHaveLength(1);
  });

  it('refunded shipping with no mapping refuses the credit note in words, never a guess', () => {
    const [d] = enqueueOrderCreditNotes({ db, audit, outbox, connectionId: C, mappings: orderMappingsFrom(ENTRIES, CHARGES.filter((c) => c.charge !== 'shipping')), actor: 'tester' }, [REFUND]);
    expect(d).toMatchObject({ outcome: 'refused', reasons: [`Refund amzn1.adj.0101 of order ${ORDER} gives back shipping, which is not mapped to an item, account or freight code; map it under Mappings, Order charges.`] });
  });
});
