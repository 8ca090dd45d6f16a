import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { PostingOutbox, runPosting, type OutboxEntryOf, type PostingProgress } from '../../core/posting';
import type { AuditLog, Db } from '../../core/store';
import { tempDir } from '../support/temp-workspace';
import { connectorFor, ledgerEntriesByDocument, openPostingDb, settlementIds, settlementJournal } from './posting-fixture';

let bc: BusinessCentralEmulator;
let dir: ReturnType<typeof tempDir>;
let db: Db;
let audit: AuditLog;
let outbox: PostingOutbox;
/** The ERP connection these documents are for. */
const C = 'bc-test';

beforeEach(async () => {
  bc = await startBusinessCentralEmulator({ latencyMs: 1 });
  dir = tempDir();
  ({ db, audit } = openPostingDb(dir.dir));
  outbox = new PostingOutbox(db, audit);
});
afterEach(async () => {
  db.close();
  dir.remove();
  await bc.stop();
});

function enqueue(count: number): string[] {
  return settlementIds(count).map((id, i) => {
    const doc = settlementJournal(id, i);
    outbox.enqueueJournal(C, id, doc);
    return doc.externalDocumentNumber;
  });
}

/** Every document is in the ERP exactly once: as many G/L entries as it has lines, not more. */
function expectEachPostedOnce(keys: string[]): void {
  const entries = ledgerEntriesByDocument(bc);
  for (const key of keys) {
    const e = outbox.get(key) as OutboxEntryOf<'journal'>;
    expect(e.state, key).toBe('posted');
    expect(entries.get(e.erpDocumentNumber!), key).toBe(e.document.lines.length);
  }
  expect(entries.size).toBe(keys.length);
}

