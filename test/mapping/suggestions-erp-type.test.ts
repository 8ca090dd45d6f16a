import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { clockStartingAt } from '../../core/clock/clock';
import { suggestMappings, type FeeType } from '../../core/mapping/mapping-suggestions';
import type { MappingEntry } from '../../core/mapping/mapping-entry';
import { ReferenceCache, type CachedRecord, type ReferenceDataSource } from '../../core/mapping/reference-cache';
import { openDatabase, type Db } from '../../core/store';
import { migrations } from '../../core/store/migrations';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { defaultSeed, type SeedAccount } from '../../core/sandbox/business-central/emulator-seed';
import { startSapB1Emulator, type SapB1Emulator } from '../../core/sandbox/sap-b1/emulator';
import { defaultSapB1Seed, type SapB1Account } from '../../core/sandbox/sap-b1/emulator-seed';
import type { AcumaticaEmulator } from '../../core/sandbox/acumatica/emulator';
import { categoryNature } from '../../core/erp/business-central/account-nature';
import { onlineConnector } from '../erp/bc-fixtures';
import { b1Connector } from '../erp/sap-b1/sap-b1-fixtures';
import { connector as acumaticaConnector, emulator as acumaticaEmulator } from '../erp/acumatica/acumatica-fixtures';
import { foConnector, foEmulator } from '../erp/d365fo/fo-fixtures';
import { tempDir } from '../support/temp-workspace';

const T = '2026-07-03T10:00:00.000Z';
const refund: FeeType = { transactionType: 'Refund', amountType: 'ItemPrice', amountDescription: 'Principal', category: 'principal' };
const weightFee: FeeType = { transactionType: 'Order', amountType: 'ItemFees', amountDescription: 'FBAWeightBasedFee', category: 'fba-fee' };
const salesTaxFee: FeeType = { transactionType: 'Order', amountType: 'ItemFees', amountDescription: 'SalesTaxCollectionFee', category: 'other-fee' };
const rule = (transactionType: string, amountType: string, amountDescription: string, target: string): MappingEntry => ({ kind: 'fee', transactionType, amountType, amountDescription, subject: '', target, dimensions: {} });
/** The user mapped sales principal and the per-unit FBA fee to the same unnamed account. */
const toUnnamed = [rule('Order', 'ItemPrice', 'Principal', '4711'), rule('*', 'ItemFees', 'FBAPerUnitFulfillmentFee', '4711')];

function workspaceDb(file = ':memory:', upTo?: number): Db {
  const db = openDatabase(file, upTo ? { migrations: migrations.filter((m) => m.id < upTo) } : {});
  db.prepare(`INSERT OR IGNORE INTO connection (id, kind, name, settings, created_at, updated_at) VALUES ('erp', 'test', 'Books', '{}', ?, ?)`).run(T, T);
  return db;
}

async function cachedChart(source: ReferenceDataSource, db = workspaceDb()): Promise<CachedRecord[]> {
  await new ReferenceCache(db).refresh('erp', source, { now: () => new Date(T) });
  return new ReferenceCache(db).snapshot('erp').accounts;
}

/** The same chart as a cache without the ERP's types would hold it: only names to judge by. */
const untyped = (chart: readonly CachedRecord[]) => chart.map(({ code, name, postable }) => ({ code, name, postable }));
const codes = (s: ReturnType<typeof suggestMappings>) => s.map((x) => [x.type.amountDescription, x.account]);

let stop: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stop.map((s) => s()));
  stop = [];
});

