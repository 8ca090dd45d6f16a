import { dec } from './decimal-json';
import { demoDeInventory, demoDeListings } from './demo-listings';
import { settlementFlatFileV2, type SettlementSpec } from './settlement-file';
import { DEMO_SHORTAGE_PO, demoPurchaseOrders } from './vendor-seed';

export interface SeedReport {
  reportId: string;
  reportType: string;
  createdTime: string;
  dataStartTime: string;
  dataEndTime: string;
  processingStatus: 'CANCELLED' | 'DONE' | 'FATAL' | 'IN_PROGRESS' | 'IN_QUEUE';
  marketplaceIds?: string[];
  reportDocumentId?: string;
  /** Document bytes before compression (a string is written as UTF-8). */
  content?: string | Uint8Array;
  /** Content-Type charset; null leaves it out, as Amazon does for settlement reports (models#3025). */
  charset?: string | null;
  /** gzip the stored document and say compressionAlgorithm: GZIP (default true). */
  compressed?: boolean;
  /** A restricted report type (buyer PII): getReportDocument needs a Restricted Data Token. */
  restricted?: boolean;
}

/** An FBA customer return the emulated seller has; the returns report lists those in the requested window. */
export interface SeedCustomerReturn {
  returnDate: string;
  orderId: string;
  sku: string;
  asin: string;
  fnsku: string;
  productName: string;
  quantity: number;
  fulfillmentCenterId: string;
  detailedDisposition: string;
  reason: string;
  status: string;
  licensePlateNumber: string;
  customerComments?: string;
}

export interface SeedEventGroup {
  /** A FinancialEventGroup as in financesV0.json; amounts as dec("...") literals. */
  group: Record<string, unknown> & { FinancialEventGroupId: string; FinancialEventGroupStart: string };
  /** Events in posting order, each tagged with the FinancialEvents list it belongs to. */
  events: { list: string; event: Record<string, unknown> }[];
}

export interface SeedSeller {
  sellerId: string;
  refreshToken: string;
  storeName: string;
  marketplaceIds: string[];
  reports: SeedReport[];
  eventGroups: SeedEventGroup[];
  /** Orders v2026-01-01 Order objects (orders_2026-01-01.json). */
  orders: Record<string, unknown>[];
  /** Finances 2024-06-19 Transaction objects; amounts as dec("..."). */
  transactions: Record<string, unknown>[];
  /** FBA InventorySummary objects (fbaInventory.json) per marketplace id. */
  inventory?: Record<string, Record<string, unknown>[]>;
  /** Vendor AP invoice headers (InvoiceHeader of financesInvoices_2026-06-25.json); amounts as dec("..."). */
  vendorInvoiceHeaders?: Record<string, unknown>[];
  /** Vendor purchase orders (Order of vendorOrders.json). */
  purchaseOrders?: Record<string, unknown>[];
  /**
   * Amazon pays each accepted vendor invoice at once (an AP invoice header appears, PAID), short by the
   * planted shortages: PO number -> units of its first item Amazon says it did not receive.
   */
  vendorPayments?: { plantedShortages: Record<string, number> };
  /** Listings by SKU: product type and the listing attributes patches change. */
  listings?: Record<string, { productType: string; attributes: Record<string, unknown[]> }>;
  /** FBA customer returns, listed by the returns report createReport makes (returns-report.ts). */
  customerReturns?: SeedCustomerReturn[];
}

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function shipmentEvent(orderId: string, postedAt: string, sku: string, principal: string, commission: string, currency: string, marketplaceName: string) {
  return {
    list: 'ShipmentEventList',
    event: {
      AmazonOrderId: orderId,
      MarketplaceName: marketplaceName,
      PostedDate: postedAt,
      ShipmentItemList: [{
        SellerSKU: sku,
        OrderItemId: `${orderId.replace(/-/g, '').slice(-10)}01`,
        QuantityShipped: 1,
        ItemChargeList: [{ ChargeType: 'Principal', ChargeAmount: { CurrencyCode: currency, CurrencyAmount: dec(principal) } }],
        ItemFeeList: [{ FeeType: 'Commission', FeeAmount: { CurrencyCode: currency, CurrencyAmount: dec(commission) } }],
      }],
    },
  };
}

/** A shipped Amazon.de order of one SKU, as Orders v2026-01-01 gives it with includedData=FULFILLMENT. */
function deOrder(orderId: string, shippedAt: number, sku: string, title: string, quantity: number, unitPrice: string): Record<string, unknown> {
  return {
    orderId,
    createdTime: iso(shippedAt - 3_600_000),
    lastUpdatedTime: iso(shippedAt),
    salesChannel: { channelName: 'AMAZON', marketplaceId: 'A1PA6795UKMFR9', marketplaceName: 'Amazon.de' },
    fulfillment: { fulfillmentStatus: 'SHIPPED', fulfilledBy: 'AMAZON' },
    orderItems: [{ orderItemId: `${orderId.replace(/-/g, '').slice(-12)}01`, quantityOrdered: quantity, product: { sellerSku: sku, title, price: { unitPrice: { amount: unitPrice, currencyCode: 'EUR' } } } }],
  };
}

