import type { ErpConnector } from '../erp/erp-connector';
import { ErpError } from '../erp/erp-error';
import { failureOf, type OutboxEntry, type PostingOutbox } from './outbox';

export interface PostingProgress {
  done: number;
  total: number;
  /** The natural key of the document being posted now; null once the run is over. */
  current: string | null;
}

export interface PostingRunResult {
  /** completed: nothing left to do · cancelled: the signal fired between documents · stopped: the ERP was unreachable or the lease was lost. */
  outcome: 'completed' | 'cancelled' | 'stopped';
  posted: Array<{ naturalKey: string; erpDocumentNumber: string; alreadyInErp: boolean }>;
  failed: Array<{ naturalKey: string; retryable: boolean; message: string }>;
  /** Documents not reached because the run was cancelled or stopped; they stay pending. */
  notReached: number;
}

export interface PostingRunOptions {
  signal?: AbortSignal;
  onProgress?: (p: PostingProgress) => void;
  /** Post only these natural keys (one settlement, or one replayed document); default: everything waiting. */
  only?: ReadonlySet<string>;
  /** Checked before each document: true when the run lost its lease and must not post further. */
  leaseLost?: () => boolean;
}

/**
 * Posts what the outbox holds, one document at a time. Before creating anything it asks the ERP for the
 * natural key, so a document a crashed run already got into the ERP is recorded, not posted again.
 *
 * The signal is checked between documents and deliberately not passed into the connector: a document
 * once started runs to an answer, so a cancel never leaves a half-written journal behind.
 */
export async function runPosting(outbox: PostingOutbox, erp: ErpConnector, options: PostingRunOptions = {}): Promise<PostingRunResult> {
  const work = outbox.workList().filter((e) => !options.only || options.only.has(e.naturalKey));
  const result: PostingRunResult = { outcome: 'completed', posted: [], failed: [], notReached: 0 };
  const report = (done: number, current: string | null) => options.onProgress?.({ done, total: work.length, current });
  report(0, null);
  for (const [i, entry] of work.entries()) {
    if (options.signal?.aborted) {
      result.outcome = 'cancelled';
      result.notReached = work.length - i;
      outbox.note(entry, 'posting.run-cancelled', { notReached: result.notReached });
      break;
    }
    if (options.leaseLost?.()) {
      result.outcome = 'stopped';
      result.notReached = work.length - i;
      outbox.note(entry, 'posting.run-stopped', { reason: 'the posting lease was lost', notReached: result.notReached });
      break;
    }
    // Cancelled (or posted by another run) since the work list was read: nothing to do for it.
    const now = outbox.get(entry.naturalKey);
    if (!now || (now.state !== 'pending' && now.state !== 'posting')) continue;
    report(i, entry.naturalKey);
    const stop = await postOne(outbox, erp, now, result);
    if (stop) {
      result.outcome = 'stopped';
      result.notReached = work.length - i - 1;
      break;
    }
  }
  report(result.posted.length + result.failed.length, null);
  return result;
}

/** Returns true when the run must stop (the ERP could not be reached even after the connector's retries). */
async function postOne(outbox: PostingOutbox, erp: ErpConnector, entry: OutboxEntry, result: PostingRunResult): Promise<boolean> {
  const key = entry.naturalKey;
  outbox.begin(key);
  try {
    const found = await erp.findByNaturalKey('journal', key);
    if (found?.state === 'posted') {
      outbox.note(entry, 'posting.found-in-erp', { erpDocumentNumber: found.documentNumber, decision: 'not creating again' });
      outbox.posted(key, found.documentNumber, 'found-in-erp');
      result.posted.push({ naturalKey: key, erpDocumentNumber: found.documentNumber, alreadyInErp: true });
      return false;
    }
    if (found) outbox.note(entry, 'posting.draft-in-erp', { erpDocumentNumber: found.documentNumber, decision: 'completing the draft' });
    const posted = await erp.postJournal(entry.document);
    outbox.posted(key, posted.documentNumber, posted.alreadyExisted ? 'found-in-erp' : 'created');
    result.posted.push({ naturalKey: key, erpDocumentNumber: posted.documentNumber, alreadyInErp: posted.alreadyExisted });
    return false;
  } catch (err) {
    const failure = failureOf(err);
    const retryable = err instanceof ErpError && err.retryable;
    outbox.failed(key, failure, retryable);
    result.failed.push({ naturalKey: key, retryable, message: failure.message });
    // Anything but the ERP's own answer is a bug of ours: recorded on the document, then surfaced.
    if (!(err instanceof ErpError)) throw err;
    return retryable;
  }
}
