import { csvNumber, toCsv, type CsvCell } from '../text/csv';
import type { LedgerNames } from '../mapping/ledger-names';
import { accountName, accountText, dimensionsText } from './ledger-labels';
import { conversionText, totalsByCurrency, type AccountTotal, type PeriodReport, type SettlementReport } from './reconciliation-report';
import { plainAmount } from './report-amounts';

/**
 * The reconciliation report as one CSV table: one row per fact, the section in the first column, so a
 * spreadsheet filter on it shows one part (tie-out, accounts, documents, open items, decisions, approval).
 * Amounts are decimal numbers with the currency's decimals; dates ISO 8601 UTC.
 */
const COLUMNS = ['section', 'settlement', 'version', 'marketplace', 'currency', 'period', 'item', 'account', 'account name', 'dimensions', 'debit', 'credit', 'amount', 'document', 'ERP document', 'state', 'by', 'at', 'note'] as const;
const HEADER = COLUMNS.map((c) => (c === 'at' ? 'at (UTC)' : c));
type Column = (typeof COLUMNS)[number];
type Row = Partial<Record<Column, CsvCell>>;

/** An amount cell: a number to the spreadsheet, with the currency's decimals. */
const amountCell = (minor: number, currency: string) => csvNumber(plainAmount(minor, currency));

function accountRow(section: string, a: AccountTotal, base: Row, names: LedgerNames): Row {
  return { ...base, section, currency: a.currency, account: accountText(a.account), 'account name': accountName(a.account, names), dimensions: dimensionsText(a.dimensions, names), debit: amountCell(a.debit, a.currency), credit: amountCell(a.credit, a.currency), amount: amountCell(a.debit - a.credit, a.currency) };
}

function settlementRows(r: SettlementReport): Row[] {
  const base: Row = { settlement: r.settlementId, version: r.version, marketplace: r.marketplace, currency: r.currency, period: r.periods.join(' ') };
  const money = (m: number) => amountCell(m, r.currency);
  const t = r.tieOut;
  const rows: Row[] = [
    { ...base, section: 'settlement', item: 'status', state: r.status, note: `${r.startDate ?? '?'} to ${r.endDate ?? '?'}${r.fileName ? ` · ${r.fileName}` : ''}` },
    { ...base, section: 'tie-out', item: 'deposit', amount: money(t.deposit), at: r.depositDate },
    { ...base, section: 'tie-out', item: 'declared total', amount: money(t.declaredTotal) },
    { ...base, section: 'tie-out', item: 'sum of imported lines', amount: money(t.importedLinesTotal) },
    { ...base, section: 'tie-out', item: 'excluded lines', amount: money(t.excludedAmount), note: `${t.excludedLines} lines` },
    { ...base, section: 'tie-out', item: 'sum of lines in the journal', amount: money(t.linesTotal) },
    { ...base, section: 'tie-out', item: 'difference', amount: money(t.difference) },
    { ...base, section: 'tie-out', item: 'accepted variance', amount: money(t.acceptedVariance) },
    { ...base, section: 'tie-out', item: 'tied out', note: t.tiedOut ? 'yes' : 'no' },
  ];
  for (const a of r.accounts) rows.push(accountRow('account', a, base, r.names));
  for (const t of totalsByCurrency(r.accounts)) {
    rows.push({ ...base, section: 'account', item: 'total', currency: t.currency, debit: amountCell(t.debit, t.currency), credit: amountCell(t.credit, t.currency), amount: amountCell(t.debit - t.credit, t.currency) });
  }
  for (const d of r.documents) {
    rows.push({ ...base, section: 'document', period: d.period, currency: d.currency, item: d.conversion ? conversionText(d.conversion) : null, document: d.documentNumber, 'ERP document': d.erpDocumentNumber, state: d.state, debit: amountCell(d.totalDebit, d.currency), credit: amountCell(d.totalCredit, d.currency), at: d.postingDate, note: d.naturalKey });
  }
  for (const i of r.openItems) {
    rows.push({ ...base, section: 'open item', item: i.severity, currency: i.currency ?? r.currency, amount: i.amount === null ? null : amountCell(i.amount, i.currency ?? r.currency), note: i.title });
  }
  for (const v of r.variances) rows.push({ ...base, section: 'variance accepted', account: v.account, 'account name': accountName(v.account, r.names), amount: money(v.amount), by: v.acceptedBy, at: v.acceptedAt, note: v.reason });
  for (const x of r.exclusions) rows.push({ ...base, section: 'lines excluded', item: `${x.lineCount} ${x.lineCount === 1 ? 'line' : 'lines'}`, amount: money(x.amount), by: x.excludedBy, at: x.excludedAt, note: x.reason });
  for (const m of r.mcfFees.matched) rows.push({ ...base, section: 'MCF fee', item: m.erpOrderNumber, currency: m.currency, amount: amountCell(m.amount, m.currency), document: m.sellerFulfillmentOrderId, note: `${m.fees.join(', ')} · ${m.lines} ${m.lines === 1 ? 'line' : 'lines'}` });
  for (const u of r.mcfFees.unmatched) rows.push({ ...base, section: 'MCF fee unmatched', currency: u.currency, amount: amountCell(u.amount, u.currency), document: u.orderId, note: `${u.fees.join(', ')} · no ERP order sent to Amazon with this id` });
  rows.push(r.approval ? { ...base, section: 'approval', state: 'approved', by: r.approval.approvedBy, at: r.approval.approvedAt, note: r.approval.note } : { ...base, section: 'approval', state: 'not approved' });
  return rows;
}

const line = (r: Row): CsvCell[] => COLUMNS.map((c) => r[c]);

export function settlementReportCsv(r: SettlementReport): string {
  return toCsv(HEADER, settlementRows(r).map(line));
}

export function periodReportCsv(p: PeriodReport): string {
  const rows = p.accounts.map((a) => accountRow('period account', a, { period: p.period }, p.names));
  return toCsv(HEADER, [...rows, ...p.settlements.flatMap(settlementRows)].map(line));
}
