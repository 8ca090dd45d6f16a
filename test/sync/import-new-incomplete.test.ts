import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CallOutput } from '../../core/api/contract';
import { createDispatcher } from '../../core/api/handlers';
import { startAmazonEmulator, type AmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { connectionResources } from '../../core/sync/connection-resources';
import { tempWorkspace } from '../support/temp-workspace';
import { addAmazonConnection, FAST_BACKOFF, FAST_PLANS, settlementSeller, SYNC_START, syncClock } from './discovery-fixture';
import { MemoryCredentials } from './sync-fixture';

/** Every emulator and workspace here on one clock pinned at SYNC_START: the settlements' dates do not follow the machine's. */
const clock = syncClock();

// One settlement, and later a second report of it whose download stopped four lines early.
const seller = settlementSeller(1, 10, SYNC_START);
const [complete] = seller.seller.reports;
const content = String(complete!.content);
const lineEnding = content.includes('\r\n') ? '\r\n' : '\n';
seller.seller.reports.push({
  ...complete!,
  reportId: '90999',
  reportDocumentId: 'amzn1.spdoc.1.4.na.sync-cut',
  createdTime: new Date(Date.parse(complete!.createdTime) + 3_600_000).toISOString(),
  content: content.split(lineEnding).filter((l) => l !== '').slice(0, -4).join(lineEnding),
});

let amazon: AmazonEmulator;
beforeAll(async () => {
  amazon = await startAmazonEmulator({ sellers: [seller.seller], usagePlans: FAST_PLANS, clock });
});
afterAll(() => amazon.stop());

it('a settlement report that comes down cut short is kept as an incomplete copy beside the complete one, and the summary says so', async () => {
  const ws = tempWorkspace(new MemoryCredentials(), clock);
  try {
    connectionResources(ws, { backoff: FAST_BACKOFF, usagePlans: FAST_PLANS });
    const api = createDispatcher(ws);
    await addAmazonConnection(ws, amazon);
    const r = (await api.invoke('settlements.importNew', {}, 'c1')) as { ok: true; value: CallOutput<'settlements.importNew'> };
    expect(r.value).toMatchObject({ imported: 1, newVersions: 0, incompleteCopies: 1, alreadyHere: 0 });
    expect(r.value.summary).toBe('1 new settlement imported, 1 incomplete copy (lines not adding up to the total) kept beside the current version: choose under Settlements.');
    const list = (await api.invoke('settlements.list', {}, 'c2')) as { ok: true; value: CallOutput<'settlements.list'> };
    expect(list.value.map((s) => [s.version, s.status, s.tiesOut])).toEqual([[2, 'incomplete-copy', false], [1, 'current', true]]);
  } finally {
    ws.remove();
  }
});