describe('posting outbox', () => {
  it('enqueueing the same natural key twice changes nothing', () => {
    const doc = settlementJournal('24000000001', 1);
    expect(outbox.enqueueJournal(C, '24000000001', doc)).toBe(true);
    expect(outbox.enqueueJournal(C, '24000000001', { ...doc, description: 'changed' })).toBe(false);
    const all = outbox.list();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ state: 'pending', document: { description: doc.description } });
    expect(audit.list({ subjectId: '24000000001' }).map((e) => e.operation)).toEqual(['posting.enqueued']);
  });

  it('posts N journals exactly once with their ERP numbers, and a second run posts nothing new', async () => {
    const keys = enqueue(8);
    const progress: PostingProgress[] = [];
    const first = await runPosting(outbox, C, connectorFor(bc), { onProgress: (p) => progress.push(p) });
    expect(first).toMatchObject({ outcome: 'completed', failed: [], notReached: 0 });
    expect(first.posted).toHaveLength(8);
    expectEachPostedOnce(keys);
    expect(progress[0]).toEqual({ done: 0, total: 8, current: null });
    expect(progress.filter((p) => p.current).map((p) => p.current)).toEqual(keys);
    expect(progress.at(-1)).toEqual({ done: 8, total: 8, current: null });

    const journalsBefore = bc.rows('journals').length;
    const second = await runPosting(outbox, C, connectorFor(bc));
    expect(second.posted).toEqual([]);
    expect(bc.rows('journals')).toHaveLength(journalsBefore);
    expectEachPostedOnce(keys);

    const ops = audit.list({ subjectId: settlementIds(1)[0] }).map((e) => e.operation).reverse();
    expect(ops).toEqual(['posting.enqueued', 'posting.started', 'posting.posted']);
  });

  it('a 5xx and 429 storm ends with every document posted once or clearly failed', async () => {
    const keys = enqueue(10);
    bc.faults.failNext(6, 503, { path: /POST .*\$batch/ });
    bc.faults.failNext(8, 429, { retryAfterSeconds: 0 });
    bc.faults.dropAfterProcessing(2, { path: /POST .*Microsoft\.NAV\.post/ });
    bc.faults.failNext(5, 500, { path: /GET .*generalLedgerEntries/ });
    let runs = 0;
    for (; runs < 10 && outbox.workList(C).length + outbox.list({ state: 'failed' }).filter((e) => e.retryable).length > 0; runs++) {
      for (const e of outbox.list({ state: 'failed' })) {
        expect(e.retryable, `${e.naturalKey}: ${e.error?.message}`).toBe(true);
        outbox.replay(e.naturalKey);
      }
      await runPosting(outbox, C, connectorFor(bc));
    }
    expect(bc.stats.throttled).toBeGreaterThan(0);
    expectEachPostedOnce(keys);
  });

  it('a transient error the connector gives up on marks the document failed-retryable and stops the run', async () => {
    const keys = enqueue(3);
    bc.faults.failNext(100, 503);
    const run = await runPosting(outbox, C, connectorFor(bc));
    expect(run.outcome).toBe('stopped');
    expect(run.notReached).toBe(2);
    expect(outbox.get(keys[0]!)).toMatchObject({ state: 'failed', retryable: true, error: { httpStatus: 503 } });
    expect(outbox.get(keys[1]!)!.state).toBe('pending');
    bc.faults.clear();
    outbox.replay(keys[0]!);
    expect((await runPosting(outbox, C, connectorFor(bc))).outcome).toBe('completed');
    expectEachPostedOnce(keys);
  });

  it("an account missing in the ERP fails that document with the ERP's message, the rest post, and replay after the fix posts it", async () => {
    const ids = settlementIds(3);
    const docs = ids.map((id, i) => settlementJournal(id, i, i === 1 ? { feeAccount: '8411' } : {}));
    docs.forEach((d, i) => outbox.enqueueJournal(C, ids[i]!, d));
    const run = await runPosting(outbox, C, connectorFor(bc));
    expect(run.outcome).toBe('completed');
    expect(run.posted.map((p) => p.naturalKey)).toEqual([docs[0]!.externalDocumentNumber, docs[2]!.externalDocumentNumber]);
    const bad = outbox.get(docs[1]!.externalDocumentNumber)!;
    expect(bad).toMatchObject({ state: 'failed', retryable: false, error: { kind: 'validation', line: 3 } });
    expect(bad.error!.message).toContain('G/L account 8411 does not exist in Business Central');
    const failedAudit = audit.list({ subjectId: ids[1]! }).find((e) => e.operation === 'posting.failed')!;
    expect(failedAudit.detail).toContain('8411');

    // The user fixes the mapping; the journal is rebuilt under the same natural key and replayed.
    expect(() => outbox.replay(bad.naturalKey, settlementJournal(ids[2]!, 1))).toThrow(/natural key/);
    outbox.replay(bad.naturalKey, settlementJournal(ids[1]!, 1));
    const replay = await runPosting(outbox, C, connectorFor(bc));
    expect(replay.posted.map((p) => p.naturalKey)).toEqual([bad.naturalKey]);
    expectEachPostedOnce(docs.map((d) => d.externalDocumentNumber));
    expect(audit.list({ subjectId: ids[1]! }).map((e) => e.operation).reverse())
      .toEqual(['posting.enqueued', 'posting.started', 'posting.failed', 'posting.replayed', 'posting.started', 'posting.posted']);
  });

  it('cancelling stops between documents: the one in flight finishes, the rest stay pending and post later', async () => {
    const keys = enqueue(6);
    const abort = new AbortController();
    const run = await runPosting(outbox, C, connectorFor(bc), {
      signal: abort.signal,
      onProgress: (p) => { if (p.done === 2 && p.current) abort.abort(); },
    });
    expect(run.outcome).toBe('cancelled');
    expect(run.posted).toHaveLength(3);
    expect(run.notReached).toBe(3);
    expect(outbox.list().map((e) => e.state)).toEqual(['posted', 'posted', 'posted', 'pending', 'pending', 'pending']);
    expect(ledgerEntriesByDocument(bc).size).toBe(3);
    await runPosting(outbox, C, connectorFor(bc));
    expectEachPostedOnce(keys);
  });

  it('a document left in posting by a crash is found in the ERP, not created again', async () => {
    const keys = enqueue(2);
    await connectorFor(bc).postJournal((outbox.get(keys[0]!) as OutboxEntryOf<'journal'>).document);
    outbox.begin(keys[0]!); // the crash: the ERP has it, the outbox never heard back
    const journals = bc.rows('journals').length;
    const run = await runPosting(outbox, C, connectorFor(bc));
    expect(run.posted[0]).toMatchObject({ naturalKey: keys[0], alreadyInErp: true });
    expect(bc.rows('journals')).toHaveLength(journals + 1);
    expectEachPostedOnce(keys);
    expect(audit.list({ subjectId: settlementIds(1)[0] }).map((e) => e.operation)).toContain('posting.found-in-erp');
  });

  it('a cancelled document is never posted, and a posted one cannot be cancelled or replayed', async () => {
    const keys = enqueue(2);
    outbox.cancel(keys[1]!, 'accountant', 'duplicate upload');
    await runPosting(outbox, C, connectorFor(bc));
    expect(outbox.list().map((e) => e.state)).toEqual(['posted', 'cancelled']);
    expect(ledgerEntriesByDocument(bc).size).toBe(1);
    expect(() => outbox.cancel(keys[0]!)).toThrow(/is posted/);
    expect(() => outbox.replay(keys[0]!)).toThrow(/is posted/);
  });
});
