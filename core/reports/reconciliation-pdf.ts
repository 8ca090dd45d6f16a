import type { LedgerNames } from '../mapping/ledger-names';
import type { NegativeStyle } from '../money';
import { accountLabel, dimensionsText } from './ledger-labels';
import { conversionText, totalsByCurrency, type AccountTotal, type PeriodReport, type SettlementReport } from './reconciliation-report';
import { groupedAmount } from './report-amounts';

const moneyOf = (options: PdfOptions): Money => (minor, currency) => groupedAmount(minor, currency, options.negatives);

/**
 * The reconciliation report as a PDF for the close binder: one A4 page per settlement (title, period,
 * deposit tie-out, totals by account, ERP document numbers, approval, variances and exclusions, open
 * review items), followed by a page of its Multi-Channel Fulfillment fees when it has any, amounts right-aligned with the currency's decimals. A period report starts with a page
 * of the period's totals by account and the settlements it holds. Standard PDF fonts only (pdfkit's
 * built-in Helvetica), so nothing has to be found on the user's machine.
 */

export interface PdfOptions {
  /** Tests read the text back from uncompressed content streams. */
  compress?: boolean;
  /** The moment printed in the footer; defaults to now. */
  generatedAt?: Date;
  /** How the workspace shows negative amounts; a minus sign unless said. */
  negatives?: NegativeStyle;
}

/** An amount as this PDF prints it. */
type Money = (minor: number, currency: string) => string;

const MARGIN = 40;
const PAGE = { width: 595.28, height: 841.89 }; // A4 portrait, points
const WIDTH = PAGE.width - 2 * MARGIN;
const BOTTOM = PAGE.height - MARGIN - 24; // leave room for the footer
const ROW = 12;
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';

export interface Column { header: string; width: number; align?: 'left' | 'right' }

export type Doc = PDFKit.PDFDocument;

/**
 * A ruled table. Cells hold one line and end in an ellipsis when too long, except the columns in `wrap`
 * (reasons, item titles), which wrap and make their row taller. Rows that do not fit above `bottom` are
 * counted in a closing line instead.
 */
export function table(doc: Doc, y: number, columns: Column[], rows: string[][], opts: { bold?: Set<number>; bottom?: number; more?: string; wrap?: number[]; totalRow?: boolean } = {}): number {
  const bottom = opts.bottom ?? BOTTOM;
  const scale = WIDTH / columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => c.width * scale);
  const wraps = new Set(opts.wrap ?? []);
  const heightOf = (values: string[]) => {
    doc.font(FONT).fontSize(8);
    return Math.max(ROW, ...values.map((v, i) => (wraps.has(i) ? doc.heightOfString(v, { width: widths[i]! - 6 }) + 3 : ROW)));
  };
  const cells = (values: string[], font: string, at: number, height: number) => {
    let x = MARGIN;
    doc.font(font).fontSize(8);
    values.forEach((v, i) => {
      // What does not fit ends in an ellipsis (the XLSX and CSV carry it whole).
      doc.text(v, x + 3, at + 2, { width: widths[i]! - 6, height: wraps.has(i) ? height : ROW - 2, align: columns[i]!.align ?? 'left', ellipsis: true });
      x += widths[i]!;
    });
  };
  cells(columns.map((c) => c.header), BOLD, y, ROW);
  y += ROW;
  doc.moveTo(MARGIN, y).lineTo(MARGIN + WIDTH, y).lineWidth(0.5).strokeColor('#888888').stroke();
  // A total row is always printed, after what fits of the rows above it.
  const total = opts.totalRow ? rows.at(-1) : undefined;
  const body = total ? rows.slice(0, -1) : rows;
  const reserve = total ? ROW : 0;
  let shown = 0;
  for (const [i, r] of body.entries()) {
    const height = heightOf(r);
    if (y + height + ROW + reserve > bottom && i < body.length - 1) break;
    cells(r, opts.bold?.has(i) ? BOLD : FONT, y + 1, height);
    y += height;
    shown++;
  }
  if (shown < body.length) {
    doc.font('Helvetica-Oblique').fontSize(8).fillColor('#555555').text(`… ${body.length - shown} more ${opts.more ?? 'rows'}: see the XLSX or CSV export.`, MARGIN + 2, y + 2, { width: WIDTH });
    doc.fillColor('#000000');
    y += ROW;
  }
  if (total) {
    cells(total, BOLD, y + 1, ROW);
    y += ROW;
  }
  return y + 6;
}

export function heading(doc: Doc, y: number, text: string): number {
  doc.font(BOLD).fontSize(10).fillColor('#000000').text(text, MARGIN, y, { width: WIDTH });
  return y + 15;
}

