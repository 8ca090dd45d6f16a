// Uses the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read at test time from
// ../shared/reference.
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../core/api/handlers';
import type { ReviewItemView, VersionStatusView } from '../../../core/api/calls/review';
import type { ConnectionKind } from '../../../core/connections/connection-kinds';
import { MemoryCredentials, SAMPLE_ACCOUNTS, sample } from '../../review/review-fixtures';
import { tempWorkspace } from '../../support/temp-workspace';
import { registerErpKind } from '../../../core/erp/registry';
import { FAKE_CAPABILITIES, FAKE_KIND, FakeLedger, registerFakeErp } from './fake-erp';
import { z } from 'zod';
import { apiCalls } from '../../support/api-calls';

const SETTLEMENT = '28471003921';
const FAKE = 'fake-books';

type List = { items: ReviewItemView[]; settlements: VersionStatusView[] };
interface Plan { documents: Array<{ naturalKey: string; documentNumber: string; totalDebit: number; totalCredit: number }>; refusals: string[]; connection: { company: string } }
interface Run { outcome: string; enqueued: number; posted: Array<{ naturalKey: string; erpDocumentNumber: string; alreadyInErp: boolean }>; failed: unknown[] }

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).reverse().forEach((c) => c()));

async function setup() {
  const ledger = new FakeLedger();
  cleanups.push(registerFakeErp(ledger));
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(ws.remove);
  // A kind the shipped ConnectionKind union does not name: it exists only in the registry.
  ws.connections.upsert({ id: FAKE, kind: FAKE_KIND as ConnectionKind, name: 'Fake Books Inc.', settings: { company: 'Fake Books Inc.' } });
  await ws.credentials.set(FAKE, 'apiKey', ledger.apiKey);
  const api = createDispatcher(ws);
  const { call, value } = apiCalls(api);
  return { ledger, ws, call, value };
}

describe('an ERP added through the registry alone', () => {
  it('is mapped, reviewed, approved and posted to through the same outbox as Business Central, with its own key lengths and numbers', async () => {
    const t = await setup();
    const { versionId } = await t.value<{ versionId: number }>('settlements.importUpload', { fileName: 's.tsv', contentBase64: Buffer.from(sample(), 'utf8').toString('base64') });
    const read = await t.value<{ read: { accounts: number } }>('mappings.refreshReference', { connectionId: FAKE });
    expect(read.read.accounts).toBe(12);

    const open = await t.value<List>('review.list', { connectionId: FAKE, state: 'open' });
    expect(open.items.length).toBeGreaterThan(0);
    for (const item of open.items) {
      const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
      if (target && item.actions.includes('map')) await t.value('review.resolve', { itemId: item.id, connectionId: FAKE, resolution: { action: 'map', target } });
    }
    const approved = await t.value<VersionStatusView>('review.approve', { versionId, connectionId: FAKE });
    expect(approved.status).toBe('approved');

    const plan = await t.value<Plan>('posting.plan', { versionId, connectionId: FAKE });
    expect(plan.refusals).toEqual([]);
    expect(plan.connection.company).toBe('Fake Books Inc.');
    expect(plan.documents).toHaveLength(1);
    const doc = plan.documents[0]!;
    expect(doc.naturalKey).toBe(`${SETTLEMENT}-202606-JNL-V1`);
    // Business Central would take the readable 28471003921-2606J1 (18 characters); this ERP holds 12.
    expect(doc.documentNumber).toMatch(/^AMZ[0-9A-Z]{1,9}$/);
    expect(doc.totalDebit).toBe(doc.totalCredit);

    const run = await t.value<Run>('posting.post', { versionId, connectionId: FAKE });
    expect(run).toMatchObject({ outcome: 'completed', enqueued: 1, failed: [] });
    expect(run.posted).toEqual([{ naturalKey: doc.naturalKey, erpDocumentNumber: 'FK-000001', alreadyInErp: false }]);
    expect(t.ledger.journals).toHaveLength(1);
    expect(t.ledger.journals[0]!.document.documentNumber).toBe(doc.documentNumber);

    const list = await t.value<{ documents: Array<{ naturalKey: string; state: string; erpDocumentNumber: string | null }> }>('posting.list', { settlementId: SETTLEMENT });
    expect(list.documents).toEqual([expect.objectContaining({ naturalKey: doc.naturalKey, state: 'posted', erpDocumentNumber: 'FK-000001' })]);

    // Posting again finds it in the outbox: nothing new in the fake's books.
    const again = await t.value<Run>('posting.post', { versionId, connectionId: FAKE });
    expect(again.enqueued).toBe(0);
    expect(t.ledger.journals).toHaveLength(1);
    // One connector for the connection, whichever call asked.
    expect(t.ledger.built).toHaveLength(1);
  });

  it('a connection of an ERP kind whose connector is not built is refused for mappings and posting in plain words', async () => {
    const t = await setup();
    cleanups.push(registerErpKind({ kind: 'unbuilt-erp', label: 'Unbuilt Ledger', settings: z.object({}), fields: [], secrets: [], capabilities: { ...FAKE_CAPABILITIES, flows: [] } }));
    t.ws.connections.upsert({ id: 'fo', kind: 'unbuilt-erp' as ConnectionKind, name: 'F&O USMF', settings: {} });
    const refresh = await t.call('mappings.refreshReference', { connectionId: 'fo' });
    expect(refresh).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const message = (refresh as { error: { message: string } }).error.message;
    expect(message).toContain('F&O USMF is a Unbuilt Ledger connection, whose connector is not built yet');
    expect(message).toContain('Fake Books');
    const plan = await t.call('posting.plan', { versionId: 1, connectionId: 'fo' });
    expect(plan).toMatchObject({ ok: false, error: { code: 'invalid_input', message } });
  });
});
