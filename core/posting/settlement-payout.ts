import { OrderPostingModes } from '../connections/order-posting-mode';
import { payoutTotal, type JournalDocument as ErpJournalDocument, type PayoutApplication } from '../erp/erp-connector';
import type { ErpCapabilities } from '../erp/erp-capabilities';
import { matchPayout, type PayoutMatch } from '../review/payout-match';
import type { JournalDocument as SettlementJournalDocument } from '../settlement';
import type { Workspace } from '../workspace/workspace';
import { settlementNaturalKey } from './natural-key';
import { payoutCurrencyRefusal } from './payout-currency';
import type { SettlementPayoutDocument } from './posters';

/** The payment's document kind in its natural key, beside JNL (the journal) and PAY (a negative settlement's). */
export const PAYOUT_DOCUMENT_KIND = 'PMT';

export interface PayoutPlanInput {
  settlementId: string;
  version: number;
  versionId: number;
  connectionId: string;
  capabilities: Pick<ErpCapabilities, 'lengths' | 'flows'>;
  /** The settlement's journal as it will post, each with its ERP document (same order). */
  journal: ReadonlyArray<{ source: SettlementJournalDocument; doc: ErpJournalDocument }>;
  documentNumber: (naturalKey: string, period: string) => string;
}

/**
 * The payment that applies a settlement's payout to the invoices and credit notes of its orders, for a
 * connection in "Orders as invoices" mode whose ERP takes such a payment (flow settlementPayments); null
 * otherwise, or when nothing of the settlement was invoiced. It posts on the deposit's date against the
 * clearing account the journal left the invoiced amounts on. `refusals` say why it cannot be sent.
 */
export function planSettlementPayout(ws: Workspace, i: PayoutPlanInput): { payout: SettlementPayoutDocument | null; refusals: string[] } {
  if (!i.capabilities.flows.includes('settlementPayments')) return { payout: null, refusals: [] };
  if (new OrderPostingModes(ws.db, ws.audit).get(i.connectionId).mode !== 'orders-as-invoices') return { payout: null, refusals: [] };
  const match = matchPayout(ws.db, i.versionId, i.connectionId, i.capabilities.flows.includes('salesCreditNotes'));
  const refusals: string[] = [];
  const missing = match.differences.filter((d) => d.kind === 'no-credit-note');
  if (missing.length) refusals.push(`${missing.length} refund${missing.length === 1 ? ' has' : 's have'} no credit note in the ERP yet (${missing.slice(0, 5).map((d) => `order ${d.orderId}`).join(', ')}); run order invoicing so the payout can give them back.`);
  if (match.otherCustomers.length) refusals.push(`The invoices of this settlement name more than one customer (${[match.customer, ...match.otherCustomers].join(', ')}); one payout pays one marketplace customer. Correct the marketplace mapping and the invoices first.`);
  if (!match.customer || !match.applications.length) return { payout: null, refusals };
  const deposit = i.journal.find((j) => j.source.lines.some((l) => l.role === 'deposit')) ?? i.journal.at(-1);
  if (!deposit) return { payout: null, refusals };
  const currencyRefusal = payoutCurrencyRefusal({
    settlementId: i.settlementId, settlementCurrency: deposit.source.currency, convertedInto: deposit.source.conversion?.currency ?? null,
    connectionName: ws.connections.get(i.connectionId)?.name ?? i.connectionId, documents: match.applications,
  });
  if (currencyRefusal) {
    refusals.push(currencyRefusal);
    return { payout: null, refusals };
  }
  const clearing = deposit.source.lines.find((l) => l.role === 'deposit')?.account;
  if (!clearing) return { payout: null, refusals };
  const period = deposit.source.period;
  const applications = perDocument(match.applications);
  const naturalKey = settlementNaturalKey({ settlementId: i.settlementId, period, documentKind: PAYOUT_DOCUMENT_KIND, version: i.version }, i.capabilities.lengths.naturalKey);
  const payout: SettlementPayoutDocument = {
    settlementId: i.settlementId,
    version: i.version,
    payment: {
      externalDocumentNumber: naturalKey,
      documentNumber: i.documentNumber(naturalKey, period),
      customerNumber: match.customer,
      postingDate: deposit.doc.postingDate,
      currency: deposit.doc.currency,
      clearingAccountNumber: clearing,
      applications,
      description: `Amazon settlement ${i.settlementId}${i.version > 1 ? ` v${i.version}` : ''} payout applied to ${applications.length} document${applications.length === 1 ? '' : 's'}`,
    },
  };
  if (payoutTotal(payout.payment) <= 0) {
    refusals.push(`The settlement's refunds (credit notes) exceed its invoiced orders; a payout of ${payoutTotal(payout.payment)} cannot be applied as a payment. Apply the credit notes in the ERP by hand.`);
    return { payout: null, refusals };
  }
  return { payout, refusals };
}

/** One application per ERP document: the orders of a summary invoice are paid on it together. */
function perDocument(applications: PayoutMatch['applications']): PayoutApplication[] {
  const out = new Map<string, PayoutApplication>();
  for (const { kind, documentNumber, amount, creditsInvoice } of applications) {
    const k = `${kind}|${documentNumber}|${creditsInvoice ?? ''}`;
    const had = out.get(k);
    if (had) out.set(k, { ...had, amount: had.amount + amount });
    else out.set(k, { kind, documentNumber, amount, ...(creditsInvoice ? { creditsInvoice } : {}) });
  }
  return [...out.values()];
}

/** What a person checks of the payout's payment in the outbox: its number, date, currency, documents and total. */
export function settlementPayoutFacts(d: SettlementPayoutDocument) {
  const total = payoutTotal(d.payment);
  return {
    documentNumber: d.payment.documentNumber,
    postingDate: d.payment.postingDate,
    currency: d.payment.currency,
    description: `${d.payment.description}, customer ${d.payment.customerNumber}`,
    lineCount: d.payment.applications.length,
    totalDebit: total,
    totalCredit: total,
  };
}
