/**
 * The one error type a user reads as it is. Whatever layer refuses something (a parser, the review
 * queue, the outbox, a schedule) throws a DomainError, or a subclass naming the refusal, with the code
 * the API answers and the sentence the user sees; the API dispatcher maps it once for every call.
 * Errors that are not DomainErrors are bugs or infrastructure failures and reach the user as "internal".
 */
export const ERROR_CODES = ['invalid_input', 'unknown_call', 'not_found', 'conflict', 'keychain_unavailable', 'unauthorized', 'forbidden', 'cancelled', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** For invalid_input: which field and what is wrong with it. */
export interface FieldIssue {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: readonly FieldIssue[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The message of anything thrown, for logs and the words around it: an Error's message, else its text. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
