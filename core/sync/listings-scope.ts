import type { JobDefinition, JobStore } from './job-store';
import { SlotCalendar } from './schedule';

export type ListingsScope = 'prices-and-quantities' | 'quantities';

const DAY = 86_400_000;

/**
 * What a run of a listings job compares and sends. On the listings preset a run sends prices only when it is
 * the first to finish since the day's price time (in the job's time zone), so a run missed while the computer
 * slept still sends that day's prices; every other run is quantities only. A run started by hand, or on any
 * other schedule, does both.
 */
export function listingsScope(jobs: JobStore, job: JobDefinition, run: { id: number; trigger: string }, now: Date): ListingsScope {
  if (job.schedule.preset !== 'listings' || run.trigger === 'manual') return 'prices-and-quantities';
  const daily = new SlotCalendar({ preset: 'daily', time: job.schedule.time }, job.timeZone);
  let due = daily.next(new Date(now.getTime() - 2 * DAY))!;
  for (let next = daily.next(due); next && next <= now; next = daily.next(next)) due = next;
  if (due > now) return 'quantities';
  const priced = jobs.runs({ jobId: job.id, limit: 500 }).some((r) => r.id !== run.id && r.status === 'succeeded' && r.counts.priceRun === 1 && Date.parse(r.startedAt) >= due.getTime());
  return priced ? 'quantities' : 'prices-and-quantities';
}
