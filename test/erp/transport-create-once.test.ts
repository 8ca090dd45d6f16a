import { afterEach, describe, expect, it } from 'vitest';
import { createOnce } from '../../core/erp/create-once';
import type { ErpError } from '../../core/erp/erp-error';
import { client, json, localServer, manualClock } from './transport-fixtures';

type Server = Awaited<ReturnType<typeof localServer>>;
let server: Server | null = null;
afterEach(async () => { await server?.close(); server = null; });

interface Entry { JdtNum: number; Ref3: string }

/**
 * A Service Layer's JournalEntries (NOTES §3.3, §3.6: our key in Ref3, looked up before POST). Faults:
 * `dropAfterCreate` stores the entry and then drops the connection; a stored entry becomes visible to
 * reads only `visibleAfterMs` later on the test's clock (a create still committing when we look);
 * `refuseAsDuplicate` answers -10 "already exists" (NOTES §3.2) while storing nothing new.
 */
async function journalEntries(clock: { now(): number }, o: { dropAfterCreate?: number; visibleAfterMs?: number; failWith?: number } = {}) {
  const stored: Array<Entry & { at: number }> = [];
  let drops = o.dropAfterCreate ?? 0;
  let fails = o.failWith ? 1 : 0;
  const s = await localServer((req, res) => {
    if (req.method === 'GET') {
      const key = /Ref3 eq '([^']*)'/.exec(decodeURIComponent(req.url))?.[1];
      json(res, 200, { value: stored.filter((e) => e.Ref3 === key && clock.now() >= e.at + (o.visibleAfterMs ?? 0)).map(({ JdtNum, Ref3 }) => ({ JdtNum, Ref3 })) });
      return;
    }
    const body = JSON.parse(req.body) as { Ref3: string };
    if (fails > 0) { fails--; json(res, o.failWith!, o.failWith === 429 ? { error: { code: -1, message: { lang: 'en-us', value: 'slow down' } } } : { error: { code: -5002, message: { lang: 'en-us', value: 'Account 4000 is not valid' } } }); return; }
    if (stored.some((e) => e.Ref3 === body.Ref3)) { json(res, 400, { error: { code: -10, message: { lang: 'en-us', value: `Journal entry with reference ${body.Ref3} already exists` } } }); return; }
    const entry = { JdtNum: 500 + stored.length, Ref3: body.Ref3, at: clock.now() };
    stored.push(entry);
    if (drops > 0) { drops--; res.destroy(); return; }
    json(res, 201, { JdtNum: entry.JdtNum, Ref3: entry.Ref3 });
  });
  return { s, stored };
}

const b1AlreadyExists = (e: ErpError) => e.erpCode === '-10' && /already exists/i.test(e.erpMessage ?? '');

function poster(base: string, key: string) {
  const http = client();
  return {
    look: async () => (await http.send({ operation: 'GET JournalEntries', method: 'GET', url: `${base}/b1s/v1/JournalEntries?$filter=${encodeURIComponent(`Ref3 eq '${key}'`)}` })).json<{ value: Entry[] }>().value[0] ?? null,
    create: async () => (await http.send({ operation: 'POST JournalEntries', method: 'POST', url: `${base}/b1s/v1/JournalEntries`, body: { Ref3: key }, idempotent: false })).json<Entry>(),
  };
}

