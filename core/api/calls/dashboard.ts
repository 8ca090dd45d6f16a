import { z } from 'zod';
import { define } from '../define';
import { AwaitingInErpSchema } from './posting';

export const DashboardSummarySchema = z.object({
  connections: z.array(z.object({
    connectionId: z.string(),
    name: z.string(),
    kind: z.string(),
    lastRun: z.object({
      jobName: z.string(),
      status: z.string(),
      startedAt: z.string(),
      endedAt: z.string().nullable(),
      counts: z.record(z.string(), z.number()),
      error: z.string().nullable(),
    }).nullable(),
    referenceReadAt: z.string().nullable(),
  })),
  counts: z.object({
    settlements: z.number().int(),
    awaitingReview: z.number().int(),
    awaitingApproval: z.number().int(),
    approved: z.number().int(),
    posted: z.number().int(),
    postingFailed: z.number().int(),
  }),
  postingFailures: z.array(z.object({ settlementId: z.string(), documents: z.number().int(), message: z.string(), at: z.string() })),
  /** Created in their ERP, where a person still has to post them (F&O journals), longest waiting first. */
  awaitingInErp: z.array(AwaitingInErpSchema),
  /** Per currency (never added across currencies): what each fee category cost over the latest settlements, positive minor units. */
  fees: z.array(z.object({ currency: z.string(), settlements: z.number().int(), categories: z.array(z.object({ category: z.string(), label: z.string(), amount: z.number().int() })) })),
});
export type DashboardSummaryView = z.infer<typeof DashboardSummarySchema>;

export const dashboardCalls = {
  'dashboard.summary': define({
    summary: 'Last sync per connection, settlements awaiting review or approval, posting failures, and fees by category over the latest settlements',
    input: z.object({}),
    output: DashboardSummarySchema,
  }),
  'demo.open': define({
    summary: 'In the demo workspace: reads the demo Business Central company and puts back the starter mappings, so the demo settlements need only a little review',
    input: z.object({}),
    output: z.object({ mappingsChanged: z.number().int(), mappingsUnchanged: z.number().int() }),
  }),
};
