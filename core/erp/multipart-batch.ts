import { randomUUID } from 'node:crypto';
import { ErpError } from './erp-error';
import type { ErpHttpClient, ErrorClassifier } from './http-client';
import { boundaryOf, readHeaders, splitHead, splitMultipart, type MimePart } from '../net/mime-parts';
import { parseErrorBody, type BatchOperation, type BatchOperationResult } from './odata';

/**
 * OData `multipart/mixed` batches, as SAP B1's Service Layer and F&O take them (BC uses the JSON batch
 * in odata.ts). Format: OData v4.0 part 1 §11.7 (v3: "Batch Processing" §2) and B1GUIDE §3.10 (NOTES §3.5):
 * - each part is `application/http` with `Content-Transfer-Encoding: binary` holding one request;
 * - a changeset is a nested `multipart/mixed` part whose requests succeed or fail together; it may hold
 *   no GET, and each of its requests carries a Content-ID (mandatory on B1's v4), referenced as `$<id>`;
 * - a failed changeset answers with one `application/http` response instead of a nested multipart
 *   (OData v4.0 part 1 §11.7.4); B1 stops at the first failure, so later parts get no answer at all.
 * Lines end in CRLF (RFC 2046 §5.1.1).
 */
export type BatchPart = BatchOperation | { changeset: readonly BatchOperation[] };

export interface MultipartBatchRequest {
  /** The Content-Type header of the $batch POST, with its boundary. */
  contentType: string;
  body: string;
}

const CRLF = '\r\n';

export function buildMultipartBatch(parts: readonly BatchPart[], newBoundary: (kind: 'batch' | 'changeset') => string = (kind) => `${kind}_${randomUUID()}`): MultipartBatchRequest {
  const batch = newBoundary('batch');
  const lines: string[] = [];
  for (const part of parts) {
    lines.push(`--${batch}`);
    if ('changeset' in part) {
      if (part.changeset.length === 0) throw new RangeError('A changeset needs at least one request');
      const get = part.changeset.find((op) => op.method === 'GET');
      if (get) throw new RangeError(`A changeset may hold no GET (OData v4.0 part 1 §11.7.2): request ${get.id} reads ${get.url}`);
      const changeset = newBoundary('changeset');
      lines.push(`Content-Type: multipart/mixed; boundary=${changeset}`, '');
      for (const op of part.changeset) {
        lines.push(`--${changeset}`);
        lines.push(...operationPart(op, true));
      }
      lines.push(`--${changeset}--`);
    } else {
      lines.push(...operationPart(part, false));
    }
  }
  lines.push(`--${batch}--`, '');
  return { contentType: `multipart/mixed; boundary=${batch}`, body: lines.join(CRLF) };
}

