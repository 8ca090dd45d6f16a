import { afterEach, describe, expect, it } from 'vitest';
import { buildMultipartBatch, changesetError, parseMultipartBatch, sendMultipartBatch, type BatchPart } from '../../core/erp/multipart-batch';
import { client, localServer } from './transport-fixtures';

type Server = Awaited<ReturnType<typeof localServer>>;
let server: Server | null = null;
afterEach(async () => { await server?.close(); server = null; });

const CRLF = '\r\n';

/** Splits a multipart body the plain way a server would: on its boundary lines, up to the closing one. */
function mimeParts(body: string, contentType: string): Array<{ head: string; body: string }> {
  const boundary = /boundary=([^;\s]+)/.exec(contentType)![1]!;
  const [, ...rest] = body.split(`--${boundary}`);
  const parts = rest.slice(0, rest.findIndex((p) => p.startsWith('--')));
  return parts.map((p) => {
    const text = p.replace(/^\r\n/, '').replace(/\r\n$/, '');
    const at = text.indexOf(CRLF + CRLF);
    return { head: text.slice(0, at), body: text.slice(at + 4) };
  });
}

/**
 * A Service Layer $batch (B1GUIDE §3.10, NOTES §3.5): changesets commit together, a failed one answers
 * with a single response, and execution stops at the first failure. A journal entry whose Memo is "bad"
 * is refused with B1's -10.
 */
