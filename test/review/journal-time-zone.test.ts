import { afterEach, describe, expect, it } from 'vitest';
import type { SettlementPreview } from '../../core/api/calls/settlements';
import { BC, setup, v2File } from './review-fixtures';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

// Lines are posted at 10:00 UTC (test/support/settlement-files.ts): on 30 June that is already 1 July,
// 00:00, on Kiritimati (UTC+14), and still 30 June, 03:00, in Los Angeles (amazon.com's zone).
const FILE = v2File('930001', '85.00', [
  { t: 'Order', a: 'ItemPrice', d: 'Principal', amount: '100.00', posted: '2026-06-20' },
  { t: 'Order', a: 'ItemFees', d: 'Commission', amount: '-15.00', posted: '2026-06-30' },
], { start: '2026-06-16 00:00:00 UTC', end: '2026-07-14 23:59:59 UTC', deposit: '2026-07-16 00:00:00 UTC' });

/** The period of the document that books the commission (the deposit is booked in the month the settlement ends). */
const commissionPeriod = (preview: SettlementPreview) => preview.documents.filter((d) => d.lines.some((l) => l.category === 'referral-fee')).map((d) => d.period);

async function previewWith(settings: Record<string, unknown>) {
  const t = await setup();
  cleanups.push(t.ws.remove);
  t.ws.connections.upsert({ id: BC, kind: 'business-central', name: 'BC test', settings });
  const { versionId } = await t.importText('tz.tsv', FILE);
  const preview = await t.value<SettlementPreview>('settlements.preview', { versionId, connectionId: BC });
  return { t, versionId, preview };
}

describe("the journal's months in the company's time zone", () => {
  it("without a setting, the marketplace's zone: amazon.com's 30 June 03:00 stays in June", async () => {
    const { preview } = await previewWith({});
    expect(commissionPeriod(preview)).toEqual(['2026-06']);
  });

  it("the ERP connection's time zone moves the commission to July, in the preview and in its drill-down", async () => {
    const { t, versionId, preview } = await previewWith({ timeZone: 'Pacific/Kiritimati' });
    expect(commissionPeriod(preview)).toEqual(['2026-07']);
    expect(preview.documents.find((d) => d.period === '2026-06')!.lines.some((l) => l.category === 'principal')).toBe(true);
    const commission = preview.documents.find((d) => d.period === '2026-07')!.lines.find((l) => l.category === 'referral-fee')!;
    expect(commission.debit).toBe(1500);
    const page = await t.value<{ total: number; amount: number; rows: Array<{ amountDescription: string }> }>('settlements.lines', {
      versionId, connectionId: BC, journalLine: { period: '2026-07', currency: 'USD', account: commission.account, dimensions: commission.dimensions, description: commission.description }, offset: 0, limit: 50,
    });
    expect(page).toMatchObject({ total: 1, amount: -1500 });
    expect(page.rows.map((l) => l.amountDescription)).toEqual(['Commission']);
  });
});
