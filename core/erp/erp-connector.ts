/**
 * The one contract every ERP connector implements (Business Central, F&O, SAP B1, Acumatica).
 * It is shaped by what the flows need (settlement journals, order invoices, vendor invoices, listings),
 * not by one ERP's API. Money crosses this boundary only as integer minor units of the document's
 * currency; each connector formats to its own decimal representation at the wire (see wire-decimal.ts).
 */

import type { ErpCapabilities } from './erp-capabilities';

/** ISO date, YYYY-MM-DD. */
export type IsoDate = string;
/** Integer amount in the currency's minor unit (cents for EUR, yen for JPY). Never a float. */
export type MinorUnits = number;

export interface ConnectionInfo {
  /** Who the connector authenticated as (client id, user name). */
  principal: string;
  companyId: string;
  companyName: string;
  /** Deployment and environment in plain words, e.g. "online, environment production". */
  environment: string;
  /** The ERP's version as it reports it (BC: the company's systemVersion). */
  version: string;
  /** The company's local (ledger) currency, when the ERP says. */
  localCurrency: string | null;
}

export interface JournalDocumentLine {
  accountNumber: string;
  description: string;
  /** Exactly one of debit/credit is non-zero; both are >= 0. */
  debit: MinorUnits;
  credit: MinorUnits;
  /** Dimension code -> dimension value code, e.g. { MARKETPLACE: 'AMAZON-DE' }. */
  dimensions?: Readonly<Record<string, string>>;
  /** The line an ERP-side conversion puts its rounding on: a settlement's clearing (deposit) line, else its carried-forward line. */
  takesRounding?: true;
  /**
   * Post to this customer's account rather than to `accountNumber` (the clearing account, which an ERP
   * without customer lines would take instead); sent only to ERPs whose capabilities say journalCustomerLines.
   */
  customerNumber?: string;
}

export interface JournalDocument {
  /** Our natural key (settlement-id + period + kind + version); sent as the external document number. */
  externalDocumentNumber: string;
  /** The document number the ERP will carry on every posted entry. Deterministic from the natural key. */
  documentNumber: string;
  postingDate: IsoDate;
  /** ISO 4217. A document posts in one currency; currencies are never added together. */
  currency: string;
  description: string;
  lines: readonly JournalDocumentLine[];
}

/**
 * What an invoice or credit note line books to: an item, a G/L (main) account, or a freight charge code
 * (SAP B1's additional expenses). Each connector refuses a kind its ERP's documents cannot carry.
 */
export type SalesLineType = 'item' | 'account' | 'freight';

export interface SalesInvoiceLine {
  /** Absent: an item line. */
  lineType?: SalesLineType;
  /** The item number, the account number or the freight code, as `lineType` says. */
  itemNumber: string;
  description?: string;
  quantity: number;
  /** Negative on a promotion (discount) line; positive otherwise. */
  unitPrice: MinorUnits;
  /**
   * The tax Amazon calculated on this line, with the ERP tax code mapped for the order's marketplace.
   * Absent when Amazon charged no tax on it.
   */
  tax?: { code: string; amount: MinorUnits };
}

export interface SalesInvoiceDocument {
  /** The Amazon order id. */
  externalDocumentNumber: string;
  customerNumber: string;
  invoiceDate: IsoDate;
  currency: string;
  lines: readonly SalesInvoiceLine[];
}

/** A refund as a credit note against the posted invoice of its order. */
export interface SalesCreditNoteDocument {
  /** Unique per refund, what the ERP is asked for before anything is created (its external document number). */
  externalDocumentNumber: string;
  /** The ERP's number of the posted invoice the refund credits. */
  invoiceNumber: string;
  customerNumber: string;
  creditNoteDate: IsoDate;
  currency: string;
  /** What is credited, as positive quantities and prices (the document's kind says it is a credit). */
  lines: readonly SalesInvoiceLine[];
}

export interface CustomerPaymentDocument {
  externalDocumentNumber: string;
  documentNumber: string;
  customerNumber: string;
  postingDate: IsoDate;
  currency: string;
  amount: MinorUnits;
  /** The ERP invoice number the payment settles, when known. */
  appliesToInvoiceNumber?: string;
  description: string;
  /** The G/L account the payment balances against (a deduction's account); the journal's own setup when absent. */
  balancingAccountNumber?: string;
}

/** One open document a settlement's payout settles: an order's invoice, or a refund's credit note (which the payout gives back). */
export interface PayoutApplication {
  kind: 'invoice' | 'creditNote';
  /** The ERP's number of the posted document. */
  documentNumber: string;
  /** What the settlement paid for it (an invoice) or took back for it (a credit note): positive. */
  amount: MinorUnits;
  /** A credit note: the ERP number of the invoice it credits (an ERP that applies credit notes to their invoices nets them there). */
  creditsInvoice?: string;
}

