// Posts the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read in place from
// ../shared/reference (never copied into this repository), to the Business Central emulator.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../core/api/events';
import { createDispatcher } from '../../core/api/handlers';
import type { Dispatcher } from '../../core/api/dispatch';
import type { CredentialStore } from '../../core/credentials';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { defaultSeed } from '../../core/sandbox/business-central/emulator-seed';
import { PostingLease, PostingLeaseHeld } from '../../core/posting/lease';
import { ApprovalStore } from '../../core/review/approval';
import { SAMPLE, v2File } from '../support/settlement-files';
import { tempWorkspace } from '../support/temp-workspace';
import { ledgerEntriesByDocument } from './posting-fixture';
import { apiCalls } from '../support/api-calls';

const SETTLEMENT = '28471003921';

/** Secrets for the emulator's connection; the keychain itself is covered by the credentials tests. */
class MemoryCredentials implements CredentialStore {
  private readonly m = new Map<string, string>();
  async get(id: string, f: string) { return this.m.get(`${id}/${f}`) ?? null; }
  async set(id: string, f: string, s: string) { this.m.set(`${id}/${f}`, s); }
  async delete(id: string, f: string) { return this.m.delete(`${id}/${f}`); }
  async which(id: string, fields: readonly string[]) { return Object.fromEntries(fields.map((f) => [f, this.m.has(`${id}/${f}`)])); }
}

interface Run { outcome: string; enqueued: number; posted: Array<{ naturalKey: string; erpDocumentNumber: string; alreadyInErp: boolean }>; failed: Array<{ naturalKey: string; message: string }>; notReached: number; durationMs: number }
interface Row { naturalKey: string; state: string; erpDocumentNumber: string | null; error: { message: string; kind: string; line: number | null } | null; lineCount: number; totalDebit: number; totalCredit: number }

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The US company of the emulator: its books are in USD, like the V2 sample. */
const usCompany = () => ({ ...defaultSeed(), companyName: 'CRONUS USA, Inc.', localCurrency: 'USD' });

const FEES: Array<[string, string, string, string]> = [
  ['*', 'ItemPrice', '*', '6100'],
  ['Refund', 'ItemPrice', '*', '6110'],
  ['*', 'ItemFees', '*', '8410'],
  ['*', 'ItemFees', 'FBAPerUnitFulfillmentFee', '8420'],
  ['*', 'Shipment-Fees', '*', '8420'],
  ['*', 'other-transaction', '*', '8440'],
];

async function setup(options: { seed?: ReturnType<typeof defaultSeed>; latencyMs?: number; map?: boolean; file?: Buffer } = {}) {
  const bc = await startBusinessCentralEmulator({ seed: options.seed ?? usCompany(), latencyMs: options.latencyMs ?? 0 });
  cleanups.push(() => bc.stop());
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(() => ws.remove());
  const C = 'bc';
  ws.connections.upsert({ id: C, kind: 'business-central', name: 'BC US', settings: { deployment: 'online', tenantId: bc.tenantId, environment: bc.environment, clientId: bc.clientId, endpointOverride: bc.url } });
  await ws.credentials.set(C, 'clientSecret', bc.clientSecret);
  const api = createDispatcher(ws);
  const { call, value } = apiCalls(api);
  const imported = await value<{ versionId: number }>('settlements.importUpload', { fileName: 's.tsv', contentBase64: (options.file ?? readFileSync(SAMPLE)).toString('base64') });
  if (options.map !== false) {
    await value('mappings.refreshReference', { connectionId: C });
    for (const [transactionType, amountType, amountDescription, target] of FEES) {
      await value('mappings.save', { connectionId: C, entry: { kind: 'fee', transactionType, amountType, amountDescription, target } });
    }
    for (const [subject, target] of [['clearing', '2920'], ['reserve', '2930'], ['carriedForward', '2940']] as const) {
      await value('mappings.save', { connectionId: C, entry: { kind: 'account', subject, target } });
    }
  }
  const approve = () => new ApprovalStore(ws.db).approve(imported.versionId, { settlementId: SETTLEMENT, version: 1 }, 'controller', null);
  const target = { versionId: imported.versionId, connectionId: C };
  return { bc, ws, api: api as Dispatcher, call, value, approve, target, C, versionId: imported.versionId };
}

const journals = (bc: BusinessCentralEmulator) => bc.rows('journals').length;

