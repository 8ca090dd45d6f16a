import type { SalesOrderSync } from '../erp/erp-connector';
import { ErpError } from '../erp/erp-error';
import { failureOf } from '../posting/outbox';
import { ERP_AT_ONCE, sendConcurrently } from './concurrent-sends';
import type { SalesOrderIntent } from './purchase-order-intake';
import type { VendorOutbox } from './vendor-outbox';
import type { VendorReviews } from './vendor-reviews';

export interface SalesOrderRunResult {
  sent: Array<{ naturalKey: string; documentNumber: string; outcome: 'created' | 'updated' | 'unchanged' }>;
  held: string[];
  /** Cancelled by Amazon, and deleted from the ERP (or never there). */
  cancelled: string[];
  failed: Array<{ naturalKey: string; message: string; retryable: boolean }>;
  /** Stopped early: the ERP could not be reached even after the connector's retries. */
  stopped: boolean;
}

/**
 * Sends the waiting sales orders of one ERP connection, several POs at once. The connector looks for the
 * order (customer + PO number) before it creates one, so an order a crashed run got into the ERP is found,
 * not created again. A PO changed or cancelled after its order shipped is held with a review item showing
 * both sides; nothing is changed. A PO cancelled before deletes its open order.
 */
export async function sendSalesOrders(outbox: VendorOutbox, reviews: VendorReviews, erpConnectionId: string, erp: SalesOrderSync, signal?: AbortSignal): Promise<SalesOrderRunResult> {
  const result: SalesOrderRunResult = { sent: [], held: [], cancelled: [], failed: [], stopped: false };
  await sendConcurrently(outbox.workList<SalesOrderIntent>(erpConnectionId, 'sales-order'), ERP_AT_ONCE, async (entry) => {
    outbox.begin(entry);
    const intent = entry.document;
    try {
      if (intent.cancelled) {
        const gone = await erp.cancelSalesOrder(intent.salesOrder.customerNumber, intent.poNumber, signal);
        if (gone.outcome === 'shipped') {
          reviews.raise(erpConnectionId, {
            key: `changed-after-shipment:${entry.naturalKey}:r${entry.revision}`, kind: 'changed-after-shipment', vendorCode: intent.vendorCode, poNumber: intent.poNumber,
            title: `Amazon cancelled PO ${intent.poNumber} after ${gone.documentNumber ?? 'its sales order'} shipped; take the goods back or take it up with Amazon.`,
            facts: { amazon: { purchaseOrderNumber: intent.poNumber, cancelled: true }, erp: { documentNumber: gone.documentNumber } },
          });
          outbox.move(entry, ['sending'], 'held', { result: gone.documentNumber, detail: { reason: 'cancelled after shipment' } });
          result.held.push(entry.naturalKey);
        } else {
          outbox.move(entry, ['sending'], 'cancelled', { detail: { reason: gone.outcome === 'absent' ? 'Amazon cancelled the PO; the ERP held no sales order for it.' : `Amazon cancelled the PO; ${gone.documentNumber ? `sales order ${gone.documentNumber}` : 'its sales order'} was deleted.` } });
          result.cancelled.push(entry.naturalKey);
        }
        return 'next';
      }
      const done = await erp.syncSalesOrder(intent.salesOrder, signal);
      if (done.outcome === 'shipped') {
        reviews.raise(erpConnectionId, {
          key: `changed-after-shipment:${entry.naturalKey}:r${entry.revision}`, kind: 'changed-after-shipment', vendorCode: intent.vendorCode, poNumber: intent.poNumber,
          title: `PO ${intent.poNumber} changed after sales order ${done.documentNumber} shipped; change it in the ERP by hand or take it up with Amazon.`,
          facts: { amazon: intent.salesOrder, erp: { documentNumber: done.documentNumber } },
        });
        outbox.move(entry, ['sending'], 'held', { result: done.documentNumber, detail: { reason: 'changed after shipment' } });
        result.held.push(entry.naturalKey);
        return 'next';
      }
      outbox.move(entry, ['sending'], 'sent', { result: done.documentNumber, detail: null });
      result.sent.push({ naturalKey: entry.naturalKey, documentNumber: done.documentNumber, outcome: done.outcome });
      return 'next';
    } catch (err) {
      const failure = failureOf(err);
      const retryable = err instanceof ErpError && err.retryable;
      // Unreachable or throttled: pending again for the next run; refused: failed until a person fixes the cause.
      outbox.move(entry, ['sending'], retryable ? 'pending' : 'failed', { detail: { ...failure, retryable } });
      result.failed.push({ naturalKey: entry.naturalKey, message: failure.message, retryable });
      if (!(err instanceof ErpError)) throw err;
      if (retryable) { result.stopped = true; return 'stop'; }
      return 'next';
    }
  }, signal);
  return result;
}