export function line(doc: Doc, y: number, text: string, font = FONT): number {
  doc.font(font).fontSize(9).text(text, MARGIN, y, { width: WIDTH });
  return y + doc.heightOfString(text, { width: WIDTH }) + 2;
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '?');
const stamp = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const instant = (iso: string) => `${stamp(iso)} UTC`;

function accountRows(accounts: AccountTotal[], names: LedgerNames, withCurrency: boolean, groupedAmount: Money): string[][] {
  return accounts.map((a) => [
    ...(withCurrency ? [a.currency] : []), accountLabel(a.account, names), dimensionsText(a.dimensions, names),
    groupedAmount(a.debit, a.currency), groupedAmount(a.credit, a.currency), groupedAmount(a.debit - a.credit, a.currency),
  ]);
}

export function footer(doc: Doc, text: string) {
  doc.font(FONT).fontSize(7).fillColor('#555555').text(text, MARGIN, PAGE.height - MARGIN - 10, { width: WIDTH, align: 'center', lineBreak: false });
  doc.fillColor('#000000');
}

function settlementPage(doc: Doc, r: SettlementReport, generatedAt: Date, groupedAmount: Money) {
  const money = (m: number) => groupedAmount(m, r.currency);
  const t = r.tieOut;
  let y = MARGIN;
  doc.font(BOLD).fontSize(15).text(`Settlement reconciliation ${r.settlementId}`, MARGIN, y, { width: WIDTH });
  y += 22;
  y = line(doc, y, [
    `Version ${r.version}${r.current ? '' : ' (superseded)'}`, r.marketplace ?? 'marketplace not named', r.currency,
    `${day(r.startDate)} to ${day(r.endDate)}`, `period ${r.periods.join(', ') || 'none'}`, `status ${r.status}`,
  ].join('  ·  '));
  if (r.connection) y = line(doc, y, `ERP connection: ${r.connection.name}`);
  y += 6;

  y = heading(doc, y, 'Deposit tie-out');
  const tie: string[][] = [
    ['Declared total (settlement summary)', money(t.declaredTotal)],
    ['Sum of imported lines', money(t.importedLinesTotal)],
    [`Excluded lines (${t.excludedLines})`, money(t.excludedAmount)],
    ['Sum of lines in the journal', money(t.linesTotal)],
    ['Difference (lines - declared)', money(t.difference)],
    ['Accepted variance', money(t.acceptedVariance)],
    [`Deposit to clearing, ${day(r.depositDate)}`, money(t.deposit)],
    ['Tied out', t.tiedOut ? 'yes' : 'NO'],
  ];
  y = table(doc, y, [{ header: 'Item', width: 380 }, { header: `Amount ${r.currency}`, width: 135, align: 'right' }], tie, { bold: new Set([6, 7]) });

  y = heading(doc, y, 'Journal totals by account');
  for (const c of new Map(r.documents.filter((d) => d.conversion).map((d) => [JSON.stringify(d.conversion), d.conversion!])).values()) {
    y = line(doc, y, `In ${c.currency}: ${conversionText(c)}. The tie-out above is in ${c.from}.`);
  }
  const totals = totalsByCurrency(r.accounts).map((t) => [totalsByCurrency(r.accounts).length > 1 ? `Total ${t.currency}` : 'Total', '', groupedAmount(t.debit, t.currency), groupedAmount(t.credit, t.currency), groupedAmount(t.debit - t.credit, t.currency)]);
  const accounts = [...accountRows(r.accounts, r.names, false, groupedAmount), ...totals];
  y = table(doc, y, [{ header: 'Account', width: 115 }, { header: 'Dimensions', width: 190 }, { header: 'Debit', width: 70, align: 'right' }, { header: 'Credit', width: 70, align: 'right' }, { header: 'Net', width: 70, align: 'right' }],
    accounts, { totalRow: true, bottom: BOTTOM - 220, more: 'accounts', wrap: [0, 1] });

  y = heading(doc, y, 'ERP documents');
  y = r.documents.length
    ? table(doc, y, [{ header: 'Period', width: 45 }, { header: 'Posting date', width: 65 }, { header: 'Document no.', width: 110 }, { header: 'ERP document no.', width: 110 }, { header: 'State', width: 55 }, { header: 'Debit', width: 65, align: 'right' }, { header: 'Credit', width: 65, align: 'right' }],
      r.documents.map((d) => [d.period, d.postingDate, d.documentNumber, d.erpDocumentNumber ?? '-', d.state === 'planned' ? 'not posted' : d.state, groupedAmount(d.totalDebit, d.currency), groupedAmount(d.totalCredit, d.currency)]), { bottom: BOTTOM - 150, more: 'documents' })
    : line(doc, y, 'No journal document: nothing to post.') + 4;

  y = heading(doc, y, 'Approval');
  y = line(doc, y, r.approval ? `Approved by ${r.approval.approvedBy} on ${instant(r.approval.approvedAt)}${r.approval.note ? `: ${r.approval.note}` : ''}` : 'Not approved.') + 4;

  y = heading(doc, y, 'Variances accepted and lines excluded');
  const decisions = [
    ...r.variances.map((v) => ['variance', accountLabel(v.account, r.names), money(v.amount), v.acceptedBy, stamp(v.acceptedAt), v.reason]),
    ...r.exclusions.map((x) => [`${x.lineCount} ${x.lineCount === 1 ? 'line' : 'lines'} excluded`, '', money(x.amount), x.excludedBy, stamp(x.excludedAt), x.reason]),
  ];
  y = decisions.length
    ? table(doc, y, [{ header: 'Decision', width: 70 }, { header: 'Account', width: 90 }, { header: 'Amount', width: 65, align: 'right' }, { header: 'By', width: 55 }, { header: 'When (UTC)', width: 75 }, { header: 'Reason', width: 160 }], decisions, { bottom: BOTTOM - 70, more: 'decisions', wrap: [5] })
    : line(doc, y, 'None.') + 4;

  y = heading(doc, y, `Open review items (${r.openItems.length})`);
  if (r.openItems.length) {
    table(doc, y, [{ header: 'Severity', width: 55 }, { header: 'Item', width: 380 }, { header: 'Amount', width: 80, align: 'right' }],
      r.openItems.map((i) => [i.severity, i.title, i.amount === null ? '' : groupedAmount(i.amount, i.currency ?? r.currency)]), { more: 'open items', wrap: [1] });
  } else {
    line(doc, y, 'None.');
  }
  footer(doc, `ml-connector · settlement ${r.settlementId} version ${r.version} · generated ${instant(generatedAt.toISOString())}`);
}

