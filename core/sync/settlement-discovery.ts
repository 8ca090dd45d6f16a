import { z } from 'zod';
import { marketplaceById } from '../amazon/marketplaces';
import { downloadReportDocument } from '../amazon/report-document';
import { listSettlementReports } from '../amazon/reports';
import { SettlementParseError } from '../settlement/settlement-errors';
import { importSettlementBytes } from '../workspace/settlement-import';
import type { JobContext, JobOutcome } from './job-context';
import { plainError } from './plain-error';
import { SettlementReportLedger, type LedgerOutcome } from './settlement-ledger';

const CheckpointSchema = z.object({
  /** The highest settlement_version id when the run began: a version above it was made by this run. */
  versionFloor: z.number().int(),
  /** The reports found, oldest first; null until the listing step has finished. */
  reports: z.array(z.object({ reportId: z.string(), documentId: z.string(), createdTime: z.string(), marketplaceId: z.string().nullable() })).nullable(),
});
type Checkpoint = z.infer<typeof CheckpointSchema>;

/**
 * Settlement discovery: list the settlement reports Amazon holds (getReports, last 90 days), then download
 * and import each one not handled before. Steps: (1) the listing, saved in the checkpoint; (2) per report,
 * pending in the ledger -> download -> import (its own transaction, idempotent by content) -> done. A run
 * killed anywhere resumes from the checkpoint; a report left pending is imported again, which changes
 * nothing if its first import had committed.
 */
export async function settlementDiscovery(ctx: JobContext): Promise<JobOutcome> {
  const { ws, job, runId, signal } = ctx;
  const connectionId = job.amazonConnectionId;
  if (!connectionId) return { counts: {}, error: 'This job has no Amazon connection. Edit the job and choose one.' };
  const now = () => new Date(ctx.clock.now());
  const saved = CheckpointSchema.safeParse(ctx.checkpoint);
  let cp: Checkpoint = saved.success
    ? saved.data
    : { versionFloor: (ws.db.prepare('SELECT COALESCE(MAX(id), 0) AS m FROM settlement_version').get() as { m: number }).m, reports: null };
  if (!saved.success) ctx.saveCheckpoint(cp);

  const client = await ctx.resources.amazonClient(connectionId);
  if (!cp.reports) {
    ctx.progress({ phase: 'Looking for settlement reports', done: 0, total: null });
    const found = await listSettlementReports(client, signal);
    const reports = found
      .filter((r) => r.reportDocumentId)
      .map((r) => ({ reportId: r.reportId, documentId: r.reportDocumentId!, createdTime: r.createdTime, marketplaceId: r.marketplaceIds?.[0] ?? null }))
      .sort((a, b) => a.createdTime.localeCompare(b.createdTime) || a.reportId.localeCompare(b.reportId));
    cp = { ...cp, reports };
    ctx.saveCheckpoint(cp);
  }
  const reports = cp.reports!;
  const ledger = new SettlementReportLedger(ws.db, connectionId, now);
  const unreadable: string[] = [];
  const tally = () => {
    const c = ledger.countsForRun(runId);
    return {
      found: reports.length, imported: c.imported, newVersions: c.newVersions, unchanged: c.unchanged, unreadable: c.unreadable,
      alreadyHandled: reports.length - c.imported - c.newVersions - c.incompleteCopies - c.unchanged - c.unreadable - c.pending,
      // Named only when there are some: a run's counts list what it did.
      ...(c.incompleteCopies ? { incompleteCopies: c.incompleteCopies } : {}),
    };
  };
  try {
    for (const [i, r] of reports.entries()) {
      signal.throwIfAborted();
      ctx.progress({ phase: 'Importing settlement reports', done: i, total: reports.length, current: r.reportId });
      const seen = ledger.get(r.reportId);
      if (seen && seen.state !== 'pending') continue;
      ledger.pending(r, runId);
      const doc = await downloadReportDocument(client, r.documentId, {
        signal,
        ...(r.marketplaceId && marketplaceById(r.marketplaceId) ? { marketplaceCountry: marketplaceById(r.marketplaceId)!.country } : {}),
      });
      let result;
      try {
        // Through the workspace's import gate, on the worker thread under the host and the desktop app, so the API
        // keeps answering and writes meanwhile wait for it (workspace/settlement-import.ts says where it stays here).
        result = await importSettlementBytes(ws, Buffer.from(doc.text, 'utf8'), { source: `report ${r.reportId}`, fileName: `settlement report ${r.reportId}`, actor: `sync job "${job.name}"`, now, signal });
      } catch (err) {
        if (!(err instanceof SettlementParseError)) throw err;
        ledger.failed(r.reportId, runId, err.message);
        unreadable.push(`report ${r.reportId}: ${err.message}`);
        continue;
      }
      let outcome: LedgerOutcome = result.outcome;
      // Killed after the import committed but before the ledger said so: the second import finds the same
      // content. The version was made by this run, so it counts as what it was then (kept beside the current
      // version when it is not current: nothing later in this run could have replaced it yet).
      const same = outcome === 'unchanged' || outcome === 'identical-to-superseded';
      if (same && result.versionId > cp.versionFloor && !ledger.versionTakenInRun(result.versionId, runId, r.reportId)) {
        outcome = outcome === 'identical-to-superseded' ? 'incomplete-copy' : result.version > 1 ? 'new-version' : 'new';
      }
      if (!same) ws.events.emit({ type: 'changed', topic: 'settlements' });
      ledger.done(r.reportId, runId, { outcome, settlementId: result.settlementId, versionId: result.versionId });
    }
  } catch (err) {
    if (signal.aborted) throw err;
    // Amazon throttled past the retries, went away, or the links kept expiring: stop with the reason and
    // what was done; the reports not imported stay for the next run.
    const counts = tally();
    return { counts, error: `${plainError(err)} ${counts.imported + counts.newVersions} of ${reports.length} settlement reports were imported before it stopped; the next run carries on.` };
  }
  ctx.progress({ phase: 'Done', done: reports.length, total: reports.length });
  return {
    counts: tally(),
    ...(unreadable.length ? { warning: `${unreadable.length} settlement report${unreadable.length === 1 ? '' : 's'} could not be read and ${unreadable.length === 1 ? 'was' : 'were'} skipped: ${unreadable.join('; ')}` } : {}),
  };
}
