import { z } from 'zod';
import { define } from '../define';
import { LedgerNamesSchema } from './ledger-names';

const AccountTotalSchema = z.object({
  currency: z.string(),
  account: z.string(),
  dimensions: z.record(z.string(), z.string()),
  /** Minor units of `currency`. */
  debit: z.number().int(),
  credit: z.number().int(),
  lines: z.number().int(),
});
export type AccountTotalView = z.infer<typeof AccountTotalSchema>;

const ReportDocumentSchema = z.object({
  naturalKey: z.string(),
  documentNumber: z.string(),
  period: z.string(),
  postingDate: z.string(),
  currency: z.string(),
  /** 'planned': not in the posting outbox yet. */
  state: z.enum(['planned', 'pending', 'posting', 'awaiting', 'posted', 'failed', 'cancelled']),
  erpDocumentNumber: z.string().nullable(),
  totalDebit: z.number().int(),
  totalCredit: z.number().int(),
  lines: z.number().int(),
  /** Posted in the ERP's local currency, converted from the settlement's: 1 `from` = `rate` `currency`. */
  conversion: z.object({ from: z.string(), currency: z.string(), rate: z.string(), rateStartingDate: z.string() }).nullable(),
});

export const SettlementReportSchema = z.object({
  settlementId: z.string(),
  versionId: z.number().int(),
  version: z.number().int(),
  current: z.boolean(),
  status: z.enum(['imported', 'needs-review', 'ready', 'approved', 'posting', 'posted', 'failed', 'superseded']),
  marketplace: z.string().nullable(),
  currency: z.string(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  depositDate: z.string().nullable(),
  fileName: z.string().nullable(),
  periods: z.array(z.string()),
  connection: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Minor units of the settlement currency. */
  tieOut: z.object({
    declaredTotal: z.number().int(),
    importedLinesTotal: z.number().int(),
    excludedLines: z.number().int(),
    excludedAmount: z.number().int(),
    linesTotal: z.number().int(),
    difference: z.number().int(),
    acceptedVariance: z.number().int(),
    deposit: z.number().int(),
    tiedOut: z.boolean(),
  }),
  accounts: z.array(AccountTotalSchema),
  totalDebit: z.number().int(),
  totalCredit: z.number().int(),
  documents: z.array(ReportDocumentSchema),
  openItems: z.array(z.object({
    id: z.number().int(), severity: z.enum(['blocking', 'warning']), kind: z.string(), title: z.string(),
    lineCount: z.number().int().nullable(), amount: z.number().int().nullable(), currency: z.string().nullable(),
  })),
  variances: z.array(z.object({ account: z.string(), amount: z.number().int(), reason: z.string(), acceptedBy: z.string(), acceptedAt: z.string() })),
  exclusions: z.array(z.object({ reason: z.string(), lineCount: z.number().int(), amount: z.number().int(), excludedBy: z.string(), excludedAt: z.string() })),
  approval: z.object({ approvedBy: z.string(), approvedAt: z.string(), note: z.string().nullable() }).nullable(),
  /** The ERP's names of the accounts and dimension values above. */
  names: LedgerNamesSchema,
  /** Multi-Channel Fulfillment fees (minor units): per ERP order that caused them, and those of no order sent from an ERP. */
  mcfFees: z.object({
    matched: z.array(z.object({ erpConnectionId: z.string(), erpOrderNumber: z.string(), sellerFulfillmentOrderId: z.string(), currency: z.string(), amount: z.number().int(), lines: z.number().int(), fees: z.array(z.string()) })),
    unmatched: z.array(z.object({ orderId: z.string(), currency: z.string(), amount: z.number().int(), lines: z.number().int(), fees: z.array(z.string()) })),
  }),
});
export type SettlementReportView = z.infer<typeof SettlementReportSchema>;

const ReportScopeSchema = z.discriminatedUnion('scope', [
  /** One settlement: its current version, or the version named. */
  z.object({ scope: z.literal('settlement'), id: z.string().min(1, 'Choose a settlement'), version: z.number().int().positive().optional(), connectionId: z.string().min(1).optional() }),
  /** Every settlement with a journal document in an accounting period. */
  z.object({ scope: z.literal('period'), id: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Write the period as YYYY-MM, e.g. 2026-06'), connectionId: z.string().min(1).optional() }),
]);
export type ReportScopeInput = z.input<typeof ReportScopeSchema>;

export const reportCalls = {
  'reports.reconciliation': define({
    summary: 'The reconciliation report of a settlement or of an accounting period: deposit tie-out, journal totals by account, ERP document numbers, open review items, variances and approval',
    input: ReportScopeSchema,
    output: z.object({
      scope: z.enum(['settlement', 'period']),
      id: z.string(),
      settlements: z.array(SettlementReportSchema),
      /** Period scope: totals by account of the documents posting in the period. */
      periodAccounts: z.array(AccountTotalSchema).nullable(),
      /** Period scope: the names of periodAccounts' accounts and dimension values. */
      periodNames: LedgerNamesSchema.nullable(),
    }),
  }),
  'reports.export': define({
    summary: 'The reconciliation report as a CSV, XLSX or PDF file (audited)',
    input: z.intersection(ReportScopeSchema, z.object({ format: z.enum(['csv', 'xlsx', 'pdf']) })),
    output: z.object({ fileName: z.string(), mimeType: z.string(), contentBase64: z.string(), bytes: z.number().int(), settlements: z.number().int() }),
  }),
};
