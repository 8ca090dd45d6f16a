import { marketplaceById } from '../amazon/marketplaces';
import { OrderInvoiceGroupings, type OrderInvoiceGrouping } from '../connections/order-invoice-grouping';
import type { SalesInvoiceLine } from '../erp/erp-connector';
import type { AuditLog, Db } from '../store';
import type { PostingOutbox } from './outbox';
import { summaryInvoiceNaturalKey, type OrderInvoiceDocument } from './posters';

/**
 * A summary invoice's external document number: AMZ, the marketplace's country (its id when unknown), the
 * day, the currency and the version: at most 34 characters, inside Business Central's 35.
 */
export function summaryInvoiceErpKey(marketplaceId: string, day: string, currency: string, version: number): string {
  return `AMZ-${marketplaceById(marketplaceId)?.country ?? marketplaceId}-${day.replace(/-/g, '')}-${currency}-V${version}`;
}

/** What one day of one marketplace already holds for a connection, which decides how a further order of it is invoiced. */
export interface DayStyles {
  /** `${marketplaceId}|${day}` of days with a summary invoice made or an order waiting for one. */
  summarised: Set<string>;
  /** `${marketplaceId}|${day}` of days with an order's own invoice. */
  perOrder: Set<string>;
}

const dayKey = (marketplaceId: string, day: string) => `${marketplaceId}|${day}`;

/**
 * The days of each kind the connection has invoiced. Read only where summaries are chosen or were made:
 * a connection that never summarised reads nothing, so invoicing one order per order costs no more.
 */
export function dayStylesOf(db: Db, connectionId: string, grouping: OrderInvoiceGrouping): DayStyles | null {
  const summarised = db.prepare('SELECT DISTINCT marketplace_id, day FROM order_summary_member WHERE erp_connection_id = ?').all(connectionId) as Array<{ marketplace_id: string; day: string }>;
  if (grouping === 'per-order' && !summarised.length) return null;
  const perOrder = db.prepare(`SELECT DISTINCT json_extract(document, '$.marketplaceId') AS marketplace_id, json_extract(document, '$.invoice.invoiceDate') AS day
    FROM posting_outbox WHERE connection_id = ? AND kind = 'salesInvoice' AND state <> 'cancelled' AND json_extract(document, '$.summary') IS NULL`).all(connectionId) as Array<{ marketplace_id: string; day: string }>;
  return { summarised: new Set(summarised.map((r) => dayKey(r.marketplace_id, r.day))), perOrder: new Set(perOrder.map((r) => dayKey(r.marketplace_id, r.day))) };
}

/**
 * How an order of this marketplace and day is invoiced: a day already invoiced keeps the way it was
 * invoiced (a switch takes effect for days not yet invoiced, so no day is half one way and half the other);
 * a new day follows the connection's choice.
 */
export function groupingOfDay(styles: DayStyles | null, grouping: OrderInvoiceGrouping, marketplaceId: string, day: string): OrderInvoiceGrouping {
  if (!styles) return grouping;
  const k = dayKey(marketplaceId, day);
  if (styles.summarised.has(k)) return 'daily-summary';
  if (styles.perOrder.has(k)) return 'per-order';
  return grouping;
}

/**
 * Puts the order's own invoice aside for its day's summary, once: false when the connection already has
 * it (summarised, waiting, or invoiced on its own).
 */
export function addSummaryMember(db: Db, connectionId: string, d: OrderInvoiceDocument, at: Date): boolean {
  const own = db.prepare(`SELECT 1 FROM posting_outbox WHERE connection_id = ? AND kind = 'salesInvoice' AND settlement_id = ? AND state <> 'cancelled'`).get(connectionId, d.orderId);
  if (own) return false;
  return db.prepare(`INSERT INTO order_summary_member (erp_connection_id, order_id, marketplace_id, day, currency, amount, document, added_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (erp_connection_id, order_id) DO NOTHING`)
    .run(connectionId, d.orderId, d.marketplaceId, d.invoice.invoiceDate, d.invoice.currency, invoiceTotal(d.invoice.lines), JSON.stringify(d), at.toISOString()).changes === 1;
}

