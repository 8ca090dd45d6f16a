import { boundaryOf, readHeaders, splitHead, splitMultipart, type MimePart } from '../../net/mime-parts';
import { ODataRequestError } from '../odata';

/**
 * The server side of OData `multipart/mixed` batches (OData v4.0 part 1 §11.7; NOTES §2.4: every request
 * in a changeset is atomic). The client side is core/erp/multipart-batch.ts.
 */
export interface MultipartOperation {
  contentId: string | null;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}
export type MultipartPart = { op: MultipartOperation } | { changeset: MultipartOperation[] };

export interface MultipartAnswer { contentId: string | null; status: number; body: unknown; headers?: Record<string, string> }
/** A committed changeset answers each request; a failed one answers once, with the failure. */
export type MultipartPartAnswer = { op: MultipartAnswer } | { changeset: MultipartAnswer[] } | { failedChangeset: MultipartAnswer };

const CRLF = '\r\n';
const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No Content', 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 429: 'Too Many Requests', 500: 'Internal Server Error' };

export function parseMultipart(contentType: string | undefined, body: string): MultipartPart[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new ODataRequestError(400, 'bad-body', 'The batch request must be multipart/mixed with a boundary.');
  return splitMultipart(body, boundary).map((part) => {
    const inner = boundaryOf(part.headers['content-type']);
    if (inner) return { changeset: splitMultipart(part.body, inner).map(readOperation) };
    return { op: readOperation(part) };
  });
}

export function renderMultipart(answers: MultipartPartAnswer[], boundary: string): string {
  const lines: string[] = [];
  for (const a of answers) {
    lines.push(`--${boundary}`);
    if ('changeset' in a) {
      const cs = `changesetresponse_${boundary}`;
      lines.push(`Content-Type: multipart/mixed; boundary=${cs}`, '');
      for (const r of a.changeset) lines.push(`--${cs}`, ...responsePart(r));
      lines.push(`--${cs}--`);
    } else lines.push(...responsePart('op' in a ? a.op : a.failedChangeset));
  }
  lines.push(`--${boundary}--`, '');
  return lines.join(CRLF);
}

function responsePart(r: MultipartAnswer): string[] {
  const out = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (r.contentId) out.push(`Content-ID: ${r.contentId}`);
  out.push('', `HTTP/1.1 ${r.status} ${STATUS_TEXT[r.status] ?? ''}`.trimEnd());
  for (const [k, v] of Object.entries(r.headers ?? {})) out.push(`${k}: ${v}`);
  if (r.body !== undefined) out.push('Content-Type: application/json; odata.metadata=minimal', '', JSON.stringify(r.body));
  else out.push('', '');
  return out;
}


function readOperation(part: MimePart): MultipartOperation {
  const { head, rest } = splitHead(part.body);
  const [requestLine = '', ...headerLines] = head.split(/\r?\n/);
  const m = /^(GET|POST|PATCH|PUT|DELETE)\s+(\S+)\s+HTTP\/1\.1$/.exec(requestLine.trim());
  if (!m) throw new ODataRequestError(400, 'bad-body', `A batch part does not start with a request line: "${requestLine.slice(0, 80)}"`);
  return { contentId: part.headers['content-id'] ?? null, method: m[1]!, url: m[2]!, headers: readHeaders(headerLines.join('\n')), body: rest.replace(/\r?\n$/, '') };
}

