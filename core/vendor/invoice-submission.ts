import { AmazonError } from '../amazon/errors';
import type { SpApiClient } from '../amazon/sp-api-client';
import { submitInvoices, waitForTransaction, type VendorInvoice } from '../amazon/vendor';
import type { PostedSalesInvoice, SalesOrderSync } from '../erp/erp-connector';
import { OPERATIONS } from '../amazon/usage-plans';
import { errorMessage } from '../errors/domain-error';
import { ERP_AT_ONCE, sendConcurrently } from './concurrent-sends';
import { currencyExponent, toDecimalString } from '../money';
import type { PoLineRef } from './purchase-order-document';
import type { SalesOrderIntent } from './purchase-order-intake';
import type { VendorOutbox } from './vendor-outbox';
import type { VendorReviews } from './vendor-reviews';

/** An invoice in the vendor outbox: the ERP's posted invoice and what goes to Amazon. */
export interface InvoiceIntent {
  vendorCode: string;
  poNumber: string;
  customerNumber: string;
  erpInvoice: PostedSalesInvoice;
  invoice: VendorInvoice;
}

export const invoiceKey = (vendorCode: string, invoiceNumber: string) => `${vendorCode}:${invoiceNumber}`;

/**
 * The ERP's posted invoice as an Invoice of vendorInvoices.json: its number as the invoice id, the vendor
 * code as the remit-to party [UNVERIFIED: the model says only "Name, address and tax details of the party
 * receiving the payment"], each line against its PO line (itemSequenceNumber, ASIN, vendor SKU, "purchaseOrderNumber
 * ... mandatory only when invoiceType is Invoice") at the ERP's unit price per each.
 */
export function vendorInvoiceOf(so: SalesOrderIntent, inv: PostedSalesInvoice): { invoice: VendorInvoice } | { reasons: string[] } {
  const exponent = currencyExponent(inv.currency);
  const money = (minor: number) => ({ currencyCode: inv.currency, amount: toDecimalString(minor, exponent) });
  const unused = [...so.lines];
  const reasons: string[] = [];
  const items = inv.lines.map((l, i) => {
    const at = unused.findIndex((r) => r.itemNumber === l.itemNumber);
    const ref: PoLineRef | undefined = at >= 0 ? unused.splice(at, 1)[0] : undefined;
    if (!ref) reasons.push(`Invoice ${inv.number}, line ${i + 1}: item ${l.itemNumber} is on no line of PO ${so.poNumber}; Amazon matches invoice lines to PO lines.`);
    return {
      itemSequenceNumber: Number(ref?.itemSequenceNumber ?? i + 1),
      ...(ref?.asin ? { amazonProductIdentifier: ref.asin } : {}),
      ...(ref?.vendorSku ? { vendorProductIdentifier: ref.vendorSku } : {}),
      invoicedQuantity: { amount: l.quantity, unitOfMeasure: 'Eaches' },
      netCost: money(l.unitPrice),
      purchaseOrderNumber: so.poNumber,
    };
  });
  if (reasons.length) return { reasons };
  return { invoice: {
    invoiceType: 'Invoice',
    id: inv.number,
    // "should be on or after the purchase order creation date" (Invoice.date, vendorInvoices.json).
    date: `${inv.invoiceDate}T00:00:00Z`,
    remitToParty: { partyId: so.vendorCode },
    invoiceTotal: money(inv.total),
    ...(inv.totalTax ? { taxDetails: [{ taxType: 'VAT', taxAmount: money(inv.totalTax), taxableAmount: money(inv.totalExcludingTax) }] } : {}),
    items,
  } };
}

/**
 * For every PO whose sales order the ERP holds and has no invoice queued yet: once the ERP has posted the
 * sales invoice, queue it for Amazon (once, by vendor code + invoice number). Several POs are looked up at once.
 */
export async function queuePostedInvoices(o: {
  outbox: VendorOutbox; reviews: VendorReviews; erp: SalesOrderSync; erpConnectionId: string; amazonConnectionId: string; signal?: AbortSignal;
}): Promise<{ queued: string[]; waiting: number }> {
  const invoiced = new Set(o.outbox.list({ connectionId: o.amazonConnectionId, kind: 'invoice' }).map((e) => e.subject));
  const out = { queued: [] as string[], waiting: 0 };
  const open = o.outbox.list<SalesOrderIntent>({ connectionId: o.erpConnectionId, kind: 'sales-order' }).filter((so) => (so.state === 'sent' || so.state === 'held') && !invoiced.has(so.subject));
  await sendConcurrently(open, ERP_AT_ONCE, async (so) => {
    const doc = so.document;
    const inv = await o.erp.findPostedSalesInvoice(doc.salesOrder.customerNumber, doc.poNumber, o.signal);
    if (!inv) { out.waiting++; return 'next'; }
    const built = vendorInvoiceOf(doc, inv);
    if ('reasons' in built) {
      o.reviews.raise(o.erpConnectionId, {
        key: `invoice-unmatched:${doc.vendorCode}:${inv.number}`, kind: 'invoice-rejected', vendorCode: doc.vendorCode, poNumber: doc.poNumber, invoiceNumber: inv.number,
        title: `Invoice ${inv.number} for PO ${doc.poNumber} was not sent: ${built.reasons[0]}`, facts: { reasons: built.reasons, amazon: doc.salesOrder, erp: inv },
      });
      return 'next';
    }
    const intent: InvoiceIntent = { vendorCode: doc.vendorCode, poNumber: doc.poNumber, customerNumber: doc.salesOrder.customerNumber, erpInvoice: inv, invoice: built.invoice };
    if (o.outbox.enqueue(o.amazonConnectionId, 'invoice', invoiceKey(doc.vendorCode, inv.number), so.subject, intent) === 'new') out.queued.push(inv.number);
    return 'next';
  }, o.signal);
  return out;
}

