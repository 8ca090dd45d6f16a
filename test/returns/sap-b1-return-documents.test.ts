import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeadLetterStore } from '../../core/attention';
import { SapB1Connector } from '../../core/erp/sap-b1/client';
import { startSapB1Emulator, type SapB1Emulator } from '../../core/sandbox/sap-b1/emulator';
import { ReturnDocuments } from '../../core/returns/return-documents';
import { ReturnReasonMap } from '../../core/returns/return-reason-map';
import { checkReturnWarehouses } from '../../core/returns/return-warehouses';
import { RETURNS_FLOW, ReturnsFlow } from '../../core/returns/returns-flow';
import type { ReturnLine } from '../../core/returns/returns-report';
import { AuditLog, openDatabase, type Db } from '../../core/store';
import { FAST } from '../erp/sap-b1/sap-b1-fixtures';

/**
 * FBA customer returns into SAP Business One, as the user chooses per connection: a credit note copied
 * from the order's invoice, or a return request, each line with B1's return reason number; one document
 * per return through a lost answer and throttling.
 */

const ERP = 'b1-1';
const AMAZON = 'amz-1';
const T = '2026-11-20T10:00:00.000Z';
let db: Db;
let emu: SapB1Emulator;
let erp: SapB1Connector;
let letters: DeadLetterStore;
let docs: ReturnDocuments;
let flow: ReturnsFlow;

const now = () => new Date(T);
let line = 1;
const ret = (orderId: string, sku: string, reason: string, lpn: string): ReturnLine => ({
  line: ++line, orderId, sku, asin: 'B000CHAIR1', fnsku: 'X000CHAIR1', productName: 'Chair', quantity: 1, fulfillmentCenterId: 'SEA8',
  disposition: 'SELLABLE', reason, status: 'Unit returned to inventory', licensePlateNumber: lpn, returnDate: '2026-11-18T09:00:00.000Z',
});

/** An order invoiced in B1 and recorded as posted in the outbox, as "Orders as invoices" leaves it. */
async function invoiced(orderId: string, items: Array<[string, number, number]>): Promise<string> {
  const invoice = { externalDocumentNumber: orderId, customerNumber: 'C-AMZ-US', invoiceDate: '2026-11-10', currency: 'USD', lines: items.map(([itemNumber, quantity, unitPrice]) => ({ itemNumber, quantity, unitPrice })) };
  const posted = await erp.postSalesInvoice(invoice);
  db.prepare(`INSERT INTO posting_outbox (connection_id, kind, natural_key, settlement_id, document, state, erp_document_number, created_at, updated_at)
              VALUES (?, 'salesInvoice', ?, ?, ?, 'posted', ?, ?, ?)`)
    .run(ERP, `ATVPDKIKX0DER:${orderId}:invoice`, orderId, JSON.stringify({ marketplaceId: 'ATVPDKIKX0DER', orderId, invoice }), posted.documentNumber, T, T);
  return posted.documentNumber;
}
const readAll = () => flow.returns.list();
const invoiceOf = (orderId: string) => emu.invoices().find((i) => i.NumAtCard === orderId)!;