describe('posting an approved settlement', () => {
  it('posts the approved V2 sample once, with the ERP document number per document; a second post adds nothing', async () => {
    const t = await setup();
    t.approve();
    const plan = await t.value<{ documents: Array<{ naturalKey: string; documentNumber: string; postingDate: string; totalDebit: number; totalCredit: number; outboxState: string | null }>; refusals: string[]; connection: { company: string; localCurrency: string } }>('posting.plan', t.target);
    expect(plan.refusals).toEqual([]);
    expect(plan.connection).toMatchObject({ company: 'CRONUS USA, Inc.', localCurrency: 'USD' });
    expect(plan.documents).toHaveLength(1);
    expect(plan.documents[0]).toMatchObject({ naturalKey: `${SETTLEMENT}-202606-JNL-V1`, documentNumber: `${SETTLEMENT}-2606J1`, postingDate: '2026-06-30', outboxState: null });
    expect(plan.documents[0]!.totalDebit).toBe(plan.documents[0]!.totalCredit);

    const progress: ProgressEvent[] = [];
    const changed: string[] = [];
    cleanups.push(t.ws.events.subscribe((e) => {
      if (e.type === 'progress' && e.callId === 'post-1') progress.push(e);
      if (e.type === 'changed') changed.push(e.topic);
    }));
    const first = await t.call<Run>('posting.post', t.target, 'post-1');
    expect(first).toMatchObject({ ok: true, value: { outcome: 'completed', enqueued: 1, failed: [], notReached: 0 } });
    const run = (first as { value: Run }).value;
    expect(run.posted).toEqual([{ naturalKey: `${SETTLEMENT}-202606-JNL-V1`, erpDocumentNumber: `${SETTLEMENT}-2606J1`, alreadyInErp: false }]);
    expect(progress.some((p) => p.current === `${SETTLEMENT}-202606-JNL-V1`)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ done: 1, total: 1 });
    expect(changed).toContain('posting');

    const list = await t.value<{ documents: Row[]; run: unknown }>('posting.list', { settlementId: SETTLEMENT });
    expect(list.run).toBeNull();
    expect(list.documents).toEqual([expect.objectContaining({ naturalKey: `${SETTLEMENT}-202606-JNL-V1`, state: 'posted', erpDocumentNumber: `${SETTLEMENT}-2606J1`, error: null })]);
    const entries = ledgerEntriesByDocument(t.bc);
    expect(entries.get(`${SETTLEMENT}-2606J1`)).toBe(list.documents[0]!.lineCount);
    expect(journals(t.bc)).toBe(1);
    const clearing = t.bc.rows('generalLedgerEntries').filter((e) => e.accountNumber === '2920');
    expect(clearing.map((e) => e.debitAmount)).toEqual([582.89]);

    const before = t.bc.rows('generalLedgerEntries').length;
    const second = await t.value<Run>('posting.post', t.target);
    expect(second).toMatchObject({ outcome: 'completed', enqueued: 0, posted: [], failed: [] });
    expect(journals(t.bc)).toBe(1);
    expect(t.bc.rows('generalLedgerEntries')).toHaveLength(before);
    const ops = t.ws.audit.list({ subjectId: SETTLEMENT }).map((e) => e.operation);
    expect(ops.filter((o) => o === 'posting.posted')).toHaveLength(1);
    expect(ops.filter((o) => o === 'posting.run')).toHaveLength(2);
  });

  it('refuses a version that is not approved, and posts nothing', async () => {
    const t = await setup();
    const plan = await t.value<{ refusals: string[]; approval: unknown }>('posting.plan', t.target);
    expect(plan.approval).toBeNull();
    expect(plan.refusals).toEqual([`It is not approved: approve settlement ${SETTLEMENT} version 1 in the review queue first.`]);
    const r = await t.call('posting.post', t.target);
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!r.ok && r.error.message).toBe(`Settlement ${SETTLEMENT} version 1 cannot be posted. It is not approved: approve settlement ${SETTLEMENT} version 1 in the review queue first. Nothing was posted.`);
    expect((await t.value<{ documents: Row[] }>('posting.list', { settlementId: SETTLEMENT })).documents).toEqual([]);
    expect(journals(t.bc)).toBe(0);
    // A revoked approval is no approval.
    t.approve();
    new ApprovalStore(t.ws.db).revoke(t.versionId, { settlementId: SETTLEMENT, version: 1 }, 'controller', 'wrong period');
    expect(await t.call('posting.post', t.target)).toMatchObject({ ok: false, error: { message: expect.stringContaining('It is not approved') } });
    expect(journals(t.bc)).toBe(0);
  });

  it('refuses unmapped lines and a currency the ERP holds no rate for, naming them', async () => {
    const unmapped = await setup({ map: false });
    unmapped.approve();
    const r = await unmapped.call('posting.post', unmapped.target);
    // The sample falls in one month: no carried-forward account is needed, so none is asked for.
    expect(!r.ok && r.error.message).toMatch(/Accounts not mapped under Mappings for BC US: clearing \(or bank\), reserve\./);
    expect(!r.ok && r.error.message).toMatch(/journal lines have no account \(21 settlement lines: /);
    expect(journals(unmapped.bc)).toBe(0);

    // A EUR company with no USD rate: its journal API posts only in EUR, and nothing converts the USD lines.
    const eur = await setup({ seed: { ...defaultSeed(), exchangeRates: [] } });
    eur.approve();
    const e = await eur.call('posting.post', eur.target);
    expect(!e.ok && e.error.message).toContain('No exchange rate from USD to EUR on or before 2026-06-30');
    expect(!e.ok && e.error.message).toContain('Add an exchange rate for USD with a starting date on or before 2026-06-30');
    expect((await eur.value<{ documents: Row[] }>('posting.list', { settlementId: SETTLEMENT })).documents).toEqual([]);
    expect(journals(eur.bc)).toBe(0);
  });

  it('one run per workspace: a second run is told who holds the lease; a dead holder\'s lease is taken over', async () => {
    const t = await setup({ latencyMs: 40 });
    t.approve();
    let started!: () => void;
    const leaseTaken = new Promise<void>((r) => (started = r));
    cleanups.push(t.ws.events.subscribe((e) => e.type === 'progress' && e.callId === 'slow' && started()));
    const slow = t.call<Run>('posting.post', t.target, 'slow');
    await leaseTaken;
    const list = await t.value<{ run: { holder: string; purpose: string } | null }>('posting.list', { settlementId: SETTLEMENT });
    expect(list.run).toMatchObject({ holder: t.ws.osUser, purpose: `posting settlement version ${t.versionId} to BC US` });
    const second = await t.call('posting.post', t.target, 'second');
    expect(second).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(!second.ok && second.error.message).toMatch(new RegExp(`^Another posting run is working in this workspace: ${t.ws.osUser} on ${hostname()} \\(process ${process.pid}\\), posting settlement version ${t.versionId} to BC US, since .*; if that program has died, its lease expires at `));
    expect(await slow).toMatchObject({ ok: true, value: { outcome: 'completed', posted: [expect.anything()] } });
    expect(journals(t.bc)).toBe(1);

    // A holder that died: its process is gone on this host, so its lease is free at once.
    const lease = new PostingLease(t.ws.db);
    lease.acquire('someone', 'posting something', 2 ** 22 + 12345);
    expect(lease.current()).toBeNull();
    expect(await t.call('posting.post', t.target)).toMatchObject({ ok: true, value: { outcome: 'completed' } });
  });

  it('replays a failed document after its mapping is fixed: the ERP error as received, then posted once from the current mappings', async () => {
    const t = await setup();
    t.approve();
    // Account 8999 was postable when mapped; it has been closed in Business Central since.
    t.ws.db.prepare(`UPDATE mapping_rule SET target = '8999' WHERE connection_id = ? AND kind = 'fee' AND amount_type = 'ItemFees' AND amount_description = '*'`).run(t.C);
    const first = await t.value<Run>('posting.post', t.target);
    expect(first).toMatchObject({ outcome: 'completed', posted: [], failed: [{ naturalKey: `${SETTLEMENT}-202606-JNL-V1` }] });
    const [failed] = (await t.value<{ documents: Row[] }>('posting.list', { settlementId: SETTLEMENT })).documents;
    expect(failed).toMatchObject({ state: 'failed', erpDocumentNumber: null, error: { kind: 'validation', message: expect.stringMatching(/G\/L account 8999 \(Closed Account\) does not accept direct postings.*Nothing was posted\./) } });
    expect(journals(t.bc)).toBe(0);
    // Posting again does not retry a failed document: it waits for a fix and a replay.
    expect(await t.value<Run>('posting.post', t.target)).toMatchObject({ posted: [], failed: [] });

    await t.value('mappings.save', { connectionId: t.C, entry: { kind: 'fee', transactionType: '*', amountType: 'ItemFees', amountDescription: '*', target: '8410' } });
    // The fix changes the journal that was approved: the approval is withdrawn, naming the rule change, until approved again.
    const withdrawn = await t.call('posting.replay', { naturalKey: `${SETTLEMENT}-202606-JNL-V1`, connectionId: t.C });
    expect(!withdrawn.ok && withdrawn.error.message).toMatch(/Its approval was withdrawn\. The journal changed since it was approved: rule 'ItemFees' changed by \S+ at [-0-9: ]+ UTC: account 8999 → 8410\./);
    t.approve();
    const replay = await t.value<Run>('posting.replay', { naturalKey: `${SETTLEMENT}-202606-JNL-V1`, connectionId: t.C });
    expect(replay).toMatchObject({ outcome: 'completed', posted: [{ erpDocumentNumber: `${SETTLEMENT}-2606J1` }], failed: [] });
    const [posted] = (await t.value<{ documents: Row[] }>('posting.list', { settlementId: SETTLEMENT })).documents;
    expect(posted).toMatchObject({ state: 'posted', erpDocumentNumber: `${SETTLEMENT}-2606J1`, error: null });
    expect(journals(t.bc)).toBe(1);
    expect(t.bc.rows('generalLedgerEntries').some((e) => e.accountNumber === '8999')).toBe(false);
    expect(t.bc.rows('generalLedgerEntries').some((e) => e.accountNumber === '8410')).toBe(true);
    expect(ledgerEntriesByDocument(t.bc).get(`${SETTLEMENT}-2606J1`)).toBe(posted!.lineCount);
    expect(await t.call('posting.replay', { naturalKey: `${SETTLEMENT}-202606-JNL-V1`, connectionId: t.C })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('only a failed document can be replayed') } });
  });

  it('a cancelled run leaves the rest pending; a pending document can be cancelled and then never posts', async () => {
    const t = await setup();
    t.approve();
    // Cancelled while the ERP is still being checked: nothing enqueued, nothing posted.
    const early = t.call<Run>('posting.post', t.target, 'early');
    t.api.cancel('early');
    expect(await early).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect((await t.value<{ documents: Row[] }>('posting.list', { settlementId: SETTLEMENT })).documents).toEqual([]);
    // Cancelled once the documents are in the outbox: the run stops before the next document.
    cleanups.push(t.ws.events.subscribe((e) => e.type === 'progress' && e.callId === 'p' && e.phase.startsWith('Posting to') && t.api.cancel('p')));
    const r = await t.call<Run>('posting.post', t.target, 'p');
    expect(r).toMatchObject({ ok: true, value: { outcome: 'cancelled', posted: [], notReached: 1 } });
    const [row] = (await t.value<{ documents: Row[] }>('posting.list', { settlementId: SETTLEMENT })).documents;
    expect(row).toMatchObject({ state: 'pending' });
    expect(await t.value<Row>('posting.cancel', { naturalKey: row!.naturalKey, reason: 'posted by hand' })).toMatchObject({ state: 'cancelled' });
    expect(await t.value<Run>('posting.post', t.target)).toMatchObject({ posted: [], enqueued: 0 });
    expect(journals(t.bc)).toBe(0);
  });
});

