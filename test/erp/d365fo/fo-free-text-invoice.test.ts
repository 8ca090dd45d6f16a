import { afterEach, describe, expect, it } from 'vitest';
import { scaledClock } from '../../../core/clock/clock';
import type { SalesInvoiceDocument } from '../../../core/erp/erp-connector';
import { d365foEntry } from '../../../core/erp/d365fo/entry';
import { recheckAwaiting, runPosting } from '../../../core/posting';
import type { FoEmulator } from '../../../core/sandbox/fo/emulator';
import { INVOICED, ordersWorkspace, US } from '../order-invoice-fixtures';
import { FAST_BACKOFF, foConnector, foEmulator, foSettings, TODAY } from './fo-fixtures';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});
async function start(): Promise<FoEmulator> {
  const emu = await foEmulator();
  stops.push(() => emu.stop());
  return emu;
}
/** A hundred times quicker, so the settle delay after a lost answer takes 10 ms. */
const quick = (emu: FoEmulator) => foConnector(emu, {}, emu.clientSecret, { clock: scaledClock(100, TODAY) });
const invoice = (orderId: string, more: Partial<SalesInvoiceDocument> = {}): SalesInvoiceDocument => ({
  externalDocumentNumber: orderId, customerNumber: 'US-AMZ', invoiceDate: '2026-06-20', currency: 'USD',
  lines: [{ itemNumber: '6100-002-022', quantity: 2, unitPrice: 192_80, description: 'Office chair' }, { itemNumber: '6100', quantity: 1, unitPrice: 281_40 }],
  ...more,
});
const headers = (emu: FoEmulator, orderId: string) => emu.rows('FreeTextInvoiceHeaders').filter((h) => h.CustomerReference === orderId);
const linesOf = (emu: FoEmulator, recId: unknown) => emu.rows('FreeTextInvoiceLines').filter((l) => l.ParentRecId === recId);

describe('F&O free-text invoices for Amazon orders (entity names UNVERIFIED, NOTES §2.3)', () => {
  it('creates the header with CustomerReference = order id and its lines on revenue main accounts; it waits to be posted in F&O', async () => {
    const emu = await start();
    const c = quick(emu);
    expect(await c.postSalesInvoice(invoice('111-0000001-0000001'))).toEqual({ documentNumber: 'FTI-000001', alreadyExisted: false, posted: false });
    const [h] = headers(emu, '111-0000001-0000001');
    expect(h).toMatchObject({ CustomerAccount: 'US-AMZ', CurrencyCode: 'USD', IsPosted: 'No', InvoiceDate: '2026-06-20' });
    expect(linesOf(emu, h!.RecId).map((l) => [l.MainAccountDisplayValue, l.Quantity, l.UnitPrice, l.TransactionCurrencyAmount])).toEqual([['6100-002-022', 2, 192.8, 385.6], ['6100', 1, 281.4, 281.4]]);
    expect(await c.findByNaturalKey('salesInvoice', '111-0000001-0000001')).toEqual({ kind: 'salesInvoice', documentNumber: 'FTI-000001', state: 'draft' });
    emu.postFreeTextInvoice('FTI-000001');
    expect(await c.findByNaturalKey('salesInvoice', '111-0000001-0000001')).toEqual({ kind: 'salesInvoice', documentNumber: 'FTI-000001', state: 'posted' });
    expect(await c.postSalesInvoice(invoice('111-0000001-0000001'))).toEqual({ documentNumber: 'FTI-000001', alreadyExisted: true, posted: true });
    expect(emu.rows('FreeTextInvoiceHeaders')).toHaveLength(1);
  });

  it('a lost answer after the header was created, a 429 and an expired token end with one header and each line once', async () => {
    const emu = await start();
    const c = quick(emu);
    await c.testConnection();
    emu.faults.expireTokens();
    emu.faults.dropAfterProcessing(1, { path: /^POST \/data\/FreeTextInvoiceHeaders$/ });
    emu.faults.throttle(1, { path: /^GET \/data\/FreeTextInvoiceHeaders$/ });
    const r = await c.postSalesInvoice(invoice('111-0000002-0000002'));
    expect(r).toMatchObject({ documentNumber: 'FTI-000001', posted: false });
    expect(headers(emu, '111-0000002-0000002')).toHaveLength(1);
    expect(linesOf(emu, headers(emu, '111-0000002-0000002')[0]!.RecId)).toHaveLength(2);
  });

  it('a header left without lines by a crash gets its lines, not a second header; a bad main account is refused in F&O\'s words', async () => {
    const emu = await start();
    const c = quick(emu);
    emu.faults.failNext(1, 500, { path: /^POST \/data\/\$batch$/ });
    await c.postSalesInvoice(invoice('111-0000003-0000003')).catch(() => undefined);
    expect(await c.postSalesInvoice(invoice('111-0000003-0000003'))).toMatchObject({ documentNumber: 'FTI-000001', posted: false });
    expect(emu.rows('FreeTextInvoiceHeaders')).toHaveLength(1);
    expect(linesOf(emu, headers(emu, '111-0000003-0000003')[0]!.RecId)).toHaveLength(2);
    await expect(c.postSalesInvoice(invoice('111-0000004-0000004', { lines: [{ itemNumber: '8900', quantity: 1, unitPrice: 1_00 }] }))).rejects.toThrow(/Main account 8900 is suspended/);
  });
});

