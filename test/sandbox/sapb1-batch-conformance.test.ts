import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildMultipartBatch, parseMultipartBatch, type BatchPart } from '../../core/erp/multipart-batch';
import type { BatchOperation } from '../../core/erp/odata';
import { journalEntryBody } from '../../core/erp/sap-b1/mapping';
import { startSapB1Emulator, type SapB1Emulator } from '../../core/sandbox/sap-b1/emulator';
import { b1Journal } from '../erp/sap-b1/sap-b1-fixtures';

/**
 * The SAP Business One emulator's `$batch` against what NOTES §3.5 (B1GUIDE §3.10) and SAP's lesson
 * "Performing Batch Operations in Service Layer API" say: multipart/mixed, 202 on v1 and 200 on v2,
 * atomic changesets rolled back whole, one answer for a failed changeset, a stop at the first failure,
 * `$n` references, and B1's error body of each version in the failing part (NOTES §3.2). The requests are
 * written and the answers read by our own client side (core/erp/multipart-batch.ts).
 */
let emu: SapB1Emulator;
beforeEach(async () => { emu = await startSapB1Emulator(); });
afterEach(async () => { await emu.stop(); });

type Version = 'v1' | 'v2';
const root = (v: Version) => (v === 'v1' ? emu.v1 : emu.v2);

