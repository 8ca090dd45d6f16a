import type { PostingConnector } from './posters';
import type { Workspace } from '../workspace/workspace';
import { parseSettlementNaturalKey } from './natural-key';
import type { PostingOutbox } from './outbox';
import { runPosting, type PostingRunOptions, type PostingRunResult } from './poster';
import { enqueuePlan, planSettlementPosting, type ErpFacts, type SettlementPostingPlan } from './settlement-posting';

/** The ERP connection documents go to, its connector, and what it takes. */
export interface PostingTarget {
  connectionId: string;
  erp: PostingConnector;
  facts: ErpFacts;
}

export interface VersionToPost {
  versionId: number;
  /** Who lets it post: the person, or auto-post naming whose approval counted. */
  actor: string;
  /**
   * Post what this connection's outbox already holds of this version (a run before was stopped or killed)
   * without planning again. Only when every such document is of this version and none waits for a fix.
   */
  resumeStored?: boolean;
}

export interface SettlementPostingOutcome {
  /** Versions whose documents this run posts: planned and enqueued, or resumed from the outbox. */
  accepted: Array<{ versionId: number; settlementId: string; version: number; keys: string[]; enqueued: number; resumed: boolean }>;
  /** Versions that may not be posted, each reason saying what to fix; nothing of them was enqueued. */
  refused: Array<{ versionId: number; settlementId: string; reasons: string[]; plan: SettlementPostingPlan }>;
  enqueued: number;
  /** The natural keys this run posts. */
  keys: Set<string>;
  run: PostingRunResult;
}

export interface SettlementPostingOptions extends Omit<PostingRunOptions, 'only'> {
  /** Called once everything is enqueued and before anything is sent; throwing here sends nothing. */
  beforePosting?: (planned: Omit<SettlementPostingOutcome, 'run'>) => void;
  /** More facts for the `posting.run` audit record (e.g. the ERP's company name). */
  auditDetail?: Record<string, unknown>;
}

/**
 * Plan -> enqueue -> post for settlement versions and one ERP connection: what both posting by hand and
 * auto-post do. Each version is planned by the same builder, mapping rules and approval check as the
 * preview; an accepted plan goes into the outbox under the connection (a document that failed only because
 * the ERP could not be reached is replayed), the decision is audited, and then the poster sends exactly
 * these documents, each looked up in the ERP first.
 */
export async function postSettlementVersions(
  ws: Workspace, outbox: PostingOutbox, target: PostingTarget, versions: readonly VersionToPost[], options: SettlementPostingOptions = {},
): Promise<SettlementPostingOutcome> {
  const { connectionId } = target;
  const planned: Omit<SettlementPostingOutcome, 'run'> = { accepted: [], refused: [], enqueued: 0, keys: new Set() };
  for (const v of versions) {
    options.signal?.throwIfAborted();
    const resumed = v.resumeStored ? resume(ws, outbox, connectionId, v) : null;
    if (resumed) {
      planned.accepted.push(resumed);
      for (const k of resumed.keys) planned.keys.add(k);
      continue;
    }
    const plan = planSettlementPosting(ws, outbox, v.versionId, connectionId, target.facts);
    if (!plan) continue;
    if (plan.refusals.length) {
      planned.refused.push({ versionId: v.versionId, settlementId: plan.settlementId, reasons: plan.refusals, plan });
      continue;
    }
    const enqueued = enqueuePlan(outbox, plan, v.actor);
    const keys = plan.erpDocuments.map((d) => d.externalDocumentNumber);
    for (const d of plan.erpDocuments) {
      const e = outbox.get({ connectionId, naturalKey: d.externalDocumentNumber, kind: 'journal' });
      // The ERP could not be reached last time: nothing needs fixing, so this run tries it again.
      if (e?.state === 'failed' && e.retryable) outbox.replay(e, d, v.actor);
    }
    if (plan.payout) {
      const key = plan.payout.payment.externalDocumentNumber;
      keys.push(key);
      const e = outbox.get({ connectionId, naturalKey: key, kind: 'settlementPayment' });
      if (e?.state === 'failed' && e.retryable) outbox.replay(e, plan.payout, v.actor);
    }
    ws.audit.record({
      kind: 'decision', system: 'app', operation: 'posting.run', actor: v.actor, connectionId,
      subjectType: 'settlement', subjectId: plan.settlementId,
      detail: { version: plan.version, documents: keys, enqueued, ...options.auditDetail },
    });
    planned.accepted.push({ versionId: v.versionId, settlementId: plan.settlementId, version: plan.version, keys, enqueued, resumed: false });
    planned.enqueued += enqueued;
    for (const k of keys) planned.keys.add(k);
  }
  options.beforePosting?.(planned);
  const { signal, onProgress, leaseLost } = options;
  return { ...planned, run: await runPosting(outbox, connectionId, target.erp, { signal, onProgress, leaseLost, only: planned.keys }) };
}

/** The version's documents this connection's outbox holds from a stopped run, replaying those the ERP could not take; null to plan instead. */
function resume(ws: Workspace, outbox: PostingOutbox, connectionId: string, v: VersionToPost): SettlementPostingOutcome['accepted'][number] | null {
  const version = ws.db.prepare('SELECT settlement_id, version FROM settlement_version WHERE id = ?').get(v.versionId) as { settlement_id: string; version: number } | undefined;
  if (!version) return null;
  const entries = outbox.list({ settlementId: version.settlement_id, connectionId }).filter((e) => e.state !== 'cancelled');
  const resumable = entries.length > 0 && entries.every((e) => parseSettlementNaturalKey(e.naturalKey)?.version === version.version && (e.state !== 'failed' || e.retryable));
  if (!resumable) return null;
  for (const e of entries) if (e.state === 'failed') outbox.replay(e, undefined, v.actor);
  return { versionId: v.versionId, settlementId: version.settlement_id, version: version.version, keys: entries.map((e) => e.naturalKey), enqueued: 0, resumed: true };
}
