import { afterEach, describe, expect, it } from 'vitest';
import { scaledClock } from '../../../core/clock/clock';
import type { SettlementPaymentDocument } from '../../../core/erp/erp-connector';
import type { FoEmulator } from '../../../core/sandbox/fo/emulator';
import { foConnector, foEmulator, TODAY } from './fo-fixtures';

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

/** Two free-text invoices (667.00 and 189.99), posted by a person in F&O unless `leaveDraft` names one. */
async function invoicedOrders(emu: FoEmulator, o: { leaveDraft?: string } = {}) {
  const c = quick(emu);
  const numbers: string[] = [];
  for (const [orderId, lines] of [['111-5000001-0000001', [{ itemNumber: '6100', quantity: 2, unitPrice: 192_80 }, { itemNumber: '6100', quantity: 1, unitPrice: 281_40 }]], ['111-5000002-0000002', [{ itemNumber: '6100', quantity: 1, unitPrice: 189_99 }]]] as const) {
    const { documentNumber } = await c.postSalesInvoice({ externalDocumentNumber: orderId, customerNumber: 'US-AMZ', invoiceDate: '2026-06-20', currency: 'USD', lines });
    if (o.leaveDraft !== orderId) emu.postFreeTextInvoice(documentNumber);
    numbers.push(documentNumber);
  }
  const payout: SettlementPaymentDocument = {
    externalDocumentNumber: '28471005000-202606-PMT-V1', documentNumber: '28471005000-2606P1', customerNumber: 'US-AMZ', postingDate: '2026-06-30', currency: 'USD',
    clearingAccountNumber: '2920', description: 'Amazon settlement 28471005000 payout applied to 2 documents',
    applications: [{ kind: 'invoice', documentNumber: numbers[0]!, amount: 667_00 }, { kind: 'invoice', documentNumber: numbers[1]!, amount: 189_99 }],
  };
  return { numbers, payout };
}

const paymentLines = (emu: FoEmulator) => emu.rows('CustomerPaymentJournalLines').map((l) => [l.LineNumber, l.AccountType, l.AccountDisplayValue, l.OffsetAccountDisplayValue, l.CreditAmount, l.MarkedInvoice]);

describe('Finance and Operations: a settlement payout as a customer payment journal', () => {
  it('one journal, a line per invoice marking it against the clearing account; it waits for a person, whose post settles every invoice; a replay adds nothing', async () => {
    const emu = await start();
    const { numbers, payout } = await invoicedOrders(emu);
    const c = quick(emu);
    const result = await c.postSettlementPayment(payout);
    expect(result).toEqual({ documentNumber: 'USMF-000001', alreadyExisted: false, posted: false });
    expect(emu.rows('CustomerPaymentJournalHeaders')).toEqual([expect.objectContaining({ JournalName: 'CustPay', Description: payout.externalDocumentNumber, IsPosted: 'No' })]);
    expect(paymentLines(emu)).toEqual([[1, 'Cust', 'US-AMZ', '2920', 667, 'CIV-000001'], [2, 'Cust', 'US-AMZ', '2920', 189.99, 'CIV-000002']]);
    expect(await c.findByNaturalKey('settlementPayment', payout.externalDocumentNumber)).toEqual({ kind: 'settlementPayment', documentNumber: 'USMF-000001', state: 'draft' });
    expect(await c.postSettlementPayment(payout)).toEqual({ documentNumber: 'USMF-000001', alreadyExisted: true, posted: false });
    expect(emu.rows('CustomerPaymentJournalLines')).toHaveLength(2);

    emu.postPaymentJournal('USMF-000001');
    expect(numbers.map((n) => emu.openAmount(n))).toEqual([0, 0]);
    expect(await c.findByNaturalKey('settlementPayment', payout.externalDocumentNumber)).toMatchObject({ state: 'posted' });
    expect(await c.postSettlementPayment(payout)).toEqual({ documentNumber: 'USMF-000001', alreadyExisted: true, posted: true });
    expect(emu.rows('CustomerPaymentJournalHeaders')).toHaveLength(1);
  });

  it('one journal with each line once through a lost answer after the header, a lost changeset, 429s and an expired token', async () => {
    const emu = await start();
    const { numbers, payout } = await invoicedOrders(emu);
    const c = quick(emu);
    await c.testConnection();
    emu.faults.expireTokens();
    emu.faults.dropAfterProcessing(1, { path: /^POST \/data\/CustomerPaymentJournalHeaders$/ });
    emu.faults.throttle(2, { path: /^GET \/data\/CustomerPaymentJournalHeaders$/ });
    emu.dropInsideChangeset(1);
    expect(await c.postSettlementPayment(payout)).toMatchObject({ documentNumber: 'USMF-000001', posted: false });
    expect(emu.rows('CustomerPaymentJournalHeaders')).toHaveLength(1);
    expect(paymentLines(emu).map((l) => l[0])).toEqual([1, 2]);
    emu.postPaymentJournal('USMF-000001');
    expect(numbers.map((n) => emu.openAmount(n))).toEqual([0, 0]);
  });

  it('refuses, naming it, an invoice not yet posted in F&O (it has no invoice number to settle); nothing is sent', async () => {
    const emu = await start();
    const { numbers, payout } = await invoicedOrders(emu, { leaveDraft: '111-5000002-0000002' });
    await expect(quick(emu).postSettlementPayment(payout)).rejects.toMatchObject({
      kind: 'validation', retryable: false,
      message: `Payout ${payout.externalDocumentNumber}: invoice ${numbers[1]} is not posted in F&O yet, so it has no invoice number to settle. Post or correct these documents in F&O, then replay the payout. Nothing was sent to F&O.`,
    });
    expect(emu.rows('CustomerPaymentJournalHeaders')).toHaveLength(0);
  });
});
