import type { ErpErrorKind } from '../erp-error';
import type { ErrorResponse } from '../http-client';

/**
 * Acumatica answers permanent business errors (an inactive account, a closed period, a batch on hold)
 * with HTTP 500 and its exception's message (NOTES §4.7), so a 500 carrying a PX exception is the
 * business refusing, not the server failing: never retried, shown in Acumatica's own words. A 500
 * without one (a bare proxy error, an injected fault) keeps the generic "5xx is transient" reading.
 */
export function classifyAcumaticaError(e: ErrorResponse): ErpErrorKind | null {
  if (e.status === 500 && e.code && /^PX\./.test(e.code)) return e.code.endsWith('NoEntitySatisfiesTheConditionException') ? 'not-found' : 'validation';
  if (e.status === 422) return 'validation';
  if (e.status === 412) return 'conflict';
  return null;
}

/**
 * A 422 answers the record with `error` on each refused field (NOTES §4.3, §4.7). The client keeps the
 * first 500 characters of such a body, so the errors are read by pattern, which survives the cut.
 */
export function fieldErrorsIn(text: string | null): string[] {
  const out: string[] = [];
  for (const m of (text ?? '').matchAll(/"error"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) {
    const words = JSON.parse(`"${m[1]!}"`) as string;
    if (!out.includes(words)) out.push(words);
  }
  return out;
}
