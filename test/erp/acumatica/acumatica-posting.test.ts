// Uses the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read at test time from
// ../shared/reference.
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../core/api/handlers';
import type { ReviewItemView, VersionStatusView } from '../../../core/api/calls/review';
import { startAcumaticaEmulator } from '../../../core/sandbox/acumatica/emulator';
import { MemoryCredentials, SAMPLE_ACCOUNTS, sample } from '../../review/review-fixtures';
import { tempWorkspace } from '../../support/temp-workspace';
import { START } from './acumatica-fixtures';
import { clockStartingAt } from '../../../core/clock/clock';
import { apiCalls } from '../../support/api-calls';

const SETTLEMENT = '28471003921';
const ACU = 'acu';

type List = { items: ReviewItemView[]; settlements: VersionStatusView[] };
interface Plan { documents: Array<{ naturalKey: string; totalDebit: number; totalCredit: number }>; refusals: string[] }
interface Run { outcome: string; enqueued: number; posted: Array<{ naturalKey: string; erpDocumentNumber: string; alreadyInErp: boolean }>; failed: unknown[] }

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('an Acumatica connection through the registry', () => {
  it('is tested, mapped, reviewed, approved and posted as one released GL batch, once', async () => {
    const codes = [...new Set(Object.values(SAMPLE_ACCOUNTS))];
    const emu = await startAcumaticaEmulator({ clock: clockStartingAt(START), accounts: codes.map((c) => ({ AccountCD: c, Description: `Account ${c}`, Type: 'Expense', Active: true })) });
    cleanups.push(emu.stop);
    const ws = tempWorkspace(new MemoryCredentials());
    cleanups.push(ws.remove);
    ws.erp.tune({ backoff: { baseMs: 1, capMs: 5, maxAttempts: 3 } });
    ws.connections.upsert({ id: ACU, kind: 'acumatica', name: 'Acumatica Company', settings: { instanceUrl: emu.url, tenant: 'Company', endpointVersion: '23.200.001', branch: 'HEADOFFICE', signIn: 'cookie', username: 'admin' } });
    await ws.credentials.set(ACU, 'password', 'acu-password');
    const api = createDispatcher(ws);
    const { value } = apiCalls(api);

    const tested = await value<{ status: string; message: string }>('connections.test', { id: ACU });
    expect(tested).toMatchObject({ status: 'ok', message: 'Connected to Company, branch HEADOFFICE as admin@Company.' });
    const { versionId } = await value<{ versionId: number }>('settlements.importUpload', { fileName: 's.tsv', contentBase64: Buffer.from(sample(), 'utf8').toString('base64') });
    const read = await value<{ read: { accounts: number } }>('mappings.refreshReference', { connectionId: ACU });
    expect(read.read.accounts).toBe(codes.length);

    const open = await value<List>('review.list', { connectionId: ACU, state: 'open' });
    for (const item of open.items) {
      const target = SAMPLE_ACCOUNTS[String(item.facts.amountDescription ?? item.facts.role ?? '')];
      if (target && item.actions.includes('map')) await value('review.resolve', { itemId: item.id, connectionId: ACU, resolution: { action: 'map', target } });
    }
    expect((await value<VersionStatusView>('review.approve', { versionId, connectionId: ACU })).status).toBe('approved');
    const plan = await value<Plan>('posting.plan', { versionId, connectionId: ACU });
    expect(plan.refusals).toEqual([]);
    const doc = plan.documents[0]!;
    expect(doc.naturalKey).toBe(`${SETTLEMENT}-202606-JNL-V1`);

    const run = await value<Run>('posting.post', { versionId, connectionId: ACU });
    expect(run).toMatchObject({ outcome: 'completed', enqueued: 1, failed: [] });
    expect(run.posted).toEqual([{ naturalKey: doc.naturalKey, erpDocumentNumber: '000001', alreadyInErp: false }]);
    expect(emu.journals).toHaveLength(1);
    expect(emu.journals[0]).toMatchObject({ Description: doc.naturalKey, Status: 'Posted', Module: 'GL' });
    expect(emu.stats.releases).toBe(1);
    const again = await value<Run>('posting.post', { versionId, connectionId: ACU });
    expect(again.enqueued).toBe(0);
    expect(emu.journals).toHaveLength(1);
  });
});
