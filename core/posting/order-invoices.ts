import { invoiceStatusOf, type Order } from '../amazon/orders';
import { marketplaceById } from '../amazon/marketplaces';
import { OrderInvoiceGroupings } from '../connections/order-invoice-grouping';
import { OrderPostingModes } from '../connections/order-posting-mode';
import type { SalesInvoiceLine } from '../erp/erp-connector';
import { DomainError } from '../errors/domain-error';
import type { MappingEntry } from '../mapping/mapping-entry';
import { chargeMappingOf, type OrderCharge, type OrderChargeMapping } from '../mapping/order-charge-mapping';
import { currencyExponent, formatMoney, isKnownCurrency, parseAmount } from '../money';
import { itemProceeds, type ItemCharge } from './order-item-proceeds';
import { addSummaryMember, dayStylesOf, groupingOfDay } from './order-summary-invoices';
import type { AuditLog, Db } from '../store';
import type { PostingOutbox } from './outbox';
import { orderInvoiceNaturalKey, type OrderCreditNoteDocument, type OrderInvoiceDocument } from './posters';

/** What became of one order: put in the outbox (once), left alone, or refused with every reason in plain words. */
export type OrderInvoiceDecision =
  | { orderId: string; outcome: 'enqueued' | 'already-enqueued'; naturalKey: string }
  | { orderId: string; outcome: 'cancelled' | 'not-shipped' }
  | { orderId: string; outcome: 'refused'; reasons: string[]; unmapped: UnmappedForOrders };

/** What a person must map before a refused order can be invoiced (empty when something else refused it). */
export interface UnmappedForOrders {
  skus: string[];
  marketplaces: string[];
  /** Charges ('shipping', 'tax', ...) with no mapping for the order's marketplace; absent on decisions stored before charges were invoiced. */
  charges?: OrderCharge[];
}

interface ItemProductView { sellerSku?: string; title?: string; price?: { unitPrice?: { amount?: string; currencyCode?: string } } }

/** The connection's SKU -> item, marketplace -> customer and order charge rules, as the invoice builder asks them. */
export interface OrderMappings {
  itemOf(sku: string): string | null;
  customerOf(marketplaceId: string, marketplaceName: string | undefined): string | null;
  /** The charge's mapping for the marketplace (by any of its names), else the every-marketplace one. */
  chargeOf(charge: OrderCharge, marketplaceNames: ReadonlyArray<string | undefined>): OrderChargeMapping | null;
  /**
   * Why the ERP cannot take a charge's mapping, from its reference data as last read (a freight or tax code
   * it has since dropped), or null; absent where nothing is checked before the ERP answers.
   */
  chargeRefusal?(mapping: OrderChargeMapping): string | null;
}

/**
 * From the connection's mapping rules. A marketplace rule names the marketplace as the settlement does
 * ("Amazon.de"); an order names it by id and, when Amazon sends it, by name, so both are tried, case
 * aside (marketplace names are domain names).
 */
export function orderMappingsFrom(entries: readonly MappingEntry[], charges: readonly OrderChargeMapping[] = [], chargeRefusal?: (m: OrderChargeMapping) => string | null): OrderMappings {
  const items = new Map(entries.filter((e) => e.kind === 'sku').map((e) => [e.subject, e.target]));
  const customers = new Map(entries.filter((e) => e.kind === 'marketplace').map((e) => [e.subject.toLowerCase(), e.target]));
  return {
    itemOf: (sku) => items.get(sku) ?? null,
    customerOf: (id, name) => {
      const domain = marketplaceById(id)?.domain;
      for (const n of [name, domain, id]) {
        const hit = n ? customers.get(n.toLowerCase()) : undefined;
        if (hit) return hit;
      }
      return null;
    },
    chargeOf: (charge, names) => chargeMappingOf(charges, charge, names),
    ...(chargeRefusal ? { chargeRefusal } : {}),
  };
}

const CHARGE_LINES: ReadonlyArray<{ charge: ItemCharge; description: string }> = [
  { charge: 'shipping', description: 'Shipping' }, { charge: 'gift-wrap', description: 'Gift wrap' }, { charge: 'promotion', description: 'Promotions' },
];

