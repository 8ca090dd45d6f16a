import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeadLetterStore } from '../../core/attention';
import { scaledClock } from '../../core/clock/clock';
import type { D365FoConnector } from '../../core/erp/d365fo/client';
import { ErpError } from '../../core/erp/erp-error';
import { ReturnDocuments } from '../../core/returns/return-documents';
import { ReturnReasonMap } from '../../core/returns/return-reason-map';
import { ReturnsFlow } from '../../core/returns/returns-flow';
import type { ReturnLine } from '../../core/returns/returns-report';
import type { FoEmulator } from '../../core/sandbox/fo/emulator';
import { AuditLog, openDatabase, type Db } from '../../core/store';
import { foConnector, foEmulator, TODAY } from '../erp/d365fo/fo-fixtures';

/**
 * FBA customer returns into Finance and Operations: a free-text credit note of the returned items against
 * the order's invoice, once through a lost answer, a 429 and an expired token, left for a person to post.
 * A return order is refused, saying why: ReturnOrderHeaders is in none of the specs.
 */

const ERP = 'fo-1';
const AMAZON = 'amz-1';
const T = '2026-11-20T10:00:00.000Z';
let db: Db;
let emu: FoEmulator;
let erp: D365FoConnector;
let letters: DeadLetterStore;
let docs: ReturnDocuments;
let flow: ReturnsFlow;

const now = () => new Date(T);
let line = 1;
const ret = (orderId: string, reason: string, lpn: string): ReturnLine => ({
  line: ++line, orderId, sku: 'CHAIR-BLACK', asin: 'B000CHAIR1', fnsku: 'X000CHAIR1', productName: 'Chair', quantity: 1, fulfillmentCenterId: 'SEA8',
  disposition: 'SELLABLE', reason, status: 'Unit returned to inventory', licensePlateNumber: lpn, returnDate: '2026-11-18T09:00:00.000Z',
});

/** An order as a free-text invoice a person has posted in F&O, recorded as posted in the outbox. */
async function invoiced(orderId: string): Promise<string> {
  const invoice = { externalDocumentNumber: orderId, customerNumber: 'US-AMZ', invoiceDate: '2026-11-10', currency: 'USD', lines: [{ itemNumber: '6100', quantity: 2, unitPrice: 192_80, description: 'Office chair' }] };
  const posted = await erp.postSalesInvoice(invoice);
  emu.postFreeTextInvoice(posted.documentNumber);
  db.prepare(`INSERT INTO posting_outbox (connection_id, kind, natural_key, settlement_id, document, state, erp_document_number, created_at, updated_at)
              VALUES (?, 'salesInvoice', ?, ?, ?, 'posted', ?, ?, ?)`)
    .run(ERP, `ATVPDKIKX0DER:${orderId}:invoice`, orderId, JSON.stringify({ marketplaceId: 'ATVPDKIKX0DER', orderId, invoice }), posted.documentNumber, T, T);
  return posted.documentNumber;
}
const notesOf = (orderId: string) => emu.rows('FreeTextInvoiceHeaders').filter((h) => String(h.CustomerReference).startsWith(`${orderId}/RET`));
const invoiceId = (orderId: string) => String(emu.rows('FreeTextInvoiceHeaders').find((h) => h.CustomerReference === orderId)!.InvoiceId);
const linesOf = (recId: unknown) => emu.rows('FreeTextInvoiceLines').filter((l) => l.ParentRecId === recId);

