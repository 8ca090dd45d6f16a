import { getVendorInvoiceHeaders, type VendorInvoiceHeader } from '../amazon/finances';
import type { SpApiClient } from '../amazon/sp-api-client';
import type { CustomerPaymentPosting, ErpConnector } from '../erp/erp-connector';
import { ErpError } from '../erp/erp-error';
import { decimalToMinor } from '../erp/wire-decimal';
import { failureOf } from '../posting/outbox';
import { currencyExponent } from '../money';
import { ERP_AT_ONCE, sendConcurrently } from './concurrent-sends';
import { invoiceKey, type InvoiceIntent } from './invoice-submission';
import type { DeductionKind, VendorMappings } from './vendor-mappings';
import type { VendorOutbox } from './vendor-outbox';
import type { VendorReviews } from './vendor-reviews';

/**
 * Amazon's payment of one invoice (one remittance), as the ERP will book it: the amount paid against the
 * ERP invoice and, once a person accepted them, the deductions to their mapped accounts.
 */
export interface PaymentIntent {
  vendorCode: string;
  poNumber: string;
  invoiceNumber: string;
  remittanceId: string;
  customerNumber: string;
  currency: string;
  paymentDate: string;
  paid: number;
  /** Differences waiting for (or past) review; `account` is set once accepted and approved. */
  deductions: Array<{ kind: DeductionKind; amount: number; reviewId: number; account?: string }>;
}

export interface RemittanceResult {
  matched: number;
  /** Headers for invoices this app did not submit (or for other vendor codes). */
  unmatched: number;
  queued: string[];
  held: string[];
  pastTerms: string[];
}

const DAY = 86_400_000;

function identifier(h: VendorInvoiceHeader, name: string): string[] {
  const v = h.relatedIdentifiers?.find((r) => r.relatedIdentifierName === name)?.relatedIdentifierValue;
  return Array.isArray(v) ? v.map(String) : [];
}

function breakdown(h: VendorInvoiceHeader, type: string, exponent: 0 | 2 | 3): number {
  const list = (h as { invoiceSettlementBreakdowns?: Array<{ breakdownType?: string; breakdownAmount?: { currencyAmount?: unknown } }> }).invoiceSettlementBreakdowns ?? [];
  return list.filter((b) => b.breakdownType === type).reduce((s, b) => s + decimalToMinor(String(b.breakdownAmount?.currencyAmount ?? '0'), exponent), 0);
}

/**
 * What Amazon withheld as a shortage when it paid nothing on an invoice, or null while the invoice is simply
 * unpaid. Withheld: nothing paid or queued for payment, and either variance breakdowns that add up to the
 * whole invoice, or shortage claims listed against it (SHORTAGE_INVOICE_IDS) with no variance amount on an
 * invoice Amazon has closed (PAID or DEDUCTED), taken as the whole invoice. How Amazon shows a fully withheld
 * invoice is not documented [UNVERIFIED]; an invoice still IN_PROGRESS with a claim stays unpaid, not withheld.
 */
function wholeInvoiceWithheld(h: VendorInvoiceHeader, total: number, shortage: number, claims: string[], exponent: 0 | 2 | 3): number | null {
  if (breakdown(h, 'QueuedForPayment', exponent) !== 0) return null;
  const priceVariance = Math.abs(breakdown(h, 'PriceVariance', exponent));
  if (shortage > 0 && shortage + priceVariance === total) return shortage;
  if (claims.length && shortage === 0 && priceVariance === 0 && (h.invoiceStatus === 'PAID' || h.invoiceStatus === 'DEDUCTED')) return total;
  return null;
}

/**
 * Matches Amazon's AP invoice headers (Finances Invoices 2026-06-25, NOTES §8) to the invoices this app
 * submitted, by vendor code and invoice number, checked against the PO numbers Amazon lists. A clean
 * payment is queued for posting; a shortage (QuantityVarianceAmount), a price difference (PriceVariance, or
 * anything else the payment falls short of the ERP invoice by) holds it behind a review item with both
 * sides' documents, as does an invoice Amazon withheld whole as a shortage, at once; an invoice merely unpaid
 * past its due date is a review item of its own. The sign of the variance
 * breakdowns is not stated in the model [UNVERIFIED]: their size is taken as the amount withheld.
 */
