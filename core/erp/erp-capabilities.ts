/**
 * What an ERP can do, in the terms the flows ask about. Code outside an ERP's folder reads these instead
 * of asking which ERP it is talking to.
 */

/** Whether a journal may carry a foreign currency (with the rate) or only the company's local currency. */
export type JournalCurrencies = 'local-only' | 'any-with-rate';
/** How a created journal becomes posted: with the create call, by a post action we call, or by a person in the ERP. */
export type JournalPosting = 'on-create' | 'by-action' | 'in-erp';
/** Who numbers a document: we send the number, or the ERP's number series assigns it. */
export type DocumentNumbering = 'us' | 'erp';
/** How analysis dimensions travel on a journal line. */
export type DimensionModel = 'named' | 'cost-centre-slots' | 'ledger-display-string' | 'segmented-subaccount';
/** How the app learns that reference data changed: the ERP calls us, or we poll. */
export type ChangeSignals = 'notifications' | 'polling';

/**
 * The flows a connector takes part in. The first two are part of every connector (ErpConnector); the
 * others are optional interfaces (erp-connector.ts `supports`).
 */
export const ERP_FLOWS = [
  'settlementJournals', 'referenceData', 'salesInvoices', 'salesCreditNotes', 'customerPayments', 'purchaseInvoices', 'purchaseOrders', 'stockAndPrices', 'changeNotifications',
  'journalReversals', 'salesOrders', 'amazonFulfilment', 'customerReturns',
  'accountCreation',
  'settlementPayments',
  'inventoryAdjustments',
] as const;
export type ErpFlow = (typeof ERP_FLOWS)[number];

/**
 * How a person marks an ERP sales order as Amazon's to ship (Multi-Channel Fulfillment): its lines stand at
 * a location (warehouse), it names a shipping agent, or a field of the order holds a value the user picks.
 */
export const FULFILMENT_MARKER_KINDS = ['location', 'shipping-agent', 'field'] as const;
export type FulfilmentMarkerKind = (typeof FULFILMENT_MARKER_KINDS)[number];

export interface ErpLengths {
  /** Our natural key, sent in the ERP's external-reference field. */
  naturalKey: number;
  /** The document number, where we assign it. */
  documentNumber: number;
  /** The longest free-text reference or description on a journal line. */
  reference: number;
}

export interface ErpCapabilities {
  journalCurrencies: JournalCurrencies;
  journalPosting: JournalPosting;
  documentNumbers: DocumentNumbering;
  lengths: ErpLengths;
  dimensions: DimensionModel;
  changeSignals: ChangeSignals;
  /** Empty while the ERP's connector is not built. */
  flows: readonly ErpFlow[];
  /**
   * A journal line may post to a customer (its receivable) instead of a G/L account: how a settlement in
   * "Orders as invoices" mode clears the order invoices. Absent: the clearing account takes those lines.
   */
  journalCustomerLines?: true;
  /** customerReturns: the documents a return can become in this ERP, as its API offers them. */
  returnDocuments?: readonly ('credit-note' | 'return-order')[];
  /** customerReturns: why a document the ERP does not offer cannot be made, in words the user acts on. */
  returnDocumentsWhyNot?: Partial<Record<'credit-note' | 'return-order', string>>;
  /**
   * amazonFulfilment: why the ERP's orders cannot be shipped by Amazon through its API, in words the user
   * acts on. Set only where a connector is built and refuses the flow; absent when it takes part.
   */
  amazonFulfilmentWhyNot?: string;
  /**
   * customerReturns: a return order's line names the warehouse it comes back to, so sellable and unsellable
   * returns can go to different warehouses (the connection's settings).
   */
  returnWarehouses?: true;
  /**
   * amazonFulfilment: the ways an order can be marked as Amazon's in this ERP, as its API shows them.
   * Absent: by location only (fulfilment-marker.ts markerKinds).
   */
  fulfilmentMarkers?: readonly FulfilmentMarkerKind[];
  /** amazonFulfilment: the order fields a "field" marker may name, where the ERP's API has a fixed list; absent: checked with the ERP. */
  fulfilmentMarkerFields?: readonly string[];
  /** amazonFulfilment: why a way of marking the ERP does not offer cannot be used, in words the user acts on. */
  fulfilmentMarkersWhyNot?: Partial<Record<FulfilmentMarkerKind, string>>;
}
