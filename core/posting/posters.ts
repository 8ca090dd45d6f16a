import { createHash } from 'node:crypto';
import type {
  ErpConnector, JournalDocument, NaturalKeyKind, PostResult, SalesCreditNoteDocument, SalesCreditNotePosting, SalesInvoiceDocument, SalesInvoicePosting, SettlementPaymentDocument, SettlementPaymentPosting,
} from '../erp/erp-connector';
import { ErpError } from '../erp/erp-error';

/**
 * What of a connector posting uses: looking a natural key up, and the create call of each kind. The optional
 * flows are optional here too: a document of a flow the connector lacks is refused, never half-sent.
 */
export type PostingConnector = Pick<ErpConnector, 'findByNaturalKey' | 'postJournal'> & Partial<SalesInvoicePosting> & Partial<SalesCreditNotePosting> & Partial<SettlementPaymentPosting> & {
  /**
   * The kinds whose post call itself asks the ERP for the natural key before creating anything, in every
   * round, and answers alreadyExisted for one it finds posted: the run then asks no second time first.
   */
  readonly postLooksUpFirst?: ReadonlySet<NaturalKeyKind>;
};

/** How one kind of document reaches the ERP: what the ERP calls the kind when looking a key up, and the call that creates it. */
export interface DocumentPoster<D> {
  erpKind: NaturalKeyKind;
  /** What the document comes from, as the audit log names it (its id is the outbox's settlement_id column). */
  subject: 'settlement' | 'order';
  /** Unique per ERP connection and kind in the outbox. */
  naturalKeyOf(document: D): string;
  /** What the ERP is asked for before anything is created (its external document number). */
  erpKeyOf(document: D): string;
  post(erp: PostingConnector, document: D): Promise<PostResult>;
}

/**
 * An Amazon order as a sales invoice. The outbox keys it by marketplace + order id + kind; the ERP knows it
 * by the order id alone in its external document number, which Amazon makes unique across marketplaces.
 */
export interface OrderInvoiceDocument {
  marketplaceId: string;
  /** The Amazon order id; for a summary invoice, its external document number (what the outbox files it under). */
  orderId: string;
  invoice: SalesInvoiceDocument;
  /** A summary invoice: the marketplace's orders of one day, the day's nth such invoice (a late order gets a further one, never a changed one). */
  summary?: { day: string; version: number; orderIds: string[] };
}

export function orderInvoiceNaturalKey(marketplaceId: string, orderId: string): string {
  return `${marketplaceId}:${orderId}:invoice`;
}

/** A summary invoice's outbox key: marketplace + day + currency + kind + version. */
export function summaryInvoiceNaturalKey(marketplaceId: string, day: string, currency: string, version: number): string {
  return `${marketplaceId}:${day}:${currency}:summary-invoice:V${version}`;
}

/**
 * A refund of an Amazon order as a credit note linked to the order's posted invoice. The outbox keys it by
 * marketplace + order id + refund id + kind; one order can be refunded more than once.
 */
export interface OrderCreditNoteDocument {
  marketplaceId: string;
  orderId: string;
  /** Amazon's adjustment id of the refund (or what stands for it when the settlement gives none). */
  refundId: string;
  creditNote: SalesCreditNoteDocument;
  /**
   * A summary credit note: the refunds of one marketplace-day that credit one summary invoice (orderId and
   * refundId are then its external document number); the day's nth such note for that invoice.
   */
  summary?: { day: string; version: number; creditedInvoice: string; refunds: Array<{ orderId: string; refundId: string }> };
}

export function orderCreditNoteNaturalKey(marketplaceId: string, orderId: string, refundId: string): string {
  return `${marketplaceId}:${orderId}:${refundId}:credit-note`;
}

/** A summary credit note's outbox key: marketplace + day + currency + kind + the summary invoice it credits + version. */
export function summaryCreditNoteNaturalKey(marketplaceId: string, day: string, currency: string, creditedInvoice: string, version: number): string {
  return `${marketplaceId}:${day}:${currency}:summary-credit-note:${creditedInvoice}:V${version}`;
}

/**
 * A settlement's payout applied to the invoices and credit notes of its orders (connections in "Orders as
 * invoices" mode). Keyed like the settlement's journal, with the document kind PMT.
 */
