import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../core/api/handlers';
import { startSapB1Emulator } from '../../../core/sandbox/sap-b1/emulator';
import { defaultSapB1Seed } from '../../../core/sandbox/sap-b1/emulator-seed';
import { MemoryCredentials } from '../../review/review-fixtures';
import { v2File } from '../../support/settlement-files';
import { tempWorkspace } from '../../support/temp-workspace';
import { apiCalls } from '../../support/api-calls';

interface Item { id: number; kind: string; severity: string; state: string; title: string; facts: Record<string, unknown> }

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

const SETTLEMENT = '30500000002';
/** A EUR settlement: sales 30.00, a refund 5.05, commission 1.54, FBA fee 0.77; 22.64 paid out. */
const EUR_FILE = v2File(SETTLEMENT, '22.64', [
  { t: 'Order', a: 'ItemPrice', d: 'Principal', amount: '10.00' },
  { t: 'Order', a: 'ItemPrice', d: 'Principal', amount: '20.00' },
  { t: 'Order', a: 'ItemFees', d: 'Commission', amount: '-1.54' },
  { t: 'Order', a: 'ItemFees', d: 'FBAPerUnitFulfillmentFee', amount: '-0.77' },
  { t: 'Refund', a: 'ItemPrice', d: 'Principal', amount: '-5.05' },
], { currency: 'EUR' });

/** A US company in B1 (books in USD) that holds no EUR rate, with a EUR settlement mapped to its chart. */
async function usCompanyWithEurSettlement() {
  const emu = await startSapB1Emulator({ seed: { ...defaultSapB1Seed(), rates: [] } });
  cleanups.push(() => emu.stop());
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(ws.remove);
  const C = 'b1';
  ws.connections.upsert({ id: C, kind: 'sap-b1', name: 'OEC US', settings: { serviceLayerUrl: emu.v2, companyDb: emu.seed.companyDb, userName: 'manager' } });
  await ws.credentials.set(C, 'password', 'B1Admin!');
  const api = createDispatcher(ws);
  const { call, value } = apiCalls(api);
  const { versionId } = await value<{ versionId: number }>('settlements.importUpload', { fileName: 'eur.tsv', contentBase64: Buffer.from(EUR_FILE).toString('base64') });
  await value('mappings.refreshReference', { connectionId: C });
  for (const [transactionType, amountType, amountDescription, target] of [
    ['*', 'ItemPrice', '*', '_SYS00000000020'], ['Refund', 'ItemPrice', '*', '_SYS00000000021'], ['*', 'ItemFees', '*', '_SYS00000000030'], ['*', 'ItemFees', 'FBAPerUnitFulfillmentFee', '_SYS00000000031'],
  ]) await value('mappings.save', { connectionId: C, entry: { kind: 'fee', transactionType, amountType, amountDescription, target } });
  for (const [subject, target] of [['clearing', '_SYS00000000010'], ['reserve', '_SYS00000000011'], ['carriedForward', '_SYS00000000012']]) await value('mappings.save', { connectionId: C, entry: { kind: 'account', subject, target } });
  const items = async () => (await value<{ items: Item[] }>('review.list', { settlementId: SETTLEMENT, connectionId: C })).items;
  const acknowledgeWarnings = async () => {
    for (const i of (await items()).filter((x) => x.severity === 'warning' && x.state === 'open')) await value('review.resolve', { itemId: i.id, connectionId: C, resolution: { action: 'acknowledge' } });
  };
  return { emu, C, versionId, call, value, items, acknowledgeWarnings };
}

describe('a EUR settlement for a SAP Business One company that keeps its books in USD', () => {
  it('says before approval that B1 holds no EUR rate for the posting date, and clears once the rate is entered and the ERP data read again', async () => {
    const t = await usCompanyWithEurSettlement();
    const blocking = (await t.items()).filter((i) => i.kind === 'no-exchange-rate');
    expect(blocking).toHaveLength(1);
    expect(blocking[0]).toMatchObject({ severity: 'blocking', state: 'open', facts: { currency: 'EUR', localCurrency: 'USD', date: '2026-06-30' } });
    expect(blocking[0]!.title).toBe(
      'No exchange rate for EUR on 2026-06-30 in OEC US: it books the USD amounts of this EUR settlement at its own rate for the posting date, and holds none for that day. '
      + 'Enter the EUR rate for 2026-06-30 in the ERP (in SAP Business One: Administration, Exchange Rates and Indexes), then refresh the ERP data under Mappings',
    );
    await t.acknowledgeWarnings();
    expect(await t.call('review.approve', { versionId: t.versionId, connectionId: t.C })).toMatchObject({ ok: false, error: { message: expect.stringContaining('1 blocking item open') } });

    // A rate on another day is no help: B1 keeps one rate per currency and day.
    t.emu.seed.rates.push({ currency: 'EUR', date: '2026-06-29', rate: 1.08 });
    await t.value('mappings.refreshReference', { connectionId: t.C });
    expect((await t.items()).find((i) => i.kind === 'no-exchange-rate')?.state).toBe('open');

    t.emu.seed.rates.push({ currency: 'EUR', date: '2026-06-30', rate: 1.0837 });
    await t.value('mappings.refreshReference', { connectionId: t.C });
    expect((await t.items()).find((i) => i.kind === 'no-exchange-rate')?.state).toBe('cleared');

    // Approved, it posts once in EUR with the USD amounts at B1's rate, rounding on the clearing line.
    await t.acknowledgeWarnings();
    expect((await t.value<{ status: string }>('review.approve', { versionId: t.versionId, connectionId: t.C })).status).toBe('approved');
    const run = await t.value<{ outcome: string; posted: unknown[] }>('posting.post', { versionId: t.versionId, connectionId: t.C });
    expect(run).toMatchObject({ outcome: 'completed', posted: [expect.anything()] });
    const [entry] = t.emu.journalEntries();
    expect(entry!.JournalEntryLines.every((l) => l.FCCurrency === 'EUR')).toBe(true);
    const cents = (k: string) => entry!.JournalEntryLines.reduce((s, l) => s + Math.round(Number(l[k]) * 100), 0);
    expect(cents('FCDebit')).toBe(cents('FCCredit'));
    expect(cents('Debit')).toBe(cents('Credit'));
    // -30.00 EUR × 1.0837 = 32.51 USD of sales.
    expect(entry!.JournalEntryLines.find((l) => l.AccountCode === '_SYS00000000020')).toMatchObject({ FCCredit: 30, Credit: 32.51 });
  });
});
