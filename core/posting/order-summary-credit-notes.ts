import { createHash } from 'node:crypto';
import { marketplaceById } from '../amazon/marketplaces';
import type { Db } from '../store';
import { documentTotal } from './order-invoices';
import { aggregateLineSets } from './order-summary-invoices';
import type { PostingOutbox } from './outbox';
import { EXTERNAL_DOCUMENT_NUMBER_LENGTH, orderCreditNoteNaturalKey, summaryCreditNoteNaturalKey, type OrderCreditNoteDocument } from './posters';

const compact = (day: string) => day.replace(/-/g, '');

/**
 * A summary credit note's external document number: CR, the marketplace's country, the refunds' day, the
 * currency, the summary invoice it credits (its day and version) and its own version, as in
 * CR-US-20260615-USD-20260601V1-V1 (33 characters). Where that would pass Business Central's 35 (a
 * marketplace known only by its id), the day stays readable and the rest is hashed.
 */
export function summaryCreditNoteErpKey(marketplaceId: string, day: string, currency: string, invoice: { day: string; version: number }, version: number): string {
  const plain = `CR-${marketplaceById(marketplaceId)?.country ?? marketplaceId}-${compact(day)}-${currency}-${compact(invoice.day)}V${invoice.version}-V${version}`;
  if (plain.length <= EXTERNAL_DOCUMENT_NUMBER_LENGTH) return plain;
  const head = `CR-${compact(day)}-`;
  return `${head}${createHash('sha256').update(plain).digest('hex').slice(0, EXTERNAL_DOCUMENT_NUMBER_LENGTH - head.length)}`;
}

/** A refund whose order was invoiced on a summary invoice, with the credit note it alone would have had. */
export interface SummarisedRefund {
  /** The refund's own credit note, built and checked (lines, tax, customer, the summary's ERP number). */
  own: OrderCreditNoteDocument;
  /** The summary invoice's external document number and what it is. */
  invoiceKey: string;
  invoiceSummary: { day: string; version: number };
}

export interface SummaryCreditNoteOutcome { outcome: 'enqueued' | 'already-enqueued'; naturalKey: string }

interface FiledRow { order_id: string; refund_id: string; natural_key: string | null }

/**
 * Puts the refunds of orders on summary invoices into the outbox as summary credit notes: per marketplace,
 * refund day, currency and credited summary invoice, one credit note of the refunds not yet credited, its
 * lines added up as a summary invoice's are, queued once under that key and version, and each refund filed
 * under it, in one transaction. A refund already filed, or already credited on its own (before the
 * connection summarised), is left as it is. A refund of that day found later gets a further version; a
 * note made is never changed. Returns each refund's outcome by `orderId|refundId`.
 */
export function fileSummaryCreditNotes(
  o: { db: Db; outbox: PostingOutbox; connectionId: string; actor: string; at: Date },
  refunds: readonly SummarisedRefund[],
): Map<string, SummaryCreditNoteOutcome> {
  const key = (orderId: string, refundId: string) => `${orderId}|${refundId}`;
  return o.db.transaction(() => {
    const out = new Map<string, SummaryCreditNoteOutcome>();
    const filed = o.db.prepare(`SELECT m.order_id, m.refund_id, p.natural_key FROM order_summary_refund m
      LEFT JOIN posting_outbox p ON p.connection_id = m.erp_connection_id AND p.kind = 'salesCreditNote' AND p.settlement_id = m.summary_key
      WHERE m.erp_connection_id = ? AND m.order_id = ? AND m.refund_id = ?`);
    const ownNote = o.db.prepare(`SELECT natural_key FROM posting_outbox WHERE connection_id = ? AND kind = 'salesCreditNote' AND natural_key = ? AND state <> 'cancelled'`);
    const groups = new Map<string, SummarisedRefund[]>();
    for (const r of refunds) {
      const { orderId, refundId, marketplaceId } = r.own;
      const had = filed.get(o.connectionId, orderId, refundId) as FiledRow | undefined;
      const own = had ? undefined : (ownNote.get(o.connectionId, orderCreditNoteNaturalKey(marketplaceId, orderId, refundId)) as { natural_key: string } | undefined);
      if (had || own) {
        out.set(key(orderId, refundId), { outcome: 'already-enqueued', naturalKey: had?.natural_key ?? own!.natural_key });
        continue;
      }
      const k = JSON.stringify([marketplaceId, r.own.creditNote.creditNoteDate, r.own.creditNote.currency, r.invoiceKey]);
      const g = groups.get(k) ?? [];
      g.push(r);
      groups.set(k, g);
    }
    const versions = o.db.prepare(`SELECT COUNT(DISTINCT summary_key) AS n FROM order_summary_refund
      WHERE erp_connection_id = ? AND marketplace_id = ? AND day = ? AND currency = ? AND credited_invoice = ?`);
    const file = o.db.prepare(`INSERT INTO order_summary_refund (erp_connection_id, order_id, refund_id, marketplace_id, day, currency, amount, credited_invoice, summary_key, added_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const members of groups.values()) {
      const [first] = members;
      if (!first) continue;
      const { marketplaceId } = first.own;
      const { creditNoteDate: day, currency, customerNumber, invoiceNumber } = first.own.creditNote;
      const version = (versions.get(o.connectionId, marketplaceId, day, currency, first.invoiceKey) as { n: number }).n + 1;
      const erpKey = summaryCreditNoteErpKey(marketplaceId, day, currency, first.invoiceSummary, version);
      const document: OrderCreditNoteDocument = {
        marketplaceId, orderId: erpKey, refundId: erpKey,
        summary: { day, version, creditedInvoice: first.invoiceKey, refunds: members.map((m) => ({ orderId: m.own.orderId, refundId: m.own.refundId })) },
        creditNote: {
          externalDocumentNumber: erpKey, invoiceNumber, customerNumber, creditNoteDate: day, currency,
          lines: aggregateLineSets(members.map((m) => m.own.creditNote.lines)),
        },
      };
      o.outbox.enqueueOrderCreditNote(o.connectionId, document, o.actor);
      const naturalKey = summaryCreditNoteNaturalKey(marketplaceId, day, currency, first.invoiceKey, version);
      for (const m of members) {
        file.run(o.connectionId, m.own.orderId, m.own.refundId, marketplaceId, day, currency, documentTotal(m.own.creditNote.lines), first.invoiceKey, erpKey, o.at.toISOString());
        out.set(key(m.own.orderId, m.own.refundId), { outcome: 'enqueued', naturalKey });
      }
    }
    return out;
  })();
}