describe('look → create → look again: one record per natural key', () => {
  it('creates when the look finds nothing', async () => {
    const clock = manualClock();
    const erp = await journalEntries(clock);
    server = erp.s;
    const result = await createOnce({ key: 'AMZ-1001', ...poster(server.base, 'AMZ-1001'), alreadyExists: b1AlreadyExists, settle: { ms: 3000, clock } });
    expect(result).toEqual({ value: { JdtNum: 500, Ref3: 'AMZ-1001' }, existedBefore: false });
    expect(clock.sleeps).toEqual([]);
  });

  it('after a dropped connection, waits the settle delay and finds the entry the lost answer created', async () => {
    const clock = manualClock();
    const erp = await journalEntries(clock, { dropAfterCreate: 1, visibleAfterMs: 2000 });
    server = erp.s;
    const result = await createOnce({ key: 'AMZ-1002', ...poster(server.base, 'AMZ-1002'), alreadyExists: b1AlreadyExists, settle: { ms: 3000, clock } });
    expect(result).toEqual({ value: { JdtNum: 500, Ref3: 'AMZ-1002' }, existedBefore: false });
    expect(erp.stored).toHaveLength(1);
    expect(clock.sleeps).toEqual([3000]);
    expect(server.received.map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
  });

  it('without the settle delay the look-again misses the committing entry and the ERP refuses the second create as a duplicate', async () => {
    const clock = manualClock();
    const erp = await journalEntries(clock, { dropAfterCreate: 1, visibleAfterMs: 2000 });
    server = erp.s;
    const err = await createOnce({ key: 'AMZ-1003', ...poster(server.base, 'AMZ-1003'), maxRounds: 3 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'validation', erpCode: '-10', document: 'AMZ-1003' });
    expect(erp.stored).toHaveLength(1);
  });

  it('an "already exists" answer looks again at once, without the settle delay', async () => {
    const clock = manualClock();
    const erp = await journalEntries(clock, { visibleAfterMs: 0 });
    server = erp.s;
    const p = poster(server.base, 'AMZ-1004');
    // Another instance created it between our look and our create.
    let firstLook = true;
    const look = async () => (firstLook ? ((firstLook = false), await p.create(), null) : p.look());
    const result = await createOnce({ key: 'AMZ-1004', look, create: p.create, alreadyExists: b1AlreadyExists, settle: { ms: 3000, clock } });
    expect(result).toEqual({ value: { JdtNum: 500, Ref3: 'AMZ-1004' }, existedBefore: false });
    expect(clock.sleeps).toEqual([]);
    expect(erp.stored).toHaveLength(1);
  });

  it('a replay finds what exists and creates nothing', async () => {
    const clock = manualClock();
    const erp = await journalEntries(clock);
    server = erp.s;
    await createOnce({ key: 'AMZ-1005', ...poster(server.base, 'AMZ-1005') });
    const again = await createOnce({ key: 'AMZ-1005', ...poster(server.base, 'AMZ-1005') });
    expect(again).toEqual({ value: { JdtNum: 500, Ref3: 'AMZ-1005' }, existedBefore: true });
    expect(server.received.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('a refusal of the data stops at once, naming the document', async () => {
    const clock = manualClock();
    const erp = await journalEntries(clock, { failWith: 400 });
    server = erp.s;
    const err = await createOnce({ key: 'AMZ-1006', ...poster(server.base, 'AMZ-1006'), alreadyExists: b1AlreadyExists, settle: { ms: 3000, clock } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'validation', erpCode: '-5002', document: 'AMZ-1006', retryable: false });
    expect((err as Error).message).toMatch(/^document AMZ-1006: .*Account 4000 is not valid/);
    expect(clock.sleeps).toEqual([]);
    expect(erp.stored).toHaveLength(0);
  });

  it('throttling (refused before any work) looks again without the settle delay', async () => {
    const clock = manualClock();
    const erp = await journalEntries(clock, { failWith: 429 });
    server = erp.s;
    const http = client({ backoff: { baseMs: 1, capMs: 2, maxAttempts: 1 } });
    const create = async () => (await http.send({ operation: 'POST JournalEntries', method: 'POST', url: `${erp.s.base}/b1s/v1/JournalEntries`, body: { Ref3: 'AMZ-1007' }, idempotent: false })).json<Entry>();
    const result = await createOnce({ key: 'AMZ-1007', look: poster(server.base, 'AMZ-1007').look, create, settle: { ms: 3000, clock } });
    expect(result.value.Ref3).toBe('AMZ-1007');
    expect(clock.sleeps).toEqual([]);
  });
});
