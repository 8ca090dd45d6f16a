import type { ErpErrorKind } from '../erp-error';
import type { ErrorResponse } from '../http-client';

/**
 * F&O's answers read as our error kinds. 429 carries one of the service-protection or resource-based
 * messages (NOTES §2.5) and is always throttling; a write failure (AxODataWriteException, §2.6) is the
 * data refused, never worth repeating. Everything else keeps the generic reading.
 */
export function classifyFoError(e: ErrorResponse): ErpErrorKind | null {
  if (e.status === 429) return 'throttled';
  if (e.status === 400 && /AxODataWriteException|Write failed for table row/.test(e.body)) return 'validation';
  return null;
}

/** The journal line already exists (a changeset that committed though its answer was lost) [UNVERIFIED wording]. */
export function isDuplicateLine(message: string | null): boolean {
  return !!message && /The record already exists/i.test(message);
}
