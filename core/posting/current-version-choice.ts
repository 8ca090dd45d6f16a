import type { ConnectionRepository } from '../connections/connection-repository';
import { ReviewQueue } from '../review/review-queue';
import { outboxPostingState } from './settlement-status';
import { makeVersionCurrent, versionInfo, VersionRefused, type MadeCurrent } from '../settlement/settlement-versions';
import type { AuditLog, Db } from '../store';

export interface CurrentVersionChoice extends MadeCurrent {
  /** The version replaced was approved: that approval no longer stands. */
  approvalWithdrawn: boolean;
}

const withdraw = (queue: ReviewQueue, v: { versionId: number; version: number }, settlementId: string, actor: string, reason: string, at: Date): boolean =>
  queue.approvals.revoke(v.versionId, { settlementId, version: v.version }, actor, reason, at);

/**
 * A person makes a version of a settlement current (an incomplete copy taken anyway, or a superseded version
 * brought back). Refused once any document of the settlement is in the posting outbox: the ERP holds, or is
 * about to hold, the current version's journal, and switching here would not change that. The version it
 * replaces loses its approval (what was approved is no longer what would post), and so does an approval the
 * chosen version kept from before it was replaced (it is approved again as it is now). Both are checked
 * again so the review queue shows what the new current version needs.
 */
export function chooseCurrentVersion(
  deps: { db: Db; audit: AuditLog; connections: ConnectionRepository; now: () => Date },
  versionId: number,
  actor: string,
  reason: string | null,
): CurrentVersionChoice {
  const { db } = deps;
  const target = versionInfo(db, versionId);
  if (!target) throw new VersionRefused('not_found', `There is no imported settlement version ${versionId}.`);
  const documents = db
    .prepare("SELECT state, COUNT(*) AS n FROM posting_outbox WHERE settlement_id = ? AND state <> 'cancelled' GROUP BY state ORDER BY state")
    .all(target.settlementId) as { state: string; n: number }[];
  if (documents.length) {
    const held = documents.map((d) => `${d.n} ${d.state}`).join(', ');
    throw new VersionRefused(
      'conflict',
      `Settlement ${target.settlementId} already has documents in the posting outbox (${held}); the current version can no longer change here. Cancel the documents that are not posted, or reverse the posted ones in the ERP first.`,
    );
  }
  const queue = new ReviewQueue({ db, audit: deps.audit, connections: deps.connections, now: deps.now, postingState: (settlementId, version) => outboxPostingState(db, settlementId, version) });
  const why = reason?.trim() || null;
  const made = db.transaction(() => {
    const r = makeVersionCurrent(db, versionId, { actor, reason: why, now: deps.now });
    const because = why ? `: ${why}` : '';
    withdraw(queue, r.current, r.settlementId, actor, `made current again after it had been replaced${because}; approve it as it stands now`, deps.now());
    const approvalWithdrawn = r.previous ? withdraw(queue, r.previous, r.settlementId, actor, `version ${r.current.version} was made current instead${because}`, deps.now()) : false;
    return { ...r, approvalWithdrawn };
  })();
  queue.evaluate(made.current.versionId);
  if (made.previous) queue.evaluate(made.previous.versionId);
  return made;
}