describe('a settlement across a month end', () => {
  it('posts one document per period, each once: the earlier one carries its net forward, the later one takes the deposit', async () => {
    // The sample moved to end on 3 July, its last three lines posted on 1 July.
    const file = Buffer.from(readFileSync(SAMPLE, 'utf8').replace('2026-06-30 23:59:59 UTC', '2026-07-03 23:59:59 UTC').replaceAll('2026-06-30 ', '2026-07-01 '));
    const t = await setup({ file });
    t.approve();
    const plan = await t.value<{ refusals: string[]; documents: Array<{ naturalKey: string; documentNumber: string; postingDate: string; totalDebit: number; totalCredit: number }> }>('posting.plan', t.target);
    expect(plan.refusals).toEqual([]);
    expect(plan.documents.map((d) => [d.naturalKey, d.documentNumber, d.postingDate])).toEqual([
      [`${SETTLEMENT}-202606-JNL-V1`, `${SETTLEMENT}-2606J1`, '2026-06-30'],
      [`${SETTLEMENT}-202607-JNL-V1`, `${SETTLEMENT}-2607J1`, '2026-07-03'],
    ]);
    for (const d of plan.documents) expect(d.totalDebit).toBe(d.totalCredit);
    const run = await t.value<Run>('posting.post', t.target);
    expect(run).toMatchObject({ outcome: 'completed', enqueued: 2, failed: [] });
    expect(run.posted.map((p) => p.erpDocumentNumber)).toEqual([`${SETTLEMENT}-2606J1`, `${SETTLEMENT}-2607J1`]);
    expect(await t.value<Run>('posting.post', t.target)).toMatchObject({ enqueued: 0, posted: [] });
    expect(journals(t.bc)).toBe(2);
    const entries = t.bc.rows('generalLedgerEntries');
    const sum = (account: string) => entries.filter((e) => e.accountNumber === account).reduce((a, e) => a + Math.round(Number(e.debitAmount) * 100) - Math.round(Number(e.creditAmount) * 100), 0);
    expect(sum('2920')).toBe(58289);
    expect(sum('2940')).toBe(0);
    expect(entries.filter((e) => e.accountNumber === '2920').map((e) => [e.documentNumber, e.postingDate])).toEqual([[`${SETTLEMENT}-2607J1`, '2026-07-03']]);
  });
});

