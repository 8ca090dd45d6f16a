import type { PurchaseOrder } from '../amazon/vendor';
import type { SalesOrderDocument, SalesOrderLine } from '../erp/erp-connector';
import { decimalToMinor } from '../erp/wire-decimal';
import { currencyExponent, isKnownCurrency } from '../money';
import type { VendorMappings } from './vendor-mappings';

/** The parts of an Order (vendorOrders.json) the sales order is built from. */
interface OrderView {
  purchaseOrderDate?: string;
  purchaseOrderChangedDate?: string;
  sellingParty?: { partyId?: string };
  items?: Array<{
    itemSequenceNumber?: string;
    amazonProductIdentifier?: string;
    vendorProductIdentifier?: string;
    orderedQuantity?: { amount?: number; unitOfMeasure?: string; unitSize?: number };
    netCost?: { currencyCode?: string; amount?: string; unitOfMeasure?: string };
  }>;
}

export const detailsOf = (po: PurchaseOrder): OrderView => (po.orderDetails ?? {}) as OrderView;

/** The vendor code a PO was issued to: "sellingParty.partyId" (orderingVendorCode, vendorOrders.json). */
export function vendorCodeOf(po: PurchaseOrder): string | null {
  return detailsOf(po).sellingParty?.partyId ?? null;
}

/** When Amazon last changed the PO (or issued it). */
export function changedAtOf(po: PurchaseOrder): string {
  const d = detailsOf(po);
  return d.purchaseOrderChangedDate ?? d.purchaseOrderDate ?? '';
}

/**
 * Amazon cancelled every item: "purchase orders which have one or more items cancelled by Amazon with
 * updated item quantity as zero" (poItemState, getPurchaseOrders, vendorOrders.json). One cancelled item
 * among others is a change: its line leaves the sales order.
 */
export function wholePoCancelled(po: PurchaseOrder): boolean {
  const items = detailsOf(po).items ?? [];
  return items.length > 0 && items.every((i) => i.orderedQuantity?.amount === 0);
}

export interface PoLineRef {
  itemSequenceNumber: string;
  asin: string | null;
  vendorSku: string | null;
  itemNumber: string;
}

/**
 * A purchase order as the ERP sales order: the vendor code's customer, one line per PO item with its
 * vendor SKU's (else ASIN's) item, the quantity in eaches (cases times the case size) and Amazon's net cost
 * per each as the unit price ("The net cost of an item per each or weight unit", OrderItem.netCost). Anything
 * missing or priced per weight refuses the PO with every reason: nothing is guessed.
 */
export function salesOrderFromPurchaseOrder(po: PurchaseOrder, mappings: VendorMappings): { document: SalesOrderDocument; lines: PoLineRef[] } | { reasons: string[] } {
  const d = detailsOf(po);
  const reasons: string[] = [];
  const vendorCode = vendorCodeOf(po);
  const where = `PO ${po.purchaseOrderNumber}`;
  if (!vendorCode) return { reasons: [`${where} names no vendor code (sellingParty.partyId).`] };
  const customer = mappings.get('vendor-code', vendorCode);
  if (!customer) reasons.push(`Vendor code ${vendorCode} is not mapped to a customer; map it on the Vendor Central screen.`);
  const currencies = new Set<string>();
  const lines: SalesOrderLine[] = [];
  const refs: PoLineRef[] = [];
  for (const item of d.items ?? []) {
    const at = `${where}, item ${item.itemSequenceNumber ?? '?'}`;
    const sku = item.vendorProductIdentifier;
    const asin = item.amazonProductIdentifier;
    const itemNumber = mappings.itemOf(sku, asin);
    if (!itemNumber) reasons.push(`${at}: neither vendor SKU ${sku ?? '(none)'} nor ASIN ${asin ?? '(none)'} is mapped to an item.`);
    const q = item.orderedQuantity;
    const eaches = q?.unitOfMeasure === 'Cases' ? (q.unitSize ? (q.amount ?? 0) * q.unitSize : null) : (q?.amount ?? null);
    if (eaches === null) reasons.push(`${at} is ordered in cases without a case size.`);
    const cost = item.netCost;
    if (!cost?.amount || !cost.currencyCode) { reasons.push(`${at} has no net cost.`); continue; }
    if (cost.unitOfMeasure) { reasons.push(`${at} is priced per ${cost.unitOfMeasure.toLowerCase()}, not per each; enter it in the ERP by hand.`); continue; }
    if (!isKnownCurrency(cost.currencyCode)) { reasons.push(`${at} is priced in ${cost.currencyCode}, a currency this app does not know.`); continue; }
    let unitPrice: number;
    try {
      unitPrice = decimalToMinor(cost.amount, currencyExponent(cost.currencyCode));
    } catch {
      reasons.push(`${at} has a net cost of ${cost.amount} ${cost.currencyCode}, which has more decimals than ${cost.currencyCode} has; the ERP price would be rounded.`);
      continue;
    }
    currencies.add(cost.currencyCode);
    if (itemNumber && eaches !== null && eaches > 0) {
      lines.push({ itemNumber, quantity: eaches, unitPrice });
      refs.push({ itemSequenceNumber: item.itemSequenceNumber ?? String(refs.length + 1), asin: asin ?? null, vendorSku: sku ?? null, itemNumber });
    }
  }
  if (currencies.size > 1) reasons.push(`${where} has prices in ${[...currencies].join(' and ')}; a sales order is in one currency.`);
  if (!reasons.length && !lines.length) reasons.push(`${where} has no items to order.`);
  const [currency] = currencies;
  if (reasons.length || !customer || !currency) return { reasons: [...new Set(reasons)] };
  return {
    document: { externalDocumentNumber: po.purchaseOrderNumber, customerNumber: customer, orderDate: (d.purchaseOrderDate ?? '').slice(0, 10), currency, lines },
    lines: refs,
  };
}
