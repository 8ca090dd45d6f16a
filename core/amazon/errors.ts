import { DomainError } from '../errors/domain-error';
/**
 * Errors a user can act on. Messages are written for the person at the Connections screen; the fields
 * carry what a log or a support ticket needs. No message ever contains a secret.
 */
export type AmazonErrorKind =
  | 'reauthorize' // invalid_grant: the refresh token is revoked or wrong
  | 'client-credentials' // invalid_client: the client id / secret is wrong or was rotated
  | 'auth' // other LWA refusals
  | 'access-denied' // SP-API 403 that is not an expired token (missing role, app not authorised)
  | 'throttled' // 429s beyond the retry budget
  | 'unavailable' // 5xx or network failures beyond the retry budget
  | 'request' // 4xx that retrying cannot fix
  | 'document'; // a report document that could not be downloaded or read

export interface AmazonErrorDetail {
  operation: string;
  status?: number;
  codes?: string[];
  attempts?: number;
  marketplaceId?: string;
  requestId?: string;
}

/** What Amazon refused or why it could not be reached, in words; the API answers it as a conflict with Amazon's state. */
export class AmazonError extends DomainError {
  constructor(
    readonly kind: AmazonErrorKind,
    message: string,
    readonly detail: AmazonErrorDetail,
    options?: { cause?: unknown },
  ) {
    super('conflict', message, undefined, options);
  }
}

/** SP-API error bodies: `{errors:[{code,message,details}]}` (ErrorList in every model). */
export interface SpApiErrorEntry {
  code: string;
  message: string;
  details?: string;
}

export function readSpApiErrors(body: string): SpApiErrorEntry[] {
  try {
    const parsed: unknown = JSON.parse(body);
    const errors = parsed && typeof parsed === 'object' ? (parsed as { errors?: unknown }).errors : undefined;
    if (!Array.isArray(errors)) return [];
    return errors.filter(
      (e): e is SpApiErrorEntry => !!e && typeof e === 'object' && typeof (e as SpApiErrorEntry).code === 'string',
    );
  } catch {
    return [];
  }
}
