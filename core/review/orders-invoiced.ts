import { DEFAULT_ORDER_POSTING_MODE } from '../connections/order-posting-mode';
import type { Db } from '../store';

/** An order a settlement was paid for that its ERP connection has not invoiced, and why in plain words. */
export interface OrderNotInvoiced {
  orderId: string;
  /** not-read: order invoicing has not read it from Amazon yet; the rest as the outbox or the last read left it. */
  state: 'not-read' | 'refused' | 'queued' | 'failed' | 'awaiting' | 'not-shipped' | 'cancelled';
  reasons: string[];
}

// An order of the settlement is one with 'Order' lines: what Amazon paid out for a shipment. A refund's
// lines are the credit note's, not the invoice's.
const ORDERS_OF_VERSION = `SELECT DISTINCT order_id FROM settlement_line WHERE version_id = @versionId AND transaction_type = 'Order' AND order_id IS NOT NULL AND order_id <> ''`;

/**
 * The orders of a settlement version that the connection has not invoiced, when it books orders as
 * invoices (null when it books them from the settlement: there is nothing to wait for). Invoiced means
 * posted in the ERP through the outbox.
 */
export function ordersNotInvoiced(db: Db, versionId: number, connectionId: string): OrderNotInvoiced[] | null {
  if (modeOf(db, connectionId) !== 'orders-as-invoices') return null;
  // An order on a summary invoice is filed under the summary's key, the outbox's subject of that invoice.
  const rows = db.prepare(`
    SELECT o.order_id AS orderId,
      (SELECT state FROM posting_outbox p WHERE p.connection_id = @connectionId AND p.kind = 'salesInvoice' AND p.settlement_id = COALESCE(m.summary_key, o.order_id) AND p.state <> 'cancelled' ORDER BY seq DESC LIMIT 1) AS invoice,
      (SELECT json_extract(p.error, '$.message') FROM posting_outbox p WHERE p.connection_id = @connectionId AND p.kind = 'salesInvoice' AND p.settlement_id = COALESCE(m.summary_key, o.order_id) AND p.state = 'failed' LIMIT 1) AS error,
      d.outcome, d.reasons, m.order_id IS NOT NULL AS member, m.summary_key AS summaryKey, m.day
    FROM (${ORDERS_OF_VERSION}) o
    LEFT JOIN order_invoice_decision d ON d.erp_connection_id = @connectionId AND d.order_id = o.order_id
    LEFT JOIN order_summary_member m ON m.erp_connection_id = @connectionId AND m.order_id = o.order_id
    ORDER BY o.order_id`).all({ versionId, connectionId }) as Array<{
      orderId: string; invoice: string | null; error: string | null; outcome: string | null; reasons: string | null; member: number; summaryKey: string | null; day: string | null;
    }>;
  const missing: OrderNotInvoiced[] = [];
  for (const r of rows) {
    if (r.invoice === 'posted') continue;
    const of = r.summaryKey ? `Its summary invoice ${r.summaryKey}` : 'Its invoice';
    if (r.member && !r.summaryKey) missing.push({ orderId: r.orderId, state: 'queued', reasons: [`It waits for the summary invoice of its marketplace for ${r.day}, made once that day is read to its end by the next invoicing run.`] });
    else if (r.invoice === 'failed') missing.push({ orderId: r.orderId, state: 'failed', reasons: [`The ERP refused ${of.replace(/^Its/, 'its')}: ${r.error ?? 'no reason given'}`] });
    else if (r.invoice === 'awaiting') missing.push({ orderId: r.orderId, state: 'awaiting', reasons: [`${of} was created in the ERP and waits to be posted there.`] });
    else if (r.invoice) missing.push({ orderId: r.orderId, state: 'queued', reasons: [`${of} is queued; the next invoicing run posts it.`] });
    else if (r.outcome === 'refused') missing.push({ orderId: r.orderId, state: 'refused', reasons: JSON.parse(r.reasons ?? '[]') as string[] });
    else if (r.outcome === 'not-shipped') missing.push({ orderId: r.orderId, state: 'not-shipped', reasons: ['Amazon did not say it shipped when it was last read.'] });
    else if (r.outcome === 'cancelled') missing.push({ orderId: r.orderId, state: 'cancelled', reasons: ['Amazon says it was cancelled, yet the settlement pays for it.'] });
    else missing.push({ orderId: r.orderId, state: 'not-read', reasons: ['Not read from Amazon yet: run order invoicing under Orders.'] });
  }
  return missing;
}

function modeOf(db: Db, connectionId: string): string {
  const row = db.prepare('SELECT mode FROM order_posting_mode WHERE connection_id = ?').get(connectionId) as { mode: string } | undefined;
  return row?.mode ?? DEFAULT_ORDER_POSTING_MODE;
}

/** What the check depends on, cheaply: it runs again when an order of the version is invoiced or credited, refused or read again. */
export function ordersInvoicedFingerprint(db: Db, versionId: number, connectionId: string): unknown {
  const mode = db.prepare('SELECT mode, updated_at FROM order_posting_mode WHERE connection_id = ?').get(connectionId) ?? null;
  if (!mode || (mode as { mode: string }).mode !== 'orders-as-invoices') return mode;
  const outbox = db.prepare(`SELECT COUNT(*) AS n, MAX(p.updated_at) AS at FROM posting_outbox p WHERE p.connection_id = @connectionId AND p.kind IN ('salesInvoice', 'salesCreditNote')
    AND (p.settlement_id IN (${ORDERS_OF_VERSION}) OR p.settlement_id IN (SELECT summary_key FROM order_summary_member WHERE erp_connection_id = @connectionId AND order_id IN (${ORDERS_OF_VERSION})))`).get({ versionId, connectionId });
  const summarised = db.prepare(`SELECT COUNT(*) AS n, COUNT(summary_key) AS filed FROM order_summary_member WHERE erp_connection_id = @connectionId AND order_id IN (${ORDERS_OF_VERSION})`).get({ versionId, connectionId });
  const decided = db.prepare(`SELECT COUNT(*) AS n, MAX(decided_at) AS at FROM order_invoice_decision WHERE erp_connection_id = @connectionId AND order_id IN (${ORDERS_OF_VERSION})`).get({ versionId, connectionId });
  return { mode, outbox, decided, summarised };
}
