// Field and path names are checked against the Default endpoint swaggers in ../shared/reference/erp/specs.
import { afterEach, describe, expect, it } from 'vitest';
import type { SettlementPaymentDocument } from '../../../core/erp/erp-connector';
import { payoutPaymentBody } from '../../../core/erp/acumatica/payout-payment';
import type { AcumaticaEmulator } from '../../../core/sandbox/acumatica/emulator';
import type { AcumaticaSalesInvoiceRow } from '../../../core/sandbox/acumatica/emulator-sales-invoice';
import { readReference } from '../../support/reference';
import { connector, emulator } from './acumatica-fixtures';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});
async function start(o: Parameters<typeof emulator>[0] = {}): Promise<AcumaticaEmulator> {
  const emu = await emulator(o);
  stops.push(emu.stop);
  return emu;
}

const invoice = (orderId: string, unitPrice: number) => ({ externalDocumentNumber: orderId, customerNumber: 'AMZUS', invoiceDate: '2026-06-20', currency: 'USD', lines: [{ itemNumber: 'CHAIR01', quantity: 1, unitPrice }] });

/**
 * Two released invoices (100.00 and 50.00) and a released credit memo of 20.00 against the second, as a
 * refund's credit memo stands in Acumatica: open, or already applied to its invoice when `memoApplied`.
 */
async function invoicedOrders(emu: AcumaticaEmulator, o: { memoApplied?: boolean } = {}) {
  const erp = connector(emu);
  const a = (await erp.postSalesInvoice(invoice('111-4000001-0000001', 100_00))).documentNumber;
  const b = (await erp.postSalesInvoice(invoice('111-4000002-0000002', 50_00))).documentNumber;
  const invoiceB = emu.salesInvoices.find((i) => i.ReferenceNbr === b)!;
  if (o.memoApplied) invoiceB.Balance = 30;
  emu.salesInvoices.push({
    ...invoiceB, id: 'cm-1', Type: 'Credit Memo', ReferenceNbr: 'CM000001', CustomerOrder: '111-4000002-0000002/R1', Amount: 20, Balance: o.memoApplied ? 0 : 20,
    Status: o.memoApplied ? 'Closed' : 'Open', Details: [],
  } as unknown as AcumaticaSalesInvoiceRow);
  const payout: SettlementPaymentDocument = {
    externalDocumentNumber: '28471004000-202606-PMT-V1', documentNumber: '28471004000-2606P1', customerNumber: 'AMZUS', postingDate: '2026-06-30', currency: 'USD',
    clearingAccountNumber: '10200', description: 'Amazon settlement 28471004000 payout applied to 3 documents',
    applications: [{ kind: 'invoice', documentNumber: a, amount: 100_00 }, { kind: 'invoice', documentNumber: b, amount: 50_00 }, { kind: 'creditNote', documentNumber: 'CM000001', amount: 20_00, creditsInvoice: b }],
  };
  await erp.close();
  return { a, b, payout };
}

const documents = (emu: AcumaticaEmulator) => emu.salesInvoices.map((d) => [d.Type, d.ReferenceNbr, d.Status, d.Balance]);

