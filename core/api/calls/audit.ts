import { z } from 'zod';
import { define } from '../define';

export const AuditEventViewSchema = z.object({
  id: z.number(),
  at: z.string(),
  kind: z.enum(['external_call', 'decision', 'state_change']),
  system: z.string(),
  operation: z.string(),
  actor: z.string().nullable(),
  connectionId: z.string().nullable(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  status: z.string().nullable(),
  durationMs: z.number().nullable(),
  correlationId: z.string().nullable(),
  request: z.string().nullable(),
  response: z.string().nullable(),
  detail: z.string().nullable(),
});
export type AuditEventView = z.infer<typeof AuditEventViewSchema>;

export const AuditFilterSchema = z.object({
  system: z.string().optional(),
  kind: z.enum(['external_call', 'decision', 'state_change']).optional(),
  status: z.string().optional(),
  /** A settlement id, connection id, order id...: whatever the events are about. */
  subjectId: z.string().optional(),
  /** ISO date-times, inclusive from, exclusive to. */
  from: z.string().datetime({ offset: true, message: 'From must be a date and time' }).optional(),
  to: z.string().datetime({ offset: true, message: 'To must be a date and time' }).optional(),
  limit: z.number().int().positive().max(10_000).optional(),
});
export type AuditFilterInput = z.input<typeof AuditFilterSchema>;

/** The audit log's hash chain checked end to end: intact, or the first row that was changed outside ml-connector. */
export const AuditVerificationSchema = z.discriminatedUnion('intact', [
  z.object({ intact: z.literal(true), rows: z.number().int() }),
  z.object({
    intact: z.literal(false),
    /** Rows found intact before the broken one. */
    rows: z.number().int(),
    /** The first broken row (for rows cut from the end: the first missing id). */
    id: z.number().int(),
    problem: z.string(),
  }),
]);
export type AuditVerificationView = z.infer<typeof AuditVerificationSchema>;

export const auditCalls = {
  'audit.list': define({
    summary: 'The audit trail, newest first',
    input: AuditFilterSchema,
    output: z.array(AuditEventViewSchema),
  }),
  'audit.facets': define({
    summary: 'The systems and statuses that occur in the audit trail, for the filters',
    input: z.object({}),
    output: z.object({ systems: z.array(z.string()), statuses: z.array(z.string()) }),
  }),
  'audit.exportCsv': define({
    summary: 'The filtered audit trail as CSV, with the stored request and response of each call',
    input: AuditFilterSchema.omit({ limit: true }),
    output: z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int() }),
  }),
  'audit.verify': define({
    summary: 'Checks every row of the audit log against its hash chain; names the first row changed, removed or added outside ml-connector (audited)',
    input: z.object({}),
    output: AuditVerificationSchema,
  }),
};