describe('what the review decided', () => {
  it('posts the reviewed journal: an excluded line stays out of the ERP, an accepted variance posts to its account', async () => {
    const id = '900777';
    const t = await setup({
      file: Buffer.from(v2File(id, '80.00', [
        { t: 'Order', a: 'ItemPrice', d: 'Principal', amount: '100.00' },
        { t: 'Order', a: 'ItemFees', d: 'MysteryFee', amount: '-20.00' },
      ])),
    });
    type Items = { items: Array<{ id: number; kind: string; state: string; severity: string }> };
    const open = async () => (await t.value<Items>('review.list', { settlementId: id, connectionId: t.C })).items.filter((i) => i.state === 'open');
    const unknown = (await open()).find((i) => i.kind === 'unknown-type')!;
    await t.value('review.resolve', { itemId: unknown.id, connectionId: t.C, resolution: { action: 'exclude', reason: 'charged twice by Amazon, disputed' } });
    const difference = (await open()).find((i) => i.kind === 'difference')!;
    // 20.00 is above what one person may accept by default (1.00); this workspace allows it.
    await t.value('review.setPolicy', { varianceLimit: '100.00' });
    await t.value('review.resolve', { itemId: difference.id, connectionId: t.C, resolution: { action: 'acceptVariance', account: '8440', reason: 'disputed fee, written off' } });
    for (const w of await open()) await t.value('review.resolve', { itemId: w.id, connectionId: t.C, resolution: { action: 'acknowledge' } });
    await t.value('review.approve', { versionId: t.versionId, connectionId: t.C });

    const plan = await t.value<{ refusals: string[]; documents: Array<{ totalDebit: number; totalCredit: number }> }>('posting.plan', t.target);
    expect(plan.refusals).toEqual([]);
    expect(plan.documents).toHaveLength(1);
    const run = await t.value<Run>('posting.post', t.target);
    expect(run).toMatchObject({ outcome: 'completed', failed: [] });
    const entries = t.bc.rows('generalLedgerEntries');
    const sum = (account: string) => entries.filter((e) => e.accountNumber === account).reduce((a, e) => a + Math.round(Number(e.debitAmount) * 100) - Math.round(Number(e.creditAmount) * 100), 0);
    expect(sum('2920')).toBe(8000); // the deposit
    expect(sum('6100')).toBe(-10000); // the sale
    expect(sum('8440')).toBe(2000); // the accepted variance
    expect(sum('8410')).toBe(0); // the excluded fee never reaches the ERP
  });
});

