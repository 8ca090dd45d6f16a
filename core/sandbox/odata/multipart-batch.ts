import { boundaryOf, readHeaders, splitHead, splitMultipart, type MimePart } from '../../net/mime-parts';
import { ODataRequestError } from './odata-error';

/**
 * The server side of OData `multipart/mixed` batches, wire format only (OData v4.0 part 1 §11.7; v3:
 * MS-ODATA §2.2.7.6): each part is one `application/http` request, or a changeset, a nested multipart
 * of requests that commit together. What a service does with them (order, atomicity, error shapes) is
 * the emulator's. The client side is core/erp/multipart-batch.ts.
 */
export interface MultipartRequest {
  /** The MIME part's Content-ID, or one written among the request's own headers (MS-ODATA §2.2.7.6.6 accepts either). */
  contentId: string | null;
  method: string;
  url: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}
export type MultipartRequestPart = { request: MultipartRequest } | { changeset: MultipartRequest[] };

export interface MultipartResponse {
  contentId: string | null;
  status: number;
  /** Written as given, Content-Type included; a body without a Content-Type is sent as JSON. */
  headers: Record<string, string>;
  body: string;
}
/** A committed changeset answers each request; a failed one answers once (OData v4.0 part 1 §11.7.4). */
export type MultipartResponsePart = { response: MultipartResponse } | { changeset: MultipartResponse[] } | { failedChangeset: MultipartResponse };

const CRLF = '\r\n';
const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 409: 'Conflict', 412: 'Precondition Failed', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

/** Reads a batch request body; a body that is not multipart/mixed, or a part that is no request, is refused as a bad body. */
export function parseMultipartBatch(contentType: string | undefined, body: string): MultipartRequestPart[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new ODataRequestError(400, 'bad-body', 'The batch request must be multipart/mixed with a boundary.');
  const parts = splitMultipart(body, boundary);
  if (parts.length === 0) throw new ODataRequestError(400, 'bad-body', 'The batch request holds no part.');
  return parts.map((part) => {
    const inner = boundaryOf(part.headers['content-type']);
    if (inner) return { changeset: splitMultipart(part.body, inner).map(readRequest) };
    return { request: readRequest(part) };
  });
}

export function renderMultipartBatch(answers: readonly MultipartResponsePart[], boundary: string): string {
  const lines: string[] = [];
  for (const a of answers) {
    lines.push(`--${boundary}`);
    if ('changeset' in a) {
      const cs = `changesetresponse_${boundary}`;
      lines.push(`Content-Type: multipart/mixed; boundary=${cs}`, '');
      for (const r of a.changeset) lines.push(`--${cs}`, ...responsePart(r));
      lines.push(`--${cs}--`);
    } else lines.push(...responsePart('response' in a ? a.response : a.failedChangeset));
  }
  lines.push(`--${boundary}--`, '');
  return lines.join(CRLF);
}

function responsePart(r: MultipartResponse): string[] {
  const out = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (r.contentId) out.push(`Content-ID: ${r.contentId}`);
  out.push('', `HTTP/1.1 ${r.status} ${STATUS_TEXT[r.status] ?? ''}`.trimEnd());
  const headers = { ...r.headers };
  if (r.body && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  for (const [k, v] of Object.entries(headers)) out.push(`${k}: ${v}`);
  out.push('', r.body);
  return out;
}

function readRequest(part: MimePart): MultipartRequest {
  if (boundaryOf(part.headers['content-type'])) throw new ODataRequestError(400, 'bad-body', 'A changeset may not hold another changeset.');
  const { head, rest } = splitHead(part.body);
  const [requestLine = '', ...headerLines] = head.split(/\r?\n/);
  const m = /^(GET|POST|PATCH|PUT|DELETE)\s+(\S+)\s+HTTP\/1\.[01]$/.exec(requestLine.trim());
  if (!m) throw new ODataRequestError(400, 'bad-body', `A batch part does not start with a request line: "${requestLine.slice(0, 80)}"`);
  const headers = readHeaders(headerLines.join('\n'));
  return { contentId: part.headers['content-id'] ?? headers['content-id'] ?? null, method: m[1]!, url: m[2]!, headers, body: rest.replace(/\r?\n$/, '') };
}
