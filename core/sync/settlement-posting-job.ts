import { rereadLedgerRates } from '../mapping/exchange-rate-cache';
import { z } from 'zod';
import { ErpError } from '../erp/erp-error';
import { PostingLease, PostingLeaseHeld } from '../posting/lease';
import { PostingOutbox } from '../posting/outbox';
import { recheckAwaiting } from '../posting/poster';
import { postSettlementVersions, type VersionToPost } from '../posting/settlement-posting-run';
import { ReviewQueue } from '../review/review-queue';
import { outboxPostingState, versionStatus } from '../posting/settlement-status';
import { AutoPostPolicies, describeApprovalRule, ruleAccepts } from './auto-post-policy';
import type { JobContext, JobOutcome } from './job-context';
import { plainError } from './plain-error';

const CheckpointSchema = z.object({
  /** Natural keys already posted when the run began: what is posted beyond them was posted by this run. */
  postedBefore: z.array(z.string()),
});

/** Current settlement versions that wait for a person: not approved and not in the outbox. */
export function settlementsWaitingForReview(db: import('../store').Db): number {
  return (db.prepare(
    `SELECT COUNT(*) AS n FROM settlement_version v
      WHERE v.status = 'current'
        AND NOT EXISTS (SELECT 1 FROM settlement_approval a WHERE a.version_id = v.id AND a.revoked_at IS NULL)
        AND NOT EXISTS (SELECT 1 FROM posting_outbox o WHERE o.settlement_id = v.settlement_id AND o.state <> 'cancelled')`,
  ).get() as { n: number }).n;
}

/**
 * Auto-post (settlement-posting job): posts to the job's ERP connection the current settlement versions that
 * the connection's approval rule accepts, that have no blocking review item (checked again now) and whose
 * posting plan is accepted — the same plan and outbox as posting by hand. It never approves anything, and
 * does nothing while auto-post is off for the connection. Idempotent: the outbox is its checkpoint (a
 * document a killed life left in `posting` is looked up in the ERP before anything is created), and a
 * document that failed because the ERP was unreachable is replayed by the next run.
 */