/**
 * A shipped order as a sales invoice: the marketplace's mapped customer; one line per order item with its
 * SKU's mapped item, the quantity shipped (ordered, when Amazon gives no fulfilled count) and Amazon's unit
 * price; then one line each for the order's shipping, gift wrap and promotions (a discount, negative) as
 * their mappings say (an item, an account or a freight code); and on each line the tax Amazon calculated on
 * it with the tax code mapped for the marketplace. Anything missing refuses the order with what to fix;
 * nothing is guessed. The invoice date is the order's last update, which for a shipped order read as it
 * changes is when it shipped.
 */
export function orderInvoiceDocument(order: Order, mappings: OrderMappings): OrderInvoiceDocument | { reasons: string[]; unmapped: UnmappedForOrders } {
  const reasons: string[] = [];
  const unmapped: UnmappedForOrders = { skus: [], marketplaces: [], charges: [] };
  const marketplaceId = order.salesChannel.marketplaceId;
  const marketplaceName = order.salesChannel.marketplaceName ?? (marketplaceId ? marketplaceById(marketplaceId)?.domain : undefined);
  if (!marketplaceId) return { reasons: [`Order ${order.orderId} names no marketplace, so its customer cannot be told.`], unmapped };
  const marketplaceNames = [order.salesChannel.marketplaceName, marketplaceById(marketplaceId)?.domain, marketplaceId];
  const customer = mappings.customerOf(marketplaceId, order.salesChannel.marketplaceName);
  if (!customer) unmapped.marketplaces.push(marketplaceName ?? marketplaceId);
  if (!customer) reasons.push(`Marketplace ${marketplaceName ?? marketplaceId} is not mapped to a customer; map it under Mappings.`);
  const currencies = new Set<string>();
  const lines: Array<{ line: SalesInvoiceLine; tax: number }> = [];
  const charges: Record<ItemCharge, { amount: number; tax: number }> = { shipping: { amount: 0, tax: 0 }, 'gift-wrap': { amount: 0, tax: 0 }, promotion: { amount: 0, tax: 0 } };
  for (const item of order.orderItems) {
    const product = (item.product ?? {}) as ItemProductView;
    const sku = product.sellerSku;
    const where = `Order ${order.orderId}, item ${item.orderItemId}`;
    if (!sku) { reasons.push(`${where} has no seller SKU.`); continue; }
    const itemNumber = mappings.itemOf(sku);
    if (!itemNumber && !unmapped.skus.includes(sku)) unmapped.skus.push(sku);
    if (!itemNumber) reasons.push(`SKU ${sku} is not mapped to an item; map it under Mappings.`);
    const price = product.price?.unitPrice;
    if (!price?.amount || !price.currencyCode) { reasons.push(`${where} (SKU ${sku}) has no unit price in Amazon's data.`); continue; }
    if (!isKnownCurrency(price.currencyCode)) { reasons.push(`${where} is priced in ${price.currencyCode}, a currency this app does not know.`); continue; }
    let unitPrice: number;
    try {
      unitPrice = parseAmount(price.amount, currencyExponent(price.currencyCode), { decimalSeparator: '.' });
    } catch {
      reasons.push(`${where} has a unit price "${price.amount}" that is not an amount in ${price.currencyCode}.`);
      continue;
    }
    currencies.add(price.currencyCode);
    const proceeds = itemProceeds(item, `${where} (SKU ${sku})`);
    if ('reasons' in proceeds) { reasons.push(...proceeds.reasons); continue; }
    if (proceeds.currency) currencies.add(proceeds.currency);
    for (const { charge } of CHARGE_LINES) {
      charges[charge].amount += proceeds.charges[charge];
      charges[charge].tax += proceeds.tax[charge];
    }
    // What shipped is what is invoiced: a unit cancelled from a shipped order is not billed.
    const fulfilled = (item.fulfillment as { quantityFulfilled?: unknown } | undefined)?.quantityFulfilled;
    const quantity = typeof fulfilled === 'number' ? fulfilled : item.quantityOrdered;
    if (itemNumber && quantity > 0) lines.push({ line: { itemNumber, quantity, unitPrice, ...(product.title ? { description: product.title } : {}) }, tax: proceeds.tax.goods });
  }
  for (const { charge, description } of CHARGE_LINES) {
    const { amount, tax } = charges[charge];
    if (amount === 0 && tax === 0) continue;
    const mapped = mappings.chargeOf(charge, marketplaceNames);
    if (!mapped || mapped.lineType === 'tax-code') {
      unmapped.charges!.push(charge);
      reasons.push(`Order ${order.orderId} carries ${description.toLowerCase()} of ${amountText(amount, currencies)}, and ${description.toLowerCase()} is not mapped to an item, account or freight code for ${marketplaceName ?? marketplaceId}; map it under Mappings, Order charges.`);
      continue;
    }
    const refusal = mappings.chargeRefusal?.(mapped) ?? null;
    if (refusal) {
      unmapped.charges!.push(charge);
      reasons.push(`Order ${order.orderId} carries ${description.toLowerCase()}: ${refusal}`);
      continue;
    }
    lines.push({ line: { lineType: mapped.lineType, itemNumber: mapped.target, quantity: 1, unitPrice: amount, description }, tax });
  }
  const taxed = lines.filter((l) => l.tax !== 0);
  const taxCode = taxed.length ? mappings.chargeOf('tax', marketplaceNames) : null;
  if (taxed.length && !taxCode) {
    unmapped.charges!.push('tax');
    reasons.push(`Order ${order.orderId} carries tax of ${amountText(taxed.reduce((s, l) => s + l.tax, 0), currencies)} as Amazon calculated it, and no tax code is mapped for ${marketplaceName ?? marketplaceId}; map one under Mappings, Order charges.`);
  }
  const taxRefusal = taxCode ? mappings.chargeRefusal?.(taxCode) ?? null : null;
  if (taxRefusal) {
    unmapped.charges!.push('tax');
    reasons.push(`Order ${order.orderId} carries tax: ${taxRefusal}`);
  }
  if (currencies.size > 1) reasons.push(`Order ${order.orderId} has prices in ${[...currencies].join(' and ')}; an invoice is in one currency.`);
  if (!reasons.length && !lines.length) reasons.push(`Order ${order.orderId} has nothing shipped to invoice.`);
  const [currency] = currencies;
  if (!unmapped.charges!.length) delete unmapped.charges;
  if (reasons.length || !currency || !customer) return { reasons: [...new Set(reasons)], unmapped };
  return {
    marketplaceId,
    orderId: order.orderId,
    invoice: {
      externalDocumentNumber: order.orderId, customerNumber: customer, invoiceDate: order.lastUpdatedTime.slice(0, 10), currency,
      lines: lines.map(({ line, tax }) => (tax !== 0 && taxCode ? { ...line, tax: { code: taxCode.target, amount: tax } } : line)),
    },
  };
}

