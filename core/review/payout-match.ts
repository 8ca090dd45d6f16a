import { INVOICED_ORDER_CATEGORIES } from '../mapping/journal-mapping';
import type { PayoutApplication } from '../erp/erp-connector';
import type { Db } from '../store';

/**
 * What a settlement paid for each order (and took back for each refund) set beside the invoice or credit
 * note the connection posted for it: the documents its payout applies to, and every difference a person
 * must see. Amounts are minor units of the settlement's currency.
 */
export interface PayoutMatch {
  /** The marketplace customer the invoices were made out to; null when the settlement has no invoiced order. */
  customer: string | null;
  /** Other customers also named by this settlement's invoices (a payout pays one customer). */
  otherCustomers: string[];
  /** Each with its document's currency, which the payout must share to settle it. */
  applications: Array<PayoutApplication & { orderId: string; refundId?: string; currency: string }>;
  differences: PayoutDifference[];
}

/**
 * no-credit-note: a refund the settlement took back has no posted credit note, so the customer would
 * keep owing it. amount-differs: the document is for another amount than the settlement paid or took
 * back; the payout applies the smaller, the rest stays open (or on the clearing account). Orders with no
 * invoice are the orders-not-invoiced review item.
 */
export interface PayoutDifference {
  kind: 'no-credit-note' | 'amount-differs';
  orderId: string;
  refundId?: string;
  /** What the settlement says, positive. */
  settled: number;
  /** What the ERP document says, positive; null when there is none. */
  documented: number | null;
  documentNumber: string | null;
}

interface SettledRow { order_id: string; refund_key: string | null; amount: number }
interface DocRow { settlement_id: string; natural_key: string; document: string; erp_document_number: string }
type DocLine = { quantity: number; unitPrice: number; tax?: { amount: number } };
interface InvoiceDoc { marketplaceId: string; invoice: { customerNumber: string; currency: string; lines: DocLine[] } }
interface CreditNoteDoc { refundId: string; creditNote: { customerNumber: string; invoiceNumber: string; currency: string; lines: DocLine[] } }

/** What a document is for: its lines with the tax Amazon calculated on each, as the settlement paid or took it. */
const total = (lines: DocLine[]) => lines.reduce((s, l) => s + l.quantity * l.unitPrice + (l.tax?.amount ?? 0), 0);
const CATEGORIES = `(${INVOICED_ORDER_CATEGORIES.map((c) => `'${c}'`).join(', ')})`;

/**
 * The match for one settlement version and one ERP connection. A refund is told apart as the credit note
 * builder tells it (core/posting/order-credit-notes.ts): its adjustment id, else its settlement and day.
 * Whether refunds take part is the caller's: only where the ERP posts credit notes.
 */
