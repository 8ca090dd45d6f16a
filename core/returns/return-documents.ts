import { RecordLocks, type DeadLetterStore, type FixAction, type RetryResult } from '../attention';
import type { CustomerReturnDocument, CustomerReturnPosting, ErpReturnReason, SalesInvoiceLine } from '../erp/erp-connector';
import { ErpError } from '../erp/erp-error';
import { MappingStore } from '../mapping/mapping-store';
import type { AuditLog, Db } from '../store';
import { ErpReturnReasons } from './erp-return-reasons';
import type { StoredReturn } from './fba-return-store';
import { ReturnDocumentOutbox, returnDocumentKey } from './return-document-outbox';
import { ReturnErpSettingsStore } from './return-erp-settings';
import { warehouseFor } from './return-warehouses';
import { RETURNS_FLOW, returnRecordKey, returnSummary } from './returns-flow';

export type ReturnSendOutcome =
  | { outcome: 'sent'; documentNumber: string }
  | { outcome: 'held'; error: string; fix: string }
  /** Not yet: the order's invoice is not posted, or the ERP could not be reached; the next run tries again. */
  | { outcome: 'waiting'; why: string; unreachable?: true };

export interface ReturnSendSummary {
  sent: number;
  held: number;
  waiting: number;
}

interface InvoiceRow { document: string; erp_document_number: string }
interface InvoiceDocument { invoice: { customerNumber: string; currency: string; lines: SalesInvoiceLine[] } }

/**
 * Returns into the ERP: each ready return (its Amazon reason mapped) becomes the document the user chose
 * for the ERP connection, exactly once: the outbox row per return and connection carries the external
 * document number the connector looks for before it creates anything. A credit note credits the order's
 * posted invoice at the invoice's price, with the ERP reason checked against the ERP's list as read on
 * this send. What cannot go (an unmapped SKU, a reason the ERP does not have, the ERP's refusal) is held
 * under Needs attention, in the returns flow, as the same record as an unmapped reason would be.
 */
export class ReturnDocuments {
  readonly outbox: ReturnDocumentOutbox;
  readonly settings: ReturnErpSettingsStore;
  readonly reasons: ErpReturnReasons;
  /** A scheduled run and a retry from Needs attention never send one return at once. */
  readonly locks: RecordLocks;
  private readonly mappings: MappingStore;

  constructor(private readonly db: Db, private readonly letters: DeadLetterStore, audit: AuditLog, now: () => Date) {
    this.outbox = new ReturnDocumentOutbox(db, now);
    this.settings = new ReturnErpSettingsStore(db, audit, now);
    this.reasons = new ErpReturnReasons(db, now);
    this.mappings = new MappingStore(db, audit);
    this.locks = new RecordLocks(db, () => now().getTime());
  }

  /** Reads the ERP's reason codes (keeping a copy), then sends every ready return not yet sent to this connection. */
  async send(erpConnectionId: string, erp: CustomerReturnPosting, returns: readonly StoredReturn[], signal?: AbortSignal): Promise<ReturnSendSummary> {
    const summary: ReturnSendSummary = { sent: 0, held: 0, waiting: 0 };
    if (!this.settings.get(erpConnectionId)) return summary;
    const reasons = await this.readReasons(erpConnectionId, erp, signal);
    for (const r of returns) {
      if (r.state !== 'ready') continue;
      const locked = await this.locks.with(RETURNS_FLOW, returnRecordKey(r), 'A scheduled run of FBA returns', async () => {
        const row = this.outbox.find(erpConnectionId, r.id);
        // Held ones wait for their retry after the fix; sent ones are done (a retry may have sent it just now).
        if (row && row.state !== 'pending') return null;
        return this.sendOne(r, erpConnectionId, erp, reasons, signal);
      });
      // A retry from Needs attention is sending it: its outcome stands, the next run sees it.
      if (!locked.ran) summary.waiting++;
      else if (locked.value) summary[locked.value.outcome]++;
    }
    return summary;
  }

  async readReasons(erpConnectionId: string, erp: CustomerReturnPosting, signal?: AbortSignal): Promise<ErpReturnReason[]> {
    const reasons = await erp.readReturnReasons(signal);
    this.reasons.replace(erpConnectionId, reasons);
    return reasons;
  }