/**
 * A settlement's payout applied to the order invoices and refund credit notes it covers, through the
 * marketplace's customer: the settlement journal left those amounts on the clearing account, and this
 * payment moves them from there onto the customer, closing the documents it names.
 */
export interface SettlementPaymentDocument {
  /** Our natural key (settlement-id + period + PMT + version); what the ERP is asked for before creating. */
  externalDocumentNumber: string;
  documentNumber: string;
  customerNumber: string;
  postingDate: IsoDate;
  currency: string;
  /** The account the settlement journal left the invoiced amounts on: the payment's other side. */
  clearingAccountNumber: string;
  applications: readonly PayoutApplication[];
  description: string;
}

/** Σ invoices − Σ credit notes: what the payment moves off the clearing account. */
export function payoutTotal(doc: Pick<SettlementPaymentDocument, 'applications'>): MinorUnits {
  return doc.applications.reduce((s, a) => s + (a.kind === 'invoice' ? a.amount : -a.amount), 0);
}

export interface PurchaseInvoiceLine {
  itemNumber: string;
  description?: string;
  quantity: number;
  unitCost: MinorUnits;
}

export interface PurchaseInvoiceDocument {
  /** Amazon's (the vendor's) invoice number: the natural key of a vendor invoice. */
  vendorInvoiceNumber: string;
  vendorNumber: string;
  invoiceDate: IsoDate;
  currency: string;
  /** The ERP purchase order this invoice was matched to, if any. */
  purchaseOrderNumber?: string;
  lines: readonly PurchaseInvoiceLine[];
}

export interface PostResult {
  /** The ERP's own number of the posted document (what an accountant searches for in the ERP). */
  documentNumber: string;
  /** True when the document already existed and nothing was created this time. */
  alreadyExisted: boolean;
  /** False when the ERP's API can create but not post this kind (the user posts it in the ERP). */
  posted: boolean;
}

export type NaturalKeyKind = 'journal' | 'salesInvoice' | 'salesCreditNote' | 'customerPayment' | 'settlementPayment' | 'purchaseInvoice';

export interface FoundDocument {
  kind: NaturalKeyKind;
  documentNumber: string;
  /** draft: created but not posted (a crash between create and post leaves this). */
  state: 'draft' | 'posted';
}

/**
 * taxCodes: what an invoice line's tax code names in that ERP; freightCodes: the freight charges a document
 * carries apart from its lines (SAP B1's additional expenses). A connector whose ERP has no such list
 * answers it empty without asking the ERP.
 */
export type ReferenceDataKind =
  | 'accounts' | 'dimensions' | 'items' | 'customers' | 'vendors' | 'taxCodes' | 'freightCodes' | 'paymentMethods';

/** Where an amount belongs in the accounts: the income statement's revenue or expense side, or the balance sheet. */
export type AccountNature = 'revenue' | 'expense' | 'balance';

export interface ReferenceRecord {
  id: string;
  /** The code a mapping refers to (account no., item no., dimension code, ...). */
  code: string;
  name: string;
  /** Accounts: can a journal line post to it directly? Others: not blocked. */
  postable: boolean;
  /** Accounts: the nature the ERP's own account type gives; absent where that type does not settle it. */
  nature?: AccountNature;
  /** Accounts: that type in the ERP's own words ("Income", "Revenues", "Liability"), for the user to recognise. */
  typeLabel?: string;
  /** Dimensions: their values. */
  values?: ReferenceRecord[];
  lastModified: string | null;
}

export interface ReferenceDataPage {
  records: ReferenceRecord[];
  /** Pass back as `since` next time to read only what changed. Null when the ERP gives no timestamps. */
  watermark: string | null;
}

export interface PurchaseOrderLine {
  itemNumber: string;
  description: string;
  quantity: number;
  /** As the ERP sent it (unit costs may carry more decimals than the currency). */
  directUnitCost: string;
  receivedQuantity: number;
  invoicedQuantity: number;
}

export interface PurchaseOrder {
  id: string;
  number: string;
  vendorNumber: string;
  orderDate: IsoDate;
  currency: string;
  status: string;
  lines: PurchaseOrderLine[];
  lastModified: string;
}

export interface StockLevel { itemNumber: string; quantity: number }
export interface ItemPrice { itemNumber: string; unitPrice: string; currency: string | null }

