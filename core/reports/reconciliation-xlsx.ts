// Loaded when a workbook is written: exceljs takes ~0.3-0.6 s to load, which every process (the CLI, sync, the host) paid at start.
import type ExcelJS from 'exceljs';
import type { LedgerNames } from '../mapping/ledger-names';
import type { NegativeStyle } from '../money';
import { accountName, accountText, dimensionsText } from './ledger-labels';
import { conversionText, type AccountTotal, type PeriodReport, type SettlementReport } from './reconciliation-report';
import { cellAmount, excelAmountFormat } from './report-amounts';

/**
 * The reconciliation report as an Excel workbook: one sheet per section (settlements with their
 * tie-out, totals by account, ERP documents, open review items, decisions), each with a frozen bold
 * header row and a filter. Amounts are number cells with the currency's decimals (negatives in red with
 * a minus), dates are date cells, so the workbook sums and sorts as an accountant expects.
 */

type Kind = 'text' | 'int' | 'amount' | 'date' | 'datetime';
export interface Column { header: string; width: number; kind: Kind }
/** A cell value; amounts are minor units and take the row's `currency`. */
type Value = string | number | null;
export interface Row { currency: string; values: Value[] }

export const text = (header: string, width: number): Column => ({ header, width, kind: 'text' });
export const amount = (header: string): Column => ({ header, width: 16, kind: 'amount' });