beforeEach(async () => {
  db = openDatabase(join(mkdtempSync(join(tmpdir(), 'mlc-b1-returns-')), 'ws.sqlite'));
  const audit = new AuditLog(db);
  emu = await startSapB1Emulator();
  erp = new SapB1Connector({
    settings: { serviceLayerUrl: emu.v2, companyDb: emu.seed.companyDb, userName: 'manager', returnReasons: '1 Damaged, 2 Defective, 3 No longer needed' },
    secrets: { password: 'B1Admin!' }, backoff: FAST, settleMs: 1,
  });
  for (const [id, kind] of [[AMAZON, 'amazon'], [ERP, 'sap-b1']] as const) {
    db.prepare('INSERT INTO connection (id, kind, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, kind, id, '{}', T, T);
  }
  for (const [sku, item] of [['CHAIR-BLACK', 'A00001'], ['BOX', 'A00002']]) {
    db.prepare("INSERT INTO mapping_rule (connection_id, kind, subject, target, updated_at, updated_by) VALUES (?, 'sku', ?, ?, ?, 'test')").run(ERP, sku, item, T);
  }
  letters = new DeadLetterStore(db, now);
  docs = new ReturnDocuments(db, letters, audit, now);
  flow = new ReturnsFlow(db, letters, new ReturnReasonMap(db, audit, now), now, (r, signal) => docs.deliver(r, async () => erp, signal));
  flow.map.set('reason', 'DEFECTIVE', '2', 'test');
});
afterEach(async () => {
  await erp.close();
  await emu.stop();
  db.close();
});

describe('returns into SAP Business One', () => {
  it('offers a credit note or a return request, and reads the reason numbers from the connection', async () => {
    expect(erp.capabilities.returnDocuments).toEqual(['credit-note', 'return-order']);
    expect(await erp.readReturnReasons()).toEqual([{ code: '1', description: 'Damaged' }, { code: '2', description: 'Defective' }, { code: '3', description: 'No longer needed' }]);
  });

  it('as credit notes: one per return, copied from the order\'s invoice line with the reason number, through a lost answer and throttling', async () => {
    docs.settings.set(ERP, 'credit-note', erp.capabilities.returnDocuments ?? [], 'test');
    await invoiced('113-0000001-0000001', [['A00001', 2, 192_80]]);
    await invoiced('113-0000002-0000002', [['A00002', 1, 281_40], ['A00001', 1, 189_99]]);
    flow.settle(flow.returns.record(AMAZON, [ret('113-0000001-0000001', 'CHAIR-BLACK', 'DEFECTIVE', 'LPN1'), ret('113-0000002-0000002', 'CHAIR-BLACK', 'DEFECTIVE', 'LPN2')]));
    emu.faults.dropAfterProcessing(1, { path: /^POST CreditNotes$/ });
    emu.faults.throttle(2, { path: /^GET CreditNotes$/ });

    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 2, held: 0, waiting: 0 });
    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 0, held: 0, waiting: 0 });
    expect(emu.creditNotes()).toHaveLength(2);
    expect(emu.returnRequests()).toHaveLength(0);
    const second = invoiceOf('113-0000002-0000002');
    const note = emu.creditNotes().find((n) => String(n.NumAtCard).startsWith('113-0000002-0000002/RET'))!;
    expect(note.DocumentLines.map((l) => [l.ItemCode, l.Quantity, l.UnitPrice, l.ReturnReason, l.BaseType, l.BaseEntry, l.BaseLine])).toEqual([['A00001', 1, 189.99, 2, 13, second.DocEntry, 1]]);
    expect(docs.outbox.counts()).toEqual({ pending: 0, held: 0, sent: 2 });
  });

  it('as return requests: one per return with the reason number, through a lost answer; nothing is credited', async () => {
    docs.settings.set(ERP, 'return-order', erp.capabilities.returnDocuments ?? [], 'test');
    await invoiced('113-0000003-0000003', [['A00001', 1, 192_80]]);
    flow.settle(flow.returns.record(AMAZON, [ret('113-0000003-0000003', 'CHAIR-BLACK', 'DEFECTIVE', 'LPN3')]));
    emu.faults.dropAfterProcessing(1, { path: /^POST ReturnRequest$/ });
    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 1, held: 0, waiting: 0 });
    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 0, held: 0, waiting: 0 });
    expect(emu.returnRequests()).toHaveLength(1);
    expect(emu.returnRequests()[0]).toMatchObject({ CardCode: 'C-AMZ-US', DocCurrency: 'USD', Comments: expect.stringContaining(String(invoiceOf('113-0000003-0000003').DocNum)) });
    expect(emu.returnRequests()[0]!.DocumentLines.map((l) => [l.ItemCode, l.Quantity, l.UnitPrice, l.ReturnReason])).toEqual([['A00001', 1, 192.8, 2]]);
    expect(emu.creditNotes()).toHaveLength(0);
  });

  it('holds a return mapped to a reason B1 does not have, naming B1\'s numbers', async () => {
    docs.settings.set(ERP, 'credit-note', erp.capabilities.returnDocuments ?? [], 'test');
    flow.map.set('reason', 'DEFECTIVE', '7', 'test');
    await invoiced('113-0000004-0000004', [['A00001', 1, 192_80]]);
    flow.settle(flow.returns.record(AMAZON, [ret('113-0000004-0000004', 'CHAIR-BLACK', 'DEFECTIVE', 'LPN4')]));
    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 0, held: 1, waiting: 0 });
    expect(letters.list({ flow: RETURNS_FLOW })[0]!.error).toBe('The ERP has no return reason code "7" (it has 1, 2, 3).');
    expect(emu.creditNotes()).toHaveLength(0);
  });
});

