import { AmazonError } from '../amazon/errors';
import type { SpApiClient } from '../amazon/sp-api-client';
import { waitForTransaction } from '../amazon/vendor';
import { submitShipmentConfirmations } from '../amazon/vendor-shipments';
import { OPERATIONS } from '../amazon/usage-plans';
import { errorMessage } from '../errors/domain-error';
import { sendConcurrently } from './concurrent-sends';
import type { ShipmentIntent } from './shipment-confirmation';
import type { VendorOutbox } from './vendor-outbox';
import type { VendorReviews } from './vendor-reviews';

/**
 * Sends each shipment confirmation a person sent once, as many at once as the operation's burst. One whose
 * answer never came (a dropped connection, a 5xx, a run stopped while it was in flight) is not sent again:
 * Amazon may have it, and a second Original of the same shipment is refused or, worse, counted twice. It
 * fails saying what to check.
 */
export async function submitQueuedShipmentConfirmations(o: { outbox: VendorOutbox; client: SpApiClient; amazonConnectionId: string; signal?: AbortSignal }): Promise<{ submitted: string[]; failed: string[] }> {
  const out = { submitted: [] as string[], failed: [] as string[] };
  await sendConcurrently(o.outbox.workList<ShipmentIntent>(o.amazonConnectionId, 'shipment'), OPERATIONS.SubmitShipmentConfirmations.burst, async (e) => {
    const unknown = (why: string) => ({
      message: `The confirmation of shipment ${e.document.erpShipment.number} (PO ${e.document.poNumber}) may have reached Amazon: ${why}. It is not sent again; check the shipment in Vendor Central.`,
    });
    if (e.state === 'sending') {
      o.outbox.move(e, ['sending'], 'failed', { detail: unknown('a run stopped while it was being sent') });
      out.failed.push(e.naturalKey);
      return 'next';
    }
    const confirmation = e.document.confirmation;
    if (!confirmation) return 'next';
    o.outbox.begin(e);
    try {
      const tx = await submitShipmentConfirmations(o.client, [confirmation], o.signal);
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
 * Reads Amazon's outcome of each sent confirmation (getTransaction, vendorTransactionStatus.json): Success is
 * accepted; Failure is rejected, its reasons kept in Amazon's words and shown on a review item beside the
 * ERP's shipment. Up to getTransaction's burst are read at once, so their waits overlap.
 */
export async function pollShipmentTransactions(o: {
  outbox: VendorOutbox; reviews: VendorReviews; client: SpApiClient; amazonConnectionId: string; erpConnectionId: string; waitMs?: number; pollMs?: number; signal?: AbortSignal;
}): Promise<{ accepted: string[]; rejected: string[]; processing: number }> {
  const out = { accepted: [] as string[], rejected: [] as string[], processing: 0 };
  await sendConcurrently(o.outbox.list<ShipmentIntent>({ connectionId: o.amazonConnectionId, kind: 'shipment', state: 'sent' }), OPERATIONS.getTransaction.burst, async (e) => {
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
      key: `shipment-rejected:${e.naturalKey}`, kind: 'shipment-rejected', vendorCode: e.document.vendorCode, poNumber: e.document.poNumber,
      title: `Amazon rejected the confirmation of shipment ${e.document.erpShipment.number} (PO ${e.document.poNumber}): ${reasons.join('; ') || 'no reason given'}`,
      facts: { reasons, amazon: { transactionId: e.result, shipmentConfirmation: e.document.confirmation }, erp: e.document.erpShipment },
    });
    out.rejected.push(e.naturalKey);
    return 'next';
  }, o.signal);
  return out;
}
