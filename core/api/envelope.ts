import { z } from 'zod';

/** What every call answers, over IPC and over HTTP alike. */
export const ApiErrorSchema = z.object({
  code: z.enum(['invalid_input', 'unknown_call', 'not_found', 'conflict', 'keychain_unavailable', 'unauthorized', 'forbidden', 'cancelled', 'internal']),
  message: z.string(),
  /** For invalid_input: which field and what is wrong with it. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
export type ApiErrorCode = ApiError['code'];

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Thrown by handlers for failures the user should read as they are. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: ApiError['issues'],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}
