import { describe, expect, it } from 'vitest';
import { settlementReportPdf } from '../../core/reports/reconciliation-pdf';
import type { SettlementReport } from '../../core/reports/reconciliation-report';
import { pdfText } from './pdf-text';

/** A settlement with more accounts and open items than one page holds, in EUR, where the seller owes Amazon. */
function crowded(accounts: number, openItems: number): SettlementReport {
  const rows = Array.from({ length: accounts }, (_, i) => ({ currency: 'EUR', account: String(6000 + i), dimensions: { MARKETPLACE: 'AMAZON-DE' }, debit: (i + 1) * 1000, credit: 0, lines: 1 }));
  const total = rows.reduce((s, a) => s + a.debit, 0);
  return {
    settlementId: '123456789', versionId: 1, version: 1, current: true, status: 'needs-review', marketplace: 'Amazon.de', currency: 'EUR',
    startDate: '2026-05-20T00:00:00.000Z', endDate: '2026-06-03T00:00:00.000Z', depositDate: '2026-06-05T00:00:00.000Z', fileName: null, periods: ['2026-05', '2026-06'], connection: null,
    tieOut: { declaredTotal: -123456, importedLinesTotal: -123456, excludedLines: 0, excludedAmount: 0, linesTotal: -123456, difference: 0, acceptedVariance: 0, deposit: -123456, tiedOut: true },
    accounts: [...rows, { currency: 'EUR', account: '2920', dimensions: {}, debit: 0, credit: total, lines: 1 }], totalDebit: total, totalCredit: total,
    documents: [], variances: [], exclusions: [], approval: null,
    mcfFees: { matched: [], unmatched: [] },
    names: { accounts: { 6000: 'Sales', 2920: 'Amazon Clearing' }, dimensions: { MARKETPLACE: { name: 'Marketplace', values: { 'AMAZON-DE': 'Amazon.de' } } } },
    openItems: Array.from({ length: openItems }, (_, i) => ({ id: i, severity: 'warning', kind: 'anomaly', title: `Fee level unlike earlier settlements (${i})`, lineCount: null, amount: null, currency: null })),
  };
}

describe('reconciliation PDF', () => {
  it('keeps a crowded settlement on one page: what does not fit is counted, the total row stays, negatives keep their sign', async () => {
    const r = crowded(60, 40);
    const pdf = pdfText(await settlementReportPdf(r, { compress: false }));
    expect(pdf.pages).toBe(1);
    expect(pdf.text).toMatch(/… \d+ more accounts: see the XLSX or CSV export\./);
    expect(pdf.text).toMatch(/… \d+ more open items: see the XLSX or CSV export\./);
    const totalAt = pdf.lines.indexOf('Total');
    expect(totalAt).toBeGreaterThan(0);
    const total = (r.totalDebit / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
    expect(pdf.lines.slice(totalAt, totalAt + 5)).toEqual(expect.arrayContaining([total]));
    expect(pdf.lines).toContain('-1,234.56');
    expect(pdf.text).toContain('Open review items (40)');
  });

  it('a small settlement shows every row and no "more" line', async () => {
    const pdf = pdfText(await settlementReportPdf(crowded(3, 2), { compress: false }));
    expect(pdf.pages).toBe(1);
    expect(pdf.text).not.toContain('more accounts');
    // Number and the ERP's name; a code the chart does not hold says so; dimension values with their names.
    // (A long cell wraps within its column, so the text is read across line ends.)
    const flowing = pdf.text.replace(/\s+/g, ' ');
    for (const a of ['6000 Sales', '6001 not in the chart of accounts', '2920 Amazon Clearing', 'MARKETPLACE=AMAZON-DE (Amazon.de)']) expect(flowing).toContain(a);
    expect(pdf.text).toContain('Fee level unlike earlier settlements (1)');
  });
});