async function login(v: Version): Promise<string> {
  const res = await fetch(`${root(v)}/Login`, { method: 'POST', body: JSON.stringify({ CompanyDB: emu.seed.companyDb, UserName: 'manager', Password: 'B1Admin!' }) });
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

async function batch(v: Version, parts: BatchPart[], cookie?: string) {
  const request = buildMultipartBatch(parts);
  const res = await fetch(`${root(v)}/$batch`, { method: 'POST', headers: { cookie: cookie ?? await login(v), 'content-type': request.contentType }, body: request.body });
  const text = await res.text();
  return { status: res.status, text, contentType: res.headers.get('content-type'), parts: res.ok ? parseMultipartBatch(res.headers.get('content-type'), text, parts) : [] };
}

const entry = (id: string, contentId: string, accountOfFirstLine?: string): BatchOperation => {
  const doc = b1Journal(id);
  const lines = accountOfFirstLine ? doc.lines.map((l, i) => (i === 0 ? { ...l, accountNumber: accountOfFirstLine } : l)) : doc.lines;
  return { id: contentId, method: 'POST', url: 'JournalEntries', headers: { Prefer: 'return-no-content' }, body: journalEntryBody({ ...doc, lines }, null) };
};
const references = () => emu.journalEntries().map((j) => j.Reference);
const key = (id: string) => b1Journal(id).externalDocumentNumber;

describe('the SAP Business One emulator\'s $batch', () => {
  for (const v of ['v1', 'v2'] as const) {
    it(`${v}: a changeset commits every create, each answered with its Content-ID and Location (answer ${v === 'v1' ? 202 : 200})`, async () => {
      const r = await batch(v, [{ changeset: [entry('6001', '1'), entry('6002', '2')] }]);
      expect(r.status).toBe(v === 'v1' ? 202 : 200);
      expect(r.contentType).toMatch(/^multipart\/mixed;\s*boundary=/);
      const [part] = r.parts;
      expect(part).toMatchObject({ kind: 'changeset', committed: true });
      if (part?.kind !== 'changeset' || !part.committed) throw new Error('not committed');
      expect(part.results.map((x) => [x.id, x.status])).toEqual([['1', 204], ['2', 204]]);
      const jdts = emu.journalEntries().map((j) => j.JdtNum);
      expect(part.results.map((x) => x.headers?.location)).toEqual(jdts.map((n) => `JournalEntries(${n})`));
      expect(references()).toEqual([key('6001'), key('6002')]);
    });

    it(`${v}: a failing request rolls back the whole changeset; its one answer carries B1's ${v} error; later parts are not run`, async () => {
      const r = await batch(v, [
        { changeset: [entry('6101', '1')] },
        { changeset: [entry('6102', '2'), entry('6103', '3', '_SYS00000000001'), entry('6104', '4')] },
        { changeset: [entry('6105', '5')] },
      ]);
      expect(r.status).toBe(v === 'v1' ? 202 : 200);
      expect(r.parts[0]).toMatchObject({ kind: 'changeset', committed: true });
      expect(r.parts[2]).toEqual({ kind: 'not-run' });
      const failed = r.parts[1];
      if (failed?.kind !== 'changeset' || failed.committed) throw new Error('the second changeset should have failed');
      expect(failed.failure).toMatchObject({ id: '3', status: 400 });
      const message = "Account '_SYS00000000001' is a title account; select an active account (line 1).";
      expect(failed.failure.body).toEqual(v === 'v1' ? { error: { code: -5002, message: { lang: 'en-us', value: message } } } : { error: { code: '-5002', message } });
      // Only the first changeset is in the company: 6102 was created, then undone with its changeset.
      expect(references()).toEqual([key('6101')]);
      // The raw answer holds exactly one response for the failed changeset (no nested multipart).
      expect(r.text.match(/HTTP\/1\.1 /g)).toHaveLength(2);
    });
  }

  it('$n names what request n of the changeset created: a create and its Cancel commit together, or neither does', async () => {
    const ok = await batch('v2', [{ changeset: [entry('6201', '1'), { id: '2', method: 'POST', url: '$1/Cancel' }] }]);
    expect(ok.parts[0]).toMatchObject({ kind: 'changeset', committed: true });
    const [original, reversal] = emu.journalEntries();
    expect(reversal).toMatchObject({ Original: original!.JdtNum, Reference: key('6201') });

    const bad = await batch('v2', [{ changeset: [entry('6202', '1'), { id: '2', method: 'POST', url: `JournalEntries(${original!.JdtNum})/Cancel` }] }]);
    expect(bad.parts[0]).toMatchObject({ kind: 'changeset', committed: false, failure: { id: '2', status: 400, body: { error: { code: '-5002' } } } });
    expect(references()).toEqual([key('6201'), key('6201')]);
  });

  it('a changeset holding a GET, or (on v2) a request without Content-ID, is refused whole with -1000 before anything in it runs', async () => {
    const withGet = await batch('v1', [{ changeset: [entry('6301', '1')] }, { id: 'g', method: 'GET', url: 'JournalEntries' }]);
    expect(withGet.parts[1]).toMatchObject({ kind: 'operation', result: { status: 200 } });
    // The client side refuses to write a GET into a changeset, so this one is written by hand.
    const cookie = await login('v1');
    const body = ['--b', 'Content-Type: multipart/mixed; boundary=c', '', '--c', 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', 'Content-ID: 1', '',
      'POST /b1s/v1/JournalEntries HTTP/1.1', 'Content-Type: application/json', '', JSON.stringify(entry('6302', '1').body), '--c', 'Content-Type: application/http',
      'Content-Transfer-Encoding: binary', 'Content-ID: 2', '', 'GET /b1s/v1/JournalEntries HTTP/1.1', '', '', '--c--', '--b--', ''].join('\r\n');
    const raw = await fetch(`${emu.v1}/$batch`, { method: 'POST', headers: { cookie, 'content-type': 'multipart/mixed; boundary=b' }, body });
    expect(raw.status).toBe(202);
    const text = await raw.text();
    expect(text).toContain('HTTP/1.1 400 Bad Request');
    expect(text).toContain('"code":-1000');
    expect(text).toContain('A changeset may not hold a GET request');

    const unnamed = body.replace('Content-ID: 1\r\n', '').replace(/--c\r\nContent-Type: application\/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 2[\s\S]*?(?=--c--)/, '').replaceAll('/b1s/v1/', '/b1s/v2/');
    const v2 = await fetch(`${emu.v2}/$batch`, { method: 'POST', headers: { cookie: await login('v2'), 'content-type': 'multipart/mixed; boundary=b' }, body: unnamed });
    expect(v2.status).toBe(200);
    expect(await v2.text()).toContain('"code":"-1000","message":"Content-ID is missing in a changeset request');
    expect(references()).toEqual([key('6301')]);
  });

  it('a body that is not a multipart batch is refused with -1000 "Incomplete Batch Request Body!" (NOTES §3.2)', async () => {
    const res = await fetch(`${emu.v1}/$batch`, { method: 'POST', headers: { cookie: await login('v1'), 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: -1000, message: { lang: 'en-us', value: 'Incomplete Batch Request Body!' } } });
  });

  it('a batch on an ended session is refused whole with 401 / 301, and nothing in it runs', async () => {
    const cookie = await login('v2');
    emu.faults.expireTokens();
    const r = await batch('v2', [{ changeset: [entry('6401', '1')] }], cookie);
    expect(r.status).toBe(401);
    expect(JSON.parse(r.text)).toEqual({ error: { code: '301', message: 'Invalid session or session already timeout.' } });
    expect(emu.journalEntries()).toHaveLength(0);
  });

  it('a batch whose answer is lost after processing kept its committed changesets: the look-up by Reference finds them', async () => {
    emu.faults.dropAfterProcessing(1, { path: /^POST \$batch$/ });
    await expect(batch('v2', [{ changeset: [entry('6501', '1')] }])).rejects.toThrow();
    const cookie = await login('v2');
    const found = await fetch(`${emu.v2}/JournalEntries?$filter=${encodeURIComponent(`Reference eq '${key('6501')}'`)}`, { headers: { cookie } });
    expect(((await found.json()) as { value: unknown[] }).value).toHaveLength(1);
  });
});
