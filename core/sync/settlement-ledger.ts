import type { Db } from '../store';

export type LedgerState = 'pending' | 'done' | 'failed';
export type LedgerOutcome = 'new' | 'new-version' | 'unchanged' | 'incomplete-copy' | 'identical-to-superseded';

export interface LedgerEntry {
  reportId: string;
  state: LedgerState;
  outcome: LedgerOutcome | null;
  settlementId: string | null;
  versionId: number | null;
  error: string | null;
  runId: number | null;
}

interface Row { report_id: string; state: LedgerState; outcome: LedgerOutcome | null; settlement_id: string | null; version_id: number | null; error: string | null; run_id: number | null }

/**
 * The settlement reports of one Amazon connection that discovery has handled: a report is marked pending
 * before its download and done after its import, so a run never downloads a finished report again and a
 * run that died in between knows which report to finish.
 */
export class SettlementReportLedger {
  constructor(private readonly db: Db, private readonly connectionId: string, private readonly now: () => Date) {}

  get(reportId: string): LedgerEntry | null {
    const r = this.db.prepare('SELECT * FROM sync_settlement_report WHERE connection_id = ? AND report_id = ?').get(this.connectionId, reportId) as Row | undefined;
    return r
      ? { reportId: r.report_id, state: r.state, outcome: r.outcome, settlementId: r.settlement_id, versionId: r.version_id, error: r.error, runId: r.run_id }
      : null;
  }

  pending(report: { reportId: string; documentId: string; createdTime: string }, runId: number): void {
    this.db
      .prepare(
        `INSERT INTO sync_settlement_report (connection_id, report_id, report_document_id, created_time, state, run_id, updated_at)
         VALUES (?, ?, ?, ?, 'pending', ?, ?)
         ON CONFLICT (connection_id, report_id) DO UPDATE SET state = 'pending', run_id = excluded.run_id, updated_at = excluded.updated_at`,
      )
      .run(this.connectionId, report.reportId, report.documentId, report.createdTime, runId, this.now().toISOString());
  }

  done(reportId: string, runId: number, r: { outcome: LedgerOutcome; settlementId: string; versionId: number }): void {
    this.db
      .prepare(`UPDATE sync_settlement_report SET state = 'done', outcome = ?, settlement_id = ?, version_id = ?, error = NULL, run_id = ?, updated_at = ? WHERE connection_id = ? AND report_id = ?`)
      .run(r.outcome, r.settlementId, r.versionId, runId, this.now().toISOString(), this.connectionId, reportId);
  }

  failed(reportId: string, runId: number, error: string): void {
    this.db
      .prepare(`UPDATE sync_settlement_report SET state = 'failed', error = ?, run_id = ?, updated_at = ? WHERE connection_id = ? AND report_id = ?`)
      .run(error, runId, this.now().toISOString(), this.connectionId, reportId);
  }

  /** Whether another report of this run already produced this settlement version. */
  versionTakenInRun(versionId: number, runId: number, exceptReportId: string): boolean {
    return this.db
      .prepare(`SELECT 1 FROM sync_settlement_report WHERE connection_id = ? AND run_id = ? AND version_id = ? AND state = 'done' AND report_id <> ?`)
      .get(this.connectionId, runId, versionId, exceptReportId) !== undefined;
  }

  /** What one run did, from the ledger itself: the same whether the run was interrupted or not. */
  countsForRun(runId: number): { imported: number; newVersions: number; incompleteCopies: number; unchanged: number; unreadable: number; pending: number } {
    const rows = this.db
      .prepare('SELECT state, outcome, COUNT(*) AS n FROM sync_settlement_report WHERE connection_id = ? AND run_id = ? GROUP BY state, outcome')
      .all(this.connectionId, runId) as { state: LedgerState; outcome: LedgerOutcome | null; n: number }[];
    const c = { imported: 0, newVersions: 0, incompleteCopies: 0, unchanged: 0, unreadable: 0, pending: 0 };
    for (const r of rows) {
      if (r.state === 'failed') c.unreadable += r.n;
      else if (r.state === 'pending') c.pending += r.n;
      else if (r.outcome === 'new') c.imported += r.n;
      else if (r.outcome === 'new-version') c.newVersions += r.n;
      else if (r.outcome === 'incomplete-copy') c.incompleteCopies += r.n;
      else c.unchanged += r.n;
    }
    return c;
  }
}
