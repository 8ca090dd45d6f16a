import type { Db } from '../store';
import type { JobDefinition } from './job-store';
import { SlotCalendar, type SlotSeries } from './schedule';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

/**
 * Amazon's settlement calendar, as far as it is known. Settlement reports "cannot be requested or scheduled.
 * They are automatically scheduled by Amazon" (reference/amazon/guides/reporttype-values_83b77ee.md;
 * guides/reports-guide-2021-06-30_dcf7678.md, "Tutorial: Retrieve reports that are automatically
 * generated"). The 14-day period is an observation, not documented: real files show consecutive periods
 * 14 days apart, each ending at the same time of day in UTC (reference/amazon/NOTES.md section 6.1,
 * "Cadence": "Treat ≈14 days as typical, not guaranteed"). Nothing in the reference says how long after a
 * period ends its report can be listed, so the first look is a short delay after the expected end and the
 * job keeps looking every few hours until the report is in: a late report costs a few getReports calls,
 * never a missed settlement.
 */
export const SETTLEMENT_PERIOD_MS = 14 * DAY;
/** First look this long after the expected end (our choice; not documented by Amazon). */
export const REPORT_DELAY_MS = 2 * HOUR;
/** Then every this long until the new settlement is found (our choice). */
export const RETRY_EVERY_MS = 3 * HOUR;

/**
 * When the next settlement should end, from the latest end date imported per currency (a stand-in for the
 * marketplace account: the report carries no marketplace id, NOTES.md 6.1, and each account settles on its
 * own 14-day cycle). The earliest next end wins. An account whose last settlement is more than a whole
 * period older than the newest one has stopped settling (or was closed) and is not waited for; a run
 * started for another account still picks up its reports, since discovery lists them all. Null when no
 * settlement of the connection is known.
 */
export function expectedSettlementEnd(latestEnds: readonly string[]): Date | null {
  const ends = latestEnds.map((e) => Date.parse(e)).filter((t) => Number.isFinite(t));
  if (!ends.length) return null;
  const newest = Math.max(...ends);
  const next = Math.min(...ends.filter((t) => t > newest - SETTLEMENT_PERIOD_MS)) + SETTLEMENT_PERIOD_MS;
  return new Date(next);
}

/** The checks for a settlement expected to end at `end`: at end + delay, then every RETRY_EVERY_MS. */
export function settlementChecks(end: Date): SlotSeries {
  return { first: new Date(end.getTime() + REPORT_DELAY_MS), everyMs: RETRY_EVERY_MS };
}

/** The latest settlement end per currency among the settlements discovery imported for this connection. */
export function latestSettlementEnds(db: Db, amazonConnectionId: string): string[] {
  const rows = db
    .prepare(
      `SELECT v.currency, MAX(v.end_date) AS end_date
         FROM sync_settlement_report r JOIN settlement_version v ON v.id = r.version_id
        WHERE r.connection_id = ? AND r.state = 'done' AND v.end_date IS NOT NULL
        GROUP BY v.currency`,
    )
    .all(amazonConnectionId) as { currency: string; end_date: string }[];
  return rows.map((r) => r.end_date);
}

/**
 * The calendar a job runs on. A settlement-calendar job reads its connection's settlements each time it is
 * asked, so a run that imports the new settlement moves the next check 14 days on; with none known yet it
 * runs daily at the user's time.
 */
export function jobCalendar(db: Db, job: Pick<JobDefinition, 'schedule' | 'timeZone' | 'amazonConnectionId'>): { calendar: SlotCalendar; expectedEnd: Date | null } {
  if (job.schedule.preset !== 'settlement' || !job.amazonConnectionId) return { calendar: new SlotCalendar(job.schedule, job.timeZone), expectedEnd: null };
  const expectedEnd = expectedSettlementEnd(latestSettlementEnds(db, job.amazonConnectionId));
  return { calendar: new SlotCalendar(job.schedule, job.timeZone, expectedEnd ? settlementChecks(expectedEnd) : null), expectedEnd };
}
