import { z } from 'zod';
import { define } from '../define';
import { LIMITS } from './input-limits';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time looks like 06:30 (24-hour clock)');

/** When a job runs (mirrors core/sync/schedule.ts, which the renderer must not import). */
export const JobScheduleSchema = z.discriminatedUnion('preset', [
  z.object({ preset: z.literal('hourly'), minute: z.number().int().min(0).max(59).default(0) }),
  z.object({ preset: z.literal('daily'), time }),
  z.object({ preset: z.literal('weekdays'), time }),
  z.object({ preset: z.literal('cron'), expression: z.string().trim().min(1, 'Enter a cron expression').max(200) }),
  z.object({ preset: z.literal('settlement'), time }),
  z.object({ preset: z.literal('listings'), time }),
]);
export type JobSchedule = z.infer<typeof JobScheduleSchema>;

export const JobKindSchema = z.enum(['settlement-discovery', 'reference-refresh', 'settlement-posting', 'order-invoicing', 'listings', 'vendor-central', 'fba-returns', 'mcf']);

export const RunViewSchema = z.object({
  id: z.number().int(),
  jobId: z.string(),
  trigger: z.enum(['schedule', 'catch-up', 'manual']),
  slot: z.string().nullable(),
  status: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  lives: z.number().int(),
  phase: z.string().nullable(),
  progressDone: z.number().int(),
  progressTotal: z.number().int().nullable(),
  counts: z.record(z.string(), z.number()),
  error: z.string().nullable(),
});
export type RunView = z.infer<typeof RunViewSchema>;

export const JobInputSchema = z.object({
  id: z.string().min(1).optional(),
  name: z.string().trim().min(1, 'Give the job a name').max(LIMITS.jobName, `A job name is at most ${LIMITS.jobName} characters`),
  kind: JobKindSchema,
  amazonConnectionId: z.string().min(1).nullable().default(null),
  erpConnectionId: z.string().min(1).nullable().default(null),
  schedule: JobScheduleSchema,
  timeZone: z.string().min(1).max(64),
  enabled: z.boolean().default(true),
});
export type JobInput = z.input<typeof JobInputSchema>;

export const JobViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: JobKindSchema,
  amazonConnectionId: z.string().nullable(),
  erpConnectionId: z.string().nullable(),
  schedule: JobScheduleSchema,
  timeZone: z.string(),
  enabled: z.boolean(),
  /** "Daily at 09:00 (Europe/Berlin)". */
  description: z.string(),
  nextRun: z.string().nullable(),
  /** Settlement calendar only: when the next settlement should end (null while none is known: daily fallback). */
  expectedSettlementEnd: z.string().nullable(),
  lastRun: RunViewSchema.nullable(),
  running: z.boolean(),
});
export type JobView = z.infer<typeof JobViewSchema>;

const id = z.object({ id: z.string().min(1) });

/** Mirrors core/sync/auto-post-policy.ts: auto-post counts a person's approval, never its own. */
export const ApprovalRuleSchema = z.object({
  kind: z.literal('approved-by-person'),
  approvers: z.array(z.string().trim().min(1)).max(20).default([]),
});

export const AutoPostViewSchema = z.object({
  erpConnectionId: z.string(),
  connectionName: z.string(),
  enabled: z.boolean(),
  rule: ApprovalRuleSchema.nullable(),
  /** The rule in words; null when none is configured. */
  ruleText: z.string().nullable(),
  changedBy: z.string().nullable(),
  changedAt: z.string().nullable(),
  /** Whether a settlement-posting job exists for this connection (auto-post runs on its schedule). */
  hasPostingJob: z.boolean(),
});
export type AutoPostView = z.infer<typeof AutoPostViewSchema>;

export const jobCalls = {
  'jobs.list': define({
    summary: 'The sync jobs of the workspace with their schedule, next run and last run',
    input: z.object({}),
    output: z.array(JobViewSchema),
  }),
  'jobs.save': define({
    summary: 'Adds or changes a sync job; refused when its schedule or time zone cannot be computed',
    input: JobInputSchema,
    output: JobViewSchema,
  }),
  'jobs.preview': define({
    summary: 'When a job with this schedule would run next (and, on the settlement calendar, when the next settlement should end), without saving it',
    input: JobInputSchema.omit({ id: true, name: true, enabled: true }),
    output: z.object({ nextRun: z.string().nullable(), expectedSettlementEnd: z.string().nullable(), description: z.string() }),
  }),
  'jobs.remove': define({
    summary: 'Removes a sync job: it is archived (hidden, never run) with its run history kept, and jobs.restore brings it back',
    input: id,
    output: z.object({ removed: z.boolean() }),
  }),
  'jobs.archived': define({
    summary: 'The removed (archived) sync jobs, most recent first',
    input: z.object({}),
    output: z.array(JobViewSchema.extend({ archivedAt: z.string() })),
  }),
  'jobs.restore': define({
    summary: 'Brings an archived sync job back on its schedule, with its run history; refused while its connection is archived',
    input: id,
    output: JobViewSchema,
  }),
  'jobs.runs': define({
    summary: 'Recent runs, newest first, of one job or of all',
    input: z.object({ jobId: z.string().min(1).optional(), limit: z.number().int().min(1).max(500).default(50) }),
    output: z.array(RunViewSchema),
  }),
  'jobs.runNow': define({
    summary: 'Runs a job now, outside its schedule (or finishes its interrupted run); refused while it runs elsewhere',
    input: id,
    output: RunViewSchema,
    progress: true,
  }),
  'jobs.autoPost': define({
    summary: 'Auto-post per ERP connection: on or off, and the approval rule it follows',
    input: z.object({}),
    output: z.array(AutoPostViewSchema),
  }),
  'jobs.setAutoPost': define({
    summary: 'Turns auto-post on or off for an ERP connection; refused on without an approval rule',
    input: z.object({ erpConnectionId: z.string().min(1), enabled: z.boolean(), rule: ApprovalRuleSchema.nullable() }),
    output: AutoPostViewSchema,
  }),
  'jobs.attention': define({
    summary: 'What waits for a person: settlements not approved yet, and the newest runs that failed',
    input: z.object({}),
    output: z.object({ waitingForReview: z.number().int(), failedRuns: z.array(z.object({ id: z.number().int(), jobName: z.string(), endedAt: z.string().nullable(), error: z.string().nullable() })) }),
  }),
  'jobs.cancel': define({
    summary: 'Asks a running job to stop after its current step',
    input: id,
    output: z.object({ cancelled: z.boolean() }),
  }),
};
