import { AmazonError } from '../amazon/errors';
import { CANCELLABLE_STATUSES, cancelFulfillmentOrder, getFulfillmentOrder, type FulfillmentOrderView } from '../amazon/fulfillment-outbound';
import type { SpApiClient } from '../amazon/sp-api-client';
import type { DeadLetterStore } from '../attention';
import { ErpError } from '../erp/erp-error';
import type { AmazonFulfilmentOrders } from '../erp/erp-connector';
import type { Db } from '../store';
import type { McfOrder, McfOutbox } from './mcf-outbox';

export type CancellationDirection = 'erp' | 'amazon';
export type CancellationState = 'requested' | 'done' | 'refused';

export interface McfCancellation {
  mcfOrderId: number;
  direction: CancellationDirection;
  state: CancellationState;
  amazonStatus: string | null;
  note: string | null;
}

interface Row { mcf_order_id: number; direction: CancellationDirection; state: CancellationState; amazon_status: string | null; note: string | null }

/** How an ERP-side cancellation ended this time. */
export type CancelOutcome = { done: true } | { done: false; error: string; fix: string };

/** Needs attention's key of a cancellation Amazon no longer allows (apart from the order's own record). */
export const cancelRecordKey = (erpConnectionId: string, orderNumber: string) => `${erpConnectionId}|${orderNumber}|cancel`;

/** Statuses in which Amazon will not ship the order any more. */
const ENDED_UNSHIPPED = new Set(['Cancelled', 'Unfulfillable', 'Invalid']);

/** The words Business Central shows on the order Amazon ended (a Comment line, at most 100 characters). */
export function amazonEndedNote(view: FulfillmentOrderView, at: string): string {
  return `Amazon MCF not shipped: ${view.status} (${view.sellerFulfillmentOrderId}, ${at.slice(0, 10)})`;
}

/**
 * Cancellations both ways, at most one per fulfilment order (mcf_cancellation, migration 251). The row is
 * written before Amazon is called, and Amazon's status is read before and after the call, so a dropped
 * answer or a crash ends in one cancellation, never a second call on a cancelled order.
 */
export class McfCancellations {
  constructor(private readonly db: Db, private readonly outbox: McfOutbox, private readonly letters: DeadLetterStore, private readonly flow: string, private readonly now: () => Date) {}

  get(mcfOrderId: number): McfCancellation | null {
    const r = this.db.prepare('SELECT * FROM mcf_cancellation WHERE mcf_order_id = ?').get(mcfOrderId) as Row | undefined;
    return r ? { mcfOrderId: r.mcf_order_id, direction: r.direction, state: r.state, amazonStatus: r.amazon_status, note: r.note } : null;
  }