export function addSheet(wb: ExcelJS.Workbook, name: string, columns: Column[], rows: Row[], negatives: NegativeStyle): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle' };
  columns.forEach((c, i) => {
    if (c.kind === 'amount' || c.kind === 'int') header.getCell(i + 1).alignment = { horizontal: 'right' };
  });
  for (const r of rows) {
    const row = ws.addRow([]);
    columns.forEach((c, i) => {
      const v = r.values[i];
      const cell = row.getCell(i + 1);
      if (v === null || v === undefined || v === '') return;
      switch (c.kind) {
        case 'amount':
          cell.value = cellAmount(Number(v), r.currency);
          cell.numFmt = excelAmountFormat(r.currency, negatives);
          break;
        case 'int':
          cell.value = Number(v);
          cell.numFmt = '0';
          break;
        case 'date':
        case 'datetime':
          cell.value = new Date(String(v));
          cell.numFmt = c.kind === 'date' ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm';
          break;
        default:
          cell.value = String(v);
      }
    });
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

const SETTLEMENTS: Column[] = [
  text('Settlement', 14), { header: 'Version', width: 8, kind: 'int' }, text('Marketplace', 14), text('Currency', 10),
  { header: 'Start (UTC)', width: 12, kind: 'date' }, { header: 'End (UTC)', width: 12, kind: 'date' }, text('Periods', 16),
  { header: 'Deposit date (UTC)', width: 14, kind: 'date' }, amount('Deposit'), amount('Declared total'), amount('Sum of imported lines'),
  amount('Excluded lines'), amount('Sum of lines in journal'), amount('Difference'), amount('Accepted variance'), text('Tied out', 10),
  text('Status', 12), text('Approved by', 16), { header: 'Approved at (UTC)', width: 17, kind: 'datetime' }, { header: 'Open items', width: 10, kind: 'int' },
  text('ERP documents', 24),
];

function settlementRow(r: SettlementReport): Row {
  const t = r.tieOut;
  return {
    currency: r.currency,
    values: [
      r.settlementId, r.version, r.marketplace, r.currency, r.startDate, r.endDate, r.periods.join(', '), r.depositDate,
      t.deposit, t.declaredTotal, t.importedLinesTotal, t.excludedAmount, t.linesTotal, t.difference, t.acceptedVariance, t.tiedOut ? 'yes' : 'no',
      r.status, r.approval?.approvedBy ?? null, r.approval?.approvedAt ?? null, r.openItems.length,
      r.documents.map((d) => d.erpDocumentNumber).filter(Boolean).join(', ') || null,
    ],
  };
}

const ACCOUNTS: Column[] = [text('Settlement', 16), text('Currency', 10), text('Account', 10), text('Account name', 30), text('Dimensions', 36), amount('Debit'), amount('Credit'), amount('Net (debit − credit)')];
const accountRow = (owner: string, names: LedgerNames) => (a: AccountTotal): Row => ({
  currency: a.currency,
  values: [owner, a.currency, accountText(a.account), accountName(a.account, names) || null, dimensionsText(a.dimensions, names) || null, a.debit, a.credit, a.debit - a.credit],
});

const DOCUMENTS: Column[] = [
  text('Settlement', 14), text('Period', 10), { header: 'Posting date', width: 12, kind: 'date' }, text('Document no.', 20), text('ERP document no.', 20),
  text('State', 10), text('Currency', 10), amount('Debit'), amount('Credit'), { header: 'Lines', width: 7, kind: 'int' }, text('Natural key', 30),
  text('Converted', 50),
];

const OPEN_ITEMS: Column[] = [text('Settlement', 14), text('Severity', 10), text('Kind', 18), text('Item', 70), { header: 'Lines', width: 7, kind: 'int' }, amount('Amount'), text('Currency', 10)];

const DECISIONS: Column[] = [text('Settlement', 14), text('Decision', 18), text('Account', 10), text('Account name', 30), amount('Amount'), text('Currency', 10), text('By', 16), { header: 'At (UTC)', width: 17, kind: 'datetime' }, text('Reason or note', 50)];

const MCF_FEES: Column[] = [text('Settlement', 14), text('ERP order', 16), text('Amazon fulfilment order', 40), amount('Fees'), text('Currency', 10), { header: 'Lines', width: 7, kind: 'int' }, text('Fee types', 50)];

/** MCF fees per ERP order that caused them; those of no order sent from an ERP say so in the ERP order column. */
function mcfFeeRows(r: SettlementReport): Row[] {
  return [
    ...r.mcfFees.matched.map((m): Row => ({ currency: m.currency, values: [r.settlementId, m.erpOrderNumber, m.sellerFulfillmentOrderId, m.amount, m.currency, m.lines, m.fees.join(', ')] })),
    ...r.mcfFees.unmatched.map((u): Row => ({ currency: u.currency, values: [r.settlementId, 'unmatched', u.orderId, u.amount, u.currency, u.lines, u.fees.join(', ')] })),
  ];
}

function decisionRows(r: SettlementReport): Row[] {
  const c = r.currency;
  return [
    ...r.variances.map((v): Row => ({ currency: c, values: [r.settlementId, 'variance accepted', v.account, accountName(v.account, r.names) || null, v.amount, c, v.acceptedBy, v.acceptedAt, v.reason] })),
    ...r.exclusions.map((x): Row => ({ currency: c, values: [r.settlementId, `${x.lineCount} ${x.lineCount === 1 ? 'line' : 'lines'} excluded`, null, null, x.amount, c, x.excludedBy, x.excludedAt, x.reason] })),
    ...(r.approval ? [{ currency: c, values: [r.settlementId, 'approved', null, null, null, null, r.approval.approvedBy, r.approval.approvedAt, r.approval.note] }] : []),
  ];
}

async function workbook(settlements: SettlementReport[], periodTotals: { period: string; accounts: AccountTotal[]; names: LedgerNames } | null, title: string, negatives: NegativeStyle): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'ml-connector';
  wb.title = title;
  addSheet(wb, 'Settlements', SETTLEMENTS, settlements.map(settlementRow), negatives);
  addSheet(wb, 'Accounts', ACCOUNTS, [
    ...(periodTotals ? periodTotals.accounts.map(accountRow(`Period ${periodTotals.period}`, periodTotals.names)) : []),
    ...settlements.flatMap((r) => r.accounts.map(accountRow(r.settlementId, r.names))),
  ], negatives);
  addSheet(wb, 'Documents', DOCUMENTS, settlements.flatMap((r) => r.documents.map((d): Row => ({
    currency: d.currency,
    values: [r.settlementId, d.period, d.postingDate, d.documentNumber, d.erpDocumentNumber, d.state, d.currency, d.totalDebit, d.totalCredit, d.lines, d.naturalKey, d.conversion ? conversionText(d.conversion) : null],
  }))), negatives);
  addSheet(wb, 'Open items', OPEN_ITEMS, settlements.flatMap((r) => r.openItems.map((i): Row => ({
    currency: i.currency ?? r.currency,
    values: [r.settlementId, i.severity, i.kind, i.title, i.lineCount, i.amount, i.amount === null ? null : i.currency ?? r.currency],
  }))), negatives);
  addSheet(wb, 'Decisions', DECISIONS, settlements.flatMap(decisionRows), negatives);
  addSheet(wb, 'MCF fees', MCF_FEES, settlements.flatMap(mcfFeeRows), negatives);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** `negatives`: how the workspace shows negative amounts (the cells stay numbers either way). */
export function settlementReportXlsx(r: SettlementReport, negatives: NegativeStyle = 'minus'): Promise<Buffer> {
  return workbook([r], null, `Reconciliation of settlement ${r.settlementId}`, negatives);
}

export function periodReportXlsx(p: PeriodReport, negatives: NegativeStyle = 'minus'): Promise<Buffer> {
  return workbook(p.settlements, { period: p.period, accounts: p.accounts, names: p.names }, `Reconciliation of period ${p.period}`, negatives);
}
