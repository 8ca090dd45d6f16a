import { marketplaceById } from '../amazon/marketplaces';
import type { SalesInvoiceLine } from '../erp/erp-connector';
import { ORDER_CHARGE_NAMES } from '../mapping/order-charge-mapping';
import { LineClassifier } from '../settlement/line-classifier';
import type { ItemCharge, TaxedPart } from './order-item-proceeds';
import type { AuditLog, Db } from '../store';
import type { OrderMappings } from './order-invoices';
import type { PostingOutbox } from './outbox';
import { fileSummaryCreditNotes, type SummarisedRefund } from './order-summary-credit-notes';
import { creditNoteErpKey, orderCreditNoteNaturalKey, type OrderCreditNoteDocument } from './posters';

/**
 * One refund of an order as the settlements state it, in minor units given back (positive; a promotion
 * taken back is negative): the principal per SKU with the tax on it, and the shipping, gift wrap and
 * promotions refunded with the tax on each.
 */
export interface OrderRefund {
  orderId: string;
  refundId: string;
  marketplaceName: string | null;
  currency: string;
  postedDate: string;
  skus: Array<{ sku: string; amount: number; quantity: number; tax?: number }>;
  charges?: Partial<Record<ItemCharge, { amount: number; tax: number }>>;
}

interface RefundRow {
  order_id: string; adjustment_id: string | null; settlement_id: string; posted_date: string | null; marketplace_name: string | null;
  currency: string; sku: string | null; amount: number; quantity: number | null; amount_type: string; amount_description: string;
}

/** What a refund line of these categories lands on: its SKU's goods line, or a charge line. */
const CHARGE_OF_CATEGORY: Partial<Record<string, ItemCharge>> = { shipping: 'shipping', 'gift-wrap': 'gift-wrap', promotion: 'promotion' };
/** Tax refunded on shipping or gift wrap names it (ShippingTax, GiftWrapTax); the rest is tax on the goods. */
const taxedPartOf = (description: string): TaxedPart => (/shipping/i.test(description) ? 'shipping' : /gift ?wrap/i.test(description) ? 'gift-wrap' : 'goods');

/**
 * The refunds in the current settlement versions: their Refund lines of what a credit note carries (the
 * catalogue's principal, shipping, gift wrap, promotion and tax), per order and adjustment. A refund with no
 * adjustment id (older or hand-made files) is told apart by its settlement and day, which a re-issued
 * version keeps.
 */
export function refundsInSettlements(db: Db): OrderRefund[] {
  const rows = db.prepare(`SELECT l.order_id, l.adjustment_id, v.settlement_id, l.posted_date, l.marketplace_name, l.currency, l.sku, l.amount, l.quantity, l.amount_type, l.amount_description
    FROM settlement_line l JOIN settlement_version v ON v.id = l.version_id AND v.status = 'current'
    WHERE l.transaction_type = 'Refund' AND l.amount_type IN ('ItemPrice', 'Promotion') AND l.order_id IS NOT NULL AND l.order_id <> ''
    ORDER BY l.posted_date, l.order_id, l.row, l.seq`).all() as RefundRow[];
  const classifier = new LineClassifier();
  const byRefund = new Map<string, OrderRefund>();
  for (const r of rows) {
    const category = classifier.classify({ transactionType: 'Refund', amountType: r.amount_type, amountDescription: r.amount_description })?.category;
    if (category !== 'principal' && category !== 'tax' && !(category && CHARGE_OF_CATEGORY[category])) continue;
    const day = (r.posted_date ?? '').slice(0, 10).replace(/-/g, '');
    const refundId = r.adjustment_id?.trim() || `S${r.settlement_id}-${day}`;
    const key = `${r.order_id}|${refundId}|${r.currency}`;
    let refund = byRefund.get(key);
    if (!refund) {
      refund = { orderId: r.order_id, refundId, marketplaceName: r.marketplace_name, currency: r.currency, postedDate: (r.posted_date ?? '').slice(0, 10), skus: [] };
      byRefund.set(key, refund);
    }
    const sku = r.sku ?? '';
    // Amazon states what it gave back as negative amounts; the credit note carries them positive.
    const charge = category ? CHARGE_OF_CATEGORY[category] : undefined;
    const part: TaxedPart | null = category === 'tax' ? taxedPartOf(r.amount_description) : null;
    if (charge || (part && part !== 'goods')) {
      const c = (refund.charges ??= {});
      const line = (c[charge ?? (part as ItemCharge)] ??= { amount: 0, tax: 0 });
      if (charge) line.amount -= r.amount;
      else line.tax -= r.amount;
      continue;
    }
    let had = refund.skus.find((s) => s.sku === sku);
    if (!had) refund.skus.push((had = { sku, amount: 0, quantity: Math.max(1, Math.abs(r.quantity ?? 1)) }));
    if (category === 'tax') had.tax = (had.tax ?? 0) - r.amount;
    else had.amount -= r.amount;
  }
  return [...byRefund.values()];
}