beforeEach(async () => {
  db = openDatabase(join(mkdtempSync(join(tmpdir(), 'mlc-fo-returns-')), 'ws.sqlite'));
  const audit = new AuditLog(db);
  emu = await foEmulator();
  // A hundred times quicker, so the settle delay after a lost answer is short.
  erp = foConnector(emu, { returnReasons: 'DAMAGED Damaged, DEFECTIVE Defective' }, emu.clientSecret, { clock: scaledClock(100, TODAY) });
  for (const [id, kind] of [[AMAZON, 'amazon'], [ERP, 'd365fo']] as const) {
    db.prepare('INSERT INTO connection (id, kind, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, kind, id, '{}', T, T);
  }
  db.prepare("INSERT INTO mapping_rule (connection_id, kind, subject, target, updated_at, updated_by) VALUES (?, 'sku', 'CHAIR-BLACK', '6100', ?, 'test')").run(ERP, T);
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

describe('returns into Finance and Operations', () => {
  it('offers a credit note only; choosing a return order is refused with why, and saves nothing', () => {
    expect(erp.capabilities.flows).toContain('customerReturns');
    expect(erp.capabilities.returnDocuments).toEqual(['credit-note']);
    const choose = () => docs.settings.set(ERP, 'return-order', erp.capabilities.returnDocuments ?? [], 'test', erp.capabilities.returnDocumentsWhyNot);
    expect(choose).toThrow("Finance and Operations' return orders (ReturnOrderHeaders) are not in the OData descriptions ml-connector is built and checked against, so it cannot create one safely. Choose a credit note");
    expect(docs.settings.get(ERP)).toBeNull();
  });

  it('a return order reaching the connector all the same is refused with the same words, nothing sent to F&O', async () => {
    const sent = erp.postCustomerReturn({
      kind: 'return-order', externalDocumentNumber: '113-1/RET00000001', invoiceNumber: 'FTI-000001', customerNumber: 'US-AMZ', returnDate: '2026-11-18', currency: 'USD', reasonCode: 'DEFECTIVE',
      lines: [{ itemNumber: '6100', quantity: 1, unitPrice: 192_80 }],
    });
    await expect(sent).rejects.toThrow(ErpError);
    await expect(sent).rejects.toThrow(/ReturnOrderHeaders\) are not in the OData descriptions/);
    expect(emu.rows('FreeTextInvoiceHeaders')).toHaveLength(0);
  });

  it('as credit notes: one free-text credit note per return, negative lines naming the reason and the invoice, through a lost answer, a 429 and an expired token; left for a person to post', async () => {
    docs.settings.set(ERP, 'credit-note', erp.capabilities.returnDocuments ?? [], 'test', erp.capabilities.returnDocumentsWhyNot);
    expect(await erp.readReturnReasons()).toEqual([{ code: 'DAMAGED', description: 'Damaged' }, { code: 'DEFECTIVE', description: 'Defective' }]);
    await invoiced('113-0000001-0000001');
    await invoiced('113-0000002-0000002');
    flow.settle(flow.returns.record(AMAZON, [ret('113-0000001-0000001', 'DEFECTIVE', 'LPN1'), ret('113-0000002-0000002', 'DEFECTIVE', 'LPN2')]));
    emu.faults.expireTokens();
    emu.faults.dropAfterProcessing(1, { path: /^POST \/data\/FreeTextInvoiceHeaders$/ });
    emu.faults.throttle(1, { path: /^GET \/data\/FreeTextInvoiceHeaders$/ });

    expect(await docs.send(ERP, erp, flow.returns.list())).toEqual({ sent: 2, held: 0, waiting: 0 });
    expect(await docs.send(ERP, erp, flow.returns.list())).toEqual({ sent: 0, held: 0, waiting: 0 });
    const [note] = notesOf('113-0000001-0000001');
    expect(notesOf('113-0000001-0000001')).toHaveLength(1);
    expect(notesOf('113-0000002-0000002')).toHaveLength(1);
    expect(note).toMatchObject({ CustomerAccount: 'US-AMZ', CurrencyCode: 'USD', IsPosted: 'No' });
    expect(linesOf(note!.RecId).map((l) => [l.MainAccountDisplayValue, l.Quantity, l.UnitPrice, l.Description])).toEqual([['6100', -1, 192.8, `DEFECTIVE: Return of CHAIR-BLACK, SELLA (credits ${invoiceId('113-0000001-0000001')})`]]);
    expect(docs.outbox.ofReturn(flow.returns.list()[0]!.id)[0]).toMatchObject({ state: 'sent', erpDocumentNumber: note!.FreeTextNumber });
  });
});
