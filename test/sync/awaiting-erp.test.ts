import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { BusinessCentralConnector } from '../../core/erp/business-central/client';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import type { ErpConnector, FoundDocument, JournalDocument, NaturalKeyKind, PostResult } from '../../core/erp/erp-connector';
import { PostingOutbox } from '../../core/posting/outbox';
import { recheckAwaiting, runPosting } from '../../core/posting/poster';
import { startAmazonEmulator, type AmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { ConnectionResources } from '../../core/sync/connection-resources';
import { SyncRunner } from '../../core/sync/sync-runner';
import { openWorkspace } from '../../core/workspace/workspace';
import { openPostingDb, settlementJournal } from '../posting/posting-fixture';
import { tempDir } from '../support/temp-workspace';
import { addAmazonConnection, AMAZON_CONNECTION_ID, FAST_BACKOFF, FAST_PLANS, settlementSeller, SYNC_START, syncClock } from './discovery-fixture';
import { addMappedBcConnection, approveAll, autoPostOn, ERP_CONNECTION_ID, usCompany } from './erp-fixture';
import { MemoryCredentials } from './sync-fixture';

/** Every emulator and workspace here on one clock pinned at SYNC_START: the settlements' dates do not follow the machine's. */
const clock = syncClock();

/**
 * An ERP whose API creates journals but cannot post them (as Dynamics 365 F&O): a person posts them in
 * the ERP. Created documents get the ERP's own key; `postInErp` is the person's part.
 */
class CreateOnlyErp {
  readonly created = new Map<string, string>();
  readonly postedInErp = new Map<string, string>();
  creates = 0;

  async postJournal(doc: JournalDocument): Promise<PostResult> {
    const existing = this.created.get(doc.externalDocumentNumber);
    if (existing) return { documentNumber: existing, alreadyExisted: true, posted: false };
    this.creates++;
    const erpKey = `JRN-${String(this.created.size + 1).padStart(4, '0')}`;
    this.created.set(doc.externalDocumentNumber, erpKey);
    return { documentNumber: erpKey, alreadyExisted: false, posted: false };
  }

  async findByNaturalKey(kind: NaturalKeyKind, key: string): Promise<FoundDocument | null> {
    const posted = this.postedInErp.get(key);
    if (posted) return { kind, documentNumber: posted, state: 'posted' };
    const draft = this.created.get(key);
    return draft ? { kind, documentNumber: draft, state: 'draft' } : null;
  }

  postInErp(key: string): void {
    this.postedInErp.set(key, `GJ${this.postedInErp.size + 1}`);
  }

  deleteInErp(key: string): void {
    this.created.delete(key);
  }
}

it('a document the ERP creates but does not post waits "awaiting posting in the ERP" with its key, is never created twice, and is posted once the ERP says so', async () => {
  const dir = tempDir();
  const { db, audit } = openPostingDb(dir.dir);
  const outbox = new PostingOutbox(db, audit);
  const erp = new CreateOnlyErp();
  const docs = ['61000000001', '61000000002'].map((id, i) => settlementJournal(id, i));
  docs.forEach((d, i) => outbox.enqueueJournal('fo', `6100000000${i + 1}`, d));
  const [a, b] = docs.map((d) => d.externalDocumentNumber) as [string, string];

  const run = await runPosting(outbox, 'fo', erp);
  expect(run).toMatchObject({ outcome: 'completed', posted: [], failed: [], awaiting: [{ naturalKey: a, erpDocumentNumber: 'JRN-0001' }, { naturalKey: b, erpDocumentNumber: 'JRN-0002' }] });
  expect(outbox.list().map((e) => [e.state, e.erpDocumentNumber])).toEqual([['awaiting', 'JRN-0001'], ['awaiting', 'JRN-0002']]);
  // A second run has nothing to do: awaiting documents are not created again.
  expect((await runPosting(outbox, 'fo', erp)).awaiting).toEqual([]);
  expect(erp.creates).toBe(2);

  // Nobody posted them yet: they keep waiting.
  expect(await recheckAwaiting(outbox, 'fo', erp)).toEqual({ posted: [], stillAwaiting: 2, gone: [] });
  // A person posts the first in the ERP; the second is deleted there instead.
  erp.postInErp(a);
  erp.deleteInErp(b);
  expect(await recheckAwaiting(outbox, 'fo', erp)).toEqual({ posted: [{ naturalKey: a, erpDocumentNumber: 'GJ1' }], stillAwaiting: 0, gone: [b] });
  expect(outbox.get(a)).toMatchObject({ state: 'posted', erpDocumentNumber: 'GJ1' });
  expect(outbox.get(b)).toMatchObject({ state: 'failed', retryable: false, error: { message: expect.stringMatching(/^The ERP no longer holds the unposted document JRN-0002 .*Replay it to create it again, or cancel it\.$/) } });
  expect(audit.list({ subjectType: 'settlement' }).filter((e) => e.operation === 'posting.posted').map((e) => JSON.parse(e.detail ?? '{}') as unknown)).toEqual([expect.objectContaining({ naturalKey: a, how: 'posted-in-erp', from: 'awaiting' })]);
  // Another connection's run never sees them.
  expect(await recheckAwaiting(outbox, 'bc', erp)).toEqual({ posted: [], stillAwaiting: 0, gone: [] });
  db.close();
  dir.remove();
});

let amazon: AmazonEmulator;
let bc: BusinessCentralEmulator;
beforeAll(async () => {
  amazon = await startAmazonEmulator({ sellers: [settlementSeller(2, 5, SYNC_START).seller], usagePlans: FAST_PLANS, clock });
  bc = await startBusinessCentralEmulator({ seed: usCompany(), clock });
});
afterAll(async () => {
  await Promise.all([amazon.stop(), bc.stop()]);
});

it('auto-post leaves what the ERP only created awaiting, the posting screen says so, and a later sync run records it posted once a person posts it there', async () => {
  const d = tempDir();
  const ws = openWorkspace(d.dir, { credentials: new MemoryCredentials(), clock });
  await addAmazonConnection(ws, amazon);
  await addMappedBcConnection(ws, bc);
  const erp = new CreateOnlyErp();
  // The ERP connection's connector: Business Central's for the company check, creating without posting.
  class CreateOnlyBc extends BusinessCentralConnector {
    override postJournal(doc: JournalDocument): Promise<PostResult> { return erp.postJournal(doc); }
    override findByNaturalKey(kind: NaturalKeyKind, key: string): Promise<FoundDocument | null> { return erp.findByNaturalKey(kind, key); }
  }
  const connector = new CreateOnlyBc({ settings: { deployment: 'online', tenantId: bc.tenantId, environment: bc.environment, clientId: bc.clientId, endpointOverride: bc.url }, secrets: { clientSecret: bc.clientSecret } });
  class Resources extends ConnectionResources {
    override async erpConnector(connectionId: string): Promise<ErpConnector> {
      return connectionId === ERP_CONNECTION_ID ? connector : super.erpConnector(connectionId);
    }
  }
  const runner = new SyncRunner(ws, { resources: new Resources(ws, { backoff: FAST_BACKOFF, usagePlans: FAST_PLANS }) });
  runner.jobs.save({ id: 'discovery', name: 'Discovery', kind: 'settlement-discovery', amazonConnectionId: AMAZON_CONNECTION_ID, schedule: { preset: 'hourly', minute: 0 }, timeZone: 'UTC' }, new Date(clock.now()));
  runner.jobs.save({ id: 'post', name: 'Auto-post', kind: 'settlement-posting', erpConnectionId: ERP_CONNECTION_ID, schedule: { preset: 'hourly', minute: 30 }, timeZone: 'UTC' }, new Date(clock.now()));
  expect((await runner.runNow('discovery')).counts).toMatchObject({ imported: 2 });
  expect(approveAll(ws)).toBe(0);
  autoPostOn(ws);

  const first = await runner.runNow('post');
  expect(first.status, first.error ?? '').toBe('succeeded');
  const outbox = new PostingOutbox(ws.db, ws.audit);
  const keys = outbox.list().map((e) => e.naturalKey);
  expect(first.counts).toMatchObject({ approved: 2, posted: 0, failed: 0, notPosted: 0, awaitingErp: keys.length });
  expect(erp.creates).toBe(keys.length);
  expect(bc.rows('journals')).toEqual([]);

  // The posting screen's rows say it in words: awaiting, with the ERP's own key.
  const api = createDispatcher(ws);
  const settlementId = outbox.list()[0]!.settlementId;
  const listed = (await api.invoke('posting.list', { settlementId }, 'l')) as { ok: true; value: { documents: Array<{ state: string; erpDocumentNumber: string | null; connectionId: string | null }> } };
  expect(listed.value.documents.map((r) => [r.state, r.connectionId])).toEqual(listed.value.documents.map(() => ['awaiting', ERP_CONNECTION_ID]));
  expect(listed.value.documents.every((r) => r.erpDocumentNumber?.startsWith('JRN-'))).toBe(true);

  // Nobody posted yet: the next run creates nothing again and keeps them awaiting.
  const second = await runner.runNow('post');
  expect(second.counts).toMatchObject({ approved: 0, posted: 0, awaitingErp: keys.length });
  expect(erp.creates).toBe(keys.length);

  // A person posts them in the ERP: the next run finds them posted there and records the ERP's numbers.
  for (const k of keys) erp.postInErp(k);
  const third = await runner.runNow('post');
  expect(third.counts).toMatchObject({ approved: 0, posted: 0, postedInErp: keys.length });
  expect(third.counts).not.toHaveProperty('awaitingErp');
  expect(outbox.list().map((e) => [e.state, e.erpDocumentNumber?.startsWith('GJ')])).toEqual(keys.map(() => ['posted', true]));
  expect(erp.creates).toBe(keys.length);
  ws.close();
  d.remove();
});