  /** One return to one ERP connection. Safe to call again for a return that went: it answers sent without a second document. */
  async sendOne(r: StoredReturn, erpConnectionId: string, erp: CustomerReturnPosting, reasons: readonly ErpReturnReason[], signal?: AbortSignal): Promise<ReturnSendOutcome> {
    const settings = this.settings.get(erpConnectionId);
    if (!settings) return { outcome: 'waiting', why: 'This ERP connection no longer takes returns.' };
    if (r.state !== 'ready' || !r.erpReasonCode) return { outcome: 'waiting', why: 'The return\'s reason is not mapped yet.' };
    let row = this.outbox.ensure(erpConnectionId, r.id, settings.document, returnDocumentKey(r.orderId, returnRecordKey(r)));
    if (row.state === 'sent') return { outcome: 'sent', documentNumber: row.erpDocumentNumber ?? '' };
    if (row.document !== settings.document) {
      this.outbox.rekind(row.id, settings.document);
      row = this.outbox.find(erpConnectionId, r.id)!;
    }

    // The order's own invoice, or the summary invoice that carried it.
    const invoice = this.db.prepare(`SELECT document, erp_document_number FROM posting_outbox
      WHERE connection_id = @c AND kind = 'salesInvoice' AND state = 'posted' AND erp_document_number IS NOT NULL
        AND settlement_id = COALESCE((SELECT summary_key FROM order_summary_member WHERE erp_connection_id = @c AND order_id = @order), @order)
      ORDER BY seq DESC LIMIT 1`).get({ c: erpConnectionId, order: r.orderId }) as InvoiceRow | undefined;
    if (!invoice) {
      if (settings.document === 'credit-note') return { outcome: 'waiting', why: `Order ${r.orderId} has no posted invoice in this ERP connection yet; its return is credited once it has.` };
      return this.hold(row.id, r, erpConnectionId, `Order ${r.orderId} has no posted invoice in this ERP connection, so the customer and price of its return order are not known.`,
        `Invoice order ${r.orderId} (Orders), or enter the return in the ERP by hand; then retry.`);
    }
    const inv = (JSON.parse(invoice.document) as InvoiceDocument).invoice;
    const item = this.mappings.list(erpConnectionId).find((e) => e.kind === 'sku' && e.subject === r.sku)?.target ?? null;
    if (!item) return this.hold(row.id, r, erpConnectionId, `SKU ${r.sku} is not mapped to an ERP item.`, `Map SKU ${r.sku} to its item under Mappings, then retry.`);
    const line = inv.lines.find((l) => l.itemNumber === item);
    if (!line) return this.hold(row.id, r, erpConnectionId, `Invoice ${invoice.erp_document_number} of order ${r.orderId} has no line of item ${item} (SKU ${r.sku}).`, `Check the SKU mapping of ${r.sku}, or enter the return in the ERP by hand; then retry.`);
    // The settlement's refund of the item was already credited against this invoice ("Orders as invoices"):
    // a second credit note for the return would give the money back twice, so the refund's note stands for it.
    const refunds = this.db.prepare(`SELECT document, erp_document_number FROM posting_outbox
      WHERE connection_id = ? AND kind = 'salesCreditNote' AND settlement_id = ? AND state <> 'cancelled' ORDER BY seq`).all(erpConnectionId, r.orderId) as Array<{ document: string; erp_document_number: string | null }>;
    const refund = refunds.find((c) => (JSON.parse(c.document) as { creditNote: { lines: SalesInvoiceLine[] } }).creditNote.lines.some((l) => l.itemNumber === item));
    if (refund) {
      this.outbox.markSent(row.id, refund.erp_document_number ?? '');
      this.letters.clear(RETURNS_FLOW, returnRecordKey(r));
      return { outcome: 'sent', documentNumber: refund.erp_document_number ?? '' };
    }
    if (r.quantity > line.quantity) {
      return this.hold(row.id, r, erpConnectionId, `${r.quantity} units of ${r.sku} came back, but invoice ${invoice.erp_document_number} of order ${r.orderId} has ${line.quantity}.`, 'Enter the return in the ERP by hand for what the invoice holds, then retry.');
    }
    if (!reasons.some((x) => x.code === r.erpReasonCode)) {
      return this.hold(row.id, r, erpConnectionId, `The ERP has no return reason code "${r.erpReasonCode}" (it has ${reasons.map((x) => x.code).sort().join(', ') || 'none'}).`,
        `Map Amazon return reason "${r.reason}" to one of the ERP's return reason codes, then retry.`, { kind: 'map-return-reason', label: 'Map reason', params: { codeKind: 'reason', amazonCode: r.reason } });
    }

    const doc: CustomerReturnDocument = {
      kind: settings.document, externalDocumentNumber: row.externalDocumentNumber, invoiceNumber: invoice.erp_document_number, customerNumber: inv.customerNumber,
      returnDate: r.returnDate.slice(0, 10), currency: inv.currency, reasonCode: r.erpReasonCode,
      lines: [{
        itemNumber: item, quantity: r.quantity, unitPrice: line.unitPrice,
        description: `Return of ${r.sku}${r.erpConditionCode ? `, condition ${r.erpConditionCode}` : r.disposition ? `, ${r.disposition}` : ''}`,
        // Sellable goods back to sellable stock, the rest apart: only a return order receives them.
        ...(settings.warehouses && settings.document === 'return-order' ? { warehouse: warehouseFor(settings.warehouses, r.disposition) } : {}),
      }],
    };
    try {
      const posted = await erp.postCustomerReturn(doc, signal);
      this.outbox.markSent(row.id, posted.documentNumber);
      this.letters.clear(RETURNS_FLOW, returnRecordKey(r));
      return { outcome: 'sent', documentNumber: posted.documentNumber };
    } catch (err) {
      if (!(err instanceof ErpError)) throw err;
      if (err.retryable) return { outcome: 'waiting', why: err.message, unreachable: true };
      return this.hold(row.id, r, erpConnectionId, err.message, 'Fix what the ERP says (a customer, an item, the invoice), then retry.');
    }
  }