/** Per currency: fees are never added across currencies. */
function feeTotals(rows: Array<{ currency: string; amount: number }>): Map<string, number> {
  const sums = new Map<string, number>();
  for (const r of rows) sums.set(r.currency, (sums.get(r.currency) ?? 0) + r.amount);
  return sums;
}

/**
 * The settlement's Multi-Channel Fulfillment fees, on a page of their own after the settlement's (only when
 * it has some): per ERP order that caused them, then those of no order an ERP sent, each with a total per
 * currency, as the CSV's MCF fee sections and the XLSX's MCF fees sheet carry them.
 */
function mcfFeesPage(doc: Doc, r: SettlementReport, generatedAt: Date, groupedAmount: Money) {
  const { matched, unmatched } = r.mcfFees;
  let y = MARGIN;
  doc.font(BOLD).fontSize(15).text(`Multi-Channel Fulfillment fees of settlement ${r.settlementId}`, MARGIN, y, { width: WIDTH });
  y += 22;
  y = line(doc, y, 'Fulfilment fees on orders that are not Amazon retail orders, matched by order id to the fulfilment order sent to Amazon for an ERP sales order.') + 6;
  const lines = (n: number) => String(n);
  const totals = (rows: Array<{ currency: string; amount: number }>, width: number) =>
    [...feeTotals(rows)].map(([currency, amount]) => [`Total ${currency}`, ...Array(width - 2).fill(''), groupedAmount(amount, currency)]);

  y = heading(doc, y, `Matched to ERP orders (${matched.length})`);
  const matchedCols: Column[] = [{ header: 'ERP order', width: 80 }, { header: 'Amazon fulfilment order', width: 140 }, { header: 'Fee types', width: 165 }, { header: 'Lines', width: 35, align: 'right' }, { header: 'Currency', width: 45 }, { header: 'Fees', width: 70, align: 'right' }];
  const matchedRows = matched.map((m) => [m.erpOrderNumber, m.sellerFulfillmentOrderId, m.fees.join(', '), lines(m.lines), m.currency, groupedAmount(m.amount, m.currency)]);
  const matchedTotals = totals(matched, matchedCols.length);
  y = matched.length
    ? table(doc, y, matchedCols, [...matchedRows, ...matchedTotals], { bold: new Set(matchedTotals.map((_, i) => matchedRows.length + i)), bottom: BOTTOM - 160, more: 'matched orders', wrap: [2] })
    : line(doc, y, 'None.') + 4;

  y = heading(doc, y, `Not matched: no ERP order was sent to Amazon with this id (${unmatched.length})`);
  const unmatchedCols: Column[] = [{ header: 'Order id in the settlement', width: 220 }, { header: 'Fee types', width: 165 }, { header: 'Lines', width: 35, align: 'right' }, { header: 'Currency', width: 45 }, { header: 'Fees', width: 70, align: 'right' }];
  const unmatchedRows = unmatched.map((u) => [u.orderId, u.fees.join(', '), lines(u.lines), u.currency, groupedAmount(u.amount, u.currency)]);
  const unmatchedTotals = totals(unmatched, unmatchedCols.length);
  if (unmatched.length) {
    table(doc, y, unmatchedCols, [...unmatchedRows, ...unmatchedTotals], { bold: new Set(unmatchedTotals.map((_, i) => unmatchedRows.length + i)), more: 'unmatched orders', wrap: [1] });
  } else {
    line(doc, y, 'None.');
  }
  footer(doc, `ml-connector · settlement ${r.settlementId} version ${r.version} · MCF fees · generated ${instant(generatedAt.toISOString())}`);
}