const invoiceTotal = (lines: readonly SalesInvoiceLine[]) => lines.reduce((s, l) => s + l.quantity * l.unitPrice + (l.tax?.amount ?? 0), 0);

/**
 * The day's orders added up per item and charge: goods lines of one item at one price (and tax code) are
 * one line of their quantities; a charge (shipping, gift wrap, promotions, quantity 1) is one line of its
 * amounts per target. Tax adds up with its line, so the summary comes to the orders' totals to the cent.
 */
export function aggregateLines(orders: readonly OrderInvoiceDocument[]): SalesInvoiceLine[] {
  return aggregateLineSets(orders.map((o) => o.invoice.lines));
}

/** Documents' lines added up as aggregateLines does: a summary credit note's refunds add up the same way. */
export function aggregateLineSets(documents: ReadonlyArray<readonly SalesInvoiceLine[]>): SalesInvoiceLine[] {
  const out = new Map<string, SalesInvoiceLine & { taxAmount: number }>();
  for (const lines of documents) {
    for (const l of lines) {
      const charge = l.lineType !== undefined;
      const k = JSON.stringify([l.lineType ?? 'goods', l.itemNumber, charge ? l.description ?? '' : l.unitPrice, l.tax?.code ?? null]);
      const had = out.get(k);
      if (!had) {
        out.set(k, { ...l, taxAmount: l.tax?.amount ?? 0 });
        continue;
      }
      if (charge) had.unitPrice += l.quantity * l.unitPrice;
      else had.quantity += l.quantity;
      had.taxAmount += l.tax?.amount ?? 0;
    }
  }
  return [...out.values()].filter((l) => l.quantity * l.unitPrice !== 0 || l.taxAmount !== 0).map(({ taxAmount, tax, ...l }) => (tax ? { ...l, tax: { code: tax.code, amount: taxAmount } } : l));
}

interface MemberRow { order_id: string; marketplace_id: string; day: string; currency: string; document: string }

export interface CloseSummaryDays {
  db: Db;
  audit: AuditLog;
  outbox: PostingOutbox;
  connectionId: string;
  actor: string;
}

/**
 * Makes the summary invoices of every day read to its end (before `before`, YYYY-MM-DD): per marketplace,
 * day, currency and customer, one invoice of the orders waiting for it, queued in the outbox once under
 * marketplace + day + version, and each order filed under it, in one transaction. A day summarised before
 * gets a further version for its late orders; a summary made is never changed. Returns the keys queued.
 */
export function closeSummaryDays(o: CloseSummaryDays, before: string): string[] {
  return o.db.transaction(() => {
    const rows = o.db.prepare(`SELECT order_id, marketplace_id, day, currency, document FROM order_summary_member
      WHERE erp_connection_id = ? AND summary_key IS NULL AND day < ? ORDER BY marketplace_id, day, currency, order_id`).all(o.connectionId, before) as MemberRow[];
    const groups = new Map<string, OrderInvoiceDocument[]>();
    for (const r of rows) {
      const d = JSON.parse(r.document) as OrderInvoiceDocument;
      const k = JSON.stringify([r.marketplace_id, r.day, r.currency, d.invoice.customerNumber]);
      const g = groups.get(k) ?? [];
      g.push(d);
      groups.set(k, g);
    }
    // Versions made, and those cancelled in the ERP (whose orders wait again), so a key is never made twice.
    const versions = o.db.prepare(`SELECT (SELECT COUNT(DISTINCT summary_key) FROM order_summary_member
      WHERE erp_connection_id = @c AND marketplace_id = @m AND day = @d AND currency = @cur AND summary_key IS NOT NULL)
      + (SELECT COUNT(*) FROM order_summary_cancelled WHERE erp_connection_id = @c AND marketplace_id = @m AND day = @d AND currency = @cur) AS n`);
    const file = o.db.prepare('UPDATE order_summary_member SET summary_key = ? WHERE erp_connection_id = ? AND order_id = ?');
    const queued: string[] = [];
    for (const orders of groups.values()) {
      const [first] = orders;
      if (!first) continue;
      const { marketplaceId } = first;
      const { invoiceDate: day, currency, customerNumber } = first.invoice;
      const version = (versions.get({ c: o.connectionId, m: marketplaceId, d: day, cur: currency }) as { n: number }).n + 1;
      const erpKey = summaryInvoiceErpKey(marketplaceId, day, currency, version);
      const orderIds = orders.map((d) => d.orderId);
      const document: OrderInvoiceDocument = {
        marketplaceId, orderId: erpKey, summary: { day, version, orderIds },
        invoice: { externalDocumentNumber: erpKey, customerNumber, invoiceDate: day, currency, lines: aggregateLines(orders) },
      };
      o.outbox.enqueueOrderInvoice(o.connectionId, document, o.actor);
      for (const id of orderIds) file.run(erpKey, o.connectionId, id);
      queued.push(summaryInvoiceNaturalKey(marketplaceId, day, currency, version));
    }
    return queued;
  })();
}

