import { decimalToMinor } from '../../erp/wire-decimal';

/**
 * The record format of Acumatica's contract-based REST API as the emulator reads and answers it
 * (NOTES §4.3, §4.4, §4.7): value-wrapped fields, per-field errors, $top/$skip and the $filter forms a
 * client sends, and the swagger's HttpError.
 */
export class Failure extends Error {
  constructor(readonly status: number, message: string, readonly exceptionType = 'PX.Data.PXException', readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

export function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new Failure(400, 'The request body is not valid JSON.', 'System.ArgumentException');
  }
}

/** Every field is `{"value": ...}` (NOTES §4.3); `id`, `rowNumber` and detail arrays are plain. */
export function unwrap(fields: readonly string[], entity: string, raw: unknown): Record<string, unknown> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Failure(400, `A ${entity} must be a JSON object.`, 'System.ArgumentException');
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'id' || k === 'rowNumber' || k === 'Details' || k === 'custom' || k === 'note') continue;
    // Refusing a field the version does not define is UNVERIFIED: it keeps a client honest about versions.
    if (!fields.includes(k)) throw new Failure(400, `${entity} has no field ${k} in this endpoint version.`, 'System.ArgumentException');
    if (!v || typeof v !== 'object' || !('value' in v)) throw new Failure(400, `${entity}.${k} must be value-wrapped: {"value": ...}.`, 'System.ArgumentException');
    out[k] = (v as { value: unknown }).value;
  }
  return out;
}

export function wrap(fields: readonly string[], row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: row.id, rowNumber: 1 };
  for (const f of fields) if (row[f] !== undefined && f !== 'Details' && f !== 'TaxDetails') out[f] = { value: row[f] };
  return out;
}

export function wrapWithErrors(row: Record<string, unknown>, errors: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = { value: v, ...(errors[k] ? { error: errors[k] } : {}) };
  for (const [k, e] of Object.entries(errors)) if (!(k in out)) out[k] = { value: null, error: e };
  return out;
}

/**
 * The 422 answer for a record with field errors: the record with `error` on each field, its header and each
 * of its lines (NOTES §4.3, §4.7); null when no field is in error.
 */
export function unprocessableRecord(
  rec: Record<string, unknown>, errors: Record<string, string>, details: ReadonlyArray<Record<string, unknown>>, lineErrors: ReadonlyArray<Record<string, string>>,
): { status: 422; body: Record<string, unknown> } | null {
  if (!Object.keys(errors).length && !lineErrors.some((e) => Object.keys(e).length)) return null;
  const body = wrapWithErrors({ ...rec }, errors);
  body.Details = details.map((d, i) => wrapWithErrors(d, lineErrors[i]!));
  return { status: 422, body };
}

export function sum(lines: Array<{ DebitAmount: number; CreditAmount: number }>, f: 'DebitAmount' | 'CreditAmount', exp: number): number {
  return lines.reduce((s, l) => s + decimalToMinor(l[f], exp as 0 | 2 | 3), 0);
}

/** `$top`/`$skip`, the only paging (NOTES §4.4). */
export function page<T>(rows: T[], q: URLSearchParams): T[] {
  const skip = Number(q.get('$skip') ?? 0);
  const top = q.has('$top') ? Number(q.get('$top')) : rows.length;
  return rows.slice(skip, skip + top);
}

/** The $filter forms the connector sends: `Field eq 'x'` joined by `and`, and `LastModifiedDateTime gt datetimeoffset'…'` (NOTES §4.4). */
export function filter<T extends Record<string, unknown>>(rows: T[], f: string | null): T[] {
  if (!f) return rows;
  const terms = f.split(/\s+and\s+/);
  const tests = terms.map((t) => {
    const eq = /^(\w+) eq '((?:[^']|'')*)'$/.exec(t.trim());
    if (eq) return (r: T) => String(r[eq[1]!]) === eq[2]!.replace(/''/g, "'");
    const gt = /^(\w+) gt datetimeoffset'([^']+)'$/.exec(t.trim());
    if (gt) return (r: T) => typeof r[gt[1]!] === 'string' && Date.parse(r[gt[1]!] as string) > Date.parse(gt[2]!);
    throw new Failure(400, `The $filter term "${t}" is not understood by this emulator.`, 'System.ArgumentException');
  });
  return rows.filter((r) => tests.every((test) => test(r)));
}

/** A document whose only field a client may change is Hold (invoices, payments): what it needs to release one left on hold. */
export interface HoldOnlyRow { ReferenceNbr: string; Hold: boolean; Status: string; LastModifiedDateTime: string }

/**
 * Applies an update to such a document: any other field, or a detail array (`refusedDetails`), is refused
 * with 422; Hold is refused with 500 once the document is released. `noun` is e.g. "invoice", with `article`.
 */
export function updateHoldOnly(r: HoldOnlyRow, rec: Record<string, unknown>, refusedDetails: readonly string[], noun: { article: string; noun: string }, now: () => string): void {
  const changes = [...Object.keys(rec).filter((k) => k !== 'Type' && k !== 'ReferenceNbr' && k !== 'Hold'), ...refusedDetails];
  if (changes.length) throw new Failure(422, `Updating ${changes.join(', ')} of ${noun.article} ${noun.noun} is not supported by this emulator.`);
  if (rec.Hold === undefined) return;
  if (r.Status === 'Open' || r.Status === 'Closed') throw new Failure(500, `The ${noun.noun} ${r.ReferenceNbr} has been released already and cannot be changed.`);
  r.Hold = Boolean(rec.Hold);
  r.Status = r.Hold ? 'On Hold' : 'Balanced';
  r.LastModifiedDateTime = now();
}
