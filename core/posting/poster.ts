import { ErpError } from '../erp/erp-error';
import { failureOf, type OutboxEntry, type PostingOutbox } from './outbox';
import type { PostResult } from '../erp/erp-connector';
import { POSTERS, type PostingConnector } from './posters';

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
  /** Created in the ERP, where a person still has to post them; the sync engine watches for that. */
  awaiting: Array<{ naturalKey: string; erpDocumentNumber: string }>;
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
 * Posts what the outbox holds for one ERP connection, one document at a time, each by the poster of its
 * kind. Before creating anything it asks the ERP for the
 * natural key, so a document a crashed run already got into the ERP is recorded, not posted again.
 *
 * The signal is checked between documents and deliberately not passed into the connector: a document
 * once started runs to an answer, so a cancel never leaves a half-written journal behind.
 */
export async function runPosting(outbox: PostingOutbox, connectionId: string, erp: PostingConnector, options: PostingRunOptions = {}): Promise<PostingRunResult> {
  const work = outbox.workList(connectionId).filter((e) => !options.only || options.only.has(e.naturalKey));
  const result: PostingRunResult = { outcome: 'completed', posted: [], awaiting: [], failed: [], notReached: 0 };
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
    const now = outbox.get(entry);
    if (!now || (now.state !== 'pending' && now.state !== 'posting')) continue;
    report(i, entry.naturalKey);
    const stop = await postOne(outbox, erp, now, result);
    if (stop) {
      result.outcome = 'stopped';
      result.notReached = work.length - i - 1;
      break;
    }
  }
  report(result.posted.length + result.awaiting.length + result.failed.length, null);
  return result;
}

/** Returns true when the run must stop (the ERP could not be reached even after the connector's retries). */
async function postOne(outbox: PostingOutbox, erp: PostingConnector, entry: OutboxEntry, result: PostingRunResult): Promise<boolean> {
  const key = entry.naturalKey;
  outbox.begin(entry);
  try {
    // A connector whose post looks the key up itself is not asked twice (one request less per document).
    const found = erp.postLooksUpFirst?.has(POSTERS[entry.kind].erpKind) ? null : await erp.findByNaturalKey(POSTERS[entry.kind].erpKind, erpKeyOf(entry));
    if (found?.state === 'posted') {
      outbox.note(entry, 'posting.found-in-erp', { erpDocumentNumber: found.documentNumber, decision: 'not creating again' });
      outbox.posted(entry, found.documentNumber, 'found-in-erp');
      result.posted.push({ naturalKey: key, erpDocumentNumber: found.documentNumber, alreadyInErp: true });
      return false;
    }
    if (found) outbox.note(entry, 'posting.draft-in-erp', { erpDocumentNumber: found.documentNumber, decision: 'completing the draft' });
    const done = await postDocument(erp, entry);
    if (done.alreadyExisted && done.posted) outbox.note(entry, 'posting.found-in-erp', { erpDocumentNumber: done.documentNumber, decision: 'not creating again' });
    if (!done.posted) {
      outbox.awaiting(entry, done.documentNumber);
      result.awaiting.push({ naturalKey: key, erpDocumentNumber: done.documentNumber });
      return false;
    }
    outbox.posted(entry, done.documentNumber, done.alreadyExisted ? 'found-in-erp' : 'created');
    result.posted.push({ naturalKey: key, erpDocumentNumber: done.documentNumber, alreadyInErp: done.alreadyExisted });
    return false;
  } catch (err) {
    const failure = failureOf(err);
    const retryable = err instanceof ErpError && err.retryable;
    outbox.failed(entry, failure, retryable);
    result.failed.push({ naturalKey: key, retryable, message: failure.message });
    // Anything but the ERP's own answer is a bug of ours: recorded on the document, then surfaced.
    if (!(err instanceof ErpError)) throw err;
    return retryable;
  }
}

/** The ERP's own key of the document (its external document number), which may differ from the outbox's. */
function erpKeyOf(entry: OutboxEntry): string {
  switch (entry.kind) {
    case 'journal': return POSTERS.journal.erpKeyOf(entry.document);
    case 'salesInvoice': return POSTERS.salesInvoice.erpKeyOf(entry.document);
    case 'salesCreditNote': return POSTERS.salesCreditNote.erpKeyOf(entry.document);
    case 'settlementPayment': return POSTERS.settlementPayment.erpKeyOf(entry.document);
  }
}

function postDocument(erp: PostingConnector, entry: OutboxEntry): Promise<PostResult> {
  switch (entry.kind) {
    case 'journal': return POSTERS.journal.post(erp, entry.document);
    case 'salesInvoice': return POSTERS.salesInvoice.post(erp, entry.document);
    case 'salesCreditNote': return POSTERS.salesCreditNote.post(erp, entry.document);
    case 'settlementPayment': return POSTERS.settlementPayment.post(erp, entry.document);
  }
}

export interface AwaitingCheck {
  /** Posted in the ERP since the last look. */
  posted: Array<{ naturalKey: string; erpDocumentNumber: string }>;
  /** Still waiting for a person to post them in the ERP. */
  stillAwaiting: number;
  /** The ERP no longer holds them (deleted there): failed, for a person to replay or cancel. */
  gone: string[];
}

/**
 * Looks up in the ERP every document of this connection that waits to be posted there, and records the
 * ones a person has posted since. The sync engine calls it on its runs; it only reads the ERP.
 */
export async function recheckAwaiting(outbox: PostingOutbox, connectionId: string, erp: PostingConnector, signal?: AbortSignal): Promise<AwaitingCheck> {
  const check: AwaitingCheck = { posted: [], stillAwaiting: 0, gone: [] };
  for (const entry of outbox.list({ connectionId, state: 'awaiting' })) {
    signal?.throwIfAborted();
    const found = await erp.findByNaturalKey(POSTERS[entry.kind].erpKind, erpKeyOf(entry), signal);
    if (found?.state === 'posted') {
      outbox.posted(entry, found.documentNumber, 'posted-in-erp');
      check.posted.push({ naturalKey: entry.naturalKey, erpDocumentNumber: found.documentNumber });
    } else if (found) {
      check.stillAwaiting++;
    } else {
      outbox.failed(entry, {
        message: `The ERP no longer holds the unposted document ${entry.erpDocumentNumber ?? entry.naturalKey} (natural key ${entry.naturalKey}); it was deleted there before anyone posted it. Replay it to create it again, or cancel it.`,
        kind: 'not-found', httpStatus: null, erpCode: null, erpMessage: null, operation: 'findByNaturalKey', line: null,
      }, false);
      check.gone.push(entry.naturalKey);
    }
  }
  return check;
}
