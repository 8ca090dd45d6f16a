import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeadLetterStore } from '../../core/attention';
import type { AcumaticaConnector } from '../../core/erp/acumatica/connector';
import type { AcumaticaEmulator } from '../../core/sandbox/acumatica/emulator';
import { ReturnDocuments } from '../../core/returns/return-documents';
import { ReturnReasonMap } from '../../core/returns/return-reason-map';
import { checkReturnWarehouses } from '../../core/returns/return-warehouses';
import { RETURNS_FLOW, ReturnsFlow } from '../../core/returns/returns-flow';
import type { ReturnLine } from '../../core/returns/returns-report';
import { AuditLog, openDatabase, type Db } from '../../core/store';
import { connector, emulator } from '../erp/acumatica/acumatica-fixtures';

/**
 * FBA customer returns into Acumatica, as the user chooses per connection: a return order (SalesOrder of
 * type RC, each line a Receipt with its reason code and the invoice it comes back from) or a credit memo
 * applied to the order's invoice; one document per return through a lost answer, a 429 and an expired token.
 */

const ERP = 'acu-1';
const AMAZON = 'amz-1';
const T = '2026-11-20T10:00:00.000Z';
let db: Db;
let emu: AcumaticaEmulator;
let erp: AcumaticaConnector;
let letters: DeadLetterStore;
let docs: ReturnDocuments;
let flow: ReturnsFlow;

const now = () => new Date(T);
let line = 1;
const ret = (orderId: string, sku: string, reason: string, lpn: string, quantity = 1): ReturnLine => ({
  line: ++line, orderId, sku, asin: 'B000CHAIR1', fnsku: 'X000CHAIR1', productName: 'Chair', quantity, fulfillmentCenterId: 'SEA8',
  disposition: 'CUSTOMER_DAMAGED', reason, status: 'Unit returned to inventory', licensePlateNumber: lpn, returnDate: '2026-11-18T09:00:00.000Z',
});

/** An order invoiced and released in Acumatica, recorded as posted in the outbox, as "Orders as invoices" leaves it. */
async function invoiced(orderId: string, items: Array<[string, number, number]>): Promise<string> {
  const invoice = { externalDocumentNumber: orderId, customerNumber: 'AMZUS', invoiceDate: '2026-11-10', currency: 'USD', lines: items.map(([itemNumber, quantity, unitPrice]) => ({ itemNumber, quantity, unitPrice })) };
  const posted = await erp.postSalesInvoice(invoice);
  db.prepare(`INSERT INTO posting_outbox (connection_id, kind, natural_key, settlement_id, document, state, erp_document_number, created_at, updated_at)
              VALUES (?, 'salesInvoice', ?, ?, ?, 'posted', ?, ?, ?)`)
    .run(ERP, `ATVPDKIKX0DER:${orderId}:invoice`, orderId, JSON.stringify({ marketplaceId: 'ATVPDKIKX0DER', orderId, invoice }), posted.documentNumber, T, T);
  return posted.documentNumber;
}
const readAll = () => flow.returns.list();
const returnOrders = () => emu.salesOrders.filter((o) => o.OrderType === 'RC');
const memos = () => emu.salesInvoices.filter((i) => i.Type === 'Credit Memo');