export function matchPayout(db: Db, versionId: number, connectionId: string, withRefunds: boolean): PayoutMatch {
  const settled = db.prepare(`SELECT l.order_id,
      CASE WHEN l.transaction_type = 'Refund' THEN COALESCE(NULLIF(TRIM(l.adjustment_id), ''), 'S' || v.settlement_id || '-' || REPLACE(SUBSTR(COALESCE(l.posted_date, ''), 1, 10), '-', '')) END AS refund_key,
      SUM(l.amount) AS amount
    FROM settlement_line l JOIN settlement_version v ON v.id = l.version_id
    WHERE l.version_id = ? AND l.order_id IS NOT NULL AND l.order_id <> '' AND l.category IN ${CATEGORIES}
      AND (l.transaction_type = 'Order' OR (? = 1 AND l.transaction_type = 'Refund'))
    GROUP BY l.order_id, refund_key ORDER BY l.order_id, refund_key`).all(versionId, withRefunds ? 1 : 0) as SettledRow[];
  const posted = (kind: string) => {
    const rows = db.prepare(`SELECT settlement_id, natural_key, document, erp_document_number FROM posting_outbox
      WHERE connection_id = ? AND kind = ? AND state = 'posted' AND erp_document_number IS NOT NULL
        AND settlement_id IN (SELECT DISTINCT order_id FROM settlement_line WHERE version_id = ? AND order_id IS NOT NULL)`).all(connectionId, kind, versionId) as DocRow[];
    return rows;
  };
  const invoices = new Map(posted('salesInvoice').map((r) => {
    const doc = JSON.parse(r.document) as InvoiceDoc;
    return [r.settlement_id, { number: r.erp_document_number, customer: doc.invoice.customerNumber, currency: doc.invoice.currency, documented: total(doc.invoice.lines) }];
  }));
  // An order on a summary invoice: the summary is its document, and the order's own share of it is what it documents.
  const summarised = db.prepare(`SELECT m.order_id, m.amount, p.document, p.erp_document_number FROM order_summary_member m
    JOIN posting_outbox p ON p.connection_id = m.erp_connection_id AND p.kind = 'salesInvoice' AND p.settlement_id = m.summary_key AND p.state = 'posted' AND p.erp_document_number IS NOT NULL
    WHERE m.erp_connection_id = ? AND m.order_id IN (SELECT DISTINCT order_id FROM settlement_line WHERE version_id = ? AND order_id IS NOT NULL)`)
    .all(connectionId, versionId) as Array<{ order_id: string; amount: number; document: string; erp_document_number: string }>;
  for (const m of summarised) {
    const summary = (JSON.parse(m.document) as InvoiceDoc).invoice;
    invoices.set(m.order_id, { number: m.erp_document_number, customer: summary.customerNumber, currency: summary.currency, documented: m.amount });
  }
  const creditNotes = new Map(posted('salesCreditNote').map((r) => {
    const doc = JSON.parse(r.document) as CreditNoteDoc;
    return [`${r.settlement_id}|${doc.refundId}`, { number: r.erp_document_number, doc, documented: total(doc.creditNote.lines) }];
  }));
  // A refund on a summary credit note: the note is its document, and the refund's own share of it is what it documents.
  const summaryRefunds = db.prepare(`SELECT m.order_id, m.refund_id, m.amount, p.document, p.erp_document_number FROM order_summary_refund m
    JOIN posting_outbox p ON p.connection_id = m.erp_connection_id AND p.kind = 'salesCreditNote' AND p.settlement_id = m.summary_key AND p.state = 'posted' AND p.erp_document_number IS NOT NULL
    WHERE m.erp_connection_id = ? AND m.order_id IN (SELECT DISTINCT order_id FROM settlement_line WHERE version_id = ? AND order_id IS NOT NULL)`)
    .all(connectionId, versionId) as Array<{ order_id: string; refund_id: string; amount: number; document: string; erp_document_number: string }>;
  for (const m of summaryRefunds) {
    creditNotes.set(`${m.order_id}|${m.refund_id}`, { number: m.erp_document_number, doc: JSON.parse(m.document) as CreditNoteDoc, documented: m.amount });
  }

  const match: PayoutMatch = { customer: null, otherCustomers: [], applications: [], differences: [] };
  const customers = new Set<string>();
  for (const row of settled) {
    if (row.refund_key === null) {
      const invoice = invoices.get(row.order_id);
      // No invoice: the orders-not-invoiced item holds it back from approval.
      if (!invoice || row.amount <= 0) continue;
      customers.add(invoice.customer);
      const { documented } = invoice;
      const amount = Math.min(row.amount, documented);
      if (documented !== row.amount) match.differences.push({ kind: 'amount-differs', orderId: row.order_id, settled: row.amount, documented, documentNumber: invoice.number });
      if (amount > 0) match.applications.push({ kind: 'invoice', orderId: row.order_id, documentNumber: invoice.number, amount, currency: invoice.currency });
      continue;
    }
    const given = -row.amount;
    if (given <= 0) continue;
    const note = creditNotes.get(`${row.order_id}|${row.refund_key}`);
    if (!note) {
      match.differences.push({ kind: 'no-credit-note', orderId: row.order_id, refundId: row.refund_key, settled: given, documented: null, documentNumber: null });
      continue;
    }
    customers.add(note.doc.creditNote.customerNumber);
    const { documented } = note;
    if (documented !== given) match.differences.push({ kind: 'amount-differs', orderId: row.order_id, refundId: row.refund_key, settled: given, documented, documentNumber: note.number });
    match.applications.push({ kind: 'creditNote', orderId: row.order_id, refundId: row.refund_key, documentNumber: note.number, amount: Math.min(given, documented), creditsInvoice: note.doc.creditNote.invoiceNumber, currency: note.doc.creditNote.currency });
  }
  const [first, ...others] = [...customers].sort();
  match.customer = first ?? null;
  match.otherCustomers = others;
  return match;
}
