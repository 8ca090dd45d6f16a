// Uses the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read at test time from
// ../shared/reference.
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../core/api/handlers';
import type { ReviewItemView, VersionStatusView } from '../../../core/api/calls/review';
import { PostingOutbox, recheckAwaiting } from '../../../core/posting';
import type { FoEmulator } from '../../../core/sandbox/fo/emulator';
import { MemoryCredentials, SAMPLE_ACCOUNTS, sample } from '../../review/review-fixtures';
import { tempWorkspace } from '../../support/temp-workspace';
import { SyncRunner } from '../../../core/sync/sync-runner';
import { clockStartingAt } from '../../../core/clock/clock';
import { foEmulator, TODAY } from './fo-fixtures';
import { apiCalls } from '../../support/api-calls';

const SETTLEMENT = '28471003921';
const FO = 'fo-usmf';

type List = { items: ReviewItemView[]; settlements: VersionStatusView[] };
interface Plan { documents: Array<{ naturalKey: string; totalDebit: number; totalCredit: number }>; refusals: string[]; connection: { company: string } }
interface Run { outcome: string; enqueued: number; posted: unknown[]; awaiting: Array<{ naturalKey: string; erpDocumentNumber: string }>; failed: unknown[] }

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  // F&O and the workspace on one clock pinned at TODAY.
  const clock = clockStartingAt(TODAY);
  const emu: FoEmulator = await foEmulator({ clock });
  cleanups.push(() => emu.stop());
  const ws = tempWorkspace(new MemoryCredentials(), clock);
  cleanups.push(ws.remove);
  ws.connections.upsert({
    id: FO, kind: 'd365fo', name: 'F&O USMF',
    settings: { environmentUrl: emu.url, tenantId: emu.tenantId, clientId: emu.clientId, legalEntity: 'usmf', journalName: 'GenJrn', dimensionFormat: 'BusinessUnit,Department', signInOverride: emu.url },
  });
  await ws.credentials.set(FO, 'clientSecret', emu.clientSecret);
  const api = createDispatcher(ws);
  const { value } = apiCalls(api);
  return { emu, ws, value };
}