describe('posting lease', () => {
  it('is held until released or expired, renewing extends it, and a lost lease cannot be renewed', async () => {
    const t = await setup({ map: false });
    let now = new Date('2026-11-23T10:00:00Z');
    const lease = new PostingLease(t.ws.db, { ttlMs: 30_000, now: () => now, isAlive: () => true });
    const a = lease.acquire('alice', 'posting A', 111, 'pc-a');
    expect(() => lease.acquire('bob', 'posting B', 222, 'pc-b')).toThrow(PostingLeaseHeld);
    expect(() => lease.acquire('bob', 'posting B', 222, 'pc-b')).toThrow(/alice on pc-a \(process 111\), posting A, since 2026-11-23T10:00:00.000Z.*expires at 2026-11-23T10:00:30.000Z/);
    now = new Date('2026-11-23T10:00:20Z');
    expect(a.renew()).toBe(true);
    now = new Date('2026-11-23T10:00:45Z');
    expect(() => lease.acquire('bob', 'posting B', 222, 'pc-b')).toThrow(PostingLeaseHeld);
    now = new Date('2026-11-23T10:00:51Z');
    const b = lease.acquire('bob', 'posting B', 222, 'pc-b');
    expect(lease.current()).toMatchObject({ holder: 'bob' });
    expect(a.renew()).toBe(false);
    a.release();
    expect(lease.current()).toMatchObject({ holder: 'bob' });
    b.release();
    expect(lease.current()).toBeNull();
  });
});