  /** The retry of one return, to every ERP connection that takes returns, after its reason was mapped. */
  async deliver(r: StoredReturn, open: (erpConnectionId: string) => Promise<CustomerReturnPosting>, signal?: AbortSignal): Promise<RetryResult> {
    for (const s of this.settings.list()) {
      const done = this.outbox.find(s.erpConnectionId, r.id);
      if (done?.state === 'sent') continue;
      const erp = await open(s.erpConnectionId);
      const reasons = await this.readReasons(s.erpConnectionId, erp, signal);
      const locked = await this.locks.with(RETURNS_FLOW, returnRecordKey(r), 'A retry from Needs attention', () => this.sendOne(r, s.erpConnectionId, erp, reasons, signal));
      if (!locked.ran) return { ok: false, error: `${locked.holder.holder} is sending this return right now; nothing was sent twice.`, fix: 'Retry in a moment.' };
      const result = locked.value;
      if (result.outcome === 'held') return { ok: false, error: result.error, fix: result.fix };
      // The ERP could not be reached: the record stays for another retry.
      if (result.outcome === 'waiting' && result.unreachable) return { ok: false, error: result.why, fix: 'Check the ERP connection, then retry.' };
      // Waiting for the order's invoice is no failure: the next run sends the return once the invoice is posted.
      const row = this.outbox.find(s.erpConnectionId, r.id);
      if (result.outcome === 'waiting' && row) this.outbox.mark(row.id, 'pending');
    }
    return { ok: true };
  }

  private hold(rowId: number, r: StoredReturn, erpConnectionId: string, error: string, fix: string, fixAction: FixAction | null = null): ReturnSendOutcome {
    this.outbox.mark(rowId, 'held');
    this.letters.hold({
      flow: RETURNS_FLOW, recordKey: returnRecordKey(r), summary: returnSummary(r), error, fix, fixAction,
      facts: { returnId: r.id, erpConnectionId, orderId: r.orderId, sku: r.sku, quantity: r.quantity, reason: r.reason, erpReasonCode: r.erpReasonCode, disposition: r.disposition, licensePlateNumber: r.licensePlateNumber, returnDate: r.returnDate },
    });
    return { outcome: 'held', error, fix };
  }
}
