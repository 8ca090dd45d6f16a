/**
 * Accounting periods of a settlement journal: calendar months in the company's time zone. Amazon dates
 * every line in UTC; a Tokyo company's sale at 01:00 on the 1st (Tokyo time) is 16:00 UTC on the last
 * day of the month before, and belongs to the new month. Time zones are IANA names read with Intl, so
 * daylight-saving changes (Europe/Berlin on the last Sundays of March and October) come from the
 * runtime's time-zone data, not from a table here.
 */
export interface AccountingPeriod {
  /** e.g. "2026-06" */
  id: string;
  /** Last instant of the period, ISO 8601 UTC. */
  end: string;
  /** The period's last day in its own time zone (yyyy-MM-dd): where an earlier part of a split posts. */
  lastDay?: string;
}

export function calendarMonthUtc(isoDate: string): AccountingPeriod {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  const end = new Date(Date.UTC(year, month, 1) - 1).toISOString();
  return { id: isoDate.slice(0, 7), end };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Wall-clock reading of instants in one time zone. */
export class ZoneClock {
  private readonly format: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
  }

  /** The local date and time of an instant, as [year, month (1-12), day, hour, minute, second]. */
  parts(ms: number): [number, number, number, number, number, number] {
    const out: Record<string, number> = {};
    for (const p of this.format.formatToParts(ms)) if (p.type !== 'literal') out[p.type] = Number(p.value);
    return [out.year!, out.month!, out.day!, out.hour!, out.minute!, out.second!];
  }

  /** Local date (yyyy-MM-dd) of an ISO instant. */
  localDate(iso: string): string {
    const [y, mo, d] = this.parts(Date.parse(iso));
    return `${y}-${pad(mo)}-${pad(d)}`;
  }

  /** Offset of local time from UTC at an instant, in milliseconds (Tokyo: +9 h). */
  private offset(ms: number): number {
    const [y, mo, d, h, mi, s] = this.parts(ms);
    return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(ms / 1000) * 1000;
  }

  /** The instant local midnight starts a day (month 1-12; month 13 = January of the next year). */
  midnight(year: number, month: number, day: number): number {
    const wall = Date.UTC(year, month - 1, day);
    // The offset at the guess, then at the corrected instant: two steps settle across a DST change.
    let at = wall - this.offset(wall);
    at = wall - this.offset(at);
    return at;
  }
}

/** Calendar months in `timeZone`; an instant belongs to the month its local date falls in. */
export function calendarMonthIn(timeZone: string): (isoDate: string) => AccountingPeriod {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return calendarMonthUtc;
  const clock = new ZoneClock(timeZone);
  return (isoDate) => {
    const [year, month] = clock.parts(Date.parse(isoDate));
    const next = clock.midnight(year, month + 1, 1);
    return {
      id: `${year}-${pad(month)}`,
      end: new Date(next - 1).toISOString(),
      lastDay: `${year}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`,
    };
  };
}

/** First and last instant (ISO 8601 UTC) of the calendar month `periodId` ("2026-06") in `timeZone`. */
export function monthBounds(timeZone: string, periodId: string): [string, string] {
  const year = Number(periodId.slice(0, 4));
  const month = Number(periodId.slice(5, 7));
  const clock = new ZoneClock(timeZone);
  return [new Date(clock.midnight(year, month, 1)).toISOString(), new Date(clock.midnight(year, month + 1, 1) - 1).toISOString()];
}