export async function matchRemittances(o: {
  client: SpApiClient; marketplaceId: string; outbox: VendorOutbox; reviews: VendorReviews; erpConnectionId: string; amazonConnectionId: string; now: () => Date; signal?: AbortSignal;
}): Promise<RemittanceResult> {
  const now = o.now().getTime();
  const headers = await getVendorInvoiceHeaders(o.client, { marketplaceId: o.marketplaceId, fromIssueDate: new Date(now - 90 * DAY), toIssueDate: new Date(now), ...(o.signal ? { signal: o.signal } : {}) });
  const out: RemittanceResult = { matched: 0, unmatched: 0, queued: [], held: [], pastTerms: [] };
  for (const h of headers) {
    const vendorCode = identifier(h, 'VENDOR_CODE')[0] ?? (h as { payee?: { partnerId?: string } }).payee?.partnerId ?? '';
    const sent = o.outbox.get<InvoiceIntent>(o.amazonConnectionId, 'invoice', invoiceKey(vendorCode, h.invoiceNumber));
    const pos = identifier(h, 'PURCHASE_ORDER_IDS');
    if (!sent || (sent.state !== 'accepted' && sent.state !== 'sent') || (pos.length && !pos.includes(sent.document.poNumber))) { out.unmatched++; continue; }
    out.matched++;
    const inv = sent.document;
    const currency = inv.erpInvoice.currency;
    const exponent = currencyExponent(currency);
    const both = { amazon: h, erp: inv.erpInvoice };
    const due = (h as { dueDate?: string }).dueDate;
    const paid = breakdown(h, 'AmountPaid', exponent);
    const claims = identifier(h, 'SHORTAGE_INVOICE_IDS');
    let shortage = Math.abs(breakdown(h, 'QuantityVarianceAmount', exponent));
    const base = { vendorCode, poNumber: inv.poNumber, invoiceNumber: h.invoiceNumber, currency };
    if (paid === 0) {
      const withheld = wholeInvoiceWithheld(h, inv.erpInvoice.total, shortage, claims, exponent);
      if (withheld === null) {
        if (due && Date.parse(due) < now) {
          o.reviews.raise(o.erpConnectionId, {
            ...base, key: `unpaid-past-terms:${vendorCode}:${h.invoiceNumber}`, kind: 'unpaid-past-terms', amount: inv.erpInvoice.total,
            title: `Invoice ${h.invoiceNumber} (PO ${inv.poNumber}) was due on ${due.slice(0, 10)} and Amazon has paid nothing (status ${h.invoiceStatus}).`, facts: both,
          });
          out.pastTerms.push(h.invoiceNumber);
        }
        continue;
      }
      shortage = withheld;
    }
    const priceDifference = inv.erpInvoice.total - paid - shortage;
    const deductions: PaymentIntent['deductions'] = [];
    if (shortage) {
      const r = o.reviews.raise(o.erpConnectionId, {
        ...base, key: `shortage:${vendorCode}:${h.invoiceNumber}`, kind: 'shortage', amount: shortage,
        title: paid === 0
          ? `Amazon withheld the whole of invoice ${h.invoiceNumber} (PO ${inv.poNumber}) and paid nothing${claims.length ? ` (shortage claim ${claims.join(', ')})` : ''}: it says it received less than was invoiced.`
          : `Amazon withheld a shortage on invoice ${h.invoiceNumber} (PO ${inv.poNumber}): it says it received less than was invoiced.`,
        facts: both,
      });
      deductions.push({ kind: 'shortage', amount: shortage, reviewId: r.id });
    }
    if (priceDifference) {
      const r = o.reviews.raise(o.erpConnectionId, {
        ...base, key: `price-difference:${vendorCode}:${h.invoiceNumber}`, kind: 'price-difference', amount: priceDifference,
        title: `Amazon paid invoice ${h.invoiceNumber} (PO ${inv.poNumber}) short by a price difference: the ERP invoice is higher than what Amazon paid and withheld for shortages.`, facts: both,
      });
      deductions.push({ kind: 'price-difference', amount: priceDifference, reviewId: r.id });
    }
    const remittanceId = identifier(h, 'UNIQUE_PAYMENT_IDS')[0] ?? h.invoiceNumber;
    const intent: PaymentIntent = {
      ...base, remittanceId, customerNumber: inv.customerNumber, paymentDate: String((h as { lastUpdatedDate?: string }).lastUpdatedDate ?? o.now().toISOString()).slice(0, 10), paid, deductions,
    };
    const key = `${remittanceId}:${h.invoiceNumber}`;
    const added = o.outbox.enqueue(o.erpConnectionId, 'payment', key, `${vendorCode}:${inv.poNumber}`, intent, deductions.length ? 'held' : 'pending');
    if (added === 'new') (deductions.length ? out.held : out.queued).push(key);
  }
  return out;
}

/**
 * A held payment goes to posting once every difference on it is resolved and approved: an accepted
 * deduction posts to the account mapped for its kind, a disputed one is left open on the customer for the
 * team to chase. A deduction without a mapped account keeps the payment held, saying so.
 */
