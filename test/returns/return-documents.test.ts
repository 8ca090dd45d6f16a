import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttentionFlows, DeadLetterStore } from '../../core/attention';
import type { BusinessCentralConnector } from '../../core/erp/business-central/client';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { ReturnDocuments } from '../../core/returns/return-documents';
import { ReturnReasonMap } from '../../core/returns/return-reason-map';
import { RETURNS_FLOW, ReturnsFlow } from '../../core/returns/returns-flow';
import type { ReturnLine } from '../../core/returns/returns-report';
import { AuditLog, openDatabase, type Db } from '../../core/store';
import { onlineConnector } from '../erp/bc-fixtures';

/**
 * FBA customer returns into Business Central as credit memos linked to the order's posted invoice, with
 * the return reason checked against BC's customerReturnReasons, against faults (a create whose answer is
 * lost, throttling): one credit memo per return, an unmapped reason held under Needs attention and, after
 * the mapping, retried exactly once (two retries at once) into one credit memo.
 */

const ERP = 'bc-1';
const AMAZON = 'amz-1';
const T = '2026-11-20T10:00:00.000Z';
let db: Db;
let audit: AuditLog;
let bc: BusinessCentralEmulator;
let erp: BusinessCentralConnector;
let letters: DeadLetterStore;
let docs: ReturnDocuments;
let flow: ReturnsFlow;
let flows: AttentionFlows;

const now = () => new Date(T);
let line = 1;
const ret = (orderId: string, sku: string, reason: string, lpn: string): ReturnLine => ({
  line: ++line, orderId, sku, asin: 'B000MUG001', fnsku: 'X000MUG001', productName: 'Chair', quantity: 1, fulfillmentCenterId: 'SEA8',
  disposition: 'SELLABLE', reason, status: 'Unit returned to inventory', licensePlateNumber: lpn, returnDate: '2026-11-18T09:00:00.000Z',
});

/** An order invoiced in BC and recorded as posted in the outbox, as "Orders as invoices" leaves it. */
async function invoiced(orderId: string, items: Array<[string, number]>): Promise<string> {
  const invoice = { externalDocumentNumber: orderId, customerNumber: 'AMZ-DE', invoiceDate: '2026-11-10', currency: 'EUR', lines: items.map(([itemNumber, unitPrice]) => ({ itemNumber, quantity: 1, unitPrice })) };
  const posted = await erp.postSalesInvoice(invoice);
  db.prepare(`INSERT INTO posting_outbox (connection_id, kind, natural_key, settlement_id, document, state, erp_document_number, created_at, updated_at)
              VALUES (?, 'salesInvoice', ?, ?, ?, 'posted', ?, ?, ?)`)
    .run(ERP, `A1PA6795UKMFR9:${orderId}:invoice`, orderId, JSON.stringify({ marketplaceId: 'A1PA6795UKMFR9', orderId, invoice }), posted.documentNumber, T, T);
  return posted.documentNumber;
}

const memos = () => bc.rows('salesCreditMemos');
const readAll = () => flow.returns.list();