/**
 * A demo seller across US, CA, UK, DE and JP with one closed settlement per currency region, orders with
 * items, a refund, fees and a reserve. Dates are relative to `now` so the 90-day report window holds them.
 */
export function demoSeller(now: number): SeedSeller {
  const end = now - 3 * DAY;
  const start = end - 14 * DAY;
  const us: SettlementSpec = {
    settlementId: '24137000001', start: iso(start), end: iso(end), deposit: iso(end + 2 * DAY), currency: 'USD', style: 'dot',
    lines: [
      { transactionType: 'Order', orderId: '111-0000001-0000001', marketplaceName: 'Amazon.com', amountType: 'ItemPrice', amountDescription: 'Principal', amount: '1234.50', postedAt: iso(start + DAY), sku: 'MUG-BLUE', quantity: 1, fulfillmentId: 'AFN' },
      { transactionType: 'Order', orderId: '111-0000001-0000001', marketplaceName: 'Amazon.com', amountType: 'ItemFees', amountDescription: 'Commission', amount: '-185.18', postedAt: iso(start + DAY), sku: 'MUG-BLUE', quantity: 1, fulfillmentId: 'AFN' },
      { transactionType: 'Refund', orderId: '111-0000002-0000002', marketplaceName: 'Amazon.com', amountType: 'ItemPrice', amountDescription: 'Principal', amount: '-19.99', postedAt: iso(start + 2 * DAY), sku: 'MUG-RED', fulfillmentId: 'AFN' },
      { transactionType: 'other-transaction', marketplaceName: 'Amazon.com', amountType: 'other-transaction', amountDescription: 'Current Reserve Amount', amount: '-50.00', postedAt: iso(end - DAY) },
    ],
  };
  const de: SettlementSpec = {
    settlementId: '24137000002', start: iso(start), end: iso(end), deposit: iso(end + 2 * DAY), currency: 'EUR', style: 'comma',
    lines: [
      { transactionType: 'Order', orderId: '302-0000003-0000003', marketplaceName: 'Amazon.de', amountType: 'ItemPrice', amountDescription: 'Principal', amount: '1095.00', postedAt: iso(start + DAY), sku: 'TASSE-GRÜN', quantity: 2, fulfillmentId: 'AFN' },
      { transactionType: 'Order', orderId: '302-0000003-0000003', marketplaceName: 'Amazon.de', amountType: 'ItemFees', amountDescription: 'Commission', amount: '-164.25', postedAt: iso(start + DAY), sku: 'TASSE-GRÜN', quantity: 2, fulfillmentId: 'AFN' },
      { transactionType: 'Order', orderId: '302-0000003-0000003', marketplaceName: 'Amazon.de', amountType: 'ItemFees', amountDescription: 'FBAPerUnitFulfillmentFee', amount: '-12.80', postedAt: iso(start + DAY), sku: 'TASSE-GRÜN', quantity: 2, fulfillmentId: 'AFN' },
      { transactionType: 'Order', orderId: '302-0000007-0000007', marketplaceName: 'Amazon.de', amountType: 'ItemPrice', amountDescription: 'Principal', amount: '49.95', postedAt: iso(start + 4 * DAY), sku: 'TASSE-BLAU', quantity: 1, fulfillmentId: 'AFN' },
      { transactionType: 'Order', orderId: '302-0000007-0000007', marketplaceName: 'Amazon.de', amountType: 'ItemFees', amountDescription: 'Commission', amount: '-7.49', postedAt: iso(start + 4 * DAY), sku: 'TASSE-BLAU', quantity: 1, fulfillmentId: 'AFN' },
      { transactionType: 'Order', orderId: '302-0000007-0000007', marketplaceName: 'Amazon.de', amountType: 'ItemFees', amountDescription: 'FBAPerUnitFulfillmentFee', amount: '-3.20', postedAt: iso(start + 4 * DAY), sku: 'TASSE-BLAU', quantity: 1, fulfillmentId: 'AFN' },
      { transactionType: 'Refund', orderId: '302-0000007-0000007', marketplaceName: 'Amazon.de', amountType: 'ItemPrice', amountDescription: 'Principal', amount: '-49.95', postedAt: iso(start + 9 * DAY), sku: 'TASSE-BLAU', quantity: 1, fulfillmentId: 'AFN' },
      { transactionType: 'Refund', orderId: '302-0000007-0000007', marketplaceName: 'Amazon.de', amountType: 'ItemFees', amountDescription: 'Commission', amount: '5.99', postedAt: iso(start + 9 * DAY), sku: 'TASSE-BLAU', quantity: 1, fulfillmentId: 'AFN' },
      // The demo's starter mappings leave the subscription fee unmapped, so the review queue has one blocking item to show.
      { transactionType: 'other-transaction', marketplaceName: 'Amazon.de', amountType: 'other-transaction', amountDescription: 'Subscription Fee', amount: '-39.00', postedAt: iso(end - 2 * DAY) },
      { transactionType: 'other-transaction', marketplaceName: 'Amazon.de', amountType: 'other-transaction', amountDescription: 'Current Reserve Amount', amount: '-25.00', postedAt: iso(end - DAY) },
    ],
  };
  const simple = (settlementId: string, currency: string, marketplaceName: string, orderId: string, principal: string, fee: string, style: 'dot' | 'comma' = 'dot'): SettlementSpec => ({
    settlementId, start: iso(start), end: iso(end), deposit: iso(end + 2 * DAY), currency, style,
    lines: [
      { transactionType: 'Order', orderId, marketplaceName, amountType: 'ItemPrice', amountDescription: 'Principal', amount: principal, postedAt: iso(start + DAY), sku: 'MUG-BLUE', quantity: 1, fulfillmentId: 'AFN' },
      { transactionType: 'Order', orderId, marketplaceName, amountType: 'ItemFees', amountDescription: 'Commission', amount: fee, postedAt: iso(start + DAY), sku: 'MUG-BLUE', quantity: 1, fulfillmentId: 'AFN' },
    ],
  });
  const report = (reportId: string, spec: SettlementSpec, marketplaceId: string, charset: string | null): SeedReport => ({
    reportId,
    reportType: 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2',
    createdTime: spec.deposit,
    dataStartTime: spec.start,
    dataEndTime: spec.end,
    processingStatus: 'DONE',
    marketplaceIds: [marketplaceId],
    reportDocumentId: `amzn1.spdoc.1.4.na.${reportId}`,
    content: settlementFlatFileV2(spec),
    charset,
  });
  const groupStart = iso(start);
  return {
    sellerId: 'A2DEMOSELLER01',
    refreshToken: 'Atzr|demo-refresh-token',
    storeName: 'Demo Mugs',
    // Vendor Central: the demo vendor code's POs (one for a vendor code nobody mapped) and a shortage on the first.
    purchaseOrders: demoPurchaseOrders(now),
    vendorPayments: { plantedShortages: { [DEMO_SHORTAGE_PO]: 1 } },
    marketplaceIds: ['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2', 'A1F83G8C2ARO7P', 'A1PA6795UKMFR9', 'A1VC38T7YXB528'],
    reports: [
      report('50001', us, 'ATVPDKIKX0DER', 'UTF-8'),
      // EU settlement downloads often carry no charset (selling-partner-api-models#3025).
      report('50002', de, 'A1PA6795UKMFR9', null),
      report('50003', simple('24137000003', 'CAD', 'Amazon.ca', '702-0000004-0000004', '45.00', '-6.75'), 'A2EUQ1WTGCTBG2', 'UTF-8'),
      report('50004', simple('24137000004', 'GBP', 'Amazon.co.uk', '203-0000005-0000005', '24.99', '-3.75'), 'A1F83G8C2ARO7P', null),
      // JPY has no minor unit: amounts are whole yen.
      report('50005', simple('24137000005', 'JPY', 'Amazon.co.jp', '503-0000006-0000006', '1980', '-297'), 'A1VC38T7YXB528', null),
    ],
    eventGroups: [{
      group: {
        FinancialEventGroupId: 'FEG-demo-0001',
        ProcessingStatus: 'Closed',
        FundTransferStatus: 'Succeeded',
        OriginalTotal: { CurrencyCode: 'USD', CurrencyAmount: dec('979.33') },
        FundTransferDate: iso(end + 2 * DAY),
        TraceId: 'TRACE0001',
        AccountTail: '123',
        BeginningBalance: { CurrencyCode: 'USD', CurrencyAmount: dec('0.00') },
        FinancialEventGroupStart: groupStart,
        FinancialEventGroupEnd: iso(end),
      },
      events: [
        shipmentEvent('111-0000001-0000001', iso(start + DAY), 'MUG-BLUE', '1234.50', '-185.18', 'USD', 'Amazon.com'),
      ],
    }],
    orders: [
      {
        orderId: '111-0000001-0000001',
        createdTime: iso(start + DAY - 3_600_000),
        lastUpdatedTime: iso(start + DAY),
        salesChannel: { channelName: 'AMAZON', marketplaceId: 'ATVPDKIKX0DER', marketplaceName: 'Amazon.com' },
        buyer: { buyerName: 'Pat Example', buyerEmail: 'pat@marketplace.amazon.com' },
        recipient: { deliveryAddress: { name: 'Pat Example', addressLine1: '1 Main St', city: 'Seattle', postalCode: '98101', countryCode: 'US' } },
        proceeds: { grandTotal: { amount: '1234.50', currencyCode: 'USD' } },
        fulfillment: { fulfillmentStatus: 'SHIPPED', fulfilledBy: 'AMAZON' },
        orderItems: [{ orderItemId: '00000000000101', quantityOrdered: 1, product: { asin: 'B000MUG001', sellerSku: 'MUG-BLUE', title: 'Blue mug', price: { unitPrice: { amount: '1234.50', currencyCode: 'USD' } } } }],
      },
      // The Amazon.de settlement's two orders, shipped, so "Orders as invoices" has invoices to make.
      deOrder('302-0000003-0000003', start + DAY, 'TASSE-GRÜN', 'Grüne Tasse', 2, '547.50'),
      deOrder('302-0000007-0000007', start + 4 * DAY, 'TASSE-BLAU', 'Blaue Tasse', 1, '49.95'),
    ],
    inventory: {
      ATVPDKIKX0DER: [
        { asin: 'B000MUG001', fnSku: 'X000MUG001', sellerSku: 'MUG-BLUE', condition: 'NewItem', productName: 'Blue mug', totalQuantity: 42, lastUpdatedTime: iso(now - DAY), inventoryDetails: { fulfillableQuantity: 40, inboundWorkingQuantity: 0, inboundShippedQuantity: 2, inboundReceivingQuantity: 0 } },
        { asin: 'B000MUG002', fnSku: 'X000MUG002', sellerSku: 'MUG-RED', condition: 'NewItem', productName: 'Red mug', totalQuantity: 0, lastUpdatedTime: iso(now - DAY), inventoryDetails: { fulfillableQuantity: 0, inboundWorkingQuantity: 0, inboundShippedQuantity: 0, inboundReceivingQuantity: 0 } },
      ],
      A1PA6795UKMFR9: demoDeInventory(iso(now - DAY)),
    },
    listings: {
      'MUG-BLUE': { productType: 'DRINKING_CUP', attributes: {} },
      'MUG RED/2': { productType: 'DRINKING_CUP', attributes: {} },
      ...demoDeListings(),
    },
    // The red mug refunded in the US settlement came back damaged by the buyer (a reason no ERP code maps yet), and so did a green mug from Germany.
    customerReturns: [
      { returnDate: iso(start + 4 * DAY), orderId: '111-0000002-0000002', sku: 'MUG-RED', asin: 'B000MUG002', fnsku: 'X000MUG002', productName: 'Red mug', quantity: 1, fulfillmentCenterId: 'SEA8', detailedDisposition: 'CUSTOMER_DAMAGED', reason: 'DAMAGED_BY_CUSTOMER', status: 'Unit returned to inventory', licensePlateNumber: 'LPNRR000000001' },
      // One of the two green mugs of an Amazon.de order, which "Orders as invoices" invoices in Business Central: its return is credited there.
      { returnDate: iso(start + 5 * DAY), orderId: '302-0000003-0000003', sku: 'TASSE-GRÜN', asin: 'B000TASSE01', fnsku: 'X000TASSE01', productName: 'Grüne Tasse', quantity: 1, fulfillmentCenterId: 'FRA7', detailedDisposition: 'CUSTOMER_DAMAGED', reason: 'DAMAGED_BY_CUSTOMER', status: 'Unit returned to inventory', licensePlateNumber: 'LPNRR000000002' },
    ],
    transactions: [
      {
        sellingPartnerMetadata: { sellingPartnerId: 'A2DEMOSELLER01', accountType: 'Standard Orders', marketplaceId: 'ATVPDKIKX0DER' },
        relatedIdentifiers: [
          { relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: '111-0000001-0000001' },
          { relatedIdentifierName: 'FINANCIAL_EVENT_GROUP_ID', relatedIdentifierValue: 'FEG-demo-0001' },
        ],
        transactionType: 'Shipment',
        transactionId: 'TX-demo-0001',
        transactionStatus: 'RELEASED',
        description: 'Order Payment',
        postedDate: iso(start + DAY),
        totalAmount: { currencyCode: 'USD', currencyAmount: dec('1049.32') },
        marketplaceDetails: { marketplaceId: 'ATVPDKIKX0DER', marketplaceName: 'Amazon.com' },
      },
    ],
  };
}
