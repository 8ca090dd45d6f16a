import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-workspace';
import { REAL_WORLD_SETTLEMENTS, realWorldFile } from './real-world-rows';

// Runs the built command line (node scripts/build.mjs first) on generated files holding every row family real V2 files carry.
const root = join(__dirname, '..', '..');
const bin = join(root, 'bin', 'ml-connector.cjs');
const dir = tempDir();
afterAll(() => dir.remove());

interface InspectJson {
  currency: string;
  difference: string;
  byType: Array<{ transactionType: string; amountType: string; amountDescription: string; category: string | null; count: number; amount: string }>;
  unknown: unknown[];
  warnings: Array<{ kind: string; message: string }>;
}

function inspect(name: string, text: string): { status: number | null; json: InspectJson; stderr: string } {
  const file = join(dir.dir, name);
  writeFileSync(file, text);
  const r = spawnSync(process.execPath, [bin, 'settlement', 'inspect', file, '--json'], { cwd: root, encoding: 'utf8' });
  return { status: r.status, json: r.status === 0 ? (JSON.parse(r.stdout) as InspectJson) : ({} as InspectJson), stderr: r.stderr };
}

const categoryOf = (j: InspectJson, t: string, a: string, d: string) =>
  j.byType.find((x) => x.transactionType === t && x.amountType === a && x.amountDescription === d)?.category;

describe('settlement inspect on the row families real V2 files carry', () => {
  it('is built', () => {
    expect(existsSync(join(root, 'dist', 'host', 'cli.cjs')), 'run node scripts/build.mjs first').toBe(true);
  });

  for (const key of Object.keys(REAL_WORLD_SETTLEMENTS) as Array<keyof typeof REAL_WORLD_SETTLEMENTS>) {
    it(`reports no unknown combination in the ${key.toUpperCase()} file, and a category for every type`, () => {
      const r = inspect(`${key}.tsv`, realWorldFile(key));
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.json.currency).toBe(REAL_WORLD_SETTLEMENTS[key].currency);
      expect(r.json.unknown).toEqual([]);
      expect(r.json.byType.filter((t) => t.category === null)).toEqual([]);
      expect(r.json.difference).toMatch(/^0(\.0+)?$/);
      expect(r.json.warnings).toEqual([]);
    });
  }

  it('keeps tax collected, tax Amazon withheld and Amazon\'s tax on its fees apart', () => {
    const { json } = inspect('de-categories.tsv', realWorldFile('de'));
    expect(categoryOf(json, 'Order', 'ItemPrice', 'Tax')).toBe('tax');
    expect(categoryOf(json, 'Order', 'Promotion', 'TaxDiscount')).toBe('tax');
    expect(categoryOf(json, 'Order', 'Promotion', 'Principal')).toBe('promotion');
    expect(categoryOf(json, 'Order', 'ItemWithheldTax', 'MarketplaceFacilitatorVAT-Giftwrap')).toBe('withheld-tax');
    expect(categoryOf(json, 'AmazonFees', 'Coupon Participation Fee', 'Tax on fee')).toBe('fee-tax');
    expect(categoryOf(json, 'ServiceFee', 'Cost of Advertising', 'TaxAmount')).toBe('fee-tax');
    expect(categoryOf(json, 'ServiceFee', 'Cost of Advertising', 'TransactionTotalAmount')).toBe('advertising');
    expect(categoryOf(json, 'AmazonFees', 'Coupon Participation Fee', 'Base fee')).toBe('promotion-fee');
    expect(categoryOf(json, 'other-transaction', 'other-transaction', 'Vine Enrollment Fee')).toBe('promotion-fee');
    expect(categoryOf(json, 'Adjustment', 'FBA Inventory Reimbursement', 'INVENTORY_RECOUNT_ADJUSTMENT')).toBe('reimbursement');
    expect(categoryOf(json, 'Liquidations', 'ItemPrice', 'Principal')).toBe('liquidation');
    expect(categoryOf(json, 'Liquidations', 'ItemPrice', 'Tax')).toBe('tax');
    expect(categoryOf(json, 'Liquidations', 'ItemFees', 'LiquidationsBrokerageFee')).toBe('liquidation-fee');
    expect(categoryOf(json, 'FBAFees', 'FBA Inventory Storage Fee', 'Base fee')).toBe('storage-fee');
  });

  it('warns when the summary currency is not the currency of the file\'s marketplaces', () => {
    const usdOnDe = realWorldFile('de').replace(/\tEUR\t/, '\tUSD\t');
    const { status, json } = inspect('usd-on-de.tsv', usdOnDe);
    expect(status).toBe(0);
    expect(json.warnings).toEqual([expect.objectContaining({ kind: 'currency-not-of-marketplaces', message: expect.stringContaining('in USD, but Amazon.de, Amazon.fr settle in EUR') })]);
    const text = spawnSync(process.execPath, [bin, 'settlement', 'inspect', join(dir.dir, 'usd-on-de.tsv')], { cwd: root, encoding: 'utf8' });
    expect(text.stdout).toContain('warning: The settlement is in USD');
  });
});
