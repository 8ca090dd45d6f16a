/**
 * Vendor Central data for the emulator's demo and tests: purchase orders (Order of vendorOrders.json) issued
 * to a vendor code, and the AP invoice headers Amazon shows for the vendor's invoices (InvoiceHeader of
 * financesInvoices_2026-06-25.json), one with a planted shortage and one with a price difference.
 */
import { dec } from './decimal-json';

const DAY = 86_400_000;
export const DEMO_VENDOR_CODE = 'MLCD1';
/** The demo PO Amazon pays one unit short on. */
export const DEMO_SHORTAGE_PO = '4TX81A2B';

export interface DemoPoLine { vendorSku: string; asin: string; quantity: number; netCost: string }

export function vendorPurchaseOrder(number: string, vendorCode: string, at: number, lines: readonly DemoPoLine[], currency = 'EUR', state: 'New' | 'Acknowledged' | 'Closed' = 'New') {
  const when = new Date(at).toISOString();
  return {
    purchaseOrderNumber: number,
    purchaseOrderState: state,
    orderDetails: {
      purchaseOrderDate: when, purchaseOrderChangedDate: when, purchaseOrderStateChangedDate: when, purchaseOrderType: 'RegularOrder', paymentMethod: 'Invoice',
      buyingParty: { partyId: 'AMZN-DE' }, sellingParty: { partyId: vendorCode }, shipToParty: { partyId: 'DUS2' }, billToParty: { partyId: 'AMZN-EU' },
      shipWindow: `${new Date(at + 2 * DAY).toISOString()}--${new Date(at + 9 * DAY).toISOString()}`,
      items: lines.map((l, i) => ({
        itemSequenceNumber: String(i + 1), amazonProductIdentifier: l.asin, vendorProductIdentifier: l.vendorSku,
        orderedQuantity: { amount: l.quantity, unitOfMeasure: 'Eaches' }, isBackOrderAllowed: false, netCost: { currencyCode: currency, amount: l.netCost },
      })),
    },
  };
}

/** Three POs for the demo vendor code over the last two weeks, and one for a vendor code nobody mapped. */
export function demoPurchaseOrders(now: number) {
  return [
    vendorPurchaseOrder('4TX81A2B', DEMO_VENDOR_CODE, now - 12 * DAY, [{ vendorSku: '1900-S', asin: 'B0DEMO1900', quantity: 12, netCost: '150.40' }, { vendorSku: '1906-S', asin: 'B0DEMO1906', quantity: 4, netCost: '219.50' }]),
    vendorPurchaseOrder('4TX81A2C', DEMO_VENDOR_CODE, now - 8 * DAY, [{ vendorSku: '1896-S', asin: 'B0DEMO1896', quantity: 2, netCost: '780.70' }]),
    vendorPurchaseOrder('4TX81A2D', DEMO_VENDOR_CODE, now - 3 * DAY, [{ vendorSku: '1900-S', asin: 'B0DEMO1900', quantity: 6, netCost: '150.40' }]),
    vendorPurchaseOrder('5ZQ00001', 'UNMAP1', now - 5 * DAY, [{ vendorSku: 'X-1', asin: 'B0NOTMAPPED', quantity: 1, netCost: '10.00' }]),
  ];
}

export interface RemittanceSpec {
  invoiceNumber: string;
  vendorCode: string;
  poNumber: string;
  currency: string;
  /** Decimal strings as Amazon sends them. */
  invoiced: string;
  paid: string;
  shortage?: string;
  priceVariance?: string;
  status: 'IN_PROGRESS' | 'PAID' | 'PARTIALLY_PAID' | 'DEDUCTED';
  issued: number;
  due: number;
  remittanceId?: string;
  /** Amazon's shortage claims against the invoice (SHORTAGE_INVOICE_IDS). */
  shortageInvoiceIds?: string[];
}

const money = (currencyCode: string, amount: string) => ({ currencyCode, currencyAmount: dec(amount) });

/** An AP-inventory invoice header as Amazon shows it once it has paid (or not yet) the vendor's invoice. */
export function remittanceHeader(r: RemittanceSpec) {
  const settlement = [
    { breakdownType: 'AmountPaid', breakdownAmount: money(r.currency, r.paid) },
    ...(r.shortage ? [{ breakdownType: 'QuantityVarianceAmount', breakdownAmount: money(r.currency, r.shortage) }] : []),
    ...(r.priceVariance ? [{ breakdownType: 'PriceVariance', breakdownAmount: money(r.currency, r.priceVariance) }] : []),
  ];
  return {
    invoiceNumber: r.invoiceNumber, invoiceIdentifier: `${r.invoiceNumber}~${r.vendorCode}`, invoiceStatus: r.status, invoiceType: 'AP_INVENTORY',
    payer: { partnerId: 'AMZN-EU', partnerType: 'AMAZON' }, payee: { partnerId: r.vendorCode, partnerType: 'VENDOR' },
    issueDate: new Date(r.issued).toISOString(), dueDate: new Date(r.due).toISOString(), paymentTerms: 'Net 60',
    creationDate: new Date(r.issued).toISOString(), lastUpdatedDate: new Date(r.issued + DAY).toISOString(),
    invoiceAmount: money(r.currency, r.invoiced),
    invoiceSettlementBreakdowns: settlement,
    relatedIdentifiers: [
      { relatedIdentifierName: 'VENDOR_CODE', relatedIdentifierValue: [r.vendorCode] },
      { relatedIdentifierName: 'PURCHASE_ORDER_IDS', relatedIdentifierValue: [r.poNumber] },
      ...(r.remittanceId ? [{ relatedIdentifierName: 'UNIQUE_PAYMENT_IDS', relatedIdentifierValue: [r.remittanceId] }] : []),
      ...(r.shortageInvoiceIds?.length ? [{ relatedIdentifierName: 'SHORTAGE_INVOICE_IDS', relatedIdentifierValue: r.shortageInvoiceIds }] : []),
    ],
  };
}