export type CreditNoteDecision =
  | { orderId: string; refundId: string; outcome: 'enqueued' | 'already-enqueued'; naturalKey: string }
  /** The order's invoice is not posted in this connection yet: the credit note waits for it. */
  | { orderId: string; refundId: string; outcome: 'waiting-for-invoice' }
  | { orderId: string; refundId: string; outcome: 'refused'; reasons: string[] };

interface InvoiceRow { document: string; erp_document_number: string | null; natural_key: string; settlement_id: string }

/**
 * Puts each refund of an order the connection invoiced into the outbox as a credit note linked to that
 * invoice, once (natural key marketplace + order + refund + kind). It credits the invoice's customer in
 * the invoice's currency, each SKU with its mapped item; an unmapped SKU or a refund in another currency is
 * refused with what to fix, never guessed. Refunds of orders on a summary invoice go on one summary
 * credit note per marketplace-day and credited summary (order-summary-credit-notes.ts).
 */
export function enqueueOrderCreditNotes(
  o: { db: Db; audit: AuditLog; outbox: PostingOutbox; connectionId: string; mappings: OrderMappings; actor: string; now?: () => Date },
  refunds: readonly OrderRefund[],
): CreditNoteDecision[] {
  // The order's own invoice, or the summary invoice that carried it.
  const invoiceOf = o.db.prepare(`SELECT document, erp_document_number, natural_key, settlement_id FROM posting_outbox
    WHERE connection_id = @c AND kind = 'salesInvoice' AND state = 'posted'
      AND settlement_id = COALESCE((SELECT summary_key FROM order_summary_member WHERE erp_connection_id = @c AND order_id = @order), @order) ORDER BY seq DESC LIMIT 1`);
  const summarised: SummarisedRefund[] = [];
  const decisions = refunds.map((r) => decide(o, r, invoiceOf.get({ c: o.connectionId, order: r.orderId }) as InvoiceRow | undefined, summarised));
  if (!summarised.length) return decisions.map((d) => d!);
  const filed = fileSummaryCreditNotes({ ...o, at: o.now?.() ?? new Date() }, summarised);
  return decisions.map((d, i) => {
    if (d) return d;
    const r = refunds[i]!;
    const f = filed.get(`${r.orderId}|${r.refundId}`)!;
    return { orderId: r.orderId, refundId: r.refundId, outcome: f.outcome, naturalKey: f.naturalKey };
  });
}

