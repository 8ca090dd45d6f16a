import type { Clock } from '../../clock/clock';
import type { OperationName } from '../../amazon/usage-plans';
import type { SeedSeller } from './seed-data';

/** What the Amazon emulator's routes share: their answer, the emulator's state, and the stores of feeds and vendor calls. */
export interface Reply {
  status: number;
  body: unknown;
}

export interface EmulatorState {
  clock: Clock;
  sellers: SeedSeller[];
  /** Paging tokens: the token maps to the query it continues and where the next page starts. */
  nextTokens: Map<string, { operation: OperationName; sellerId: string; signature: string; offset: number; issuedAt?: number }>;
  presign(seller: SeedSeller, documentId: string): string;
  presignUpload(feedDocumentId: string): string;
  feeds: FeedStore;
  vendor: VendorStore;
  fulfilment: FulfilmentStore;
  issueRestrictedToken(seller: SeedSeller, resources: { method: string; path: string }[]): { token: string; expiresIn: number };
  /** SKUs a listings patch or feed message is refused for, with Amazon's issue (faults.rejectListings). */
  listingRejections: Map<string, { code: string; message: string; attributeNames?: string[] }>;
  /** Set for the request being handled: it was made with a Restricted Data Token covering its path. */
  requestHasRdt: boolean;
}

/** Feeds in flight and their documents (feed-routes.ts). */
export interface FeedRecord {
  feedId: string;
  sellerId: string;
  feedType: string;
  marketplaceIds: string[];
  inputFeedDocumentId: string;
  createdAt: number;
  resultFeedDocumentId?: string;
}

export interface FeedStore {
  uploads: Map<string, { sellerId: string; contentType: string; content?: Buffer; issuedAt: number }>;
  feeds: Map<string, FeedRecord>;
  /** Result documents (processing reports), served from the same presigned download path as reports. */
  documents: Map<string, { sellerId: string; content: Buffer; contentType: string }>;
}

export function newFeedStore(): FeedStore {
  return { uploads: new Map(), feeds: new Map(), documents: new Map() };
}

/** Vendor invoice and acknowledgement transactions (vendor-routes.ts, vendor-acknowledgement-routes.ts). */
export interface VendorStore {
  transactions: Map<string, {
    sellerId: string; createdAt: number; errors: { code: string; message: string }[]; invoices: Record<string, unknown>[]; paid?: boolean;
    /** The POs an acknowledgement transaction acknowledges. */
    acknowledged?: string[];
  }>;
  invoiceIds: Set<string>;
  /** Acknowledgements received per PO number. */
  acknowledgements: Map<string, number>;
  /** Shipment confirmations received per shipmentIdentifier. */
  shipmentConfirmations: Map<string, number>;
}

export function newVendorStore(): VendorStore {
  return { transactions: new Map(), invoiceIds: new Set(), acknowledgements: new Map(), shipmentConfirmations: new Map() };
}

/** Multi-Channel Fulfillment orders by seller and sellerFulfillmentOrderId (mcf-routes.ts). */
export interface FulfilmentRecord {
  sellerId: string;
  request: Record<string, unknown>;
  receivedAt: number;
  /** When the seller's cancelFulfillmentOrder took it. */
  cancelledAt?: number;
  /** Amazon ended it unshipped (a test's fault: no stock found, an address it could not validate). */
  endedByAmazon?: { status: 'Unfulfillable' | 'Invalid'; at: number };
}

export interface FulfilmentStore {
  orders: Map<string, FulfilmentRecord>;
  /** SKUs the seller has in Amazon's network; null accepts every SKU. */
  knownSkus: Set<string> | null;
}

export function newFulfilmentStore(): FulfilmentStore {
  return { orders: new Map(), knownSkus: null };
}