describe('Business Central: suggestions judge an account by its G/L account category', () => {
  const bcAccount = (number: string, displayName: string, category: string): SeedAccount => ({ number, displayName, category, accountType: 'Posting' });
  async function bcChart(accounts: SeedAccount[]): Promise<CachedRecord[]> {
    const emu: BusinessCentralEmulator = await startBusinessCentralEmulator({ seed: { ...defaultSeed(), accounts } });
    stop.push(() => emu.stop());
    return cachedChart(onlineConnector(emu));
  }

  it('an account whose name says nothing: an Income account takes sales, never a fee, and the reason says BC typed it', async () => {
    const chart = await bcChart([bcAccount('4711', 'Account 4711', 'Income'), bcAccount('4712', 'Account 4712', 'Expense')]);
    expect(chart.map((a) => [a.code, a.nature, a.typeLabel])).toEqual([['4711', 'revenue', 'Income'], ['4712', 'expense', 'Expense']]);

    const suggestions = suggestMappings([refund, weightFee], toUnnamed, chart, 'Cronus BC');
    expect(codes(suggestions)).toEqual([['Principal', '4711']]);
    expect(suggestions[0]!.reason).toMatch(/ and maps to 4711 "Account 4711"\. "Account 4711" is an Income account in Cronus BC\.$/);
    // Without the type, the name gave no reason to refuse the income account for the fee.
    expect(codes(suggestMappings([refund, weightFee], toUnnamed, untyped(chart)))).toEqual([['Principal', '4711'], ['FBAWeightBasedFee', '4711']]);
  });

  it('a name that misleads: "Sales clearing" in Assets gets no fee, "Cash refunds" in Income gets refunds', async () => {
    const chart = await bcChart([bcAccount('1460', 'Sales clearing', 'Assets'), bcAccount('6120', 'Cash refunds', 'Income'), bcAccount('5100', 'Purchases', 'Cost of Goods Sold')]);
    expect(chart.map((a) => [a.code, a.nature])).toEqual([['1460', 'balance'], ['5100', 'expense'], ['6120', 'revenue']]);

    const suggestions = suggestMappings([refund, salesTaxFee], [], chart, 'Cronus BC');
    expect(codes(suggestions)).toEqual([['Principal', '6120']]);
    expect(suggestions[0]!.reason).toBe('The account name "Cash refunds" shares "refund" with Refund / Principal. "Cash refunds" is an Income account in Cronus BC.');
    // By the names alone, the clearing account took the fee and the bank-sounding account lost the refunds.
    expect(codes(suggestMappings([refund, salesTaxFee], [], untyped(chart)))).toEqual([['SalesTaxCollectionFee', '1460']]);
  });

  it('reads the category however OData spells the option: captions, _x0020_ for spaces, or none; the blank option is no category', () => {
    for (const cogs of ['Cost of Goods Sold', 'Cost_x0020_of_x0020_Goods_x0020_Sold', 'CostOfGoodsSold']) expect(categoryNature(cogs)).toEqual({ nature: 'expense', typeLabel: 'Cost of Goods Sold' });
    for (const blank of ['', ' ', '_x0020_', null]) expect(categoryNature(blank)).toBeNull();
  });

  it('an account BC left uncategorised is judged by its name, with no claim about BC', async () => {
    const chart = await bcChart([bcAccount('2400', 'Seller loan principal', ''), bcAccount('4010', 'Refunds', '')]);
    expect(chart.every((a) => a.nature === undefined)).toBe(true);
    const [s, ...rest] = suggestMappings([refund], [], chart, 'Cronus BC');
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ account: '4010', reason: 'The account name "Refunds" shares "refund" with Refund / Principal.' });
  });
});

describe('SAP Business One: suggestions judge an account by its AccountType', () => {
  async function b1Chart(accounts: SapB1Account[]): Promise<CachedRecord[]> {
    const emu: SapB1Emulator = await startSapB1Emulator({ seed: { ...defaultSapB1Seed(), accounts }, clock: clockStartingAt(Date.parse(T)) });
    const c = b1Connector(emu);
    stop.push(async () => {
      await c.close();
      await emu.stop();
    });
    return cachedChart(c);
  }
  const b1Account = (Code: string, Name: string, AccountType: SapB1Account['AccountType']): SapB1Account => ({ Code, Name, AccountType, ActiveAccount: 'tYES', FrozenFor: 'tNO', LockManualTransaction: 'tNO', AcctCurrency: '##' });

  it('Revenues and Expenses decide; Other is judged by the name, since B1 types more than balance-sheet accounts as Other', async () => {
    const chart = await b1Chart([
      b1Account('4711', 'Account 4711', 'at_Revenues'), b1Account('6120', 'Cash refunds', 'at_Revenues'),
      b1Account('2400', 'Seller loan refunds', 'at_Other'), b1Account('2500', 'Account 2500', 'at_Other'),
    ]);
    expect(chart.map((a) => [a.code, a.nature ?? null, a.typeLabel ?? null])).toEqual([['2400', null, null], ['2500', null, null], ['4711', 'revenue', 'Revenues'], ['6120', 'revenue', 'Revenues']]);

    const suggestions = suggestMappings([refund, weightFee], toUnnamed, chart, 'OEC B1');
    expect(codes(suggestions)).toEqual([['Principal', '4711']]);
    expect(suggestions[0]!.reason).toMatch(/"Account 4711" is a Revenues account in OEC B1\.$/);
    // No sibling: the refunds go to the account B1 types as revenue, never to the loan its name gives away.
    expect(codes(suggestMappings([refund], [], chart, 'OEC B1'))).toEqual([['Principal', '6120']]);
  });
});