/** The refund's decision, or null when it goes on a summary credit note (added to `summarised`). */
function decide(
  o: { audit: AuditLog; outbox: PostingOutbox; connectionId: string; mappings: OrderMappings; actor: string },
  r: OrderRefund, invoice: InvoiceRow | undefined, summarised: SummarisedRefund[],
): CreditNoteDecision | null {
  if (!invoice?.erp_document_number) return { orderId: r.orderId, refundId: r.refundId, outcome: 'waiting-for-invoice' };
  const doc = JSON.parse(invoice.document) as { marketplaceId: string; invoice: { customerNumber: string; currency: string }; summary?: { day: string; version: number } };
  const reasons: string[] = [];
  if (r.currency !== doc.invoice.currency) reasons.push(`Refund ${r.refundId} of order ${r.orderId} is in ${r.currency}, its invoice ${invoice.erp_document_number} in ${doc.invoice.currency}.`);
  const lines: Array<{ line: SalesInvoiceLine; tax: number }> = [];
  const names = [r.marketplaceName ?? undefined, marketplaceById(doc.marketplaceId)?.domain, doc.marketplaceId];
  for (const s of r.skus) {
    const item = s.sku ? o.mappings.itemOf(s.sku) : null;
    if (!s.sku) reasons.push(`Refund ${r.refundId} of order ${r.orderId} has a line with no SKU.`);
    else if (!item) reasons.push(`SKU ${s.sku} is not mapped to an item; map it under Mappings.`);
    else if (s.amount % s.quantity !== 0) reasons.push(`Refund ${r.refundId} of order ${r.orderId}: ${s.amount} minor units for ${s.quantity} of SKU ${s.sku} is not a whole amount per unit.`);
    else if (s.amount > 0) lines.push({ line: { itemNumber: item, quantity: s.quantity, unitPrice: s.amount / s.quantity, description: `Refund of ${s.sku}` }, tax: s.tax ?? 0 });
    else if (s.tax) reasons.push(`Refund ${r.refundId} of order ${r.orderId} gives back tax on SKU ${s.sku} but none of its price; a credit note line cannot carry tax alone.`);
  }
  for (const [charge, c] of Object.entries(r.charges ?? {}) as Array<[ItemCharge, { amount: number; tax: number }]>) {
    if (c.amount === 0 && c.tax === 0) continue;
    const mapped = o.mappings.chargeOf(charge, names);
    if (!mapped || mapped.lineType === 'tax-code') reasons.push(`Refund ${r.refundId} of order ${r.orderId} gives back ${ORDER_CHARGE_NAMES[charge].toLowerCase()}, which is not mapped to an item, account or freight code; map it under Mappings, Order charges.`);
    else if (c.amount === 0) reasons.push(`Refund ${r.refundId} of order ${r.orderId} gives back tax on ${ORDER_CHARGE_NAMES[charge].toLowerCase()} but none of its amount; a credit note line cannot carry tax alone.`);
    else lines.push({ line: { lineType: mapped.lineType, itemNumber: mapped.target, quantity: 1, unitPrice: c.amount, description: `${ORDER_CHARGE_NAMES[charge]} refunded` }, tax: c.tax });
  }
  const taxCode = lines.some((l) => l.tax !== 0) ? o.mappings.chargeOf('tax', names) : null;
  if (lines.some((l) => l.tax !== 0) && !taxCode) reasons.push(`Refund ${r.refundId} of order ${r.orderId} gives back tax, and no tax code is mapped for ${r.marketplaceName ?? doc.marketplaceId}; map one under Mappings, Order charges.`);
  if (!reasons.length && !lines.length) reasons.push(`Refund ${r.refundId} of order ${r.orderId} gives nothing back to credit.`);
  if (reasons.length) {
    o.audit.record({ kind: 'decision', system: 'app', operation: 'order.credit-note-refused', actor: o.actor, connectionId: o.connectionId, subjectType: 'order', subjectId: r.orderId, detail: { refundId: r.refundId, reasons } });
    return { orderId: r.orderId, refundId: r.refundId, outcome: 'refused', reasons };
  }
  // The invoice's marketplace, so the refund is keyed as its order was.
  const marketplaceId = doc.marketplaceId;
  const document: OrderCreditNoteDocument = {
    marketplaceId, orderId: r.orderId, refundId: r.refundId,
    creditNote: {
      externalDocumentNumber: creditNoteErpKey(r.orderId, r.refundId), invoiceNumber: invoice.erp_document_number,
      customerNumber: doc.invoice.customerNumber, creditNoteDate: r.postedDate, currency: r.currency,
      lines: lines.map(({ line, tax }) => (tax !== 0 && taxCode ? { ...line, tax: { code: taxCode.target, amount: tax } } : line)),
    },
  };
  if (doc.summary) {
    summarised.push({ own: document, invoiceKey: invoice.settlement_id, invoiceSummary: doc.summary });
    return null;
  }
  const added = o.outbox.enqueueOrderCreditNote(o.connectionId, document, o.actor);
  return { orderId: r.orderId, refundId: r.refundId, outcome: added ? 'enqueued' : 'already-enqueued', naturalKey: orderCreditNoteNaturalKey(marketplaceId, r.orderId, r.refundId) };
}
