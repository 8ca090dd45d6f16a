// Uses the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read at test time from
// ../shared/reference.
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../core/api/handlers';
import type { ReviewItemView, VersionStatusView } from '../../../core/api/calls/review';
import { defaultSapB1Seed, type SapB1Account } from '../../../core/sandbox/sap-b1/emulator-seed';
import { startSapB1Emulator, type SapB1Emulator } from '../../../core/sandbox/sap-b1/emulator';
import { MemoryCredentials, SAMPLE_ACCOUNTS, sample } from '../../review/review-fixtures';
import { tempWorkspace } from '../../support/temp-workspace';
import { apiCalls } from '../../support/api-calls';

const B1 = 'b1-demo';
type List = { items: ReviewItemView[]; settlements: VersionStatusView[] };
interface Plan { documents: Array<{ naturalKey: string; documentNumber: string; totalDebit: number; totalCredit: number }>; refusals: string[] }
interface Run { outcome: string; enqueued: number; posted: Array<{ naturalKey: string; erpDocumentNumber: string; alreadyInErp: boolean }>; failed: unknown[] }

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

/** The demo company with the accounts a person maps the sample to, plus a title account. */
function seedWithSampleAccounts() {
  const seed = defaultSapB1Seed();
  const template = seed.accounts[1]!;
  const codes = [...new Set(Object.values(SAMPLE_ACCOUNTS))];
  seed.accounts = [{ ...template, Code: '1000', Name: 'ASSETS', ActiveAccount: 'tNO' }, ...codes.map((Code): SapB1Account => ({ ...template, Code, Name: `Account ${Code}` }))];
  return seed;
}

async function setup(emu: SapB1Emulator) {
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(ws.remove);
  ws.connections.upsert({ id: B1, kind: 'sap-b1', name: 'OEC Computers', settings: { serviceLayerUrl: emu.v2, companyDb: emu.seed.companyDb, userName: 'manager' } });
  await ws.credentials.set(B1, 'password', 'B1Admin!');
  const api = createDispatcher(ws);
  const { value } = apiCalls(api);
  return { ws, value };
}

describe('SAP Business One through the outbox', () => {
  it('imports a settlement, maps it from the B1 chart, reviews, approves and posts one journal entry; posting again posts nothing', async () => {
    const emu = await startSapB1Emulator({ seed: seedWithSampleAccounts() });
    cleanups.push(() => emu.stop());
    const t = await setup(emu);
    const { versionId } = await t.value<{ versionId: number }>('settlements.importUpload', { fileName: 's.tsv', contentBase64: Buffer.from(sample(), 'utf8').toString('base64') });
    const read = await t.value<{ read: { accounts: number } }>('mappings.refreshReference', { connectionId: B1 });
    expect(read.read.accounts).toBe(emu.seed.accounts.length);

    const open = await t.value<List>('review.list', { connectionId: B1, state: 'open' });
    for (const item of open.items) {
      const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
      if (target && item.actions.includes('map')) await t.value('review.resolve', { itemId: item.id, connectionId: B1, resolution: { action: 'map', target } });
    }
    expect((await t.value<VersionStatusView>('review.approve', { versionId, connectionId: B1 })).status).toBe('approved');

    const plan = await t.value<Plan>('posting.plan', { versionId, connectionId: B1 });
    expect(plan.refusals).toEqual([]);
    expect(plan.documents).toHaveLength(1);
    const doc = plan.documents[0]!;

    const run = await t.value<Run>('posting.post', { versionId, connectionId: B1 });
    expect(run).toMatchObject({ outcome: 'completed', enqueued: 1, failed: [] });
    const entries = emu.journalEntries().filter((j) => j.Reference === doc.naturalKey);
    expect(entries).toHaveLength(1);
    expect(run.posted).toEqual([{ naturalKey: doc.naturalKey, erpDocumentNumber: String(entries[0]!.JdtNum), alreadyInErp: false }]);
    expect(entries[0]!.Reference2).toBe(doc.documentNumber);
    const cents = (k: 'Debit' | 'Credit') => entries[0]!.JournalEntryLines.reduce((s, l) => s + Math.round(Number(l[k]) * 100), 0);
    expect(cents('Debit')).toBe(doc.totalDebit);
    expect(cents('Credit')).toBe(doc.totalCredit);

    const again = await t.value<Run>('posting.post', { versionId, connectionId: B1 });
    expect(again.enqueued).toBe(0);
    expect(emu.journalEntries()).toHaveLength(1);

    // Closing the workspace logs the connector out: no licence seat is left behind.
    t.ws.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(emu.openSessions()).toBe(0);
  });
});