describe('Acumatica: suggestions judge an account by its Type', () => {
  it('"Sales clearing" of Type Asset gets no fee; an unnamed Income account gets sales and not fees', async () => {
    const emu: AcumaticaEmulator = await acumaticaEmulator({
      accounts: [
        { AccountCD: '10300', Description: 'Sales clearing', Type: 'Asset', Active: true },
        { AccountCD: '40711', Description: 'Account 40711', Type: 'Income', Active: true },
      ],
    });
    stop.push(() => emu.stop());
    const chart = await cachedChart(acumaticaConnector(emu));
    expect(chart.map((a) => [a.code, a.nature, a.typeLabel])).toEqual([['10300', 'balance', 'Asset'], ['40711', 'revenue', 'Income']]);
    const rules = [rule('Order', 'ItemPrice', 'Principal', '40711'), rule('*', 'ItemFees', 'FBAPerUnitFulfillmentFee', '40711')];
    expect(codes(suggestMappings([refund, weightFee, salesTaxFee], rules, chart, 'Acumatica'))).toEqual([['Principal', '40711']]);
  });
});

describe('each connector reads the nature from its ERP\'s own type, in the demo charts its emulator serves', () => {
  const natures = (records: Array<{ code: string; nature?: string; typeLabel?: string }>, wanted: string[]) =>
    wanted.map((code) => { const r = records.find((a) => a.code === code); return [code, r?.nature ?? null, r?.typeLabel ?? null]; });

  it('Business Central category, SAP B1 AccountType, Acumatica Type, F&O MainAccountType', async () => {
    const bc = await startBusinessCentralEmulator({});
    const b1 = await startSapB1Emulator({ clock: clockStartingAt(Date.parse(T)) });
    const acu = await acumaticaEmulator();
    const fo = await foEmulator();
    const b1c = b1Connector(b1);
    stop.push(() => bc.stop(), async () => { await b1c.close(); await b1.stop(); }, () => acu.stop(), () => fo.stop());

    expect(natures((await onlineConnector(bc).readReferenceData('accounts')).records, ['2920', '6100', '8410']))
      .toEqual([['2920', 'balance', 'Assets'], ['6100', 'revenue', 'Income'], ['8410', 'expense', 'Expense']]);
    expect(natures((await b1c.readReferenceData('accounts')).records, ['_SYS00000000010', '_SYS00000000020', '_SYS00000000030']))
      .toEqual([['_SYS00000000010', null, null], ['_SYS00000000020', 'revenue', 'Revenues'], ['_SYS00000000030', 'expense', 'Expenses']]);
    expect(natures((await acumaticaConnector(acu).readReferenceData('accounts')).records, ['10200', '22000', '40000', '60100']))
      .toEqual([['10200', 'balance', 'Asset'], ['22000', 'balance', 'Liability'], ['40000', 'revenue', 'Income'], ['60100', 'expense', 'Expense']]);
    expect(natures((await foConnector(fo).readReferenceData('accounts')).records, ['1000', '2920', '6100', '6200', '8410']))
      .toEqual([['1000', null, null], ['2920', 'balance', 'Balance sheet'], ['6100', 'revenue', 'Revenue'], ['6200', 'balance', 'Liability'], ['8410', 'expense', 'Expense']]);
  });
});

describe('a cache filled before accounts had a nature', () => {
  it('after the upgrade, the next refresh reads the whole chart once, so accounts cached earlier get their type too', async () => {
    const emu = await startBusinessCentralEmulator({});
    stop.push(() => emu.stop());
    const d = tempDir();
    stop.push(async () => d.remove());
    const file = join(d.dir, 'before.sqlite');
    const before = workspaceDb(file, 255);
    // As the cache held it: the chart read once, then a watermark past every change BC has since.
    const insert = before.prepare(`INSERT INTO erp_reference (connection_id, kind, parent_code, code, name, postable, last_modified) VALUES ('erp', 'accounts', '', ?, ?, 1, ?)`);
    for (const a of defaultSeed().accounts) insert.run(a.number, a.displayName, T);
    before.prepare(`INSERT INTO erp_reference_watermark (connection_id, kind, watermark, refreshed_at) VALUES ('erp', 'accounts', '2999-01-01T00:00:00Z', ?)`).run(T);
    before.close();

    const db = workspaceDb(file);
    const result = await new ReferenceCache(db).refresh('erp', onlineConnector(emu), { now: () => new Date(T) });
    expect(result.incremental.accounts).toBe(false);
    const chart = new ReferenceCache(db).snapshot('erp').accounts;
    expect(chart.find((a) => a.code === '6100')).toMatchObject({ nature: 'revenue', typeLabel: 'Income' });
    expect(chart.find((a) => a.code === '2920')).toMatchObject({ nature: 'balance', typeLabel: 'Assets' });
    expect(chart.filter((a) => !a.nature)).toEqual([]);
    // The refresh after that is incremental again.
    expect((await new ReferenceCache(db).refresh('erp', onlineConnector(emu), { now: () => new Date(T) })).incremental.accounts).toBe(true);
    db.close();
  });
});
