import { z } from 'zod';
import { DomainError, ERROR_CODES, type ErrorCode, type FieldIssue } from '../errors/domain-error';

/** What every call answers, over IPC and over HTTP alike. */
export const ApiErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** For invalid_input: which field and what is wrong with it. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
export type ApiErrorCode = ApiError['code'];

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Thrown by handlers for failures of the call itself (its input, its target); refusals from below are DomainErrors too. */
export class ApiFailure extends DomainError {
  constructor(code: ErrorCode, message: string, issues?: readonly FieldIssue[]) {
    super(code, message, issues);
  }
}