beforeEach(async () => {
  db = openDatabase(join(mkdtempSync(join(tmpdir(), 'mlc-acu-returns-')), 'ws.sqlite'));
  const audit = new AuditLog(db);
  emu = await emulator();
  erp = connector(emu, { returnReasons: 'DAMAGED Damaged, DEFECTIVE Defective, NOTNEEDED No longer needed' });
  for (const [id, kind] of [[AMAZON, 'amazon'], [ERP, 'acumatica']] as const) {
    db.prepare('INSERT INTO connection (id, kind, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, kind, id, '{}', T, T);
  }
  for (const [sku, item] of [['CHAIR-BLACK', 'CHAIR01'], ['BOX', 'BOX01']]) {
    db.prepare("INSERT INTO mapping_rule (connection_id, kind, subject, target, updated_at, updated_by) VALUES (?, 'sku', ?, ?, ?, 'test')").run(ERP, sku, item, T);
  }
  letters = new DeadLetterStore(db, now);
  docs = new ReturnDocuments(db, letters, audit, now);
  flow = new ReturnsFlow(db, letters, new ReturnReasonMap(db, audit, now), now, (r, signal) => docs.deliver(r, async () => erp, signal));
  flow.map.set('reason', 'DEFECTIVE', 'DEFECTIVE', 'test');
});
afterEach(async () => {
  await erp.close();
  await emu.stop();
  db.close();
});

describe('returns into Acumatica', () => {
  it('offers a return order or a credit memo, and reads the reason codes from the connection', async () => {
    expect(erp.capabilities.returnDocuments).toEqual(['credit-note', 'return-order']);
    expect(erp.capabilities.flows).toContain('customerReturns');
    expect(await erp.readReturnReasons()).toEqual([{ code: 'DAMAGED', description: 'Damaged' }, { code: 'DEFECTIVE', description: 'Defective' }, { code: 'NOTNEEDED', description: 'No longer needed' }]);
  });

  it('as return orders: one RC order per return, each line a receipt of the item with its reason code and invoice, through a lost answer, a 429 and an expired token', async () => {
    docs.settings.set(ERP, 'return-order', erp.capabilities.returnDocuments ?? [], 'test');
    const first = await invoiced('113-0000001-0000001', [['CHAIR01', 2, 192_80]]);
    const second = await invoiced('113-0000002-0000002', [['BOX01', 1, 24_50], ['CHAIR01', 1, 189_99]]);
    flow.settle(flow.returns.record(AMAZON, [ret('113-0000001-0000001', 'CHAIR-BLACK', 'DEFECTIVE', 'LPN1', 2), ret('113-0000002-0000002', 'CHAIR-BLACK', 'DEFECTIVE', 'LPN2')]));
    emu.faults.expireTokens();
    emu.faults.dropAfterProcessing(1, { path: /^PUT \/SalesOrder$/ });
    emu.faults.throttle(1, { path: /^PUT \/SalesOrder$/ });

    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 2, held: 0, waiting: 0 });
    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 0, held: 0, waiting: 0 });
    expect(returnOrders()).toHaveLength(2);
    expect(memos()).toHaveLength(0);
    const [a, b] = returnOrders();
    expect(a).toMatchObject({ CustomerID: 'AMZUS', CurrencyID: 'USD', Status: 'Open', Date: '2026-11-18', CustomerOrder: expect.stringMatching(/^113-0000001-0000001\/RET[0-9a-f]{8}$/) });
    expect(a!.Details.map((l) => [l.InventoryID, l.OrderQty, l.UnitPrice, l.Operation, l.ReasonCode, l.InvoiceType, l.InvoiceNbr])).toEqual([['CHAIR01', 2, 192.8, 'Receipt', 'DEFECTIVE', 'Invoice', first]]);
    expect(b!.Details.map((l) => [l.InventoryID, l.OrderQty, l.UnitPrice, l.ReasonCode, l.InvoiceNbr])).toEqual([['CHAIR01', 1, 189.99, 'DEFECTIVE', second]]);
    expect(docs.outbox.counts()).toEqual({ pending: 0, held: 0, sent: 2 });
    expect(docs.outbox.ofReturn(readAll()[0]!.id)[0]!.erpDocumentNumber).toBe(a!.OrderNbr);
  });

  it('as credit memos: one per return, applied to the order\'s invoice, the reason in its description, through a lost answer, a 429 and an expired token', async () => {
    docs.settings.set(ERP, 'credit-note', erp.capabilities.returnDocuments ?? [], 'test');
    const invoice = await invoiced('113-0000003-0000003', [['CHAIR01', 2, 192_80]]);
    flow.settle(flow.returns.record(AMAZON, [ret('113-0000003-0000003', 'CHAIR-BLACK', 'DEFECTIVE', 'LPN3')]));
    emu.faults.expireTokens();
    emu.faults.dropAfterProcessing(1, { path: /^PUT \/SalesInvoice$/ });
    emu.faults.throttle(1, { path: /^PUT \/SalesInvoice$/ });

    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 1, held: 0, waiting: 0 });
    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 0, held: 0, waiting: 0 });
    expect(memos()).toHaveLength(1);
    expect(returnOrders()).toHaveLength(0);
    expect(memos()[0]).toMatchObject({
      CustomerID: 'AMZUS', Status: 'Closed', Amount: 192.8, Description: expect.stringContaining('reason DEFECTIVE'),
      Applications: [{ DocType: 'Invoice', ReferenceNbr: invoice, AmountPaid: 192.8 }],
    });
    expect(memos()[0]!.Details.map((d) => [d.InventoryID, d.Qty, d.UnitPrice])).toEqual([['CHAIR01', 1, 192.8]]);
    expect(emu.salesInvoices.find((i) => i.ReferenceNbr === invoice)).toMatchObject({ Balance: 192.8, Status: 'Open' });
  });

  it('holds a return mapped to a reason code Acumatica does not list, naming the codes it has; after the mapping, the retry sends it once', async () => {
    docs.settings.set(ERP, 'return-order', erp.capabilities.returnDocuments ?? [], 'test');
    flow.map.set('reason', 'DEFECTIVE', 'BROKEN', 'test');
    await invoiced('113-0000004-0000004', [['CHAIR01', 1, 192_80]]);
    flow.settle(flow.returns.record(AMAZON, [ret('113-0000004-0000004', 'CHAIR-BLACK', 'DEFECTIVE', 'LPN4')]));
    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 0, held: 1, waiting: 0 });
    const [held] = letters.list({ flow: RETURNS_FLOW });
    expect(held!.error).toBe('The ERP has no return reason code "BROKEN" (it has DAMAGED, DEFECTIVE, NOTNEEDED).');
    expect(returnOrders()).toHaveLength(0);

    flow.map.set('reason', 'DEFECTIVE', 'DAMAGED', 'test');
    expect(await flow.retry(letters.get(held!.id)!)).toEqual({ ok: true });
    expect(await flow.retry(letters.get(held!.id)!)).toEqual({ ok: true });
    expect(returnOrders()).toHaveLength(1);
    expect(returnOrders()[0]!.Details[0]!.ReasonCode).toBe('DAMAGED');
  });

  it('a reason code Acumatica refuses all the same is held in its words, nothing created', async () => {
    erp = connector(emu, { returnReasons: 'DAMAGED Damaged, SCRATCHED Scratched' });
    docs.settings.set(ERP, 'return-order', erp.capabilities.returnDocuments ?? [], 'test');
    flow.map.set('reason', 'DEFECTIVE', 'SCRATCHED', 'test');
    await invoiced('113-0000005-0000005', [['CHAIR01', 1, 192_80]]);
    flow.settle(flow.returns.record(AMAZON, [ret('113-0000005-0000005', 'CHAIR-BLACK', 'DEFECTIVE', 'LPN5')]));
    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 0, held: 1, waiting: 0 });
    expect(letters.list({ flow: RETURNS_FLOW })[0]!.error).toContain("'Reason Code' SCRATCHED cannot be found in the system.");
    expect(returnOrders()).toHaveLength(0);
  });
});

