import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import type { CredentialStore } from '../../core/credentials';
import { startBusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { defaultSeed } from '../../core/sandbox/business-central/emulator-seed';
import { v2File } from '../support/settlement-files';
import { tempWorkspace } from '../support/temp-workspace';
import { apiCalls } from '../support/api-calls';

class MemoryCredentials implements CredentialStore {
  private readonly m = new Map<string, string>();
  async get(id: string, f: string) { return this.m.get(`${id}/${f}`) ?? null; }
  async set(id: string, f: string, s: string) { this.m.set(`${id}/${f}`, s); }
  async delete(id: string, f: string) { return this.m.delete(`${id}/${f}`); }
  async which(id: string, fields: readonly string[]) { return Object.fromEntries(fields.map((f) => [f, this.m.has(`${id}/${f}`)])); }
}

interface Item { id: number; kind: string; severity: string; state: string; title: string; facts: Record<string, unknown> }
interface Conversion { currency: string; rate: string; rateStartingDate: string; lines: Array<{ debit: number; credit: number }>; totalDebit: number; totalCredit: number; rounding: number }
interface Preview { documents: Array<{ currency: string; postingDate: string; lines: Array<{ role: string; description: string; debit: number; credit: number }>; conversion?: Conversion }> }

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const SETTLEMENT = '30500000001';
/** A EUR settlement: sales 30.00, a refund 5.05, commission 1.54, FBA fee 0.77; 22.64 paid out. */
const EUR_FILE = v2File(SETTLEMENT, '22.64', [
  { t: 'Order', a: 'ItemPrice', d: 'Principal', amount: '10.00' },
  { t: 'Order', a: 'ItemPrice', d: 'Principal', amount: '20.00' },
  { t: 'Order', a: 'ItemFees', d: 'Commission', amount: '-1.54' },
  { t: 'Order', a: 'ItemFees', d: 'FBAPerUnitFulfillmentFee', amount: '-0.77' },
  { t: 'Refund', a: 'ItemPrice', d: 'Principal', amount: '-5.05' },
], { currency: 'EUR' });

async function usCompanyWithEurSettlement() {
  // A US company (books in USD) that holds no EUR rate yet.
  const bc = await startBusinessCentralEmulator({ seed: { ...defaultSeed(), companyName: 'CRONUS USA, Inc.', localCurrency: 'USD', exchangeRates: [] } });
  cleanups.push(() => bc.stop());
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(() => ws.remove());
  const C = 'bc';
  ws.connections.upsert({ id: C, kind: 'business-central', name: 'BC US', settings: { deployment: 'online', tenantId: bc.tenantId, environment: bc.environment, clientId: bc.clientId, endpointOverride: bc.url } });
  await ws.credentials.set(C, 'clientSecret', bc.clientSecret);
  const api = createDispatcher(ws);
  const { call, value } = apiCalls(api);
  const { versionId } = await value<{ versionId: number }>('settlements.importUpload', { fileName: 'eur.tsv', contentBase64: Buffer.from(EUR_FILE).toString('base64') });
  await value('mappings.refreshReference', { connectionId: C });
  for (const [transactionType, amountType, amountDescription, target] of [['*', 'ItemPrice', '*', '6100'], ['Refund', 'ItemPrice', '*', '6110'], ['*', 'ItemFees', '*', '8410'], ['*', 'ItemFees', 'FBAPerUnitFulfillmentFee', '8420']]) {
    await value('mappings.save', { connectionId: C, entry: { kind: 'fee', transactionType, amountType, amountDescription, target } });
  }
  for (const [subject, target] of [['clearing', '2920'], ['reserve', '2930'], ['carriedForward', '2940']]) await value('mappings.save', { connectionId: C, entry: { kind: 'account', subject, target } });
  const items = async () => (await value<{ items: Item[] }>('review.list', { settlementId: SETTLEMENT, connectionId: C })).items;
  const preview = () => value<Preview>('settlements.preview', { versionId, connectionId: C });
  const acknowledgeWarnings = async () => {
    for (const i of (await items()).filter((x) => x.severity === 'warning' && x.state === 'open')) await value('review.resolve', { itemId: i.id, connectionId: C, resolution: { action: 'acknowledge' } });
  };
  return { bc, ws, C, versionId, call, value, items, preview, acknowledgeWarnings };
}

describe('a EUR settlement posted to a Business Central company that keeps its books in USD', () => {
  it('says in the review queue, before approval, that no rate exists, and what to do in Business Central', async () => {
    const t = await usCompanyWithEurSettlement();
    const blocking = (await t.items()).filter((i) => i.kind === 'no-exchange-rate');
    expect(blocking).toHaveLength(1);
    expect(blocking[0]).toMatchObject({ severity: 'blocking', state: 'open', facts: { currency: 'EUR', localCurrency: 'USD', date: '2026-06-30' } });
    expect(blocking[0]!.title).toBe(
      'No exchange rate from EUR to USD on or before 2026-06-30 in BC US: its journals post only in USD, so this EUR settlement cannot be converted. '
      + 'Add an exchange rate for EUR with a starting date on or before 2026-06-30 in the ERP (in Business Central: Currencies, EUR, Exch. Rates), then refresh the ERP data under Mappings',
    );
    await t.acknowledgeWarnings();
    const refused = await t.call('review.approve', { versionId: t.versionId, connectionId: t.C });
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringContaining('1 blocking item open') } });
    expect((await t.preview()).documents[0]!.conversion).toBeUndefined();

    // Someone adds the rate in Business Central; reading the ERP data again clears the item.
    t.bc.setExchangeRate({ currencyCode: 'EUR', startingDate: '2026-01-01', exchangeRateAmount: 100, relationalCurrencyCode: '', relationalExchangeRateAmount: 108.37 });
    await t.value('mappings.refreshReference', { connectionId: t.C });
    expect((await t.items()).find((i) => i.kind === 'no-exchange-rate')?.state).toBe('cleared');
  });

  it('previews the rate and the converted amounts, binds the approval to them, withdraws it when the rate changes, and posts in USD', async () => {
    const t = await usCompanyWithEurSettlement();
    t.bc.setExchangeRate({ currencyCode: 'EUR', startingDate: '2026-01-01', exchangeRateAmount: 100, relationalCurrencyCode: '', relationalExchangeRateAmount: 108.37 });
    await t.value('mappings.refreshReference', { connectionId: t.C });

    const doc = (await t.preview()).documents[0]!;
    expect(doc.currency).toBe('EUR');
    // Sales -30.00 → -32.51, commission 1.54 → 1.67, FBA 0.77 → 0.83, refund 5.05 → 5.47; deposit 22.64 → 24.53 + 0.01 rounding.
    expect(doc.conversion).toMatchObject({ currency: 'USD', rate: '1.0837', rateStartingDate: '2026-01-01', rounding: 1, totalDebit: 3251, totalCredit: 3251 });
    const deposit = doc.lines.findIndex((l) => l.role === 'deposit');
    expect(doc.conversion!.lines[deposit]).toEqual({ debit: 2454, credit: 0 });

    // The approval dialog shows the same rate and converted totals as what is approved.
    const dialog = await t.value<{ preview: { journal: Array<{ conversion?: Record<string, unknown>; lines: Array<{ converted?: { debit: number; credit: number } }> }> } }>('review.status', { settlementId: SETTLEMENT, connectionId: t.C });
    expect(dialog.preview.journal[0]!.conversion).toEqual({ currency: 'USD', rate: '1.0837', rateStartingDate: '2026-01-01', totalDebit: 3251, totalCredit: 3251 });
    expect(dialog.preview.journal[0]!.lines.every((l) => l.converted)).toBe(true);

    await t.acknowledgeWarnings();
    const approved = await t.value<{ status: string }>('review.approve', { versionId: t.versionId, connectionId: t.C });
    expect(approved.status).toBe('approved');
    expect((await t.value<{ refusals: string[] }>('posting.plan', { versionId: t.versionId, connectionId: t.C })).refusals).toEqual([]);

    // The rate changes in Business Central after approval: the plan reads it, and the approval no longer stands.
    t.bc.setExchangeRate({ currencyCode: 'EUR', startingDate: '2026-06-15', exchangeRateAmount: 100, relationalCurrencyCode: '', relationalExchangeRateAmount: 109.12 });
    const plan = await t.value<{ refusals: string[] }>('posting.plan', { versionId: t.versionId, connectionId: t.C });
    expect(plan.refusals.join(' ')).toContain('Its approval was withdrawn. The journal changed since it was approved: the EUR → USD exchange rate for 2026-06-30 changed in the ERP: 1.0837 → 1.0912');
    const refused = await t.call('posting.post', { versionId: t.versionId, connectionId: t.C });
    expect(refused).toMatchObject({ ok: false });
    expect(t.bc.rows('generalLedgerEntries')).toHaveLength(0);

    // Looked at again and approved at the new rate, it posts once, in USD, each line naming its EUR amount.
    expect((await t.preview()).documents[0]!.conversion).toMatchObject({ rate: '1.0912', rateStartingDate: '2026-06-15' });
    await t.value('review.approve', { versionId: t.versionId, connectionId: t.C });
    const run = await t.value<{ outcome: string; posted: unknown[] }>('posting.post', { versionId: t.versionId, connectionId: t.C });
    expect(run).toMatchObject({ outcome: 'completed', posted: [expect.anything()] });
    const entries = t.bc.rows('generalLedgerEntries');
    const cents = (v: unknown) => Math.round(Number(v) * 100);
    expect(entries.reduce((s, e) => s + cents(e.debitAmount), 0)).toBe(entries.reduce((s, e) => s + cents(e.creditAmount), 0));
    // -30.00 EUR × 1.0912 = -32.736 → 32.74 USD credit on sales.
    expect(entries.find((e) => e.accountNumber === '6100')).toMatchObject({ creditAmount: 32.74, description: expect.stringMatching(/\(EUR -30\.00\)$/) });
    const clearing = entries.find((e) => e.accountNumber === '2920')!;
    expect(String(clearing.description)).toMatch(/\(EUR 22\.64(, rounding -?0\.0\d USD)?\)$/);
    expect(Math.abs(cents(clearing.debitAmount) - 2470)).toBeLessThanOrEqual(2);
  });
});