/** An amount for a message, in the order's currency when there is exactly one. */
function amountText(minor: number, currencies: ReadonlySet<string>): string {
  const [currency] = currencies;
  return currencies.size === 1 && currency ? formatMoney(minor, currency) : `${minor} minor units`;
}

/** An invoice's or credit note's total as the customer owes it: every line's amount and the tax on it. */
export function documentTotal(lines: readonly SalesInvoiceLine[]): number {
  return lines.reduce((s, l) => s + l.quantity * l.unitPrice + (l.tax?.amount ?? 0), 0);
}

/** The connection books orders from the settlement only: orders are not invoiced there. */
export class OrdersNotInvoiced extends DomainError {
  constructor(connectionName: string) {
    super('conflict', `${connectionName} books orders from the settlement only; switch it to "Orders as invoices" before orders are invoiced there. Nothing was queued.`);
  }
}

export interface EnqueueOrderInvoices {
  db: Db;
  audit: AuditLog;
  outbox: PostingOutbox;
  connectionId: string;
  connectionName: string;
  mappings: OrderMappings;
  actor: string;
  /** When an order waiting for its day's summary was put aside (the workspace's clock). */
  now?: () => Date;
}

/**
 * Puts each shipped order into the outbox as a sales invoice, once (the same order again changes nothing),
 * or, where the connection chose one summary invoice per marketplace per day, files it for its day's
 * summary (closeSummaryDays makes it once the day is read to its end). Cancelled orders are never invoiced, unshipped ones wait for a later read, and an order that cannot be
 * built is refused (and audited) with every reason, so a person can fix the mapping and read it again.
 */