  private record(mcfOrderId: number, direction: CancellationDirection, state: CancellationState, fields: { amazonStatus?: string; note?: string } = {}): void {
    const at = this.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO mcf_cancellation (mcf_order_id, direction, state, amazon_status, note, created_at, updated_at) VALUES (@id, @direction, @state, @status, @note, @at, @at)
         ON CONFLICT (mcf_order_id) DO UPDATE SET state = excluded.state, amazon_status = COALESCE(excluded.amazon_status, amazon_status),
           note = COALESCE(excluded.note, note), updated_at = excluded.updated_at`,
      )
      .run({ id: mcfOrderId, direction, state, status: fields.amazonStatus ?? null, note: fields.note ?? null, at });
  }

  /**
   * The ERP order is cancelled, or no longer at the Amazon location: Amazon is asked to cancel while its
   * status allows (Received, Planning); otherwise the order goes under Needs attention saying why.
   * A transient failure throws with the row left requested; the next run finishes it.
   */
  async cancelAtAmazon(row: McfOrder, amazon: SpApiClient, signal?: AbortSignal): Promise<CancelOutcome> {
    const key = cancelRecordKey(row.erpConnectionId, row.erpOrderNumber);
    this.record(row.id, 'erp', 'requested');
    let view = await getFulfillmentOrder(amazon, row.sellerFulfillmentOrderId, signal);
    if (view && CANCELLABLE_STATUSES.has(view.status)) {
      try {
        await cancelFulfillmentOrder(amazon, row.sellerFulfillmentOrderId, signal);
      } catch (err) {
        if (!(err instanceof AmazonError)) throw err;
        view = await getFulfillmentOrder(amazon, row.sellerFulfillmentOrderId, signal);
        // A refusal for a status that changed meanwhile is judged below; a transient failure waits for the next run.
        if (err.kind !== 'request' && view?.status !== 'Cancelled') throw err;
      }
      view = await getFulfillmentOrder(amazon, row.sellerFulfillmentOrderId, signal);
    }
    if (!view || ENDED_UNSHIPPED.has(view.status)) {
      this.record(row.id, 'erp', 'done', { amazonStatus: view?.status ?? 'not at Amazon' });
      this.outbox.mark(row.id, 'closed', view ? { amazonStatus: view.status } : {});
      this.letters.clear(this.flow, key);
      return { done: true };
    }
    const shipped = view.packages.length > 0 || view.status === 'Complete' || view.status === 'CompletePartialled';
    const error = shipped
      ? `Sales order ${row.erpOrderNumber} was cancelled in the ERP (or taken off the Amazon location), but Amazon has already shipped fulfilment order ${row.sellerFulfillmentOrderId} (status ${view.status}).`
      : `Sales order ${row.erpOrderNumber} was cancelled in the ERP (or taken off the Amazon location), but Amazon can no longer cancel fulfilment order ${row.sellerFulfillmentOrderId}: its status is ${view.status}, and "the seller cannot cancel a fulfillment order that has a status of Processing".`;
    const fix = shipped
      ? 'The goods are on their way: arrange the return with the customer (it comes back as an FBA return), then retry to close this.'
      : 'Ask Amazon Seller Support to stop the shipment, or let it ship and arrange a return; retry to check Amazon\'s status again.';
    this.record(row.id, 'erp', 'refused', { amazonStatus: view.status, note: error });
    this.letters.hold({
      flow: this.flow, recordKey: key, summary: `Cancellation of sales order ${row.erpOrderNumber} at Amazon (Multi-Channel Fulfillment)`, error, fix,
      facts: { action: 'cancel', erpConnectionId: row.erpConnectionId, orderNumber: row.erpOrderNumber, sellerFulfillmentOrderId: row.sellerFulfillmentOrderId, amazonStatus: view.status },
    });
    return { done: false, error, fix };
  }

  /**
   * A refused cancellation retried from Needs attention: done once Amazon cancelled it or will not ship it;
   * shipped orders are done too, once a person has seen it (the return is its own record).
   */
  async retryRefused(row: McfOrder, amazon: SpApiClient, signal?: AbortSignal): Promise<CancelOutcome> {
    const r = await this.cancelAtAmazon(row, amazon, signal);
    if (r.done) return r;
    const c = this.get(row.id);
    if (c?.amazonStatus === 'Complete' || c?.amazonStatus === 'CompletePartialled') {
      this.record(row.id, 'erp', 'done');
      this.outbox.mark(row.id, 'closed');
      return { done: true };
    }
    return r;
  }

  /**
   * Amazon ended an order unshipped that we did not cancel (Unfulfillable, Invalid, or cancelled in Seller
   * Central): a Comment line on the ERP order says so, once; Business Central's API has no order status to
   * set (salesOrders.status is read-only in APIV2SalesOrders.Page.al [UNVERIFIED: read from the page field
   * list, no write shown]). An order already gone from the ERP needs no note.
   */
  async noteAmazonEnded(row: McfOrder, view: FulfillmentOrderView, erp: AmazonFulfilmentOrders, signal?: AbortSignal): Promise<void> {
    const note = this.get(row.id)?.note ?? amazonEndedNote(view, this.now().toISOString());
    this.record(row.id, 'amazon', 'requested', { amazonStatus: view.status, note });
    try {
      await erp.recordTracking(row.erpOrderNumber, note, signal);
    } catch (err) {
      if (!(err instanceof ErpError) || err.retryable) throw err;
    }
    this.record(row.id, 'amazon', 'done');
    this.outbox.mark(row.id, 'closed', { amazonStatus: view.status });
  }
}