/** A settlement's page, and its MCF fees' page when it has any. */
function settlementPages(doc: Doc, r: SettlementReport, generatedAt: Date, groupedAmount: Money) {
  doc.addPage();
  settlementPage(doc, r, generatedAt, groupedAmount);
  if (r.mcfFees.matched.length + r.mcfFees.unmatched.length === 0) return;
  doc.addPage();
  mcfFeesPage(doc, r, generatedAt, groupedAmount);
}

function periodPage(doc: Doc, p: PeriodReport, generatedAt: Date, groupedAmount: Money) {
  let y = MARGIN;
  doc.font(BOLD).fontSize(15).text(`Reconciliation of period ${p.period}`, MARGIN, y, { width: WIDTH });
  y += 24;
  y = heading(doc, y, `Settlements with documents in ${p.period} (${p.settlements.length})`);
  y = table(doc, y, [{ header: 'Settlement', width: 80 }, { header: 'Marketplace', width: 80 }, { header: 'Dates', width: 120 }, { header: 'Status', width: 60 }, { header: 'Open', width: 35, align: 'right' }, { header: 'Deposit', width: 100, align: 'right' }],
    p.settlements.map((s) => [s.settlementId, s.marketplace ?? '', `${day(s.startDate)} to ${day(s.endDate)}`, s.status, String(s.openItems.length), `${groupedAmount(s.tieOut.deposit, s.currency)} ${s.currency}`]),
    { bottom: BOTTOM - 200, more: 'settlements' });
  y = heading(doc, y, `Journal totals by account, documents posting in ${p.period}`);
  // Each currency's accounts, then its total: currencies are never added together.
  const rows: string[][] = [];
  const bold = new Set<number>();
  for (const currency of [...new Set(p.accounts.map((a) => a.currency))]) {
    const of = p.accounts.filter((a) => a.currency === currency);
    rows.push(...accountRows(of, p.names, true, groupedAmount));
    const debit = of.reduce((s, a) => s + a.debit, 0);
    const credit = of.reduce((s, a) => s + a.credit, 0);
    bold.add(rows.length);
    rows.push([currency, 'Total', '', groupedAmount(debit, currency), groupedAmount(credit, currency), groupedAmount(debit - credit, currency)]);
  }
  table(doc, y, [{ header: 'Currency', width: 40 }, { header: 'Account', width: 110 }, { header: 'Dimensions', width: 155 }, { header: 'Debit', width: 70, align: 'right' }, { header: 'Credit', width: 70, align: 'right' }, { header: 'Net', width: 70, align: 'right' }],
    rows, { bold, more: 'accounts', wrap: [1, 2] });
  footer(doc, `ml-connector · period ${p.period} · generated ${instant(generatedAt.toISOString())}`);
}

export async function render(draw: (doc: Doc) => void, title: string, options: PdfOptions, generatedAt: Date): Promise<Buffer> {
  // Loaded when a PDF is made: pdfkit takes ~0.2-0.4 s to load, which every process paid at start.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, compress: options.compress ?? true, autoFirstPage: false, info: { Title: title, Creator: 'ml-connector', CreationDate: generatedAt } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return done;
}

export function settlementReportPdf(r: SettlementReport, options: PdfOptions = {}): Promise<Buffer> {
  const at = options.generatedAt ?? new Date();
  return render((doc) => settlementPages(doc, r, at, moneyOf(options)), `Settlement reconciliation ${r.settlementId}`, options, at);
}

export function periodReportPdf(p: PeriodReport, options: PdfOptions = {}): Promise<Buffer> {
  const at = options.generatedAt ?? new Date();
  return render((doc) => {
    doc.addPage();
    periodPage(doc, p, at, moneyOf(options));
    for (const s of p.settlements) settlementPages(doc, s, at, moneyOf(options));
  }, `Reconciliation of period ${p.period}`, options, at);
}
