import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import type { Dispatcher } from '../../core/api/dispatch';
import { PostingOutbox } from '../../core/posting';
import { tempWorkspace } from '../support/temp-workspace';
import { FakeLedger, FAKE_KIND, registerFakeErp } from '../erp/fake-erp/fake-erp';
import type { ConnectionKind } from '../../core/connections/connection-kinds';

let ws: ReturnType<typeof tempWorkspace>;
let api: Dispatcher;
let n = 0;
const call = async (name: string, input: unknown) =>
  (await api.invoke(name, input, `c${n++}`)) as { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };

let unregister: () => void;
beforeEach(() => {
  // Every built-in ERP posts sales invoices now; the fake kind, which does not, stands for one that cannot yet.
  unregister = registerFakeErp(new FakeLedger());
  ws = tempWorkspace();
  ws.connections.upsert({ id: 'bc', kind: 'business-central', name: 'BC Cronus', settings: {} });
  ws.connections.upsert({ id: 'b1', kind: 'sap-b1', name: 'SAP B1 Oec', settings: {} });
  ws.connections.upsert({ id: 'fake', kind: FAKE_KIND as ConnectionKind, name: 'Fake Books Ltd', settings: { company: 'Fake' } });
  ws.connections.upsert({ id: 'amz', kind: 'amazon', name: 'Amazon EU', settings: {} });
  api = createDispatcher(ws);
});
afterEach(() => { ws.remove(); unregister(); });

describe('orderPosting: "Settlement only" or "Orders as invoices" per ERP connection', () => {
  it('starts every connection on "Settlement only"', async () => {
    expect(await call('orderPosting.get', { connectionId: 'bc' })).toEqual({
      ok: true, value: { connectionId: 'bc', mode: 'settlement-only', invoicesSupported: true, updatedAt: null, updatedBy: null, grouping: 'per-order' },
    });
  });

  it('chooses one summary invoice per marketplace per day, saying it takes effect for days not yet invoiced, audited once', async () => {
    await call('orderPosting.set', { connectionId: 'bc', mode: 'orders-as-invoices' });
    new PostingOutbox(ws.db, ws.audit).enqueueOrderInvoice('bc', { marketplaceId: 'A1PA6795UKMFR9', orderId: '302-1000001-0000001', invoice: { externalDocumentNumber: '302-1000001-0000001', customerNumber: 'AMZ-DE', invoiceDate: '2026-11-20', currency: 'EUR', lines: [{ itemNumber: '1900-S', quantity: 1, unitPrice: 100 }] } });
    const set = await call('orderPosting.setGrouping', { connectionId: 'bc', grouping: 'daily-summary' });
    expect(set).toMatchObject({ ok: true, value: { grouping: 'daily-summary', note: expect.stringMatching(/one summary invoice per marketplace per day.*from the first day not yet invoiced\. Days already invoiced \(the latest 2026-11-20\) keep the invoices they have/) } });
    expect(await call('orderPosting.get', { connectionId: 'bc' })).toMatchObject({ ok: true, value: { grouping: 'daily-summary' } });
    expect(await call('orderPosting.setGrouping', { connectionId: 'bc', grouping: 'daily-summary' })).toMatchObject({ ok: true, value: { note: 'BC Cronus already makes one summary invoice per marketplace per day; nothing changed.' } });
    expect(ws.audit.list({}).filter((e) => e.operation === 'connection.order-invoice-grouping').map((e) => e.actor)).toEqual([ws.osUser]);
    expect(await call('orderPosting.setGrouping', { connectionId: 'bc', grouping: 'weekly' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('switches a Business Central connection to orders as invoices, keeps it, and audits who did it', async () => {
    const set = await call('orderPosting.set', { connectionId: 'bc', mode: 'orders-as-invoices' });
    expect(set).toMatchObject({ ok: true, value: { mode: 'orders-as-invoices', updatedBy: ws.osUser } });
    expect(await call('orderPosting.get', { connectionId: 'bc' })).toMatchObject({ ok: true, value: { mode: 'orders-as-invoices' } });
    expect(await call('orderPosting.get', { connectionId: 'b1' })).toMatchObject({ ok: true, value: { mode: 'settlement-only' } });
    const decisions = ws.audit.list({}).filter((e) => e.operation === 'connection.order-posting-mode');
    expect(decisions.map((e) => [e.connectionId, e.actor, JSON.parse(String(e.detail))])).toEqual([['bc', ws.osUser, { from: 'settlement-only', to: 'orders-as-invoices' }]]);
    // The same choice again changes nothing and records nothing.
    await call('orderPosting.set', { connectionId: 'bc', mode: 'orders-as-invoices' });
    expect(ws.audit.list({}).filter((e) => e.operation === 'connection.order-posting-mode')).toHaveLength(1);
  });

  it('refuses orders as invoices where the ERP cannot post sales invoices yet, and anything but an ERP connection', async () => {
    const fake = await call('orderPosting.set', { connectionId: 'fake', mode: 'orders-as-invoices' });
    expect(fake).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/^Fake Books Ltd cannot take Amazon orders as sales invoices yet; it stays on "Settlement only"/) } });
    expect(await call('orderPosting.get', { connectionId: 'fake' })).toMatchObject({ ok: true, value: { mode: 'settlement-only', invoicesSupported: false } });
    expect(await call('orderPosting.get', { connectionId: 'b1' })).toMatchObject({ ok: true, value: { invoicesSupported: true } });
    expect(await call('orderPosting.get', { connectionId: 'amz' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/not an ERP connection/) } });
    expect(await call('orderPosting.get', { connectionId: 'gone' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call('orderPosting.set', { connectionId: 'bc', mode: 'per-day' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('shows an order\'s invoice in the posting outbox with its order, date, currency and total, and lets a person cancel it', async () => {
    const invoice = { externalDocumentNumber: '302-1000001-0000001', customerNumber: 'AMZ-DE', invoiceDate: '2026-11-20', currency: 'EUR', lines: [{ itemNumber: '1900-S', quantity: 2, unitPrice: 19280 }, { itemNumber: '1906-S', quantity: 1, unitPrice: 28140 }] };
    new PostingOutbox(ws.db, ws.audit).enqueueOrderInvoice('bc', { marketplaceId: 'A1PA6795UKMFR9', orderId: '302-1000001-0000001', invoice });
    const listed = await call('posting.list', { settlementId: '302-1000001-0000001' });
    expect(listed).toMatchObject({ ok: true, value: { documents: [{
      naturalKey: 'A1PA6795UKMFR9:302-1000001-0000001:invoice', kind: 'salesInvoice', settlementId: '302-1000001-0000001', version: null,
      documentNumber: '302-1000001-0000001', postingDate: '2026-11-20', currency: 'EUR', lineCount: 2, totalDebit: 66700, totalCredit: 66700, state: 'pending',
    }] } });
    const cancelled = await call('posting.cancel', { naturalKey: 'A1PA6795UKMFR9:302-1000001-0000001:invoice', connectionId: 'bc', reason: 'invoiced by hand' });
    expect(cancelled).toMatchObject({ ok: true, value: { state: 'cancelled', kind: 'salesInvoice' } });
    expect(ws.audit.list({}).filter((e) => e.operation === 'posting.cancelled').map((e) => [e.subjectType, e.subjectId])).toEqual([['order', '302-1000001-0000001']]);
  });
});
