import { periodReportCsv, settlementReportCsv } from '../../reports/reconciliation-csv';
import { periodReportPdf, settlementReportPdf } from '../../reports/reconciliation-pdf';
import { ReconciliationReports, type PeriodReport, type SettlementReport } from '../../reports/reconciliation-report';
import { periodReportXlsx, settlementReportXlsx } from '../../reports/reconciliation-xlsx';
import type { NegativeStyle } from '../../money';
import type { Workspace } from '../../workspace/workspace';
import { amountDisplayOf } from '../../workspace/amount-display';
import type { ReportScopeInput } from '../calls/reports';
import type { Handlers } from '../dispatch';
import { ApiFailure } from '../envelope';

type Scope = ReportScopeInput;
type Built = { kind: 'settlement'; report: SettlementReport } | { kind: 'period'; report: PeriodReport };

function build(ws: Workspace, input: Scope): Built {
  const reports = new ReconciliationReports(ws, input.connectionId);
  return input.scope === 'settlement'
    ? { kind: 'settlement', report: reports.settlement(input.id, input.version) }
    : { kind: 'period', report: reports.period(input.id) };
}

const MIME = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

/** CSV keeps a plain minus (a machine-readable number); XLSX and PDF show negatives as the workspace does. */
async function render(b: Built, format: 'csv' | 'xlsx' | 'pdf', negatives: NegativeStyle, generatedAt: Date): Promise<Buffer> {
  if (b.kind === 'settlement') {
    if (format === 'csv') return Buffer.from(settlementReportCsv(b.report), 'utf8');
    return format === 'xlsx' ? settlementReportXlsx(b.report, negatives) : settlementReportPdf(b.report, { negatives, generatedAt });
  }
  if (format === 'csv') return Buffer.from(periodReportCsv(b.report), 'utf8');
  return format === 'xlsx' ? periodReportXlsx(b.report, negatives) : periodReportPdf(b.report, { negatives, generatedAt });
}

export const reportHandlers: Pick<Handlers, 'reports.reconciliation' | 'reports.export'> = {
  'reports.reconciliation': (input, { ws }) => {
    const b = build(ws, input);
    return b.kind === 'settlement'
      ? { scope: 'settlement', id: input.id, settlements: [b.report], periodAccounts: null, periodNames: null }
      : { scope: 'period', id: input.id, settlements: b.report.settlements, periodAccounts: b.report.accounts, periodNames: b.report.names };
  },

  'reports.export': async (input, { ws }) => {
    const b = build(ws, input);
    const settlements = b.kind === 'settlement' ? [b.report] : b.report.settlements;
    if (b.kind === 'period' && settlements.length === 0) throw new ApiFailure('not_found', `No settlement has a journal document in ${input.id}; there is nothing to export.`);
    const bytes = await render(b, input.format, amountDisplayOf(ws).get().negatives, new Date(ws.clock.now()));
    const name = b.kind === 'settlement' ? `settlement-${b.report.settlementId}-v${b.report.version}` : `period-${b.report.period}`;
    const fileName = `reconciliation-${name}.${input.format}`;
    ws.audit.record({
      kind: 'decision', system: 'app', operation: 'reports.export', actor: ws.osUser,
      subjectType: input.scope, subjectId: input.id,
      detail: { format: input.format, fileName, bytes: bytes.byteLength, settlements: settlements.map((s) => `${s.settlementId} v${s.version}`) },
    });
    return { fileName, mimeType: MIME[input.format], contentBase64: bytes.toString('base64'), bytes: bytes.byteLength, settlements: settlements.length };
  },
};