describe('Acumatica: a settlement payout as one released AR payment', () => {
  it('applies every invoice and the open credit memo, releases it, and every document is closed; posting again finds it and adds nothing', async () => {
    const emu = await start();
    const { a, b, payout } = await invoicedOrders(emu);
    const erp = connector(emu);
    const first = await erp.postSettlementPayment(payout);
    expect(first).toEqual({ documentNumber: '000001', alreadyExisted: false, posted: true });
    expect(emu.payments).toHaveLength(1);
    expect(emu.payments[0]).toMatchObject({
      CustomerID: 'AMZUS', CashAccount: '10200', CurrencyID: 'USD', ApplicationDate: '2026-06-30', PaymentAmount: 130, PaymentRef: payout.externalDocumentNumber, Status: 'Closed', AvailableBalance: 0,
    });
    expect(emu.payments[0]!.DocumentsToApply).toEqual([
      { DocType: 'Invoice', ReferenceNbr: a, AmountPaid: 100 }, { DocType: 'Invoice', ReferenceNbr: b, AmountPaid: 50 }, { DocType: 'Credit Memo', ReferenceNbr: 'CM000001', AmountPaid: 20 },
    ]);
    expect(documents(emu)).toEqual([['Invoice', a, 'Closed', 0], ['Invoice', b, 'Closed', 0], ['Credit Memo', 'CM000001', 'Closed', 0]]);
    expect(await erp.findByNaturalKey('settlementPayment', payout.externalDocumentNumber)).toEqual({ kind: 'settlementPayment', documentNumber: '000001', state: 'posted' });
    expect(await erp.postSettlementPayment(payout)).toEqual({ documentNumber: '000001', alreadyExisted: true, posted: true });
    expect(emu.payments).toHaveLength(1);
    await erp.close();
  });

  it('one payment, released once, through a lost answer after the create, throttling (429) and an expired token, with payments held on entry', async () => {
    const emu = await start({ holdInvoicesOnEntry: true });
    const { payout } = await invoicedOrders(emu);
    const erp = connector(emu);
    await erp.testConnection();
    emu.faults.expireTokens();
    emu.faults.throttle(2, { path: /^PUT \/Payment$/ });
    emu.faults.dropAfterProcessing(1, { path: /^PUT \/Payment$/ });
    emu.faults.throttle(1, { path: /^GET \/Payment$/ });
    const releasesBefore = emu.stats.releases;
    expect(await erp.postSettlementPayment(payout)).toMatchObject({ documentNumber: '000001', posted: true });
    expect(emu.payments).toHaveLength(1);
    expect(emu.payments[0]).toMatchObject({ Status: 'Closed', Hold: false });
    expect(emu.stats.releases - releasesBefore).toBe(1);
    expect(emu.salesInvoices.every((d) => d.Status === 'Closed' && d.Balance === 0)).toBe(true);
    await erp.close();
  });

  it('a payment left Balanced by a failed release is found and released, not created again', async () => {
    const emu = await start();
    const { payout } = await invoicedOrders(emu);
    emu.faults.failNext(1, 503, { path: /^POST \/Payment\/ReleasePayment$/ });
    const erp = connector(emu);
    expect(await erp.postSettlementPayment(payout)).toMatchObject({ posted: true });
    expect(emu.payments.map((p) => p.Status)).toEqual(['Closed']);
    await erp.close();
  });

  it('pays an invoice net of a credit memo already applied to it', async () => {
    const emu = await start();
    const { a, b, payout } = await invoicedOrders(emu, { memoApplied: true });
    const erp = connector(emu);
    await erp.postSettlementPayment(payout);
    expect(emu.payments[0]!.PaymentAmount).toBe(130);
    expect(emu.payments[0]!.DocumentsToApply).toEqual([{ DocType: 'Invoice', ReferenceNbr: a, AmountPaid: 100 }, { DocType: 'Invoice', ReferenceNbr: b, AmountPaid: 30 }]);
    expect(documents(emu).map(([, , status, balance]) => [status, balance])).toEqual([['Closed', 0], ['Closed', 0], ['Closed', 0]]);
    await erp.close();
  });

  it('refuses, naming each document, an invoice already paid and one for less than is applied; nothing is sent', async () => {
    const emu = await start();
    const { a, b, payout } = await invoicedOrders(emu);
    const paid = emu.salesInvoices.find((i) => i.ReferenceNbr === a)!;
    paid.Status = 'Closed';
    paid.Balance = 0;
    emu.salesInvoices.find((i) => i.ReferenceNbr === b)!.Balance = 40;
    const erp = connector(emu);
    await expect(erp.postSettlementPayment(payout)).rejects.toMatchObject({
      kind: 'validation', retryable: false,
      message: expect.stringMatching(new RegExp(`^Payout ${payout.externalDocumentNumber}: invoice ${a} is already closed \\(paid or applied in Acumatica\\); invoice ${b} has 40 USD open, less than the 50 the settlement pays for it\\. .*Nothing was sent to Acumatica\\.$`)),
    });
    expect(emu.payments).toHaveLength(0);
    await erp.close();
  });

  it('says which cash account to create when Acumatica has none for the clearing account', async () => {
    const emu = await start({ cashAccounts: [] });
    const { payout } = await invoicedOrders(emu);
    const erp = connector(emu);
    await expect(erp.postSettlementPayment(payout)).rejects.toMatchObject({
      kind: 'validation', message: expect.stringContaining("'Cash Account' cannot be found in the system. The payment takes the payout off the clearing account through a cash account of the same ID: create cash account 10200 over GL account 10200"),
    });
    expect(emu.payments).toHaveLength(0);
    await erp.close();
  });

  it.each(['23.200.001', '24.200.001'])('endpoint %s defines the Payment fields and the ReleasePayment action the connector uses', (version) => {
    type Schema = { properties?: Record<string, unknown>; allOf?: Schema[] };
    const spec = JSON.parse(readReference('erp', 'specs', `acumatica-Default_${version}.swagger.json`)) as { definitions?: Record<string, Schema>; components?: { schemas: Record<string, Schema> }; paths: Record<string, unknown> };
    const defs = spec.definitions ?? spec.components!.schemas;
    const fields = (s: Schema) => (s.allOf ?? [s]).flatMap((p) => Object.keys(p.properties ?? {}));
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/Payment', '/Payment/ReleasePayment']));
    expect(fields(defs.ReleasePayment!)).toEqual(['entity']);
    const body = payoutPaymentBody({
      externalDocumentNumber: 'K', documentNumber: 'D', customerNumber: 'AMZUS', postingDate: '2026-06-30', currency: 'USD', clearingAccountNumber: '10200', description: 'x',
      applications: [{ kind: 'invoice', documentNumber: 'AR1', amount: 100 }],
    }, [{ type: 'Invoice', referenceNbr: 'AR1', customer: 'AMZUS', status: 'Open', currency: 'USD', balance: 100 }]);
    expect(Object.keys(body).filter((k) => !fields(defs.Payment!).includes(k))).toEqual([]);
    const [line] = body.DocumentsToApply as Array<Record<string, unknown>>;
    expect(Object.keys(line!).filter((k) => !fields(defs.PaymentDetail!).includes(k))).toEqual([]);
  });
});