/** The day before which order reads are complete for the connection: the furthest its read cursors reached. */
export function readThroughDay(db: Db, connectionId: string): string | null {
  const row = db.prepare('SELECT MAX(last_updated_before) AS at FROM order_read_cursor WHERE erp_connection_id = ?').get(connectionId) as { at: string | null };
  return row.at ? row.at.slice(0, 10) : null;
}

/**
 * Choosing the grouping, with what it means for days already invoiced. Switching back to one invoice per
 * order invoices the orders still waiting for a summary on their own, for their days have none yet.
 */
export function setOrderInvoiceGrouping(o: CloseSummaryDays & { now: Date }, grouping: OrderInvoiceGrouping): { changed: boolean; note: string } {
  return o.db.transaction(() => {
    const latest = (o.db.prepare(`SELECT MAX(json_extract(document, '$.invoice.invoiceDate')) AS day FROM posting_outbox
      WHERE connection_id = ? AND kind = 'salesInvoice' AND state <> 'cancelled'`).get(o.connectionId) as { day: string | null }).day;
    let moved = 0;
    const changed = new OrderInvoiceGroupings(o.db, o.audit).set(o.connectionId, grouping, o.actor, o.now, { latestInvoicedDay: latest });
    if (changed && grouping === 'per-order') {
      const waiting = o.db.prepare(`SELECT m.order_id, m.document FROM order_summary_member m WHERE m.erp_connection_id = ? AND m.summary_key IS NULL
        AND NOT EXISTS (SELECT 1 FROM order_summary_member s WHERE s.erp_connection_id = m.erp_connection_id AND s.marketplace_id = m.marketplace_id AND s.day = m.day AND s.summary_key IS NOT NULL)`)
        .all(o.connectionId) as Array<{ order_id: string; document: string }>;
      const drop = o.db.prepare('DELETE FROM order_summary_member WHERE erp_connection_id = ? AND order_id = ?');
      for (const w of waiting) {
        drop.run(o.connectionId, w.order_id);
        if (o.outbox.enqueueOrderInvoice(o.connectionId, JSON.parse(w.document) as OrderInvoiceDocument, o.actor)) moved++;
      }
    }
    const kept = latest ? ` Days already invoiced (the latest ${latest}) keep the invoices they have, and a late order of such a day is invoiced as that day was.` : '';
    const note = grouping === 'daily-summary'
      ? `Orders are now invoiced as one summary invoice per marketplace per day, made once the day is read to its end, from the first day not yet invoiced.${kept}`
      : `Orders are now invoiced one invoice per shipped order, from the first day not yet invoiced.${kept}${moved ? ` ${moved} order${moved === 1 ? '' : 's'} waiting for a summary ${moved === 1 ? 'is' : 'are'} queued as ${moved === 1 ? 'its own invoice' : 'their own invoices'}.` : ''}`;
    return { changed, note };
  })();
}