async function serviceLayerBatch() {
  const committed: unknown[] = [];
  let entry = 100;
  const s = await localServer((req, res) => {
    const batch = `batchresponse_1`;
    const out: string[] = [];
    for (const part of mimeParts(req.body, String(req.headers['content-type']))) {
      const nested = /Content-Type: multipart\/mixed; boundary=(\S+)/.exec(part.head);
      if (!nested) {
        const line = part.body.split(CRLF)[0]!;
        out.push(`--${batch}`, 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', '', 'HTTP/1.1 200 OK', 'Content-Type: application/json', '', JSON.stringify({ requested: line }));
        continue;
      }
      const ops = mimeParts(part.body, `boundary=${nested[1]}`).map((op) => {
        const id = /Content-ID: (\S+)/.exec(op.head)![1]!;
        const [requestLine = '', ...rest] = op.body.split(CRLF);
        const body = JSON.parse(rest.slice(rest.indexOf('') + 1).join(CRLF)) as { Memo: string };
        return { id, requestLine, body };
      });
      const bad = ops.find((op) => op.body.Memo === 'bad');
      if (bad) {
        out.push(`--${batch}`, 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', '', 'HTTP/1.1 400 Bad Request', 'Content-Type: application/json', '',
          JSON.stringify({ error: { code: -10, message: { lang: 'en-us', value: `Request ${bad.id}: Journal entry memo is not valid` } } }));
        break;
      }
      const cs = 'changesetresponse_1';
      out.push(`--${batch}`, `Content-Type: multipart/mixed; boundary=${cs}`, '');
      // Answered in reverse order: the client must match by Content-ID.
      for (const op of [...ops].reverse()) {
        committed.push(op.body);
        out.push(`--${cs}`, 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', `Content-ID: ${op.id}`, '', 'HTTP/1.1 201 Created', 'Content-Type: application/json', '', JSON.stringify({ JdtNum: ++entry, Memo: op.body.Memo, line: op.requestLine }));
      }
      out.push(`--${cs}--`);
    }
    out.push(`--${batch}--`, '');
    res.writeHead(202, { 'content-type': `multipart/mixed; boundary=${batch}` });
    res.end(out.join(CRLF));
  });
  return { s, committed };
}

const entry = (id: string, memo: string) => ({ id, method: 'POST' as const, url: '/b1s/v1/JournalEntries', body: { Memo: memo, JournalEntryLines: [] } });

describe('OData multipart/mixed batches with atomic changesets', () => {
  it('writes a changeset of two requests with Content-IDs, beside a GET, in CRLF lines', () => {
    let n = 0;
    const req = buildMultipartBatch([{ id: 'q', method: 'GET', url: '/b1s/v1/ChartOfAccounts?$top=1' }, { changeset: [entry('1', 'a'), entry('2', 'b')] }], (kind) => `${kind}_${++n}`);
    expect(req.contentType).toBe('multipart/mixed; boundary=batch_1');
    expect(req.body).toBe([
      '--batch_1', 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', '', 'GET /b1s/v1/ChartOfAccounts?$top=1 HTTP/1.1', '', '',
      '--batch_1', 'Content-Type: multipart/mixed; boundary=changeset_2', '',
      '--changeset_2', 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', 'Content-ID: 1', '', 'POST /b1s/v1/JournalEntries HTTP/1.1', 'Content-Type: application/json', '', '{"Memo":"a","JournalEntryLines":[]}',
      '--changeset_2', 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', 'Content-ID: 2', '', 'POST /b1s/v1/JournalEntries HTTP/1.1', 'Content-Type: application/json', '', '{"Memo":"b","JournalEntryLines":[]}',
      '--changeset_2--', '--batch_1--', '',
    ].join(CRLF));
  });

  it('refuses a GET inside a changeset', () => {
    expect(() => buildMultipartBatch([{ changeset: [{ id: '1', method: 'GET', url: '/b1s/v1/Orders' }] }])).toThrow('A changeset may hold no GET');
  });

  it('reads committed changesets, matched by Content-ID though answered out of order, and a GET', async () => {
    const b1 = await serviceLayerBatch();
    server = b1.s;
    const parts: BatchPart[] = [{ id: 'q', method: 'GET', url: '/b1s/v1/ChartOfAccounts?$top=1' }, { changeset: [entry('1', 'fees'), entry('2', 'refunds')] }];
    const results = await sendMultipartBatch(client(), `${server.base}/b1s/v1/$batch`, parts, 'JournalEntries');
    expect(results).toEqual([
      { kind: 'operation', result: { id: 'q', status: 200, headers: { 'content-type': 'application/json' }, body: { requested: 'GET /b1s/v1/ChartOfAccounts?$top=1 HTTP/1.1' } } },
      { kind: 'changeset', committed: true, results: [
        { id: '1', status: 201, headers: { 'content-type': 'application/json' }, body: { JdtNum: 102, Memo: 'fees', line: 'POST /b1s/v1/JournalEntries HTTP/1.1' } },
        { id: '2', status: 201, headers: { 'content-type': 'application/json' }, body: { JdtNum: 101, Memo: 'refunds', line: 'POST /b1s/v1/JournalEntries HTTP/1.1' } },
      ] },
    ]);
    expect(server.received[0]!.headers['content-type']).toMatch(/^multipart\/mixed; boundary=batch_/);
  });

  it('a failed changeset is one response for all of it, and the parts after it did not run', async () => {
    const b1 = await serviceLayerBatch();
    server = b1.s;
    const parts: BatchPart[] = [{ changeset: [entry('1', 'ok')] }, { changeset: [entry('2', 'fine'), entry('3', 'bad')] }, { changeset: [entry('4', 'later')] }];
    const results = await sendMultipartBatch(client(), `${server.base}/b1s/v1/$batch`, parts, 'JournalEntries');
    expect(results[0]).toMatchObject({ kind: 'changeset', committed: true });
    expect(results[1]).toMatchObject({ kind: 'changeset', committed: false, failure: { status: 400 } });
    expect(results[2]).toEqual({ kind: 'not-run' });
    expect(b1.committed).toEqual([{ Memo: 'ok', JournalEntryLines: [] }]);
    const failed = results[1]!;
    if (failed.kind !== 'changeset' || failed.committed) throw new Error('expected a failed changeset');
    const err = changesetError('sap-b1', 'POST JournalEntries', failed.failure);
    expect(err).toMatchObject({ kind: 'validation', httpStatus: 400, erpCode: '-10', erpMessage: 'Request 3: Journal entry memo is not valid', retryable: false });
  });

  it('takes LF line ends, a quoted boundary and a Content-ID among the inner headers', () => {
    const body = ['--b', 'Content-Type: multipart/mixed; boundary="cs"', '', '--cs', 'Content-Type: application/http', '', 'HTTP/1.1 204 No Content', 'Content-ID: 1', '', '', '--cs--', '--b--', ''].join('\n');
    expect(parseMultipartBatch('multipart/mixed; boundary="b"', body, [{ changeset: [{ id: '1', method: 'PATCH', url: "BusinessPartners('c1')", body: {} }] }]))
      .toEqual([{ kind: 'changeset', committed: true, results: [{ id: '1', status: 204, headers: { 'content-id': '1' } }] }]);
  });
});