beforeEach(async () => {
  db = openDatabase(join(mkdtempSync(join(tmpdir(), 'mlc-returns-')), 'ws.sqlite'));
  audit = new AuditLog(db);
  bc = await startBusinessCentralEmulator();
  erp = onlineConnector(bc);
  for (const [id, kind] of [[AMAZON, 'amazon'], [ERP, 'business-central']] as const) {
    db.prepare('INSERT INTO connection (id, kind, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, kind, id, '{}', T, T);
  }
  for (const [sku, item] of [['CHAIR-BLACK', '1900-S'], ['DESK', '1896-S']]) {
    db.prepare("INSERT INTO mapping_rule (connection_id, kind, subject, target, updated_at, updated_by) VALUES (?, 'sku', ?, ?, ?, 'test')").run(ERP, sku, item, T);
  }
  letters = new DeadLetterStore(db, now);
  docs = new ReturnDocuments(db, letters, audit, now);
  flow = new ReturnsFlow(db, letters, new ReturnReasonMap(db, audit, now), now, (r, signal) => docs.deliver(r, async () => erp, signal));
  flows = new AttentionFlows(letters, audit).register(flow.attentionFlow(() => null));
  docs.settings.set(ERP, 'credit-note', erp.capabilities.returnDocuments ?? [], 'test');
  flow.map.set('reason', 'DEFECTIVE', 'DEFECTIVE', 'test');
});
afterEach(async () => {
  await erp.close();
  await bc.stop();
  db.close();
});

describe('returns into Business Central', () => {
  it('makes one credit memo per return, linked to the invoice with BC\'s return reason, through a lost answer and throttling', async () => {
    const inv1 = await invoiced('302-0000001-0000001', [['1900-S', 19280]]);
    const inv2 = await invoiced('302-0000002-0000002', [['1896-S', 100080], ['1900-S', 19280]]);
    flow.settle(flow.returns.record(AMAZON, [ret('302-0000001-0000001', 'CHAIR-BLACK', 'DEFECTIVE', 'LPN1'), ret('302-0000002-0000002', 'DESK', 'DEFECTIVE', 'LPN2')]));
    bc.faults.dropAfterProcessing(1, { path: /POST .*\/salesCreditMemos$/ });
    bc.faults.throttle(2, { path: /GET .*\/salesCreditMemos/ });

    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 2, held: 0, waiting: 0 });
    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 0, held: 0, waiting: 0 });

    expect(memos()).toHaveLength(2);
    const defective = bc.rows('customerReturnReasons').find((r) => r.code === 'DEFECTIVE')!.id;
    expect(memos().map((m) => [m.invoiceNumber, m.customerReturnReasonId, m.status, m.totalAmountExcludingTax]).sort()).toEqual([[inv1, defective, 'Open', 192.8], [inv2, defective, 'Open', 1000.8]].sort());
    expect(docs.outbox.counts()).toEqual({ pending: 0, held: 0, sent: 2 });
  });

  it('holds a return with an unmapped reason; mapped to a code BC lacks it stays with BC\'s list; mapped right, two retries at once make one credit memo', async () => {
    await invoiced('302-0000003-0000003', [['1900-S', 19280]]);
    flow.settle(flow.returns.record(AMAZON, [ret('302-0000003-0000003', 'CHAIR-BLACK', 'DAMAGED_BY_CUSTOMER', 'LPN3')]));
    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 0, held: 0, waiting: 0 });
    const [held] = letters.list({ flow: RETURNS_FLOW });
    expect(held!.error).toBe('Amazon\'s return reason "DAMAGED_BY_CUSTOMER" has no ERP return reason code.');

    flow.map.set('reason', 'DAMAGED_BY_CUSTOMER', 'BROKEN', 'test');
    expect(await flows.retry(held!.id, 'test')).toEqual({ id: held!.id, outcome: 'failed', error: 'The ERP has no return reason code "BROKEN" (it has DAMAGED, DEFECTIVE, UNWANTED, WRONG).' });
    expect(letters.get(held!.id)!.fixAction).toMatchObject({ kind: 'map-return-reason', params: { amazonCode: 'DAMAGED_BY_CUSTOMER' } });
    expect(memos()).toHaveLength(0);
    // A held return is the retry's, not the next run's.
    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 0, held: 0, waiting: 0 });

    flow.map.set('reason', 'DAMAGED_BY_CUSTOMER', 'DAMAGED', 'test');
    const outcomes = await Promise.all([flows.retry(held!.id, 'a'), flows.retry(held!.id, 'b')]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['busy', 'resolved']);
    expect(await flows.retry(held!.id, 'c')).toEqual({ id: held!.id, outcome: 'gone' });
    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 0, held: 0, waiting: 0 });
    expect(memos()).toHaveLength(1);
    expect(memos()[0]!.customerReturnReasonId).toBe(bc.rows('customerReturnReasons').find((r) => r.code === 'DAMAGED')!.id);
    expect(letters.list()).toEqual([]);
  });

  it('waits for the order\'s invoice without holding the return, and credits it once the invoice is posted', async () => {
    flow.settle(flow.returns.record(AMAZON, [ret('302-0000004-0000004', 'CHAIR-BLACK', 'DEFECTIVE', 'LPN4')]));
    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 0, held: 0, waiting: 1 });
    expect(letters.list()).toEqual([]);
    const inv = await invoiced('302-0000004-0000004', [['1900-S', 19280]]);
    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 1, held: 0, waiting: 0 });
    expect(memos().map((m) => m.invoiceNumber)).toEqual([inv]);
  });

  it('holds a return whose SKU is not mapped, with what to map, and sends nothing', async () => {
    await invoiced('302-0000005-0000005', [['1900-S', 19280]]);
    flow.settle(flow.returns.record(AMAZON, [ret('302-0000005-0000005', 'LAMP', 'DEFECTIVE', 'LPN5')]));
    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 0, held: 1, waiting: 0 });
    expect(letters.list()).toMatchObject([{ error: 'SKU LAMP is not mapped to an ERP item.', fix: 'Map SKU LAMP to its item under Mappings, then retry.' }]);
    expect(memos()).toHaveLength(0);
  });

  it('offers Business Central only the credit note: its API has no sales return orders', () => {
    expect(() => docs.settings.set(ERP, 'return-order', erp.capabilities.returnDocuments ?? [], 'test')).toThrow(/cannot make a return order from a return through its API; choose a credit note/);
    expect(docs.settings.get(ERP)).toEqual({ erpConnectionId: ERP, document: 'credit-note', warehouses: null });
  });
});

describe('a return whose refund was already credited', () => {
  it('makes no second credit memo: the refund\'s credit note stands for the return', async () => {
    const inv = await invoiced('302-0000006-0000006', [['1900-S', 19280]]);
    const refund = await erp.postSalesCreditNote({ externalDocumentNumber: '302-0000006-0000006/R1', invoiceNumber: inv, customerNumber: 'AMZ-DE', creditNoteDate: '2026-11-15', currency: 'EUR', lines: [{ itemNumber: '1900-S', quantity: 1, unitPrice: 19280 }] });
    db.prepare(`INSERT INTO posting_outbox (connection_id, kind, natural_key, settlement_id, document, state, erp_document_number, created_at, updated_at)
                VALUES (?, 'salesCreditNote', 'A1PA6795UKMFR9:302-0000006-0000006:R1:credit-note', '302-0000006-0000006', ?, 'posted', ?, ?, ?)`)
      .run(ERP, JSON.stringify({ creditNote: { lines: [{ itemNumber: '1900-S', quantity: 1, unitPrice: 19280 }] } }), refund.documentNumber, T, T);
    flow.settle(flow.returns.record(AMAZON, [ret('302-0000006-0000006', 'CHAIR-BLACK', 'DEFECTIVE', 'LPN6')]));
    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 1, held: 0, waiting: 0 });
    expect(memos().map((m) => m.number)).toEqual([refund.documentNumber]);
    expect(docs.outbox.ofReturn(readAll()[0]!.id)).toMatchObject([{ state: 'sent', erpDocumentNumber: refund.documentNumber }]);
  });
});
