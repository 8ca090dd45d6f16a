import { randomUUID } from 'node:crypto';
import { ODataRequestError, parseMultipartBatch, renderMultipartBatch, type MultipartRequest, type MultipartResponse, type MultipartResponsePart } from '../odata';
import { errorBody, SapB1Failure, type ServiceVersion } from './emulator-errors';

/**
 * `POST /b1s/vN/$batch` as the Service Layer serves it. Sources:
 * - NOTES §3.5 (B1GUIDE §3.10): multipart/mixed with `application/http` parts; a changeset is atomic and
 *   may hold no GET; Content-ID is referenced as `$1` and is mandatory on v2; the answer is 202 on v1 and
 *   200 on v2; execution stops at the first failure and a failed changeset answers with a single response.
 * - learning.sap.com, "Performing Batch Operations in Service Layer API" (search, pages corpus): "any
 *   failed sub-request in a change set causes the whole change set to be rolled back".
 * - NOTES §3.2: `-1000` "Incomplete Batch Request Body!" (400); every error part carries B1's error body
 *   of its version (emulator-errors.ts).
 * - MS-ODATA §2.2.7.6.6: the answer's boundary may differ from the request's; changeset answers carry
 *   the Content-ID of their request.
 * UNVERIFIED, the less convenient choice taken: the code and words for a GET or a missing Content-ID in a
 * changeset (-1000, refused before anything in it runs); that a failed changeset's one answer carries
 * the failing request's Content-ID; that sub-requests run on the batch's own session cookie; that a
 * rolled-back create gives its JdtNum back to the series.
 */
export interface B1SubRequest {
  method: string;
  /** The path after /b1s/vN/, e.g. "JournalEntries(12)/Cancel". */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: Buffer;
}

export interface B1Answer { status: number; headers: Record<string, string>; body: string }

export interface B1BatchHost {
  /** The emulator's router: answers one request alone, or throws B1's failure. */
  route(request: B1SubRequest, sink: AnswerSink): Promise<() => void>;
  /**
   * Where the company's data stands now, and going back there: a changeset's transaction. No sub-request
   * waits on I/O, so no other request's writes fall between a mark and its rollback.
   */
  mark(): number;
  rollback(mark: number): void;
}

/** Where a route writes its answer; the batch collects it instead of sending it (see captureAnswer). */
export interface AnswerSink {
  writeHead(status: number, headers?: Record<string, string>): unknown;
  end(body?: string): unknown;
}

/**
 * Runs a route against a sink that keeps its answer, turning a thrown B1 failure into B1's error body:
 * the answer a sub-request would have had on its own.
 */
export async function captureAnswer(version: ServiceVersion, run: (sink: AnswerSink) => Promise<() => void>): Promise<B1Answer> {
  const answer: B1Answer = { status: 200, headers: {}, body: '' };
  const sink: AnswerSink = {
    writeHead: (status, headers) => { answer.status = status; answer.headers = { ...(headers ?? {}) }; },
    end: (body) => { answer.body = body ?? ''; },
  };
  try {
    (await run(sink))();
  } catch (err) {
    const f = err instanceof SapB1Failure ? err
      : err instanceof ODataRequestError ? new SapB1Failure(400, -1000, err.message)
        : new SapB1Failure(500, -1, err instanceof Error ? err.message : String(err));
    return failureAnswer(version, f);
  }
  return answer;
}

/** Answers a $batch POST that came with `headers` on a live session; the returned function writes the answer. */
export async function serveB1Batch(headers: Record<string, string>, raw: Buffer, version: ServiceVersion, res: AnswerSink, host: B1BatchHost): Promise<() => void> {
  let parts;
  try {
    parts = parseMultipartBatch(headers['content-type'], raw.toString('utf8'));
  } catch (err) {
    if (err instanceof ODataRequestError) throw new SapB1Failure(400, -1000, 'Incomplete Batch Request Body!');
    throw err;
  }
  const batch: Batch = {
    version, mark: () => host.mark(), rollback: (m) => host.rollback(m),
    execute: (request) => captureAnswer(version, (sink) => host.route({ ...request, headers: { ...request.headers, cookie: headers.cookie ?? '' } }, sink)),
  };
  const answers: MultipartResponsePart[] = [];
  for (const part of parts) {
    const answer: MultipartResponsePart = 'request' in part ? { response: await run(part.request, batch, new Map()) } : await runChangeset(part.changeset, batch);
    answers.push(answer);
    // B1 stops at the first failure: later parts get no answer at all.
    if ('failedChangeset' in answer || ('response' in answer && answer.response.status >= 400)) break;
  }
  const boundary = `batchresponse_${randomUUID()}`;
  const body = renderMultipartBatch(answers, boundary);
  return () => {
    res.writeHead(version === 'v1' ? 202 : 200, { 'content-type': `multipart/mixed;boundary=${boundary}` });
    res.end(body);
  };
}