export function enqueueOrderInvoices(o: EnqueueOrderInvoices, orders: readonly Order[]): OrderInvoiceDecision[] {
  if (new OrderPostingModes(o.db, o.audit).get(o.connectionId).mode !== 'orders-as-invoices') throw new OrdersNotInvoiced(o.connectionName);
  const grouping = new OrderInvoiceGroupings(o.db, o.audit).get(o.connectionId).grouping;
  const styles = dayStylesOf(o.db, o.connectionId, grouping);
  return orders.map((order): OrderInvoiceDecision => {
    const status = invoiceStatusOf(order);
    if (status === 'never') return { orderId: order.orderId, outcome: 'cancelled' };
    if (status === 'wait') return { orderId: order.orderId, outcome: 'not-shipped' };
    const built = orderInvoiceDocument(order, o.mappings);
    // An order already invoiced (or filed for its day's summary) stays so: a run holding older mappings than
    // the retry that queued it must not hold it again.
    const made = 'reasons' in built ? invoiceAlreadyQueued(o.db, o.connectionId, order.orderId) : null;
    if (made) return { orderId: order.orderId, outcome: 'already-enqueued', naturalKey: made };
    if ('reasons' in built) {
      o.audit.record({
        kind: 'decision', system: 'app', operation: 'order.invoice-refused', actor: o.actor, connectionId: o.connectionId,
        subjectType: 'order', subjectId: order.orderId, detail: { reasons: built.reasons },
      });
      return { orderId: order.orderId, outcome: 'refused', reasons: built.reasons, unmapped: built.unmapped };
    }
    const day = built.invoice.invoiceDate;
    if (groupingOfDay(styles, grouping, built.marketplaceId, day) === 'daily-summary') {
      const added = addSummaryMember(o.db, o.connectionId, built, o.now?.() ?? new Date());
      if (added) styles?.summarised.add(`${built.marketplaceId}|${day}`);
      // Filed under its day's summary, which is made once the day is read to its end.
      return { orderId: order.orderId, outcome: added ? 'enqueued' : 'already-enqueued', naturalKey: `${built.marketplaceId}:${day}:${built.invoice.currency}:summary-invoice` };
    }
    const added = o.outbox.enqueueOrderInvoice(o.connectionId, built, o.actor);
    if (added) styles?.perOrder.add(`${built.marketplaceId}|${day}`);
    return { orderId: order.orderId, outcome: added ? 'enqueued' : 'already-enqueued', naturalKey: orderInvoiceNaturalKey(built.marketplaceId, built.orderId) };
  });
}

/** The natural key of the order's invoice already in the outbox or its summary's filing, else null. */
function invoiceAlreadyQueued(db: Db, connectionId: string, orderId: string): string | null {
  const own = db.prepare(`SELECT natural_key AS naturalKey FROM posting_outbox WHERE connection_id = ? AND kind = 'salesInvoice' AND settlement_id = ? AND state <> 'cancelled' ORDER BY seq DESC LIMIT 1`)
    .get(connectionId, orderId) as { naturalKey: string } | undefined;
  if (own) return own.naturalKey;
  const member = db.prepare('SELECT marketplace_id AS marketplaceId, day, currency FROM order_summary_member WHERE erp_connection_id = ? AND order_id = ?')
    .get(connectionId, orderId) as { marketplaceId: string; day: string; currency: string } | undefined;
  return member ? `${member.marketplaceId}:${member.day}:${member.currency}:summary-invoice` : null;
}

/** What a person checks of a refund's credit note in the outbox, as of an invoice. */
export function orderCreditNoteFacts(d: OrderCreditNoteDocument) {
  const total = documentTotal(d.creditNote.lines);
  return {
    documentNumber: d.creditNote.externalDocumentNumber,
    postingDate: d.creditNote.creditNoteDate,
    currency: d.creditNote.currency,
    description: d.summary
      ? `${d.summary.refunds.length} Amazon refund${d.summary.refunds.length === 1 ? '' : 's'} of ${d.summary.day}, crediting summary invoice ${d.creditNote.invoiceNumber}`
      : `Refund ${d.refundId} of Amazon order ${d.orderId}, crediting invoice ${d.creditNote.invoiceNumber}`,
    lineCount: d.creditNote.lines.length,
    totalDebit: total,
    totalCredit: total,
  };
}

/** What a person checks of an order's invoice in the outbox: the order, its date, currency, size and total. */
export function orderInvoiceFacts(d: OrderInvoiceDocument) {
  const total = documentTotal(d.invoice.lines);
  return {
    documentNumber: d.orderId,
    postingDate: d.invoice.invoiceDate,
    currency: d.invoice.currency,
    description: `Amazon order ${d.orderId} to customer ${d.invoice.customerNumber}`,
    lineCount: d.invoice.lines.length,
    totalDebit: total,
    totalCredit: total,
  };
}
