import { currencyExponent } from '../../money';
import type { SettlementPaymentDocument } from '../erp-connector';
import { ErpError } from '../erp-error';
import { minorToWireNumber } from '../wire-decimal';

/**
 * The customerPayments lines of a settlement's payout (API v2.0 CustomerPayments page: customerNumber,
 * postingDate, documentNumber, externalDocumentNumber, amount, appliesToInvoiceNumber, description), one per
 * invoice. BC posts a credit memo applied to its invoice (salesCreditMemos.invoiceId), so what is left to
 * pay on an invoice is what the settlement paid for it less what its credit notes gave back: each line
 * carries that net, negative as a payment received is. An invoice its credit notes fully offset takes no
 * line. Every line carries our natural key as its external document number, which the look-up reads.
 */
export function payoutPaymentLines(doc: SettlementPaymentDocument): Array<Record<string, unknown>> {
  const key = doc.externalDocumentNumber;
  const refuse = (what: string) => new ErpError(`Payout ${key}: ${what} Nothing was sent to Business Central.`, { system: 'business-central', kind: 'validation', document: key, retryable: false });
  if (key.length > 35) throw refuse('the natural key is longer than the 35 characters of External Document No.');
  const net = new Map<string, number>();
  for (const a of doc.applications) if (a.kind === 'invoice') net.set(a.documentNumber, (net.get(a.documentNumber) ?? 0) + a.amount);
  for (const a of doc.applications) {
    if (a.kind !== 'creditNote') continue;
    const invoice = a.creditsInvoice;
    if (!invoice || !net.has(invoice)) throw refuse(`credit note ${a.documentNumber} credits ${invoice ? `invoice ${invoice}, which this settlement does not pay` : 'no invoice'}; apply it in Business Central by hand.`);
    net.set(invoice, net.get(invoice)! - a.amount);
  }
  const exponent = currencyExponent(doc.currency);
  return [...net].filter(([, amount]) => amount > 0).map(([invoice, amount]) => ({
    customerNumber: doc.customerNumber,
    postingDate: doc.postingDate,
    documentNumber: doc.documentNumber,
    externalDocumentNumber: key,
    amount: -minorToWireNumber(amount, exponent),
    appliesToInvoiceNumber: invoice,
    description: `Amazon payout for invoice ${invoice}`.slice(0, 100),
  }));
}