/** The batch's view of the emulator: sub-requests answered on the batch's session, and its transaction. */
interface Batch {
  version: ServiceVersion;
  execute(request: B1SubRequest): Promise<B1Answer>;
  mark(): number;
  rollback(mark: number): void;
}

/** One changeset in one transaction: every request answered, or the first failure alone with nothing kept. */
async function runChangeset(requests: MultipartRequest[], host: Batch): Promise<MultipartResponsePart> {
  const refusal = changesetRefusal(requests, host.version);
  if (refusal) return { failedChangeset: { ...failureAnswer(host.version, refusal.failure), contentId: refusal.contentId } };
  const mark = host.mark();
  const created = new Map<string, string>();
  const done: MultipartResponse[] = [];
  for (const request of requests) {
    const answer = await run(request, host, created);
    if (answer.status >= 400) {
      host.rollback(mark);
      return { failedChangeset: answer };
    }
    const location = Object.entries(answer.headers).find(([k]) => k.toLowerCase() === 'location')?.[1];
    if (request.contentId && location) created.set(request.contentId, location);
    done.push(answer);
  }
  return { changeset: done };
}

function changesetRefusal(requests: MultipartRequest[], version: ServiceVersion): { failure: SapB1Failure; contentId: string | null } | null {
  const get = requests.find((r) => r.method === 'GET');
  if (get) return { failure: new SapB1Failure(400, -1000, `A changeset may not hold a GET request (${get.url}).`), contentId: get.contentId };
  const unnamed = requests.find((r) => r.contentId === null);
  if (unnamed && version === 'v2') return { failure: new SapB1Failure(400, -1000, `Content-ID is missing in a changeset request (${unnamed.method} ${unnamed.url}).`), contentId: null };
  return null;
}

async function run(request: MultipartRequest, host: Batch, created: ReadonlyMap<string, string>): Promise<MultipartResponse> {
  let target: { path: string; query: URLSearchParams };
  try {
    target = subRequestTarget(request.url, host.version, created);
  } catch (err) {
    if (!(err instanceof SapB1Failure)) throw err;
    return { ...failureAnswer(host.version, err), contentId: request.contentId };
  }
  const answer = target.path === '$batch'
    ? failureAnswer(host.version, new SapB1Failure(400, -1000, 'A batch may not hold another batch.'))
    : await host.execute({ method: request.method, path: target.path, query: target.query, headers: request.headers, body: Buffer.from(request.body, 'utf8') });
  return { ...answer, contentId: request.contentId };
}

/**
 * A sub-request's URL as clients write it: absolute, from the server root (/b1s/v1/Orders), or relative
 * to the service root (Orders); `$n` at its start stands for what request n of the changeset created.
 */
function subRequestTarget(url: string, version: ServiceVersion, created: ReadonlyMap<string, string>): { path: string; query: URLSearchParams } {
  let written = url;
  const ref = /^\$([^/?]+)(.*)$/.exec(url);
  if (ref) {
    const location = created.get(ref[1]!);
    if (!location) throw new SapB1Failure(400, -1000, `$${ref[1]} names no entity created earlier in this changeset.`);
    written = `${location}${ref[2]!}`;
  }
  const root = `/b1s/${version}/`;
  const u = new URL(written, `http://service${root}`);
  if (!u.pathname.startsWith(root)) throw new SapB1Failure(404, -2028, `Resource not found for the segment '${u.pathname}'.`);
  return { path: decodeURIComponent(u.pathname.slice(root.length)), query: u.searchParams };
}

function failureAnswer(version: ServiceVersion, f: SapB1Failure): B1Answer {
  return { status: f.status, headers: { 'content-type': 'application/json;charset=utf-8' }, body: JSON.stringify(errorBody(version, f.code, f.message)) };
}
