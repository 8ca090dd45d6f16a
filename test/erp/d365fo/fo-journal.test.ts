import { afterEach, describe, expect, it } from 'vitest';
import type { FoEmulator } from '../../../core/sandbox/fo/emulator';
import { ErpError } from '../../../core/erp/erp-error';
import { manualClock } from '../transport-fixtures';
import { foConnector, foEmulator, journal, recordingFetch, TODAY, type SentRequest } from './fo-fixtures';

let emu: FoEmulator;
afterEach(async () => emu?.stop());

async function tokenOf(e: FoEmulator): Promise<string> {
  const res = await fetch(`${e.url}/${e.tenantId}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: e.clientId, client_secret: e.clientSecret, scope: `${e.url}/.default` }) });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** The line numbers each changeset the connector sent carried, in order. */
const linesSent = (sent: SentRequest[]) => sent.filter((r) => r.method === 'POST' && r.url.endsWith('/$batch')).map((r) => [...r.body.matchAll(/"LineNumber":(\d+)/g)].map((m) => Number(m[1])));

const headersOf = (key: string) => emu.rows('LedgerJournalHeaders').filter((h) => h.Description === key);
const linesOf = (batch: unknown) => emu.rows('LedgerJournalLines').filter((l) => l.JournalBatchNumber === batch).map((l) => l.LineNumber).sort((a, b) => Number(a) - Number(b));

describe('F&O connector against the emulator', () => {
  it('tests the connection: the legal entity, its accounting currency, and the journal name; refusals in plain words', async () => {
    emu = await foEmulator();
    await expect(foConnector(emu).testConnection()).resolves.toMatchObject({ companyId: 'usmf', companyName: 'Contoso Entertainment System USA', localCurrency: 'USD' });
    await expect(foConnector(emu, { legalEntity: 'xx' }).testConnection()).rejects.toThrow('F&O has no legal entity xx (dataAreaId)');
    await expect(foConnector(emu, { journalName: 'Nope' }).testConnection()).rejects.toThrow('Legal entity USMF has no journal name Nope');
    await expect(foConnector(emu, {}, 'wrong').testConnection()).rejects.toThrow(/Entra ID refused the sign-in: AADSTS7000215/);
    emu.unregisterApp();
    await expect(foConnector(emu).testConnection()).rejects.toMatchObject({ kind: 'auth', httpStatus: 401 });
  });

  it('reads main accounts with F&O\'s postable rules and the format\'s dimensions with their values, across pages', async () => {
    emu = await foEmulator({ maxPageSize: 5 });
    const c = foConnector(emu);
    const accounts = (await c.readReferenceData('accounts')).records;
    expect(accounts).toHaveLength(16);
    const postable = Object.fromEntries(accounts.map((a) => [a.code, a.postable]));
    expect(postable).toMatchObject({ 1000: false, 8900: false, 8910: false, 8920: false, 8930: false, 6100: true, 2920: true });
    const dims = (await c.readReferenceData('dimensions')).records;
    expect(dims.map((d) => d.code)).toEqual(['BusinessUnit', 'Department']);
    expect(dims[0]!.values!.map((v) => [v.code, v.postable])).toEqual([['001', true], ['002', true], ['009', false]]);
    expect(dims[1]!.values!.map((v) => [v.code, v.postable])).toEqual([['022', true], ['023', true], ['099', false]]);
  });

  it('reads the legal entity\'s sales tax groups (VRMTaxGroups) with their descriptions, and no freight codes', async () => {
    emu = await foEmulator();
    const c = foConnector(emu);
    expect((await c.readReferenceData('taxCodes')).records.map((r) => [r.code, r.name, r.postable])).toEqual([['CA', 'California sales tax', true], ['NY', 'New York sales tax', true], ['EXEMPT', 'Tax exempt', true]]);
    expect(await c.readReferenceData('freightCodes')).toEqual({ records: [], watermark: null });
  });

  it('creates the journal once with its lines as ledger display strings, answers not posted, and sees it posted once a person posts it in F&O', async () => {
    emu = await foEmulator();
    const c = foConnector(emu);
    const doc = journal('28471003921-202606-JNL-V1');
    const result = await c.postJournal(doc);
    expect(result).toEqual({ documentNumber: 'USMF-000001', alreadyExisted: false, posted: false });
    const lines = emu.rows('LedgerJournalLines');
    expect(lines.map((l) => l.AccountDisplayValue)).toEqual(['8410-002-022', '6100-002-022', '8410-002-022', '2920']);
    expect(lines[0]).toMatchObject({ AccountType: 'Ledger', DebitAmount: 10.01, CreditAmount: 0, CurrencyCode: 'EUR', TransDate: '2026-06-15', Text: 'Line 1' });
    expect(await c.findByNaturalKey('journal', doc.externalDocumentNumber)).toEqual({ kind: 'journal', documentNumber: 'USMF-000001', state: 'draft' });
    expect(await c.postJournal(doc)).toEqual({ documentNumber: 'USMF-000001', alreadyExisted: true, posted: false });
    expect(emu.rows('LedgerJournalLines')).toHaveLength(4);
    emu.postJournal('USMF-000001');
    expect(await c.findByNaturalKey('journal', doc.externalDocumentNumber)).toMatchObject({ state: 'posted' });
  });

  it('a connection dropped after F&O created the header, then one dropped after the lines changeset committed: one header, each line once', async () => {
    emu = await foEmulator();
    const c = foConnector(emu);
    emu.faults.dropAfterProcessing(1, { path: /^POST \/data\/LedgerJournalHeaders$/ });
    emu.faults.dropAfterProcessing(1, { path: /^POST \/data\/\$batch$/ });
    const doc = journal('S-DROP-1', 6);
    const r = await c.postJournal(doc);
    expect(headersOf('S-DROP-1')).toHaveLength(1);
    expect(linesOf(r.documentNumber)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('a header left without lines (a crash before the changeset) is reused and completed; a changeset that fails keeps none of its lines', async () => {
    emu = await foEmulator();
    const c = foConnector(emu);
    emu.faults.dropNext(3, { path: /^POST \/data\/\$batch$/ });
    const doc = journal('S-HALF', 5);
    // The create-once rounds outlast three drops before any work.
    const r = await c.postJournal(doc);
    expect(linesOf(r.documentNumber)).toEqual([1, 2, 3, 4, 5]);
    const bad = { ...journal('S-BAD', 5) };
    bad.lines = bad.lines.map((l, i) => (i === 2 ? { ...l, accountNumber: '8900' } : l));
    const err = await c.postJournal(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ErpError);
    expect(err).toMatchObject({ kind: 'validation', retryable: false, line: 3 });
    expect((err as Error).message).toContain('Main account 8900 is suspended');
    const [header] = headersOf('S-BAD');
    expect(linesOf(header!.JournalBatchNumber)).toEqual([]);
  });

  it('survives a 429 storm and expired tokens: one header per key with exactly its lines, never more than 8 requests in flight', async () => {
    emu = await foEmulator({ concurrentRequests: 52, latencyMs: 5 });
    const c = foConnector(emu);
    emu.faults.throttle(12);
    const keys = Array.from({ length: 12 }, (_, i) => `S-STORM-${i}`);
    const first = Promise.all(keys.slice(0, 6).map((k) => c.postJournal(journal(k, 3))));
    await first;
    emu.faults.expireTokens();
    await Promise.all(keys.slice(6).map((k) => c.postJournal(journal(k, 3))));
    for (const k of keys) {
      const h = headersOf(k);
      expect(h, k).toHaveLength(1);
      expect(linesOf(h[0]!.JournalBatchNumber)).toEqual([1, 2, 3]);
    }
    expect(emu.stats.throttled).toBeGreaterThanOrEqual(12);
    expect(emu.stats.peakConcurrent).toBeLessThanOrEqual(8);
  });

  it('honours Retry-After and refuses a natural key with the * wildcard or a dimension outside the format', async () => {
    emu = await foEmulator({ retryAfterSeconds: 1 });
    const clock = manualClock(TODAY);
    const c = foConnector(emu, {}, emu.clientSecret, { clock });
    await c.testConnection();
    emu.faults.throttle(1);
    const before = clock.sleeps.length;
    await c.findByNaturalKey('journal', 'S-X');
    expect(clock.sleeps.slice(before)).toEqual([1000]);
    await expect(c.postJournal(journal('S*1'))).rejects.toThrow('a natural key with * cannot be looked up in F&O');
    // Why: in F&O's filters * matches anything, so such a key would find another settlement's journal.
    await c.postJournal(journal('S-10'));
    const wild = await fetch(`${emu.url}/data/LedgerJournalHeaders?cross-company=true&$filter=${encodeURIComponent("dataAreaId eq 'usmf' and Description eq 'S-1*'")}`, { headers: { authorization: `Bearer ${await tokenOf(emu)}` } });
    expect(((await wild.json()) as { value: Array<{ Description: string }> }).value.map((h) => h.Description)).toEqual(['S-10']);
    const base = journal('S-DIM');
    const odd = { ...base, lines: base.lines.map((l, i) => (i === 0 ? { ...l, dimensions: { CostCenter: '10' } } : l)) };
    await expect(c.postJournal(odd)).rejects.toThrow('dimension CostCenter is not in the connection\'s ledger dimension format (BusinessUnit, Department)');
  });

  it('a drop inside a lines changeset loses that changeset whole; the header is reused and only the missing line numbers are sent again', async () => {
    emu = await foEmulator();
    const rec = recordingFetch();
    const c = foConnector(emu, {}, emu.clientSecret, { linesPerChangeset: 3, fetch: rec.fetch });
    emu.faults.dropAfterProcessing(1, { path: /^POST \/data\/LedgerJournalHeaders$/ });
    // The first changeset (lines 1-3) commits; the second loses its connection after two of its lines ran.
    emu.dropInsideChangeset(2, 1);
    const doc = journal('S-INSIDE-1', 8);
    const r = await c.postJournal(doc);
    expect(headersOf('S-INSIDE-1')).toHaveLength(1);
    expect(r).toMatchObject({ documentNumber: headersOf('S-INSIDE-1')[0]!.JournalBatchNumber, posted: false });
    expect(linesOf(r.documentNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(linesSent(rec.sent)).toEqual([[1, 2, 3], [4, 5, 6], [4, 5, 6], [7, 8]]);
    const lines = emu.rows('LedgerJournalLines');
    expect(lines.map((l) => l.AccountDisplayValue)).toEqual(doc.lines.map((l) => (l.dimensions ? `${l.accountNumber}-002-022` : l.accountNumber)));
    const header = headersOf('S-INSIDE-1')[0]!;
    expect(header.JournalTotalDebit).toBe(header.JournalTotalCredit);
    // Sent again, nothing changes: the header is found and every line is there.
    expect(await c.postJournal(doc)).toEqual({ documentNumber: r.documentNumber, alreadyExisted: true, posted: false });
    expect(emu.rows('LedgerJournalLines')).toHaveLength(8);
  });

  it('a 429 storm with Retry-After: each refused request waits what F&O asked before it is sent again, and each key ends with one header and exactly its lines', async () => {
    emu = await foEmulator({ retryAfterSeconds: 1 });
    const rec = recordingFetch();
    const c = foConnector(emu, {}, emu.clientSecret, { fetch: rec.fetch });
    await c.testConnection();
    emu.faults.throttle(2, { path: /^POST \/data\/LedgerJournalHeaders$/ });
    emu.faults.throttle(10);
    const keys = Array.from({ length: 6 }, (_, i) => `S-RA-${i}`);
    await Promise.all(keys.map((k, i) => c.postJournal(journal(k, 3 + i))));
    for (const [i, k] of keys.entries()) {
      const h = headersOf(k);
      expect(h, k).toHaveLength(1);
      expect(linesOf(h[0]!.JournalBatchNumber), k).toEqual(Array.from({ length: 3 + i }, (_, n) => n + 1));
    }
    const throttled = rec.sent.filter((r) => r.status === 429);
    expect(throttled).toHaveLength(12);
    for (const t of throttled) {
      const again = rec.sent.find((r) => r !== t && r.sentAt > t.sentAt && r.method === t.method && r.url === t.url && r.body === t.body);
      expect(again, `${t.method} ${t.url} was not sent again`).toBeDefined();
      // Retry-After: 1 second, measured from the refusal's arrival (a few ms of timer slack allowed).
      expect(again!.sentAt - t.answeredAt).toBeGreaterThanOrEqual(990);
    }
  });
});