function operationPart(op: BatchOperation, inChangeset: boolean): string[] {
  const out = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (inChangeset) out.push(`Content-ID: ${op.id}`);
  out.push('', `${op.method} ${op.url} HTTP/1.1`);
  const headers: Record<string, string> = { ...(op.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(op.headers ?? {}) };
  for (const [name, value] of Object.entries(headers)) out.push(`${name}: ${value}`);
  out.push('');
  out.push(op.body === undefined ? '' : typeof op.body === 'string' ? op.body : JSON.stringify(op.body));
  return out;
}

/**
 * POSTs the batch to `<service root>/$batch` and reads the answer. The batch is not idempotent: a
 * dropped connection leaves unknown which changesets committed, so the caller looks before it resends.
 * The answer is 202 on B1 v1 and 200 on v2 (NOTES §3.5); both arrive here as ok.
 */
export async function sendMultipartBatch(http: ErpHttpClient, url: string, parts: readonly BatchPart[], operation: string, signal?: AbortSignal): Promise<BatchPartResult[]> {
  const request = buildMultipartBatch(parts);
  const operations = parts.reduce((n, p) => n + ('changeset' in p ? p.changeset.length : 1), 0);
  const res = await http.send({
    operation: `$batch ${operation}`, method: 'POST', url, idempotent: false, body: request.body,
    headers: { 'content-type': request.contentType, accept: 'multipart/mixed' },
    auditRequest: { parts: parts.length, operations },
    ...(signal ? { signal } : {}),
  });
  return parseMultipartBatch(res.headers.get('content-type'), res.text, parts);
}

/** A failed changeset as an error naming the request that failed and the ERP's code and message. */
export function changesetError(system: string, operation: string, failure: BatchOperationResult, classify?: ErrorClassifier): ErpError {
  const text = failure.body === undefined ? '' : typeof failure.body === 'string' ? failure.body : JSON.stringify(failure.body);
  const { code, message } = parseErrorBody(text);
  const kind = classify?.({ status: failure.status, code, message, body: text }) ?? (failure.status === 429 ? 'throttled' : failure.status >= 500 ? 'transient' : failure.status === 409 || failure.status === 412 ? 'conflict' : failure.status === 404 ? 'not-found' : 'validation');
  return new ErpError(`${system} ${operation}: the changeset was rolled back at request ${failure.id}: HTTP ${failure.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`, {
    system, kind, httpStatus: failure.status, erpCode: code, erpMessage: message, operation,
  });
}

/** What became of one part of the request, in request order. */
export type BatchPartResult =
  | { kind: 'operation'; result: BatchOperationResult }
  | { kind: 'changeset'; committed: true; results: BatchOperationResult[] }
  /** Nothing in the changeset was kept; `failure` is the one response the server gave for all of it. */
  | { kind: 'changeset'; committed: false; failure: BatchOperationResult }
  /** The server stopped before this part (B1 stops at the first failure). */
  | { kind: 'not-run' };

/**
 * Reads a multipart batch response against the parts that were sent. Changeset answers are matched by
 * Content-ID (servers may reorder them, OData v4.0 part 1 §11.7.4), found in the MIME part headers or,
 * as some servers write it, among the inner response headers; without one, by order.
 */
export function parseMultipartBatch(contentType: string | null, body: string, sent: readonly BatchPart[]): BatchPartResult[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new Error(`A batch answer must be multipart/mixed with a boundary; got "${contentType ?? 'no Content-Type'}"`);
  const answers = splitMultipart(body, boundary);
  return sent.map((part, i): BatchPartResult => {
    const answer = answers[i];
    if (!answer) return { kind: 'not-run' };
    const nested = boundaryOf(answer.headers['content-type'] ?? null);
    if (!('changeset' in part)) {
      return { kind: 'operation', result: readHttpResponse(answer, part.id) };
    }
    if (!nested) return { kind: 'changeset', committed: false, failure: readHttpResponse(answer, part.changeset[0]?.id ?? String(i)) };
    const inner = splitMultipart(answer.body, nested).map((p, j) => readHttpResponse(p, part.changeset[j]?.id ?? String(j)));
    const byId = new Map(inner.map((r) => [r.id, r]));
    const results = part.changeset.map((op, j) => byId.get(op.id) ?? inner[j]);
    if (results.some((r) => r === undefined)) {
      throw new Error(`The batch answer to a changeset of ${part.changeset.length} requests holds ${inner.length} responses`);
    }
    const ordered = results as BatchOperationResult[];
    // A server that answers a failed changeset with the nested form still reports the failure per request.
    const failed = ordered.find((r) => r.status >= 400);
    return failed ? { kind: 'changeset', committed: false, failure: failed } : { kind: 'changeset', committed: true, results: ordered };
  });
}

function readHttpResponse(part: MimePart, fallbackId: string): BatchOperationResult {
  const { head, rest } = splitHead(part.body);
  const [statusLine = '', ...headerLines] = head.split(/\r?\n/);
  const m = /^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(statusLine.trim());
  if (!m) throw new Error(`A batch answer part does not start with an HTTP status line: "${statusLine.slice(0, 80)}"`);
  const headers = readHeaders(headerLines.join('\n'));
  const id = part.headers['content-id'] ?? headers['content-id'] ?? fallbackId;
  const text = rest.replace(/\r?\n$/, '');
  return { id, status: Number(m[1]), headers, ...(text.trim() ? { body: parseBody(text) } : {}) };
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