describe('a retry from Needs attention racing a scheduled run', () => {
  it('sends the return once: the one that finds it taken leaves it, saying who has it; afterwards both see it sent', async () => {
    docs.settings.set(ERP, 'return-order', erp.capabilities.returnDocuments ?? [], 'test');
    await invoiced('113-0000006-0000006', [['CHAIR01', 1, 192_80]]);
    flow.settle(flow.returns.record(AMAZON, [ret('113-0000006-0000006', 'CHAIR-BLACK', 'WRONG_ITEM', 'LPN6')]));
    const [held] = letters.list({ flow: RETURNS_FLOW });
    flow.map.set('reason', 'WRONG_ITEM', 'NOTNEEDED', 'test');
    // Acumatica takes its time over the return order: the run starts while the retry's order is on its way.
    const arrived = emu.faults.delayNext(1, 300, { path: /^PUT \/SalesOrder$/ });

    // The retry makes the return ready at once; the run finds it ready too.
    const retry = flow.retry(letters.get(held!.id)!);
    await arrived;
    const ran = await docs.send(ERP, erp, flow.returns.list({ state: 'ready' }));
    expect(ran).toEqual({ sent: 0, held: 0, waiting: 1 });
    expect(await retry).toEqual({ ok: true });
    expect(returnOrders()).toHaveLength(1);
    expect(docs.outbox.counts()).toEqual({ pending: 0, held: 0, sent: 1 });
    expect(await docs.send(ERP, erp, flow.returns.list({ state: 'ready' }))).toEqual({ sent: 0, held: 0, waiting: 0 });
    expect(await flow.retry(letters.get(held!.id)!)).toEqual({ ok: true });
    expect(returnOrders()).toHaveLength(1);
  });

  it('a retry that finds a run sending the return says so and sends nothing', async () => {
    docs.settings.set(ERP, 'return-order', erp.capabilities.returnDocuments ?? [], 'test');
    await invoiced('113-0000007-0000007', [['CHAIR01', 1, 192_80]]);
    flow.settle(flow.returns.record(AMAZON, [ret('113-0000007-0000007', 'CHAIR-BLACK', 'WRONG_ITEM', 'LPN7')]));
    const [held] = letters.list({ flow: RETURNS_FLOW });
    flow.map.set('reason', 'WRONG_ITEM', 'NOTNEEDED', 'test');
    flow.settle(flow.returns.list());
    void emu.faults.delayNext(1, 300, { path: /^PUT \/SalesOrder$/ });

    const run = docs.send(ERP, erp, flow.returns.list({ state: 'ready' }));
    await new Promise((r) => setTimeout(r, 100));
    expect(await flow.retry(letters.get(held!.id)!)).toEqual({
      ok: false, error: 'A scheduled run of FBA returns is sending this return right now; nothing was sent twice.', fix: 'Retry in a moment.',
    });
    expect(await run).toEqual({ sent: 1, held: 0, waiting: 0 });
    expect(returnOrders()).toHaveLength(1);
  });
});