export function releaseApprovedPayments(o: { outbox: VendorOutbox; reviews: VendorReviews; mappings: VendorMappings; erpConnectionId: string }): { released: string[]; waiting: string[] } {
  const out = { released: [] as string[], waiting: [] as string[] };
  for (const e of o.outbox.list<PaymentIntent>({ connectionId: o.erpConnectionId, kind: 'payment', state: 'held' })) {
    const items = e.document.deductions.map((d) => ({ d, item: o.reviews.get(d.reviewId) }));
    if (items.some(({ item }) => item.state !== 'approved')) { out.waiting.push(e.naturalKey); continue; }
    const missing = items.filter(({ d, item }) => item.resolution?.action === 'accept' && !o.mappings.get('deduction', d.kind));
    if (missing.length) {
      o.outbox.move(e, ['held'], 'held', { detail: { reason: `Map the ${missing.map(({ d }) => d.kind).join(' and ')} deduction to an account before the payment can post.` } });
      out.waiting.push(e.naturalKey);
      continue;
    }
    const deductions = items.map(({ d, item }) => (item.resolution?.action === 'accept' ? { ...d, account: o.mappings.get('deduction', d.kind)! } : { kind: d.kind, amount: d.amount, reviewId: d.reviewId }));
    o.outbox.move(e, ['held'], 'pending', { document: { ...e.document, deductions }, detail: null });
    out.released.push(e.naturalKey);
  }
  return out;
}

const DEDUCTION_SUFFIX: Record<DeductionKind, string> = { shortage: 'S', 'price-difference': 'P' };

/**
 * Posts each released payment once: the payment against the ERP invoice and each accepted deduction to its
 * account, each by its own natural key (remittance id + invoice number [+ deduction]), which the connector
 * looks up before it creates, so a crash or a dropped connection never books one twice. Then the payment's
 * review items are marked posted. Several payments go at once, each with its deductions after it.
 */
export async function postVendorPayments(o: {
  outbox: VendorOutbox; reviews: VendorReviews; erp: ErpConnector & CustomerPaymentPosting; erpConnectionId: string; signal?: AbortSignal;
}): Promise<{ posted: string[]; failed: Array<{ naturalKey: string; message: string }> }> {
  const out = { posted: [] as string[], failed: [] as Array<{ naturalKey: string; message: string }> };
  await sendConcurrently(o.outbox.workList<PaymentIntent>(o.erpConnectionId, 'payment'), ERP_AT_ONCE, async (e) => {
    o.outbox.begin(e);
    const p = e.document;
    const documentNumber = p.remittanceId.slice(0, 20);
    const erpInvoice = p.invoiceNumber;
    try {
      // A wholly withheld invoice has no payment to book, only the deductions someone accepted.
      let result = p.paid === 0 ? null : (await o.erp.postCustomerPayment({
        externalDocumentNumber: e.naturalKey, documentNumber, customerNumber: p.customerNumber, postingDate: p.paymentDate, currency: p.currency, amount: p.paid,
        appliesToInvoiceNumber: erpInvoice, description: `Amazon remittance ${p.remittanceId}, invoice ${p.invoiceNumber}, PO ${p.poNumber}`,
      }, o.signal)).documentNumber;
      for (const d of p.deductions) {
        if (!d.account) continue;
        const deduction = await o.erp.postCustomerPayment({
          externalDocumentNumber: `${e.naturalKey}:${DEDUCTION_SUFFIX[d.kind]}`, documentNumber, customerNumber: p.customerNumber, postingDate: p.paymentDate, currency: p.currency,
          amount: d.amount, appliesToInvoiceNumber: erpInvoice, balancingAccountNumber: d.account,
          description: `Amazon ${d.kind} deduction, invoice ${p.invoiceNumber}, PO ${p.poNumber}`,
        }, o.signal);
        result ??= deduction.documentNumber;
      }
      o.outbox.move(e, ['sending'], 'sent', { result, detail: null });
      for (const d of p.deductions) o.reviews.posted(d.reviewId, { payment: e.naturalKey, account: d.account ?? null });
      out.posted.push(e.naturalKey);
      return 'next';
    } catch (err) {
      const failure = failureOf(err);
      const retryable = err instanceof ErpError && err.retryable;
      o.outbox.move(e, ['sending'], retryable ? 'pending' : 'failed', { detail: { ...failure, retryable } });
      out.failed.push({ naturalKey: e.naturalKey, message: failure.message });
      if (!(err instanceof ErpError)) throw err;
      return retryable ? 'stop' : 'next';
    }
  }, o.signal);
  return out;
}