/**
 * What every connector does: the settlement journal flow (test, read reference data, look up a natural key,
 * post a journal) and letting go of what it holds. Everything else is an optional flow below.
 */
export interface ErpConnector {
  readonly system: string;
  readonly capabilities: ErpCapabilities;
  testConnection(signal?: AbortSignal): Promise<ConnectionInfo>;
  readReferenceData(kind: ReferenceDataKind, since?: string | null, signal?: AbortSignal): Promise<ReferenceDataPage>;
  postJournal(doc: JournalDocument, signal?: AbortSignal): Promise<PostResult>;
  findByNaturalKey(kind: NaturalKeyKind, key: string, signal?: AbortSignal): Promise<FoundDocument | null>;
  /** Ends the connector's session (SAP B1 and Acumatica sessions hold licences). Calls after it are not made. */
  close(): Promise<void>;
}

export interface SalesInvoicePosting {
  postSalesInvoice(doc: SalesInvoiceDocument, signal?: AbortSignal): Promise<PostResult>;
  /**
   * Of these invoices (by external document number), those a person has since cancelled or voided in the
   * ERP. Absent where the ERP's API does not say.
   */
  cancelledSalesInvoices?(externalDocumentNumbers: readonly string[], signal?: AbortSignal): Promise<string[]>;
}
export interface SalesCreditNotePosting {
  /** Creates and posts the credit note linked to its invoice, once: a note already there under its key is returned, not made again. */
  postSalesCreditNote(doc: SalesCreditNoteDocument, signal?: AbortSignal): Promise<PostResult>;
}
export interface CustomerPaymentPosting {
  postCustomerPayment(doc: CustomerPaymentDocument, signal?: AbortSignal): Promise<PostResult>;
}
export interface SettlementPaymentPosting {
  /**
   * Creates the payout's payment applied to every document it names, once: a payment already there under
   * its key is returned, not made again. A document that is closed or has less open than is applied is
   * refused with its number, and nothing is created.
   */
  postSettlementPayment(doc: SettlementPaymentDocument, signal?: AbortSignal): Promise<PostResult>;
}
export interface PurchaseInvoicePosting {
  postPurchaseInvoice(doc: PurchaseInvoiceDocument, signal?: AbortSignal): Promise<PostResult>;
}
export interface PurchaseOrderReading {
  readPurchaseOrders(since: string | null, signal?: AbortSignal): Promise<{ orders: PurchaseOrder[]; watermark: string | null }>;
}
export interface StockAndPriceReading {
  readStock(itemNumbers: readonly string[], signal?: AbortSignal): Promise<StockLevel[]>;
  readPrices(itemNumbers: readonly string[], signal?: AbortSignal): Promise<ItemPrice[]>;
}

export interface SalesOrderLine {
  itemNumber: string;
  description?: string;
  quantity: number;
  unitPrice: MinorUnits;
}

/** A customer's purchase order (an Amazon Vendor Central PO) as an ERP sales order. */
export interface SalesOrderDocument {
  /** The customer's order number (the Amazon PO number); one sales order per customer and number. */
  externalDocumentNumber: string;
  customerNumber: string;
  orderDate: IsoDate;
  currency: string;
  lines: readonly SalesOrderLine[];
}

/**
 * created / updated: the ERP now holds the document as given. unchanged: it already did.
 * shipped: the ERP order has shipped (or is invoiced) and differs from the document, so nothing was changed.
 */
export interface SalesOrderResult {
  outcome: 'created' | 'updated' | 'unchanged' | 'shipped';
  documentNumber: string;
}

/** A posted sales invoice of a customer's order, as the ERP holds it. */
export interface PostedSalesInvoice {
  number: string;
  externalDocumentNumber: string;
  invoiceDate: IsoDate;
  dueDate: IsoDate | null;
  currency: string;
  totalExcludingTax: MinorUnits;
  totalTax: MinorUnits;
  total: MinorUnits;
  lines: Array<{ itemNumber: string; quantity: number; unitPrice: MinorUnits; amount: MinorUnits }>;
}

/**
 * A posted sales shipment of a customer's order (BC's Sales Shipment Header and its lines): what left the
 * warehouse, in the item's base unit. One order may ship in several.
 */
export interface PostedSalesShipment {
  number: string;
  externalDocumentNumber: string;
  orderNumber: string;
  postingDate: IsoDate;
  lines: Array<{ itemNumber: string; quantity: number }>;
}