describe('returns into Acumatica: sellable and unsellable returns to their warehouses', () => {
  const graded = (orderId: string, lpn: string, disposition: string): ReturnLine => ({ ...ret(orderId, 'CHAIR-BLACK', 'DEFECTIVE', lpn), disposition });

  it('each return order line comes back to the sellable or the unsellable warehouse set for the connection, by Amazon\'s disposition', async () => {
    docs.settings.set(ERP, 'return-order', erp.capabilities.returnDocuments ?? [], 'test');
    expect(erp.capabilities.returnWarehouses).toBe(true);
    docs.settings.setWarehouses(ERP, checkReturnWarehouses({ sellable: ' MAIN ', unsellable: 'RETURNS' }, await erp.readReturnWarehouses(), 'Acumatica'), 'test');
    await invoiced('113-0000011-0000011', [['CHAIR01', 3, 192_80]]);
    flow.settle(flow.returns.record(AMAZON, [graded('113-0000011-0000011', 'LPN11', 'SELLABLE'), graded('113-0000011-0000011', 'LPN12', 'CUSTOMER_DAMAGED'), graded('113-0000011-0000011', 'LPN13', '')]));

    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 3, held: 0, waiting: 0 });
    expect(returnOrders().map((o) => o.Details.map((l) => [l.Operation, l.WarehouseID]))).toEqual([[['Receipt', 'MAIN']], [['Receipt', 'RETURNS']], [['Receipt', 'RETURNS']]]);
    expect(docs.settings.get(ERP)!.warehouses).toEqual({ sellable: 'MAIN', unsellable: 'RETURNS' });
  });

  it('refuses a warehouse Acumatica does not list or keeps inactive; one that went away since is Acumatica\'s refusal, held for a person', async () => {
    const listed = await erp.readReturnWarehouses();
    expect(() => checkReturnWarehouses({ sellable: 'MAIN', unsellable: 'DAMAGED' }, listed, 'Acumatica')).toThrow('Acumatica has no warehouse DAMAGED (for unsellable returns); it has MAIN, EAST, FBA, RETURNS.');
    expect(() => checkReturnWarehouses({ sellable: 'OLD', unsellable: 'RETURNS' }, listed, 'Acumatica')).toThrow('The warehouse OLD (for sellable returns) is inactive in Acumatica; pick one of MAIN, EAST, FBA, RETURNS.');

    docs.settings.set(ERP, 'return-order', erp.capabilities.returnDocuments ?? [], 'test');
    docs.settings.setWarehouses(ERP, { sellable: 'MAIN', unsellable: 'GONE' }, 'test');
    await invoiced('113-0000012-0000012', [['CHAIR01', 1, 192_80]]);
    flow.settle(flow.returns.record(AMAZON, [graded('113-0000012-0000012', 'LPN14', 'DEFECTIVE')]));
    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 0, held: 1, waiting: 0 });
    expect(returnOrders()).toHaveLength(0);
    expect(letters.list({ flow: RETURNS_FLOW })[0]!.error).toContain("'Warehouse' cannot be found in the system.");
  });

  it('a credit memo receives no goods, so it names no warehouse', async () => {
    docs.settings.set(ERP, 'credit-note', erp.capabilities.returnDocuments ?? [], 'test');
    docs.settings.setWarehouses(ERP, { sellable: 'MAIN', unsellable: 'RETURNS' }, 'test');
    await invoiced('113-0000013-0000013', [['CHAIR01', 1, 192_80]]);
    flow.settle(flow.returns.record(AMAZON, [graded('113-0000013-0000013', 'LPN15', 'SELLABLE')]));
    expect(await docs.send(ERP, erp, readAll())).toEqual({ sent: 1, held: 0, waiting: 0 });
    expect(memos()).toHaveLength(1);
  });
});
