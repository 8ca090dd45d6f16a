import { lowerHeaders } from '../http/loopback-server';
import { ODataRequestError } from './odata-error';

type Row = Record<string, unknown>;

/** One request inside a batch, whatever the wire format it came in. */
export interface BatchOperation {
  id: string;
  method: string;
  /** As the client wrote it: absolute, or relative to the service root. */
  url: string;
  headers: Record<string, string>;
  /** Absent when the operation has none; a JSON batch carries bodies already parsed. */
  body?: string | Row;
}

export interface OperationResult { status: number; body: unknown; headers?: Record<string, string> }

export interface BatchResponse extends OperationResult { id: string }

/**
 * A batch wire format. JSON batches (OData 4.01 §19, what BC's API v2.0 takes) are here; `multipart/mixed`
 * with atomic changesets (SAP B1, F&O) is the other format, added beside it behind this same interface.
 */
export interface BatchFormat {
  parse(body: string): BatchOperation[];
  render(responses: BatchResponse[]): { status: number; body: unknown; headers?: Record<string, string> };
}

export const jsonBatch: BatchFormat = {
  parse(body) {
    let parsed: { requests?: unknown };
    try {
      parsed = JSON.parse(body) as { requests?: unknown };
    } catch {
      throw new ODataRequestError(400, 'bad-body', 'The batch request body is not valid JSON.');
    }
    if (!Array.isArray(parsed.requests)) throw new ODataRequestError(400, 'bad-body', 'The batch request must contain a "requests" array.');
    return (parsed.requests as Row[]).map((op, i) => ({
      id: op.id === undefined ? String(i) : String(op.id),
      method: String(op.method ?? 'GET'),
      url: String(op.url ?? ''),
      headers: lowerHeaders((op.headers ?? {}) as Record<string, string>),
      ...(op.body === undefined ? {} : { body: bodyOf(op.body) }),
    }));
  },
  render(responses) {
    return {
      status: 200,
      body: {
        responses: responses.map((r) => ({
          id: r.id, status: r.status,
          headers: { 'content-type': 'application/json; odata.metadata=minimal', 'odata-version': '4.0', ...(r.headers ?? {}) },
          ...(r.body === undefined ? {} : { body: r.body }),
        })),
      },
    };
  },
};

/** The most operations one batch may hold (BC online: 100, BCDOCS operational-limits-online.md; wording [UNVERIFIED]). */
export function checkBatchSize(operations: BatchOperation[], maxOperations: number): void {
  if (operations.length > maxOperations) {
    throw new ODataRequestError(400, 'too-many-operations', `The batch contains ${operations.length} operations; the maximum is ${maxOperations}.`);
  }
}

/** `Isolation: snapshot` (BC) makes a batch one transaction: a failure reverts all of it. */
export interface BatchTransaction { begin(): void; commit(): void; rollback(): void }

/**
 * Runs a batch's operations one after another, in order. Without `Prefer: odata.continue-on-error` the
 * service stops at the first failure (OData 4.01 §11.7.7); with `Isolation: snapshot` it stops there too
 * and reverts the whole batch "as if the batch request never happened" (BCDOCS use-odata-batch.md). What
 * BC then reports for the earlier operations is [UNVERIFIED]; their success statuses stay, so a client
 * must not trust them after any failure.
 */
export function runBatch(operations: BatchOperation[], headers: Record<string, string>, transaction: BatchTransaction, execute: (op: BatchOperation, index: number) => OperationResult): BatchResponse[] {
  const snapshot = (headers.isolation ?? '').toLowerCase() === 'snapshot';
  const continueOnError = /odata\.continue-on-error/.test(headers.prefer ?? '');
  if (snapshot) transaction.begin();
  const responses: BatchResponse[] = [];
  let failed = false;
  for (let i = 0; i < operations.length; i++) {
    const op = operations[i]!;
    const result = execute(op, i);
    responses.push({ id: op.id, ...result });
    if (result.status >= 400) {
      failed = true;
      if (!continueOnError || snapshot) break;
    }
  }
  if (snapshot) {
    if (failed) transaction.rollback();
    else transaction.commit();
  }
  return responses;
}

/** A JSON batch operation's body arrives already parsed; anything but an object is kept as text, to be refused like a bad body. */
function bodyOf(v: unknown): string | Row {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Row) : JSON.stringify(v);
}
