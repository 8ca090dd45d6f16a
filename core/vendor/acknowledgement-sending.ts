import { AmazonError } from '../amazon/errors';
import type { SpApiClient } from '../amazon/sp-api-client';
import { waitForTransaction } from '../amazon/vendor';
import { submitAcknowledgement } from '../amazon/vendor-acknowledgements';
import { OPERATIONS } from '../amazon/usage-plans';
import { errorMessage } from '../errors/domain-error';
import { sendConcurrently } from './concurrent-sends';
import type { AcknowledgementIntent } from './acknowledgement-proposal';
import type { VendorOutbox } from './vendor-outbox';
import type { VendorReviews } from './vendor-reviews';

/**
 * Sends each decided acknowledgement once, as many at once as the operation's burst (each PO's is its own).
 * One whose answer never came (a dropped connection, a 5xx, a run stopped while it was in flight) is not sent
 * again: Amazon may have it. It fails saying what to check.
 */
export async function submitQueuedAcknowledgements(o: { outbox: VendorOutbox; client: SpApiClient; amazonConnectionId: string; signal?: AbortSignal }): Promise<{ submitted: string[]; failed: string[] }> {
  const out = { submitted: [] as string[], failed: [] as string[] };
  await sendConcurrently(o.outbox.workList<AcknowledgementIntent>(o.amazonConnectionId, 'acknowledgement'), OPERATIONS.submitAcknowledgement.burst, async (e) => {
    const unknown = (why: string) => ({
      message: `The acknowledgement of PO ${e.document.poNumber} may have reached Amazon: ${why}. It is not sent again; check the PO in Vendor Central.`,
    });
    if (e.state === 'sending') {
      o.outbox.move(e, ['sending'], 'failed', { detail: unknown('a run stopped while it was being sent') });
      out.failed.push(e.naturalKey);
      return 'next';
    }
    o.outbox.begin(e);
    try {
      const tx = await submitAcknowledgement(o.client, [e.document.acknowledgement], o.signal);
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
 * Reads Amazon's outcome of each sent acknowledgement (getTransaction): Success is accepted; Failure is
 * rejected, and a review item shows Amazon's reasons beside what was sent. Up to getTransaction's burst are
 * read at once, so their waits overlap.
 */
export async function pollAcknowledgementTransactions(o: {
  outbox: VendorOutbox; reviews: VendorReviews; client: SpApiClient; amazonConnectionId: string; erpConnectionId: string; waitMs?: number; pollMs?: number; signal?: AbortSignal;
}): Promise<{ accepted: string[]; rejected: string[]; processing: number }> {
  const out = { accepted: [] as string[], rejected: [] as string[], processing: 0 };
  await sendConcurrently(o.outbox.list<AcknowledgementIntent>({ connectionId: o.amazonConnectionId, kind: 'acknowledgement', state: 'sent' }), OPERATIONS.getTransaction.burst, async (e) => {
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
      key: `acknowledgement-rejected:${e.naturalKey}`, kind: 'acknowledgement-rejected', vendorCode: e.document.vendorCode, poNumber: e.document.poNumber,
      title: `Amazon rejected the acknowledgement of PO ${e.document.poNumber}: ${reasons.join('; ') || 'no reason given'}`,
      facts: { reasons, amazon: { transactionId: e.result, acknowledgement: e.document.acknowledgement }, erp: { lines: e.document.lines, stock: e.document.stock } },
    });
    out.rejected.push(e.naturalKey);
    return 'next';
  }, o.signal);
  return out;
}
