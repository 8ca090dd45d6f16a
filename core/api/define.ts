import type { z } from 'zod';

/** One call of the API: declared once, served by both transports. Pure zod, no Node. */
export interface CallDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** Long work: reports ProgressEvents under the call's id and can be cancelled. */
  progress?: boolean;
  summary: string;
}

export const define = <I extends z.ZodType, O extends z.ZodType>(d: CallDefinition<I, O>) => d;