export interface SalesOrderSync {
  /** Creates the order once (by customer + external document number) or brings an open one in line with the document. */
  syncSalesOrder(doc: SalesOrderDocument, signal?: AbortSignal): Promise<SalesOrderResult>;
  /**
   * The customer cancelled the whole order: deleted while nothing of it has shipped (deleted, or absent when
   * there is none); shipped or invoiced it is kept and the caller gets `shipped`.
   */
  cancelSalesOrder(customerNumber: string, externalDocumentNumber: string, signal?: AbortSignal): Promise<{ outcome: 'deleted' | 'absent' | 'shipped'; documentNumber: string | null }>;
  /** The posted sales invoice of the customer's order, or null while there is none. */
  findPostedSalesInvoice(customerNumber: string, externalDocumentNumber: string, signal?: AbortSignal): Promise<PostedSalesInvoice | null>;
  /** The posted shipments of the customer's order, oldest first ([] while nothing has shipped). */
  findPostedSalesShipments(customerNumber: string, externalDocumentNumber: string, signal?: AbortSignal): Promise<PostedSalesShipment[]>;
}

/** An ERP sales order to be shipped by Amazon (Multi-Channel Fulfillment), as the ERP holds it. */
export interface FulfilmentOrder {
  number: string;
  orderDate: IsoDate;
  shipTo: { name: string; addressLine1: string; addressLine2: string; city: string; state: string; postCode: string; country: string; phone: string };
  /** The ERP's shipping method code, when it has one. */
  shippingMethod: string | null;
  lines: Array<{ itemNumber: string; quantity: number }>;
}

/**
 * How the user marks an ERP order as Amazon's to ship. location: the order's item lines at that location
 * (warehouse) code, only those lines go; shipping-agent: the order names that shipping agent (code or name,
 * as the ERP's API keys it); field: a field of the order (one the ERP's API has) holds that value. With
 * shipping-agent and field every open item line of the order goes. Which an ERP offers: its capabilities'
 * fulfilmentMarkers (fulfilment-marker.ts markerKinds).
 */
export type FulfilmentMarker =
  | { by: 'location'; code: string }
  | { by: 'shipping-agent'; code: string }
  | { by: 'field'; field: string; value: string };

export interface AmazonFulfilmentOrders {
  /**
   * Open orders marked as Amazon's, not fully shipped, with the lines Amazon ships. A marker the ERP does
   * not have (an unknown location, shipping agent or field) is an ErpError of kind validation naming it,
   * thrown before any order is read. A connector that marks by location only starts with
   * `const locationCode = markedLocation(marker, SYSTEM);` (fulfilment-marker.ts).
   */
  readFulfilmentOrders(marker: FulfilmentMarker, signal?: AbortSignal): Promise<FulfilmentOrder[]>;
  /**
   * Checks the marker with the ERP (the location, shipping agent or field exists) without reading orders;
   * refuses as readFulfilmentOrders does. Optional: without it the settings are checked by a read.
   */
  checkFulfilmentMarker?(marker: FulfilmentMarker, signal?: AbortSignal): Promise<void>;
  /**
   * Writes a shipment's carrier and tracking number to the order once: a note already there is not written
   * again. trackingNumber (the packages' numbers) goes to a tracking field where the ERP has one.
   */
  recordTracking(orderNumber: string, note: string, signal?: AbortSignal, trackingNumber?: string): Promise<'written' | 'already'>;
}

/** What a customer return becomes in the ERP, as the user chooses per ERP connection. */
export type ReturnDocumentKind = 'credit-note' | 'return-order';

/** One of the ERP's return reason codes, as the ERP lists them. */
export interface ErpReturnReason {
  code: string;
  description: string;
}

/** A customer return as an ERP document: a credit note linked to the order's posted invoice, or a return order / RMA. */
export interface CustomerReturnDocument {
  kind: ReturnDocumentKind;
  /** Unique per return, what the ERP is asked for before anything is created (its external document number). */
  externalDocumentNumber: string;
  /** The ERP's number of the posted invoice of the returned order; required for a credit note. */
  invoiceNumber: string | null;
  customerNumber: string;
  returnDate: IsoDate;
  currency: string;
  /** One of the ERP's return reason codes (checked against its list before sending). */
  reasonCode: string;
  lines: readonly CustomerReturnLine[];
}

/** A returned line; on a return order, the warehouse it comes back to where the connection sets one (capabilities.returnWarehouses). */
export type CustomerReturnLine = SalesInvoiceLine & { warehouse?: string };

/** A warehouse as the ERP's API lists it. */
export interface ErpWarehouse {
  code: string;
  description: string;
  active: boolean;
}