export async function settlementPostingJob(ctx: JobContext): Promise<JobOutcome> {
  const { ws, job, signal } = ctx;
  const connectionId = job.erpConnectionId;
  if (!connectionId) return { counts: {}, error: 'This job has no ERP connection. Edit the job and choose one.' };
  const connection = ws.connections.get(connectionId);
  if (!connection) return { counts: {}, error: `The ERP connection ${connectionId} of this job no longer exists. Edit the job and choose one.` };
  const policy = new AutoPostPolicies(ws.db, ws.audit).get(connectionId);
  const waitingForReview = settlementsWaitingForReview(ws.db);
  const now = () => new Date(ctx.clock.now());
  const outbox = new PostingOutbox(ws.db, ws.audit, now);
  if (!policy.enabled || !policy.rule) {
    const off = `Auto-post is off for ${connection.name}, so nothing was posted. Turn it on under Settings › Schedules and choose whose approval lets a settlement post.`;
    // Documents a person posts in the ERP are still watched for: that needs no approval rule.
    if (!outbox.list({ connectionId, state: 'awaiting' }).length) return { counts: { waitingForReview }, warning: off };
    try {
      const check = await recheckAwaiting(outbox, connectionId, await ctx.resources.erpConnector(connectionId), signal);
      if (check.posted.length || check.gone.length) ws.events.emit({ type: 'changed', topic: 'posting' });
      return { counts: { waitingForReview, ...(check.stillAwaiting ? { awaitingErp: check.stillAwaiting } : {}), ...(check.posted.length ? { postedInErp: check.posted.length } : {}) }, warning: off };
    } catch (err) {
      if (signal.aborted || !(err instanceof ErpError)) throw err;
      return { counts: { waitingForReview }, error: `${connection.name} could not be asked which documents were posted there: ${plainError(err)} The next run asks again.` };
    }
  }
  const rule = policy.rule;
  const saved = CheckpointSchema.safeParse(ctx.checkpoint);
  const cp = saved.success ? saved.data : { postedBefore: outbox.list({ state: 'posted', connectionId }).map((e) => e.naturalKey) };
  if (!saved.success) ctx.saveCheckpoint(cp);
  const postedBefore = new Set(cp.postedBefore);

  ctx.progress({ phase: `Checking ${connection.name}`, done: 0, total: null });
  let erp;
  let localCurrency: string | null;
  try {
    erp = await ctx.resources.erpConnector(connectionId);
    if (!erp.capabilities.flows.includes('settlementJournals')) return { counts: {}, error: `${connection.name} cannot post journals yet.` };
    localCurrency = (await erp.testConnection(signal)).localCurrency;
    await rereadLedgerRates(ws.db, connectionId, erp, now(), signal);
  } catch (err) {
    if (signal.aborted) throw err;
    return { counts: { waitingForReview }, error: `${connection.name} could not be reached to check its company and currency: ${plainError(err)} Nothing was posted; the next run tries again.` };
  }

  let lease;
  try {
    lease = new PostingLease(ws.db, { now }).acquire(`sync job "${job.name}"`, `auto-posting to ${connection.name}`).keepAlive();
  } catch (err) {
    if (err instanceof PostingLeaseHeld) return { counts: { waitingForReview }, error: `${err.message} Auto-post tries again on its next run.` };
    throw err;
  }
  try {
    // Documents created in the ERP and waiting for a person to post them there: recorded once they are.
    const awaitingCheck = await recheckAwaiting(outbox, connectionId, erp, signal);
    if (awaitingCheck.posted.length || awaitingCheck.gone.length) ws.events.emit({ type: 'changed', topic: 'posting' });
    const queue = new ReviewQueue({ db: ws.db, audit: ws.audit, connections: ws.connections, now, postingState: (settlementId, version) => outboxPostingState(ws.db, settlementId, version) });
    // The checks run again for every version whose mappings, reference data or decisions changed since
    // they last ran (a mapping removed after the approval reopens its item and holds the settlement back).
    queue.refresh(connectionId);
    const versions = ws.db.prepare(`SELECT id, settlement_id, version FROM settlement_version WHERE status = 'current' ORDER BY end_date, id`).all() as { id: number; settlement_id: string; version: number }[];
    const heldBack: string[] = [];
    const toPost: VersionToPost[] = [];
    for (const v of versions) {
      signal.throwIfAborted();
      // Only this connection's documents: what the outbox holds for another connection is that one's to post.
      const entries = outbox.list({ settlementId: v.settlement_id, connectionId }).filter((e) => e.state !== 'cancelled');
      if (entries.length && entries.every((e) => e.state === 'posted' || e.state === 'awaiting')) continue;
      const approval = queue.approvals.of(v.id);
      if (!approval) {
        // Waiting for a person (counted in waitingForReview); say so when its approval was withdrawn.
        const withdrawn = queue.approvals.withdrawal(v.id);
        if (withdrawn) heldBack.push(`settlement ${v.settlement_id}: the approval by ${withdrawn.approvedBy} was withdrawn. ${withdrawn.reason.replace(/\.$/, '')}`);
        continue;
      }
      // Approved for posting to another ERP connection: its journal carries that connection's accounts.
      if (approval.connectionId !== null && approval.connectionId !== connectionId) continue;
      if (!ruleAccepts(rule, approval)) {
        heldBack.push(`settlement ${v.settlement_id} was approved by ${approval.approvedBy}, whose approval the rule does not count`);
        continue;
      }
      const status = versionStatus(ws.db, queue, v.id);
      if (status.openBlocking > 0) {
        heldBack.push(`settlement ${v.settlement_id} has ${status.openBlocking} blocking review item${status.openBlocking === 1 ? '' : 's'} open`);
        continue;
      }
      // Its documents may be in the outbox already (a run before this one planned them and was stopped or
      // killed): those are posted as stored rather than planned again.
      toPost.push({ versionId: v.id, actor: `auto-post (${approval.approvedBy} approved)`, resumeStored: true });
    }
    const phase = `Posting to ${connection.name}`;
    const outcome = await postSettlementVersions(ws, outbox, { connectionId, erp, facts: { name: connection.name, localCurrency, capabilities: erp.capabilities } }, toPost, {
      signal,
      leaseLost: () => !lease.renew(),
      beforePosting: (planned) => {
        for (const r of planned.refused) heldBack.push(`settlement ${r.settlementId}: ${r.reasons.join(' ')}`);
        ws.events.emit({ type: 'changed', topic: 'posting' });
      },
      onProgress: (p) => {
        ctx.progress({ phase, done: p.done, total: p.total, ...(p.current ? { current: p.current } : {}) });
        ws.events.emit({ type: 'changed', topic: 'posting' });
      },
    });
    const { run: result, keys } = outcome;
    const approved = outcome.accepted.length;
    ws.events.emit({ type: 'changed', topic: 'posting' });
    ws.events.emit({ type: 'changed', topic: 'review' });
    if (result.outcome === 'cancelled') signal.throwIfAborted();

    const states = [...keys].map((naturalKey) => outbox.get({ connectionId, naturalKey })!);
    const awaiting = outbox.list({ connectionId, state: 'awaiting' }).length;
    const counts = {
      approved,
      posted: states.filter((e) => e.state === 'posted' && !postedBefore.has(e.naturalKey)).length,
      failed: states.filter((e) => e.state === 'failed').length,
      notPosted: states.filter((e) => e.state === 'pending' || e.state === 'posting').length,
      heldBack: heldBack.length,
      waitingForReview: settlementsWaitingForReview(ws.db),
      // Only when there are any: created in the ERP and waiting for a person to post them there, and those
      // this run found posted there since.
      ...(awaiting ? { awaitingErp: awaiting } : {}),
      ...(awaitingCheck.posted.length ? { postedInErp: awaitingCheck.posted.length } : {}),
    };
    const held = heldBack.length ? ` Held back: ${heldBack.slice(0, 3).join('; ')}${heldBack.length > 3 ? `; and ${heldBack.length - 3} more` : ''}.` : '';
    if (result.outcome === 'stopped') {
      const why = result.failed.at(-1)?.message ?? 'its posting lease was lost';
      return { counts, error: `Posting to ${connection.name} stopped: ${why} ${counts.posted} document${counts.posted === 1 ? '' : 's'} posted; the rest wait for the next run, which looks each one up in ${connection.name} before posting it.${held}` };
    }
    const refused = states.filter((e) => e.state === 'failed' && !e.retryable);
    if (refused.length) {
      return { counts, error: `${connection.name} refused ${refused.length} document${refused.length === 1 ? '' : 's'}: ${refused.map((e) => `${e.naturalKey}: ${e.error?.message ?? 'no reason given'}`).join('; ')}. Fix the cause and replay it under Settlements.${held}` };
    }
    return { counts, ...(held ? { warning: `Posted under the rule "${describeApprovalRule(rule)}".${held}` } : {}) };
  } catch (err) {
    if (signal.aborted || !(err instanceof ErpError)) throw err;
    return { counts: { waitingForReview }, error: `${plainError(err)} The next run carries on.` };
  } finally {
    lease.release();
  }
}