describe('returns into SAP Business One: sellable and unsellable returns to their warehouses', () => {
  const graded = (orderId: string, lpn: string, disposition: string): ReturnLine => ({ ...ret(orderId, 'CHAIR-BLACK', 'DEFECTIVE', lpn), disposition });

  it('each return request line comes back to the sellable or the unsellable warehouse set for the connection, by Amazon\'s disposition', async () => {
    docs.settings.set(ERP, 'return-order', erp.capabilities.returnDocuments ?? [], 'test');
    expect(erp.capabilities.returnWarehouses).toBe(true);
    docs.settings.setWarehouses(ERP, checkReturnWarehouses({ sellable: ' 01 ', unsellable: 'RET' }, await erp.readReturnWarehouses(), 'SAP Business One'), 'test');
    await invoiced('113-0000011-0000011', [['A00001', 3, 192_80]]);
    flow.settle(flow.returns.record(AMAZON, [graded('113-0000011-0000011', 'LPN11', 'SELLABLE'), graded('113-0000011-0000011', 'LPN12', 'CUSTOMER_DAMAGED'), graded('113-0000011-0000011', 'LPN13', '')]));

    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 3, held: 0, waiting: 0 });
    expect(emu.returnRequests().map((r) => r.DocumentLines.map((l) => [l.ItemCode, l.WarehouseCode]))).toEqual([[['A00001', '01']], [['A00001', 'RET']], [['A00001', 'RET']]]);
    expect(docs.settings.get(ERP)!.warehouses).toEqual({ sellable: '01', unsellable: 'RET' });
  });

  it('refuses a warehouse B1 does not list or keeps inactive; one that went away since is B1\'s refusal at save, held for a person', async () => {
    emu.seed.warehouses.push({ WarehouseCode: 'OLD', WarehouseName: 'Closed warehouse', Inactive: 'tYES' });
    const listed = await erp.readReturnWarehouses();
    expect(listed.find((w) => w.code === 'OLD')).toEqual({ code: 'OLD', description: 'Closed warehouse', active: false });
    expect(() => checkReturnWarehouses({ sellable: '01', unsellable: 'SCRAP' }, listed, 'SAP Business One')).toThrow('SAP Business One has no warehouse SCRAP (for unsellable returns); it has 01, 02, RET.');
    expect(() => checkReturnWarehouses({ sellable: 'OLD', unsellable: 'RET' }, listed, 'SAP Business One')).toThrow('The warehouse OLD (for sellable returns) is inactive in SAP Business One; pick one of 01, 02, RET.');

    docs.settings.set(ERP, 'return-order', erp.capabilities.returnDocuments ?? [], 'test');
    docs.settings.setWarehouses(ERP, { sellable: '01', unsellable: 'GONE' }, 'test');
    await invoiced('113-0000012-0000012', [['A00001', 1, 192_80]]);
    flow.settle(flow.returns.record(AMAZON, [graded('113-0000012-0000012', 'LPN14', 'DEFECTIVE')]));
    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 0, held: 1, waiting: 0 });
    expect(emu.returnRequests()).toHaveLength(0);
    expect(letters.list({ flow: RETURNS_FLOW })[0]!.error).toContain("Invalid warehouse code 'GONE' (line 1).");
  });

  it('a credit note receives no goods, so it names no warehouse', async () => {
    docs.settings.set(ERP, 'credit-note', erp.capabilities.returnDocuments ?? [], 'test');
    docs.settings.setWarehouses(ERP, { sellable: '01', unsellable: 'RET' }, 'test');
    await invoiced('113-0000013-0000013', [['A00001', 1, 192_80]]);
    flow.settle(flow.returns.record(AMAZON, [graded('113-0000013-0000013', 'LPN15', 'SELLABLE')]));
    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 1, held: 0, waiting: 0 });
    expect(emu.creditNotes()).toHaveLength(1);
    expect(emu.creditNotes()[0]!.DocumentLines.map((l) => l.WarehouseCode)).toEqual([undefined]);
    expect(emu.returnRequests()).toHaveLength(0);
  });
});