/**
 * Submits each queued invoice once, as many at once as the operation's burst (each invoice is its own). A
 * submission whose answer never came (dropped connection, 5xx, or a crash while it was in flight) is not sent
 * again: Amazon may have it, and a second submission is a second invoice ("Not resent after a dropped
 * connection", core/amazon/vendor.ts). It fails with what to check.
 */
export async function submitQueuedInvoices(o: { outbox: VendorOutbox; client: SpApiClient; amazonConnectionId: string; signal?: AbortSignal }): Promise<{ submitted: string[]; failed: string[] }> {
  const out = { submitted: [] as string[], failed: [] as string[] };
  await sendConcurrently(o.outbox.workList<InvoiceIntent>(o.amazonConnectionId, 'invoice'), OPERATIONS.submitInvoices.burst, async (e) => {
    const unknown = (why: string) => ({
      message: `Invoice ${e.document.invoice.id} (PO ${e.document.poNumber}) may have reached Amazon: ${why}. It is not sent again; check it in Vendor Central, then cancel it here or send it again.`,
    });
    if (e.state === 'sending') {
      o.outbox.move(e, ['sending'], 'failed', { detail: unknown('a run stopped while it was being sent') });
      out.failed.push(e.naturalKey);
      return 'next';
    }
    o.outbox.begin(e);
    try {
      const tx = await submitInvoices(o.client, [e.document.invoice], o.signal);
      o.outbox.move(e, ['sending'], 'sent', { result: tx, detail: null });
      out.submitted.push(e.naturalKey);
      return 'next';
    } catch (err) {
      // Throttled past the retries: refused before any work, so it waits for the next run.
      if (err instanceof AmazonError && err.kind === 'throttled') { o.outbox.move(e, ['sending'], 'pending', { detail: { message: err.message } }); return 'stop'; }
      const maybeReceived = !(err instanceof AmazonError) || err.kind === 'unavailable';
      o.outbox.move(e, ['sending'], 'failed', { detail: maybeReceived ? unknown(errorMessage(err)) : { message: errorMessage(err) } });
      out.failed.push(e.naturalKey);
      return 'next';
    }
  }, o.signal);
  return out;
}

/**
 * Reads the outcome of each submitted invoice (getTransaction, vendorTransactionStatus.json): Success is
 * accepted; Failure is rejected with Amazon's reasons, shown on a review item. Up to getTransaction's burst
 * are read at once, so their waits overlap.
 */
export async function pollInvoiceTransactions(o: {
  outbox: VendorOutbox; reviews: VendorReviews; client: SpApiClient; amazonConnectionId: string; erpConnectionId: string; waitMs?: number; pollMs?: number; signal?: AbortSignal;
}): Promise<{ accepted: string[]; rejected: string[]; processing: number }> {
  const out = { accepted: [] as string[], rejected: [] as string[], processing: 0 };
  await sendConcurrently(o.outbox.list<InvoiceIntent>({ connectionId: o.amazonConnectionId, kind: 'invoice', state: 'sent' }), OPERATIONS.getTransaction.burst, async (e) => {
    const t = await waitForTransaction(o.client, e.result!, { timeoutMs: o.waitMs ?? 0, ...(o.pollMs ? { pollMs: o.pollMs } : {}), ...(o.signal ? { signal: o.signal } : {}) });
    if (t.status === 'Processing') { out.processing++; return 'next'; }
    if (t.status === 'Success') {
      o.outbox.move(e, ['sent'], 'accepted', {});
      out.accepted.push(e.naturalKey);
      return 'next';
    }
    const reasons = (t.errors ?? []).map((x) => `${x.code}: ${x.message}${x.details ? ` (${x.details})` : ''}`);
    o.outbox.move(e, ['sent'], 'rejected', { detail: { reasons } });
    o.reviews.raise(o.erpConnectionId, {
      key: `invoice-rejected:${e.naturalKey}`, kind: 'invoice-rejected', vendorCode: e.document.vendorCode, poNumber: e.document.poNumber, invoiceNumber: e.document.invoice.id,
      title: `Amazon rejected invoice ${e.document.invoice.id} for PO ${e.document.poNumber}: ${reasons.join('; ') || 'no reason given'}`,
      facts: { reasons, amazon: { transactionId: e.result, invoice: e.document.invoice }, erp: e.document.erpInvoice },
    });
    out.rejected.push(e.naturalKey);
    return 'next';
  }, o.signal);
  return out;
}