export interface SettlementPayoutDocument {
  settlementId: string;
  version: number;
  payment: SettlementPaymentDocument;
}

/** BC's External Document No. holds 35 characters: order id / refund id, the refund id hashed when it would not fit. */
export const EXTERNAL_DOCUMENT_NUMBER_LENGTH = 35;
export function creditNoteErpKey(orderId: string, refundId: string): string {
  const plain = `${orderId}/${refundId}`;
  if (plain.length <= EXTERNAL_DOCUMENT_NUMBER_LENGTH) return plain;
  return `${orderId}/R${createHash('sha256').update(refundId).digest('hex').slice(0, EXTERNAL_DOCUMENT_NUMBER_LENGTH - orderId.length - 2)}`;
}

/**
 * The document kinds the outbox holds, each with its poster. The outbox table stores the kind as data, so
 * a new kind (credit note, payment) is an entry here, not a table rebuild.
 */
export const POSTERS = {
  journal: {
    erpKind: 'journal',
    subject: 'settlement',
    naturalKeyOf: (d) => d.externalDocumentNumber,
    erpKeyOf: (d) => d.externalDocumentNumber,
    post: (erp, d) => erp.postJournal(d),
  } satisfies DocumentPoster<JournalDocument>,
  salesInvoice: {
    erpKind: 'salesInvoice',
    subject: 'order',
    naturalKeyOf: (d) => (d.summary ? summaryInvoiceNaturalKey(d.marketplaceId, d.summary.day, d.invoice.currency, d.summary.version) : orderInvoiceNaturalKey(d.marketplaceId, d.orderId)),
    erpKeyOf: (d) => d.invoice.externalDocumentNumber,
    post: (erp, d) => {
      if (!erp.postSalesInvoice) {
        throw new ErpError(`This ERP connection cannot post sales invoices; order ${d.orderId} was not sent. Switch the connection back to "Settlement only" or cancel the document.`, {
          system: 'ml-connector', kind: 'unsupported', document: d.orderId, retryable: false,
        });
      }
      return erp.postSalesInvoice(d.invoice);
    },
  } satisfies DocumentPoster<OrderInvoiceDocument>,
  salesCreditNote: {
    erpKind: 'salesCreditNote',
    subject: 'order',
    naturalKeyOf: (d) => (d.summary
      ? summaryCreditNoteNaturalKey(d.marketplaceId, d.summary.day, d.creditNote.currency, d.summary.creditedInvoice, d.summary.version)
      : orderCreditNoteNaturalKey(d.marketplaceId, d.orderId, d.refundId)),
    erpKeyOf: (d) => d.creditNote.externalDocumentNumber,
    post: (erp, d) => {
      if (!erp.postSalesCreditNote) {
        throw new ErpError(`This ERP connection cannot post sales credit notes; ${d.summary ? `the summary credit note ${d.orderId}` : `the refund ${d.refundId} of order ${d.orderId}`} was not sent. Switch the connection back to "Settlement only" or cancel the document.`, {
          system: 'ml-connector', kind: 'unsupported', document: d.orderId, retryable: false,
        });
      }
      return erp.postSalesCreditNote(d.creditNote);
    },
  } satisfies DocumentPoster<OrderCreditNoteDocument>,
  settlementPayment: {
    erpKind: 'settlementPayment',
    subject: 'settlement',
    naturalKeyOf: (d) => d.payment.externalDocumentNumber,
    erpKeyOf: (d) => d.payment.externalDocumentNumber,
    post: (erp, d) => {
      if (!erp.postSettlementPayment) {
        throw new ErpError(`This ERP connection cannot apply a payout to invoices; the payment of settlement ${d.settlementId} was not sent. Cancel the document and apply the payout in the ERP.`, {
          system: 'ml-connector', kind: 'unsupported', document: d.payment.externalDocumentNumber, retryable: false,
        });
      }
      return erp.postSettlementPayment(d.payment);
    },
  } satisfies DocumentPoster<SettlementPayoutDocument>,
} as const;

export type DocumentKind = keyof typeof POSTERS;

/** The document a kind carries. */
export type DocumentOf<K extends DocumentKind> = Parameters<(typeof POSTERS)[K]['post']>[1];

export function isDocumentKind(kind: string): kind is DocumentKind {
  return Object.hasOwn(POSTERS, kind);
}
