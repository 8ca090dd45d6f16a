import { z } from 'zod';

/** Events a workspace pushes to whoever shows it (the UI through either transport): progress of long work, and "this data changed". Part of the API contract (core/api re-exports them). */
export const ProgressEventSchema = z.object({
  type: z.literal('progress'),
  callId: z.string(),
  phase: z.string(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
  current: z.string().optional(),
});
export const ChangedEventSchema = z.object({
  type: z.literal('changed'),
  topic: z.enum(['connections', 'audit', 'settlements', 'review', 'mappings', 'posting', 'jobs']),
});
export const ApiEventSchema = z.discriminatedUnion('type', [ProgressEventSchema, ChangedEventSchema]);
export type ApiEvent = z.infer<typeof ApiEventSchema>;
export type ProgressEvent = z.infer<typeof ProgressEventSchema>;
