import { AmazonError } from '../amazon/errors';
import { downloadReportDocument } from '../amazon/report-document';
import { createReport, getReport } from '../amazon/reports';
import type { SpApiClient } from '../amazon/sp-api-client';
import { parseReturnsReport, RETURNS_REPORT_TYPE } from './returns-report';
import type { ReturnsFlow } from './returns-flow';
import { ReturnsReadCursor } from './returns-read-cursor';
import type { Db } from '../store';

const DAY = 86_400_000;

export interface ReturnsImportOptions {
  marketplaceIds: string[];
  /** How far back the first read goes. */
  firstReadDays?: number;
  /** How often to look whether the report is done, and how long to wait between looks (clock ms). */
  polls?: number;
  pollMs?: number;
  signal?: AbortSignal;
  onPhase?: (phase: string) => void;
}

export interface ReturnsImportResult {
  /** Lines in the report read (0 when Amazon had nothing for the window). */
  read: number;
  /** Returns stored for the first time. */
  added: number;
  ready: number;
  held: number;
  unreadable: number;
  /** The report asked for is still being made: the next run reads it. */
  notReady: boolean;
}

/**
 * Reads the next window of FBA customer returns: asks Amazon for the returns report (it can only be
 * requested, dataStartTime..dataEndTime), waits for it, downloads and stores each return once. The
 * requested report is remembered before waiting, so a run that fails (a dropped download, a throttle that
 * outlasts the retries) is continued by the next run with the same report, not a second request.
 */
export async function importReturns(db: Db, client: SpApiClient, flow: ReturnsFlow, amazonConnectionId: string, options: ReturnsImportOptions): Promise<ReturnsImportResult> {
  const now = () => new Date(client.clock.now());
  const cursor = new ReturnsReadCursor(db, now);
  const none: ReturnsImportResult = { read: 0, added: 0, ready: 0, held: 0, unreadable: 0, notReady: false };
  let { pending, readUntil } = cursor.get(amazonConnectionId);
  if (!pending) {
    if (!options.marketplaceIds.length) throw new RangeError('The Amazon connection has no marketplace: choose its marketplaces under Connections; the returns report is asked for per marketplace.');
    const from = readUntil ?? new Date(client.clock.now() - (options.firstReadDays ?? 30) * DAY).toISOString();
    // dataEndTime "must be prior to or equal to the current date and time" (CreateReportSpecification).
    const until = new Date(client.clock.now() - 60_000).toISOString();
    if (Date.parse(until) <= Date.parse(from)) return none;
    options.onPhase?.('Asking Amazon for the returns report');
    const reportId = await createReport(client, { reportType: RETURNS_REPORT_TYPE, marketplaceIds: options.marketplaceIds, dataStartTime: new Date(from), dataEndTime: new Date(until) }, options.signal);
    pending = { reportId, from, until };
    cursor.setPending(amazonConnectionId, pending);
  }
  options.onPhase?.('Waiting for Amazon to make the returns report');
  const polls = options.polls ?? 10;
  for (let i = 0; ; i++) {
    const report = await getReport(client, pending.reportId, options.signal);
    if (report.processingStatus === 'DONE' && report.reportDocumentId) {
      options.onPhase?.('Downloading the returns report');
      const doc = await downloadReportDocument(client, report.reportDocumentId, { ...(options.signal ? { signal: options.signal } : {}) });
      const { lines, unreadable } = parseReturnsReport(doc.text);
      const result = db.transaction(() => {
        const added = flow.returns.record(amazonConnectionId, lines);
        const settled = flow.settle(added);
        flow.holdUnreadable(amazonConnectionId, pending!.reportId, unreadable);
        cursor.advance(amazonConnectionId, pending!.until);
        return { read: lines.length + unreadable.length, added: added.length, ...settled, unreadable: unreadable.length, notReady: false };
      })();
      return result;
    }
    // CANCELLED: "an automatic cancellation if there is no data to return" (Report.processingStatus, reports_2021-06-30.json).
    if (report.processingStatus === 'CANCELLED') {
      cursor.advance(amazonConnectionId, pending.until);
      return none;
    }
    if (report.processingStatus === 'FATAL') {
      cursor.setPending(amazonConnectionId, null);
      throw new AmazonError('document', `Amazon could not make the returns report ${pending.reportId} (FATAL). The next run asks for it again.`, { operation: 'getReport' });
    }
    if (i + 1 >= polls) return { ...none, notReady: true };
    await client.clock.sleep(options.pollMs ?? 30_000, options.signal);
  }
}
