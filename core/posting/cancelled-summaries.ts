import type { ErpConnector, SalesInvoicePosting } from '../erp/erp-connector';
import type { Db } from '../store';
import { closeSummaryDays, type CloseSummaryDays } from './order-summary-invoices';
import type { OrderInvoiceDocument, SettlementPayoutDocument } from './posters';

/** A settlement's payout that applied (or is to apply) money to a summary invoice since cancelled in the ERP. */
export interface PayoutOnCancelled {
  settlementId: string;
  version: number;
  /** The payout's outbox key and the payment's own document number. */
  naturalKey: string;
  paymentDocumentNumber: string;
  /** Its outbox state: posted or awaiting (in the ERP), or not yet sent (pending, posting, failed). */
  state: string;
  /** What it applied to the cancelled invoice, minor units of `currency`. */
  amount: number;
  currency: string;
}

/** A summary invoice found cancelled in the ERP, and the further summaries its orders went onto. */
export interface ReissuedSummary {
  summaryKey: string;
  erpDocumentNumber: string | null;
  orderIds: string[];
  /** Outbox keys of the further summary invoices queued for its day (its orders, with any other order of that day still waiting). */
  queued: string[];
  /**
   * Payouts that apply to the cancelled invoice. None is changed, reversed or applied again here: moving a
   * payment off a cancelled invoice is a person's decision in the ERP (core/sync/cancelled-summary-attention.ts holds it).
   */
  payouts: PayoutOnCancelled[];
}

interface MadeRow { settlement_id: string; erp_document_number: string | null; document: string }
interface PayoutRow { settlement_id: string; natural_key: string; state: string; document: string }

const DAY_MS = 86_400_000;
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/**
 * How far back the ERP is asked about summary invoices, by the summary's day. A cancellation matters while
 * its day's books are open: the orders then go on a further summary of that day, which the ERP posts on
 * that day. Amazon pays an order within a settlement or two (14 days each, plus a reserve held back), and
 * finance closes a month some weeks after its end, so 90 days covers the current and the two months before
 * it, with their payouts. A summary older than that is not asked about: re-issuing it would post into a
 * period the user has most likely closed, and asking every posted summary ever made grew each run by a
 * request per 20 summaries. The user can still find a cancellation of an older day in the ERP itself.
 */
export const CANCELLATION_CHECK_DAYS = 90;

/**
 * Asks the ERP which of the connection's posted summary invoices of the last CANCELLATION_CHECK_DAYS days a
 * person has since cancelled or voided, and puts the orders of each into a further version of its day's
 * summary, queued in the outbox. The cancelled invoice is never changed or sent again; it is recorded
 * (audited, with any payout applied to it) so its orders still show it and the day's versions count it. The
 * ERP is reached only when the connection has such summaries, and one whose API does not say is not asked.
 * Returns what was found.
 */
