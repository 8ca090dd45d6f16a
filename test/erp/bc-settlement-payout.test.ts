import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import type { SettlementPaymentDocument } from '../../core/erp/erp-connector';
import { onlineConnector } from './bc-fixtures';

let emu: BusinessCentralEmulator;
beforeEach(async () => { emu = await startBusinessCentralEmulator({ basicUser: { username: 'NAVUSER', accessKey: 'k'.repeat(44) } }); });
afterEach(async () => { await emu.stop(); });

const invoice = (id: string, unitPrice: number) => ({ externalDocumentNumber: id, customerNumber: 'AMZ-DE', invoiceDate: '2026-11-20', currency: 'EUR', lines: [{ itemNumber: '1900-S', quantity: 1, unitPrice }] });

/** Two posted invoices (100.00 and 50.00), the second credited 20.00 by a refund's credit memo. */
async function invoicedOrders() {
  const erp = onlineConnector(emu);
  const a = (await erp.postSalesInvoice(invoice('302-0000001-0000001', 100_00))).documentNumber;
  const b = (await erp.postSalesInvoice(invoice('302-0000002-0000002', 50_00))).documentNumber;
  const memo = (await erp.postSalesCreditNote({ externalDocumentNumber: '302-0000002-0000002/R1', invoiceNumber: b, customerNumber: 'AMZ-DE', creditNoteDate: '2026-11-21', currency: 'EUR', lines: [{ itemNumber: '1900-S', quantity: 1, unitPrice: 20_00 }] })).documentNumber;
  const payout: SettlementPaymentDocument = {
    externalDocumentNumber: '24137000002-202611-PMT-V1', documentNumber: '24137000002-2611P1', customerNumber: 'AMZ-DE', postingDate: '2026-11-30', currency: 'EUR',
    clearingAccountNumber: '2920', description: 'Amazon settlement 24137000002 payout applied to 3 documents',
    applications: [{ kind: 'invoice', documentNumber: a, amount: 100_00 }, { kind: 'invoice', documentNumber: b, amount: 50_00 }, { kind: 'creditNote', documentNumber: memo, amount: 20_00, creditsInvoice: b }],
  };
  return { a, b, payout };
}

const lines = () => emu.rows('customerPayments').map((r) => ({ invoice: r.appliesToInvoiceNumber, amount: r.amount, key: r.externalDocumentNumber }));

describe('Business Central: a settlement payout as a customer payment journal', () => {
  it('writes one payment line per invoice, net of its credit memo, against the clearing account; once posted by a person every invoice is paid and a replay adds nothing', async () => {
    const { a, b, payout } = await invoicedOrders();
    const erp = onlineConnector(emu);
    expect(await erp.postSettlementPayment(payout)).toEqual({ documentNumber: payout.documentNumber, alreadyExisted: false, posted: false });
    expect(lines()).toEqual([{ invoice: a, amount: -100, key: payout.externalDocumentNumber }, { invoice: b, amount: -30, key: payout.externalDocumentNumber }]);
    const [journal] = emu.rows('customerPaymentJournals');
    expect(journal).toMatchObject({ balancingAccountNumber: '2920' });
    expect(await erp.findByNaturalKey('settlementPayment', payout.externalDocumentNumber)).toMatchObject({ state: 'draft', documentNumber: payout.documentNumber });
    // Sent again before anyone posted it: the lines are there, nothing is added.
    expect(await erp.postSettlementPayment(payout)).toMatchObject({ alreadyExisted: true, posted: false });
    expect(lines()).toHaveLength(2);

    expect(emu.customerPaymentJournals.post(String(journal!.code))).toEqual({ applied: 130_00, unapplied: 0 });
    expect(emu.rows('salesInvoices').map((i) => [i.number, i.status, i.remainingAmount])).toEqual([[a, 'Paid', 0], [b, 'Paid', 0]]);
    expect(await erp.findByNaturalKey('settlementPayment', payout.externalDocumentNumber)).toEqual({ kind: 'settlementPayment', documentNumber: payout.documentNumber, state: 'posted' });
    expect(await erp.postSettlementPayment(payout)).toEqual({ documentNumber: payout.documentNumber, alreadyExisted: true, posted: true });
    expect(lines()).toHaveLength(0);
  });

  it('writes each line once through a lost answer, throttling and an expired token', async () => {
    const { payout } = await invoicedOrders();
    emu.faults.dropAfterProcessing(1, { path: /POST .*customerPayments$/ });
    emu.faults.failNext(2, 429, { path: /POST .*customerPayments$/, retryAfterSeconds: 0 });
    emu.faults.expireTokens();
    expect(await onlineConnector(emu).postSettlementPayment(payout)).toMatchObject({ posted: false });
    expect(lines().map((l) => l.amount)).toEqual([-100, -30]);
    expect(emu.rows('customerPaymentJournals')).toHaveLength(1);
  });

  it('refuses a line on an invoice already paid in BC, naming it', async () => {
    const { a, payout } = await invoicedOrders();
    const erp = onlineConnector(emu);
    await erp.postSettlementPayment(payout);
    emu.customerPaymentJournals.post(String(emu.rows('customerPaymentJournals')[0]!.code));
    const again = { ...payout, externalDocumentNumber: '24137000003-202611-PMT-V1', documentNumber: '24137000003-2611P1', applications: [{ kind: 'invoice' as const, documentNumber: a, amount: 100_00 }] };
    await expect(erp.postSettlementPayment(again)).rejects.toThrow(new RegExp(`Sales Invoice ${a} is already closed`));
    expect(lines()).toHaveLength(0);
  });
});
