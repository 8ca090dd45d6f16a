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

export const auditCalls = {
  'audit.list': define({
    summary: 'The audit trail, newest first',
    input: z.object({
      system: z.string().optional(),
      kind: z.enum(['external_call', 'decision', 'state_change']).optional(),
      status: z.string().optional(),
      subjectId: z.string().optional(),
      from: z.string().optional(),
      to: z.string().optional(),
      limit: z.number().int().positive().max(10_000).optional(),
    }),
    output: z.array(AuditEventViewSchema),
  }),
};
