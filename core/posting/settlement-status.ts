import { ReviewQueue, type PostingState, type ReviewStanding, type ReviewStatus } from '../review/review-queue';
import type { Db } from '../store';
import { parseSettlementNaturalKey } from './natural-key';
import type { Workspace } from '../workspace/workspace';

/** Where a settlement version stands, from import to the ERP: the review's word until documents are sent. */
export type SettlementStatus = ReviewStatus | PostingState;

export interface VersionStatus extends Omit<ReviewStanding, 'status'> {
  status: SettlementStatus;
}

/**
 * What posting made of one version of a settlement, from its documents in the outbox (cancelled ones left
 * aside): failed when one failed, posting while one waits or is being sent, else posted; null before any
 * was queued. Only that version's documents count: a re-issued version is not posted because the version
 * it replaced was, and its approval stays guarded until its own documents go.
 */
export function outboxPostingState(db: Db, settlementId: string, version: number): PostingState | null {
  const rows = (db.prepare("SELECT state, natural_key FROM posting_outbox WHERE settlement_id = ? AND state <> 'cancelled'").all(settlementId) as { state: string; natural_key: string }[])
    .filter((r) => parseSettlementNaturalKey(r.natural_key)?.version === version);
  if (!rows.length) return null;
  const has = (s: string) => rows.some((r) => r.state === s);
  if (has('failed')) return 'failed';
  // Created in the ERP but waiting for a person to post it there is not posted yet.
  if (has('pending') || has('posting') || has('awaiting')) return 'posting';
  return 'posted';
}

/** The review queue of a workspace, on the workspace's clock, told by the outbox what was posted. */
export function reviewQueueOf(ws: Pick<Workspace, 'db' | 'audit' | 'connections' | 'clock'>): ReviewQueue {
  return new ReviewQueue({
    db: ws.db, audit: ws.audit, connections: ws.connections, now: () => new Date(ws.clock.now()),
    postingState: (settlementId, version) => outboxPostingState(ws.db, settlementId, version),
  });
}

/** The status the screens show: the review's standing of a current version, overtaken by posting once documents are queued. */
export function versionStatus(db: Db, queue: ReviewQueue, versionId: number): VersionStatus {
  const standing = queue.standing(versionId);
  const posting = standing.current ? outboxPostingState(db, standing.settlementId, standing.version) : null;
  return { ...standing, status: posting ?? standing.status };
}

/** The status of every version, current ones first, newest period first. */
export function versionStatuses(db: Db, queue: ReviewQueue): VersionStatus[] {
  return queue.versionIds().map((id) => versionStatus(db, queue, id));
}
