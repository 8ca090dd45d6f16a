import { Cron } from 'croner';
import { z } from 'zod';
import { isTimeZone } from '../clock/time-zone';
import { DomainError } from '../errors/domain-error';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time looks like 06:30 (24-hour clock)');

/** When a job runs. The presets cover what accountants ask for; anything else is a cron expression. */
export const ScheduleSchema = z.discriminatedUnion('preset', [
  z.object({ preset: z.literal('hourly'), minute: z.number().int().min(0).max(59).default(0) }),
  z.object({ preset: z.literal('daily'), time }),
  z.object({ preset: z.literal('weekdays'), time }),
  z.object({ preset: z.literal('cron'), expression: z.string().trim().min(1, 'Enter a cron expression') }),
  /**
   * Settlement discovery on Amazon's settlement calendar (core/sync/settlement-cadence.ts): shortly after the
   * next settlement is expected to end, then every few hours until it is in. `time` is the daily time used
   * while no settlement of the connection is known yet.
   */
  z.object({ preset: z.literal('settlement'), time }),
  /** Listings: quantities every 15 minutes, prices (with quantities) once a day from `time` on (core/sync/listings-scope.ts). */
  z.object({ preset: z.literal('listings'), time }),
]);
export type Schedule = z.infer<typeof ScheduleSchema>;

/** The cron pattern a schedule stands for; croner reads it (we parse no cron ourselves). */
export function cronPattern(s: Schedule): string {
  switch (s.preset) {
    case 'hourly':
      return `${s.minute} * * * *`;
    case 'daily':
    case 'weekdays':
    case 'settlement': {
      // The settlement calendar's cron is its fallback: daily at the user's time until a settlement is known.
      const [h, m] = s.time.split(':').map(Number);
      return `${m} ${h} * * ${s.preset === 'weekdays' ? '1-5' : '*'}`;
    }
    case 'cron':
      return s.expression;
    case 'listings':
      return '*/15 * * * *';
  }
}

export class InvalidSchedule extends DomainError {
  constructor(message: string) {
    super('invalid_input', message, [{ path: 'schedule', message }]);
  }
}

/**
 * A schedule read in an IANA time zone. A daily 09:00 in Europe/Berlin stays 09:00 local across a
 * daylight-saving change; a time that does not exist that day runs at the first moment after the gap and a
 * time that occurs twice runs once (croner's fixed-time rule).
 */
/** Slots at fixed intervals from a first one (the settlement calendar's checks): first, first + every, ... */
export interface SlotSeries {
  first: Date;
  everyMs: number;
}

export class SlotCalendar {
  private readonly cron: Cron;

  /** With `series`, the slots are the series (absolute instants, unaffected by daylight saving), not the cron. */
  constructor(readonly schedule: Schedule, readonly timeZone: string, readonly series: SlotSeries | null = null) {
    if (!isTimeZone(timeZone)) throw new InvalidSchedule(`"${timeZone}" is not a time zone this computer knows (use a name like Europe/Berlin).`);
    try {
      // No callback: croner only computes, it starts no timer.
      this.cron = new Cron(cronPattern(schedule), { timezone: timeZone, mode: '5-or-6-parts' });
    } catch (err) {
      throw new InvalidSchedule(`The schedule "${cronPattern(schedule)}" cannot be read: ${(err as Error).message}.`);
    }
  }

  /** The first slot strictly after `after`. */
  next(after: Date): Date | null {
    if (this.series) {
      const { first, everyMs } = this.series;
      if (after.getTime() < first.getTime()) return first;
      return new Date(first.getTime() + (Math.floor((after.getTime() - first.getTime()) / everyMs) + 1) * everyMs);
    }
    return this.cron.nextRun(after);
  }

  /** The latest slot at or before `at`. */
  latest(at: Date): Date | null {
    if (this.series) {
      const { first, everyMs } = this.series;
      if (at.getTime() < first.getTime()) return null;
      return new Date(first.getTime() + Math.floor((at.getTime() - first.getTime()) / everyMs) * everyMs);
    }
    return this.cron.previousRuns(1, new Date(at.getTime() + 1))[0] ?? null;
  }

  /**
   * The slot a runner should start now, if any: the latest slot at or before `now` that comes after the
   * last one started (or after the job was created). However many slots passed while the machine was off,
   * that is one run.
   */
  due(now: Date, lastStarted: Date): { slot: Date; missed: number } | null {
    const slot = this.latest(now);
    if (!slot || slot.getTime() <= lastStarted.getTime()) return null;
    // Count the skipped slots for the run's record, up to a sane bound.
    let missed = 0;
    for (let s = this.next(lastStarted); s && s.getTime() < slot.getTime() && missed < 1000; s = this.next(s)) missed++;
    return { slot, missed };
  }
}


/** The computer's time zone: the default for a new job, since the user thinks in local time. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** "Daily at 09:00 (Europe/Berlin)" and the like, for lists and logs. */
export function describeSchedule(s: Schedule, timeZone: string): string {
  const what =
    s.preset === 'hourly' ? `Every hour at :${String(s.minute).padStart(2, '0')}`
    : s.preset === 'daily' ? `Daily at ${s.time}`
    : s.preset === 'weekdays' ? `Weekdays at ${s.time}`
    : s.preset === 'settlement' ? `On the settlement calendar (daily at ${s.time} until a settlement is known)`
    : s.preset === 'listings' ? `Quantities every 15 minutes, prices daily from ${s.time}`
    : `Cron "${s.expression}"`;
  return `${what} (${timeZone})`;
}
