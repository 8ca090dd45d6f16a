import type { AttentionFlow, DeadLetterStore } from '../attention';
import { amountWithCurrency } from '../money';
import type { PayoutOnCancelled, ReissuedSummary } from '../posting/cancelled-summaries';

/** The flow's name under Needs attention. */
export const CANCELLED_PAID_SUMMARY_FLOW = 'cancelled-paid-summary';

const STATE_WORDS: Record<string, string> = {
  posted: 'posted in the ERP',
  awaiting: 'created in the ERP, waiting there to be posted',
  pending: 'not yet sent to the ERP',
  posting: 'being sent to the ERP',
  failed: 'refused by the ERP',
};

function paymentText(p: PayoutOnCancelled, invoice: string): string {
  const settlement = `settlement ${p.settlementId}${p.version > 1 ? ` v${p.version}` : ''}`;
  return `payment ${p.paymentDocumentNumber} (${settlement}'s payout, ${STATE_WORDS[p.state] ?? p.state}) applies ${amountWithCurrency(p.amount, p.currency)} to invoice ${invoice}`;
}

/**
 * A summary invoice cancelled in the ERP after a settlement's payout was applied to it (or queued to be).
 * What a finance user expects: the money stays where the ERP has it, nothing is applied again or booked a
 * second time, and a person is told exactly which settlement, cancelled invoice and payment are involved,
 * and where the orders went (the further summary, which that payout does not pay). Only a person can move
 * a payment in the ERP: unapply it from the cancelled invoice (BC and B1 cancel only an unpaid invoice, so
 * usually done already) and apply it to the further summary. One item per cancelled invoice, kept open
 * until a person marks it handled.
 */
export function holdPaidCancelledSummaries(letters: DeadLetterStore, connection: { id: string; name: string }, found: readonly ReissuedSummary[]): number {
  let held = 0;
  for (const f of found) {
    if (!f.payouts.length) continue;
    const invoice = f.erpDocumentNumber ?? f.summaryKey;
    const settlements = [...new Set(f.payouts.map((p) => p.settlementId))];
    const further = f.queued.length ? `Its ${f.orderIds.length} order${f.orderIds.length === 1 ? '' : 's'} went on the further summary ${f.queued.join(', ')}, which this payout does not pay.` : '';
    letters.hold({
      flow: CANCELLED_PAID_SUMMARY_FLOW,
      recordKey: `${connection.id}|${f.summaryKey}`,
      summary: `Summary invoice ${invoice} (${f.summaryKey}) was cancelled in ${connection.name} after settlement ${settlements.join(', ')} paid it`,
      error: `${f.payouts.map((p) => paymentText(p, invoice)).join('; ')}. ${further} ml-connector applied nothing again and booked nothing twice.`.replace(/\s+/g, ' ').trim(),
      fix: `In ${connection.name}, unapply the payment from the cancelled invoice ${invoice} and apply it to the further summary invoice of the same orders (or leave it on the customer's account), then mark this handled with Retry; the retry posts nothing.`,
      facts: {
        erpConnectionId: connection.id, summaryKey: f.summaryKey, cancelledInvoice: invoice, furtherSummaries: f.queued,
        payouts: f.payouts.map((p) => ({ settlementId: p.settlementId, version: p.version, payment: p.paymentDocumentNumber, naturalKey: p.naturalKey, state: p.state, amount: p.amount, currency: p.currency })),
      },
    });
    held++;
  }
  return held;
}

/**
 * The flow under Needs attention. Its retry is a person's word that the payment was moved in the ERP: it
 * sends nothing (AttentionFlows audits who said so), since an automatic re-application is what must not happen.
 */
export function cancelledPaidSummaryFlow(): AttentionFlow {
  return {
    flow: CANCELLED_PAID_SUMMARY_FLOW,
    label: 'Paid summary invoices cancelled in the ERP',
    screen: 'orders',
    retry: async () => ({ ok: true }),
  };
}