export interface CustomerReturnPosting {
  /** The ERP's return reason codes. */
  readReturnReasons(signal?: AbortSignal): Promise<ErpReturnReason[]>;
  /** Creates (and where the ERP allows, posts) the return's document once: one already there under its key is returned, not made again. */
  postCustomerReturn(doc: CustomerReturnDocument, signal?: AbortSignal): Promise<PostResult>;
  /** The warehouses a return line may come back to, where the ERP's API lists them (with capabilities.returnWarehouses). */
  readReturnWarehouses?(signal?: AbortSignal): Promise<ErpWarehouse[]>;
}

/** A posted journal and the ERP's entry that reverses it. */
export interface JournalReversalResult {
  /** The ERP's number of the reversing entry; null when the ERP does not say. */
  reversalDocumentNumber: string | null;
  /** True when the journal was already reversed and nothing was booked this time. */
  alreadyReversed: boolean;
}

/**
 * Reverses a posted journal in the ERP (a re-issued settlement replaces the version that was posted),
 * exactly once: a journal already reversed is found, not reversed again.
 */
export interface JournalReversal {
  reverseJournal(posted: { documentNumber: string; naturalKey: string }, signal?: AbortSignal): Promise<JournalReversalResult>;
}

/** One subscription the ERP keeps for us: it calls `notificationUrl` when `set` changes, until `expiresAt`. */
export interface ChangeSubscription {
  id: string;
  /** The entity set it watches, e.g. "customers". */
  set: string;
  resource: string;
  notificationUrl: string;
  /** Our shared secret, echoed by the ERP on each notification. */
  clientState: string;
  expiresAt: string;
  etag: string;
}

export interface ChangeSubscriptions {
  subscribe(set: string, notificationUrl: string, clientState: string, signal?: AbortSignal): Promise<ChangeSubscription>;
  renew(sub: ChangeSubscription, signal?: AbortSignal): Promise<ChangeSubscription>;
  unsubscribe(sub: Pick<ChangeSubscription, 'id' | 'set'>, signal?: AbortSignal): Promise<void>;
  /** Our live subscriptions for this notification URL (to clean up after a crash between create and record). */
  list(notificationUrl: string, signal?: AbortSignal): Promise<ChangeSubscription[]>;
}
export interface ChangeNotifying {
  changeSubscriptions(): ChangeSubscriptions;
}

/**
 * Stock counted at Amazon brought into the ERP's books: one item, units added (a receipt) or taken out
 * (an issue), as a person approved it from the FBA stock comparison.
 */
export interface InventoryAdjustmentDocument {
  /** Our natural key, what the ERP is asked for before anything is created. */
  externalDocumentNumber: string;
  date: IsoDate;
  /** Why, in words a person reading the ERP document understands. */
  description: string;
  itemNumber: string;
  /** Units added (> 0) or taken out (< 0); never 0. */
  quantity: number;
}

export interface InventoryAdjustmentPosting {
  /** Creates (and where the ERP needs it, releases) the adjustment once: one already there under its key is returned, not made again. */
  postInventoryAdjustment(doc: InventoryAdjustmentDocument, signal?: AbortSignal): Promise<PostResult>;
}

/** What kind of ledger account a new account is, in the words every chart has. */
export type AccountKind = 'asset' | 'liability' | 'income' | 'expense';

/** A G/L account to create, as the user confirmed it (a starter chart's account). */
export interface NewAccount {
  number: string;
  name: string;
  kind: AccountKind;
}

/**
 * Creates a G/L account the journals can post to directly. An account already there under that number is
 * not created again ('exists'); any other refusal throws in the ERP's words.
 */
export interface AccountCreation {
  createAccount(account: NewAccount, signal?: AbortSignal): Promise<'created' | 'exists'>;
}

/** The interface each optional flow adds to ErpConnector. */
export interface OptionalFlows {
  salesInvoices: SalesInvoicePosting;
  salesCreditNotes: SalesCreditNotePosting;
  customerPayments: CustomerPaymentPosting;
  settlementPayments: SettlementPaymentPosting;
  purchaseInvoices: PurchaseInvoicePosting;
  purchaseOrders: PurchaseOrderReading;
  stockAndPrices: StockAndPriceReading;
  changeNotifications: ChangeNotifying;
  journalReversals: JournalReversal;
  salesOrders: SalesOrderSync;
  amazonFulfilment: AmazonFulfilmentOrders;
  customerReturns: CustomerReturnPosting;
  accountCreation: AccountCreation;
  inventoryAdjustments: InventoryAdjustmentPosting;
}

/** Whether the connector takes part in an optional flow, by its capabilities. */
export function supports<F extends keyof OptionalFlows>(connector: ErpConnector, flow: F): connector is ErpConnector & OptionalFlows[F] {
  return connector.capabilities.flows.includes(flow);
}