describe('a settlement posted to Finance & Operations', () => {
  it('the Connections screen\'s test says in plain words when F&O does not know the app', async () => {
    const t = await setup();
    t.emu.unregisterApp();
    expect(await t.value('connections.test', { id: FO })).toMatchObject({ status: 'failed', message: expect.stringContaining('System administration > Setup > Microsoft Entra applications') });
  });

  it('is mapped with dimensions, approved and sent as a general journal, waits in F&O until a person posts it there, then shows as posted', async () => {
    const t = await setup();
    expect(await t.value('connections.test', { id: FO })).toEqual({
      status: 'ok', message: `Connected to Contoso Entertainment System USA (usmf) as application ${t.emu.clientId}.`,
      details: [`Environment: ${t.emu.url}`, 'Accounting currency: USD'],
    });
    const { versionId } = await t.value<{ versionId: number }>('settlements.importUpload', { fileName: 's.tsv', contentBase64: Buffer.from(sample(), 'utf8').toString('base64') });
    const read = await t.value<{ read: { accounts: number; dimensions: number } }>('mappings.refreshReference', { connectionId: FO });
    expect(read.read).toMatchObject({ accounts: 16, dimensions: 2 });

    const open = await t.value<List>('review.list', { connectionId: FO, state: 'open' });
    for (const item of open.items) {
      const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
      // Fees carry the online business unit and the marketplaces department; balance-sheet roles none.
      const dimensions = target?.startsWith('8') ? { BusinessUnit: '002', Department: '022' } : undefined;
      if (target && item.actions.includes('map')) await t.value('review.resolve', { itemId: item.id, connectionId: FO, resolution: { action: 'map', target, ...(dimensions ? { dimensions } : {}) } });
    }
    expect((await t.value<VersionStatusView>('review.approve', { versionId, connectionId: FO })).status).toBe('approved');
    const plan = await t.value<Plan>('posting.plan', { versionId, connectionId: FO });
    expect(plan.refusals).toEqual([]);
    expect(plan.documents).toHaveLength(1);
    const key = plan.documents[0]!.naturalKey;

    const run = await t.value<Run>('posting.post', { versionId, connectionId: FO });
    expect(run).toMatchObject({ outcome: 'completed', enqueued: 1, posted: [], failed: [] });
    expect(run.awaiting).toEqual([{ naturalKey: key, erpDocumentNumber: 'USMF-000001' }]);
    const [header] = t.emu.rows('LedgerJournalHeaders');
    expect(header).toMatchObject({ dataAreaId: 'usmf', JournalName: 'GenJrn', Description: key, IsPosted: 'No' });
    expect(header!.JournalTotalDebit).toBe(header!.JournalTotalCredit);
    const accounts = t.emu.rows('LedgerJournalLines').map((l) => String(l.AccountDisplayValue));
    expect(accounts).toContain('8410-002-022');
    expect(accounts).toContain('2920');
    const list = async () => (await t.value<{ documents: Array<{ naturalKey: string; state: string; erpDocumentNumber: string | null }> }>('posting.list', { settlementId: SETTLEMENT })).documents;
    expect(await list()).toEqual([expect.objectContaining({ naturalKey: key, state: 'awaiting', erpDocumentNumber: 'USMF-000001' })]);

    // Posting again creates nothing: the outbox holds it as awaiting.
    expect((await t.value<Run>('posting.post', { versionId, connectionId: FO })).enqueued).toBe(0);
    expect(t.emu.rows('LedgerJournalHeaders')).toHaveLength(1);

    const outbox = new PostingOutbox(t.ws.db, t.ws.audit);
    const erp = await t.ws.erp.connector(FO);
    expect(await recheckAwaiting(outbox, FO, erp)).toMatchObject({ posted: [], stillAwaiting: 1 });
    t.emu.postJournal('USMF-000001');
    expect(await recheckAwaiting(outbox, FO, erp)).toMatchObject({ posted: [{ naturalKey: key, erpDocumentNumber: 'USMF-000001' }] });
    expect(await list()).toEqual([expect.objectContaining({ naturalKey: key, state: 'posted', erpDocumentNumber: 'USMF-000001' })]);
  });

  it('the Settlements and Dashboard screens say the journal waits in F&O and since when; a sync run, auto-post off, records it posted once a person posts it there', async () => {
    const t = await setup();
    const { versionId } = await t.value<{ versionId: number }>('settlements.importUpload', { fileName: 's.tsv', contentBase64: Buffer.from(sample(), 'utf8').toString('base64') });
    await t.value('mappings.refreshReference', { connectionId: FO });
    for (const item of (await t.value<List>('review.list', { connectionId: FO, state: 'open' })).items) {
      const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
      if (target && item.actions.includes('map')) await t.value('review.resolve', { itemId: item.id, connectionId: FO, resolution: { action: 'map', target } });
    }
    await t.value('review.approve', { versionId, connectionId: FO });
    const before = new Date(t.ws.clock.now()).toISOString();
    const run = await t.value<Run>('posting.post', { versionId, connectionId: FO });
    const key = run.awaiting[0]!.naturalKey;

    type Summary = { awaitingInErp: Array<{ connectionName: string; settlementId: string; naturalKey: string; erpDocumentNumber: string; since: string }> };
    const waiting = (await t.value<Summary>('dashboard.summary', {})).awaitingInErp;
    expect(waiting).toEqual([{ connectionId: FO, connectionName: 'F&O USMF', settlementId: SETTLEMENT, naturalKey: key, erpDocumentNumber: 'USMF-000001', since: expect.any(String) }]);
    expect(waiting[0]!.since >= before).toBe(true);
    type Row = { settlementId: string; state: string; awaitingInErp: { connectionName: string; documents: number; since: string } | null };
    const row = async () => (await t.value<Row[]>('settlements.list', {})).find((r) => r.settlementId === SETTLEMENT)!;
    expect(await row()).toMatchObject({ state: 'posting', awaitingInErp: { connectionName: 'F&O USMF', documents: 1, since: waiting[0]!.since } });

    // Asked by hand before anyone posted it: it keeps waiting.
    expect(await t.value('posting.checkErp', { connectionId: FO })).toEqual({ posted: [], stillAwaiting: 1, gone: [] });

    // The auto-post job of the connection, though auto-post is off, looks it up on each run.
    const runner = new SyncRunner(t.ws);
    runner.jobs.save({ id: 'post', name: 'F&O watch', kind: 'settlement-posting', erpConnectionId: FO, schedule: { preset: 'hourly', minute: 0 }, timeZone: 'UTC' }, new Date(t.ws.clock.now()));
    const still = await runner.runNow('post');
    expect(still.counts).toMatchObject({ awaitingErp: 1 });
    expect(still.error).toContain('Auto-post is off for F&O USMF');
    t.emu.postJournal('USMF-000001');
    const seen = await runner.runNow('post');
    expect(seen.counts).toMatchObject({ postedInErp: 1 });
    expect(await row()).toMatchObject({ state: 'posted', awaitingInErp: null });
    expect((await t.value<Summary>('dashboard.summary', {})).awaitingInErp).toEqual([]);
    expect((await t.value<{ documents: Array<{ state: string; erpDocumentNumber: string }> }>('posting.list', { settlementId: SETTLEMENT })).documents).toEqual([expect.objectContaining({ state: 'posted', erpDocumentNumber: 'USMF-000001' })]);
    runner.shutdown();
  });
});