export async function reissueCancelledSummaries(
  o: CloseSummaryDays & { erp: () => Promise<Pick<ErpConnector, 'capabilities'> & Partial<Pick<SalesInvoicePosting, 'cancelledSalesInvoices'>>>; at: Date; signal?: AbortSignal },
): Promise<ReissuedSummary[]> {
  const from = new Date(o.at.getTime() - CANCELLATION_CHECK_DAYS * DAY_MS).toISOString().slice(0, 10);
  const made = o.db.prepare(`SELECT p.settlement_id, p.erp_document_number, p.document FROM posting_outbox p
    WHERE p.connection_id = ? AND p.kind = 'salesInvoice' AND p.state = 'posted' AND json_extract(p.document, '$.summary.day') >= ?
      AND NOT EXISTS (SELECT 1 FROM order_summary_cancelled c WHERE c.erp_connection_id = p.connection_id AND c.summary_key = p.settlement_id)
    ORDER BY p.seq`).all(o.connectionId, from) as MadeRow[];
  if (!made.length) return [];
  const erp = await o.erp();
  if (!erp.cancelledSalesInvoices) return [];
  const cancelled = new Set(await erp.cancelledSalesInvoices(made.map((m) => m.settlement_id), o.signal));
  const found = made.filter((m) => cancelled.has(m.settlement_id));
  if (!found.length) return [];
  return o.db.transaction(() => {
    const record = o.db.prepare(`INSERT INTO order_summary_cancelled (erp_connection_id, summary_key, erp_document_number, marketplace_id, day, currency, order_ids, detected_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
    const release = o.db.prepare('UPDATE order_summary_member SET summary_key = NULL WHERE erp_connection_id = ? AND summary_key = ?');
    const payoutsOf = payoutsApplyingTo(o.db, o.connectionId);
    const out: Array<ReissuedSummary & { dayKey: string }> = [];
    let through = '';
    for (const m of found) {
      const doc = JSON.parse(m.document) as OrderInvoiceDocument;
      const { day, orderIds } = doc.summary!;
      record.run(o.connectionId, m.settlement_id, m.erp_document_number, doc.marketplaceId, day, doc.invoice.currency, JSON.stringify(orderIds), o.at.toISOString());
      release.run(o.connectionId, m.settlement_id);
      const payouts = m.erp_document_number ? payoutsOf(m.erp_document_number) : [];
      o.audit.record({
        kind: 'state_change', system: 'erp', operation: 'order.summary-invoice-cancelled', actor: o.actor, connectionId: o.connectionId,
        subjectType: 'order_summary', subjectId: m.settlement_id,
        detail: {
          erpDocumentNumber: m.erp_document_number, day, marketplaceId: doc.marketplaceId, orders: orderIds.length, what: 'cancelled or voided in the ERP; its orders go on a further version of the day\'s summary',
          ...(payouts.length ? { payouts: payouts.map((p) => ({ settlementId: p.settlementId, payment: p.paymentDocumentNumber, state: p.state, amount: p.amount })), payoutDecision: 'left as it is, held under Needs attention for a person' } : {}),
        },
      });
      out.push({ summaryKey: m.settlement_id, erpDocumentNumber: m.erp_document_number, orderIds, queued: [], payouts, dayKey: `${doc.marketplaceId}:${day}:${doc.invoice.currency}:` });
      if (day > through) through = day;
    }
    // Those days were read to their end when first summarised, so closing through the latest of them closes no day still being read.
    const queued = closeSummaryDays(o, nextDay(through));
    return out.map(({ dayKey, ...r }) => ({ ...r, queued: queued.filter((k) => k.startsWith(dayKey)) }));
  })();
}

/** The connection's payouts (not cancelled) with an application to the invoice of this ERP number. */
function payoutsApplyingTo(db: Db, connectionId: string): (invoiceNumber: string) => PayoutOnCancelled[] {
  const find = db.prepare(`SELECT p.settlement_id, p.natural_key, p.state, p.document FROM posting_outbox p
    WHERE p.connection_id = ? AND p.kind = 'settlementPayment' AND p.state <> 'cancelled'
      AND EXISTS (SELECT 1 FROM json_each(p.document, '$.payment.applications') a
        WHERE json_extract(a.value, '$.kind') = 'invoice' AND json_extract(a.value, '$.documentNumber') = ?)
    ORDER BY p.seq`);
  return (invoiceNumber) => (find.all(connectionId, invoiceNumber) as PayoutRow[]).map((r) => {
    const doc = JSON.parse(r.document) as SettlementPayoutDocument;
    const amount = doc.payment.applications.filter((a) => a.kind === 'invoice' && a.documentNumber === invoiceNumber).reduce((s, a) => s + a.amount, 0);
    return { settlementId: doc.settlementId, version: doc.version, naturalKey: r.natural_key, paymentDocumentNumber: doc.payment.documentNumber, state: r.state, amount, currency: doc.payment.currency };
  });
}

/** The summaries cancelled in the ERP that carried the order, per connection. */
export function cancelledSummariesOf(db: Db, orderId: string): Array<{ connectionId: string; summaryKey: string; detectedAt: string }> {
  return (db.prepare(`SELECT c.erp_connection_id, c.summary_key, c.detected_at FROM order_summary_cancelled c
    WHERE EXISTS (SELECT 1 FROM json_each(c.order_ids) j WHERE j.value = ?) ORDER BY c.detected_at`).all(orderId) as Array<{ erp_connection_id: string; summary_key: string; detected_at: string }>)
    .map((r) => ({ connectionId: r.erp_connection_id, summaryKey: r.summary_key, detectedAt: r.detected_at }));
}
