/**
 * OData v4 pieces shared by the ERPs that speak it (BC API v2.0, F&O /data, SAP B1 /b1s/v2):
 * literals and query strings, JSON $batch chunks, and error bodies (paging is in pager.ts).
 */

/** A string literal in $filter: quotes doubled (OData v4 ABNF, part 2 "SQUOTE-in-string"). */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export interface ODataQuery {
  filter?: string;
  select?: readonly string[];
  expand?: readonly string[];
  orderby?: string;
  top?: number;
}

/** "?$filter=...&$select=..." with each value percent-encoded; "" when empty. */
export function buildQuery(q: ODataQuery): string {
  const parts: string[] = [];
  if (q.filter) parts.push(`$filter=${encodeURIComponent(q.filter)}`);
  if (q.select?.length) parts.push(`$select=${encodeURIComponent(q.select.join(','))}`);
  if (q.expand?.length) parts.push(`$expand=${encodeURIComponent(q.expand.join(','))}`);
  if (q.orderby) parts.push(`$orderby=${encodeURIComponent(q.orderby)}`);
  if (q.top !== undefined) parts.push(`$top=${q.top}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** `field eq 'a' or field eq 'b'`; for reading many records by code in one call. */
export function anyOf(field: string, values: readonly string[]): string {
  return values.map((v) => `${field} eq ${odataString(v)}`).join(' or ');
}

export interface ODataCollection<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

export { readAllPages } from './pager';

export interface BatchOperation {
  id: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the service root, e.g. "companies(<id>)/journals(<id>)/journalLines". */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface BatchOperationResult {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (size < 1) throw new RangeError('chunk size must be >= 1');
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface ParsedErrorBody {
  code: string | null;
  message: string | null;
}

/**
 * Reads the error out of a response body in any of the shapes our ERPs use:
 * - OData v4 / BC: {"error":{"code":"BadRequest_NotFound","message":"..."}} (BCDOCS dynamics-error-codes.md)
 * - F&O: the same, often with code "" and the detail in error.innererror.message (NOTES §2.6, 3rd-party)
 * - SAP B1 v1: {"error":{"code":301,"message":{"lang":"en-us","value":"..."}}} (B1GUIDE §3.1.1)
 * - Entra ID: {"error":"invalid_client","error_description":"AADSTS7000215: ...","error_codes":[7000215]}
 * - Acumatica: {"message":"An error has occurred.","exceptionMessage":"...","exceptionType":"PX...."}, the
 *   exception type as the code (NOTES §4.7, swagger HttpError)
 * - a record with an error on its fields (Acumatica's 422): only the fields in error
 * Anything else: no code, the first 500 characters of the text as the message.
 */
export function parseErrorBody(text: string): ParsedErrorBody {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    return { code: null, message: trimmed ? trimmed.slice(0, 500) : null };
  }
  if (!body || typeof body !== 'object') return { code: null, message: String(body) };
  const b = body as Record<string, unknown>;
  if (typeof b.error === 'string') {
    const description = typeof b.error_description === 'string' ? b.error_description : null;
    const aadsts = description ? /^(AADSTS\d+)/.exec(description)?.[1] ?? null : null;
    return { code: aadsts ?? b.error, message: description ? description.split(/\r?\n/)[0] ?? description : b.error };
  }
  if (b.error && typeof b.error === 'object') {
    const e = b.error as Record<string, unknown>;
    const code = e.code === undefined || e.code === null || e.code === '' ? null : String(e.code);
    let message: string | null = null;
    if (typeof e.message === 'string') message = e.message;
    else if (e.message && typeof e.message === 'object' && typeof (e.message as { value?: unknown }).value === 'string') {
      message = (e.message as { value: string }).value;
    }
    const inner = e.innererror as { message?: unknown } | undefined;
    if (inner && typeof inner.message === 'string' && (!message || message === 'An error has occurred.')) message = inner.message;
    return { code, message };
  }
  if (typeof b.exceptionType === 'string' || typeof b.exceptionMessage === 'string') {
    const message = typeof b.exceptionMessage === 'string' ? b.exceptionMessage : typeof b.message === 'string' ? b.message : null;
    return { code: typeof b.exceptionType === 'string' ? b.exceptionType : null, message };
  }
  // A record answered with an error on each refused field (Acumatica's 422, NOTES §4.3, §4.7): the record
  // cut down to those fields, so the errors are kept however long the record is.
  const refused = onlyFieldErrors(b);
  return { code: null, message: (refused === undefined ? text : JSON.stringify(refused)).slice(0, 500) };
}

/** The parts of a value-wrapped record that carry `error`; undefined when none does. */
function onlyFieldErrors(v: unknown): unknown {
  if (Array.isArray(v)) {
    const kept = v.map(onlyFieldErrors);
    return kept.some((k) => k !== undefined) ? kept.filter((k) => k !== undefined) : undefined;
  }
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.error === 'string' && o.error) return { value: o.value, error: o.error };
  const kept = Object.entries(o).map(([k, x]) => [k, onlyFieldErrors(x)] as const).filter(([, x]) => x !== undefined);
  return kept.length ? Object.fromEntries(kept) : undefined;
}