describe('F&O settlement journals that clear invoiced orders', () => {
  it('a journal line for the Amazon customer posts as AccountType Cust; an unknown customer is refused in F&O\'s words', async () => {
    const emu = await start();
    const c = quick(emu);
    const doc = {
      externalDocumentNumber: 'S1-202606-JNL-V1', documentNumber: 'AMZS1', postingDate: '2026-06-20', currency: 'USD', description: 'Amazon settlement S1',
      lines: [
        { accountNumber: '2920', description: 'deposit', debit: 600_00, credit: 0 },
        { accountNumber: '8410', description: 'Referral fees', debit: 100_00, credit: 0 },
        { accountNumber: '2920', customerNumber: 'US-AMZ', description: 'Sales of invoiced orders, customer US-AMZ', debit: 0, credit: 700_00 },
      ],
    };
    await c.postJournal(doc);
    const lines = emu.rows('LedgerJournalLines');
    expect(lines.map((l) => [l.AccountType, l.AccountDisplayValue, l.CreditAmount])).toEqual([['Ledger', '2920', 0], ['Ledger', '8410', 0], ['Cust', 'US-AMZ', 700]]);
    const bad = { ...doc, externalDocumentNumber: 'S2-202606-JNL-V1', lines: doc.lines.map((l) => ('customerNumber' in l ? { ...l, customerNumber: 'NOBODY' } : l)) };
    await expect(c.postJournal(bad)).rejects.toThrow(/Customer account NOBODY does not exist/);
  });
});

describe('Amazon orders into F&O through the outbox, in "Orders as invoices" mode', () => {
  it('one free-text invoice per shipped order, awaiting posting in F&O until a person posts it', async () => {
    const emu = await start();
    const ws = ordersWorkspace({ id: 'fo-test', kind: 'd365fo', name: 'Contoso USMF' });
    stops.push(() => ws.close());
    ws.enqueue('US-AMZ', { chair: '6100-002-022', box: '6100' });
    const erp = d365foEntry.connector!.build({
      connectionId: 'fo-test', name: 'Contoso USMF', settings: foSettings(emu), secrets: { clientSecret: emu.clientSecret },
      audit: ws.audit, clock: ws.clock, tuning: { backoff: FAST_BACKOFF },
    });
    emu.faults.dropAfterProcessing(1, { path: /^POST \/data\/FreeTextInvoiceHeaders$/ });
    const run = await runPosting(ws.outbox, 'fo-test', erp);
    expect(run).toMatchObject({ outcome: 'completed', failed: [], posted: [] });
    expect(run.awaiting).toHaveLength(3);
    for (const id of INVOICED) expect(headers(emu, id), id).toHaveLength(1);
    expect(emu.rows('FreeTextInvoiceHeaders')).toHaveLength(3);
    for (const h of emu.rows('FreeTextInvoiceHeaders')) emu.postFreeTextInvoice(String(h.FreeTextNumber));
    const check = await recheckAwaiting(ws.outbox, 'fo-test', erp);
    expect(check.posted.map((p) => p.naturalKey).sort()).toEqual(INVOICED.map((id) => `${US}:${id}:invoice`).sort());
    expect(ws.outbox.list().every((e) => e.state === 'posted')).toBe(true);
    await erp.close();
  });
});
