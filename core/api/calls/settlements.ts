import { z } from 'zod';
import { define } from '../define';

/** Minor units of one currency: never added across currencies. */
export const MoneySchema = z.object({ amount: z.number().int(), currency: z.string() });
export type Money = z.infer<typeof MoneySchema>;

export const SettlementViewSchema = z.object({
  settlementId: z.string(),
  versionId: z.number().int(),
  version: z.number().int(),
  /** 'current', or 'superseded' by a re-issued version. */
  status: z.enum(['current', 'superseded']),
  reissued: z.boolean(),
  format: z.string(),
  fileName: z.string().nullable(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  depositDate: z.string().nullable(),
  marketplace: z.string().nullable(),
  currency: z.string(),
  total: MoneySchema,
  linesTotal: MoneySchema,
  lineCount: z.number().int(),
  importedAt: z.string(),
});
export type SettlementView = z.infer<typeof SettlementViewSchema>;

export const PreviewLineSchema = z.object({
  role: z.enum(['amount', 'reserve', 'deposit', 'carried-forward', 'variance']),
  /** null: no mapping rule covers this amount (shown as unmapped; posting is blocked). */
  account: z.string().nullable(),
  dimensions: z.record(z.string(), z.string()),
  description: z.string(),
  category: z.string().nullable(),
  debit: z.number().int(),
  credit: z.number().int(),
  lineCount: z.number().int(),
});
export type PreviewLine = z.infer<typeof PreviewLineSchema>;

export const PreviewDocumentSchema = z.object({
  period: z.string(),
  postingDate: z.string(),
  currency: z.string(),
  kind: z.enum(['settlement', 'settlement-payable']),
  lines: z.array(PreviewLineSchema),
  totalDebit: z.number().int(),
  totalCredit: z.number().int(),
});
export type PreviewDocument = z.infer<typeof PreviewDocumentSchema>;

export const SettlementPreviewSchema = z.object({
  settlement: SettlementViewSchema,
  /** The ERP connection whose mapping rules were used; null when there is none yet. */
  connectionId: z.string().nullable(),
  documents: z.array(PreviewDocumentSchema),
  tieOut: z.object({
    currency: z.string(),
    declaredTotal: z.number().int(),
    linesTotal: z.number().int(),
    /** The net deposit the journal debits to clearing (credit when the seller owes Amazon). */
    deposit: z.number().int(),
    /** linesTotal - declaredTotal. */
    difference: z.number().int(),
    balanced: z.boolean(),
    causes: z.array(z.object({ reason: z.string(), rows: z.array(z.number().int()), amount: z.number().int() })),
  }),
  byCategory: z.array(z.object({ category: z.string().nullable(), currency: z.string(), count: z.number().int(), amount: z.number().int() })),
  /** Journal lines no mapping rule covers: shown, never dropped. Amount as in the journal (positive = debit). */
  unmapped: z.array(z.object({ description: z.string(), category: z.string().nullable(), currency: z.string(), lineCount: z.number().int(), amount: z.number().int() })),
  missingAccounts: z.array(z.string()),
  issues: z.array(z.string()),
});
export type SettlementPreview = z.infer<typeof SettlementPreviewSchema>;

export const settlementCalls = {
  'settlements.list': define({
    summary: 'Every imported settlement version, newest period first',
    input: z.object({}),
    output: z.array(SettlementViewSchema),
  }),
  'settlements.importUpload': define({
    summary: 'Imports one settlement report file sent as base64 (V2, legacy flat file or XML; gzip allowed)',
    input: z.object({
      fileName: z.string().min(1).max(500),
      contentBase64: z.string().min(1, 'The file is empty'),
    }),
    output: z.object({
      outcome: z.enum(['new', 'unchanged', 'new-version']),
      settlementId: z.string(),
      version: z.number().int(),
      versionId: z.number().int(),
      lineCount: z.number().int(),
    }),
    progress: true,
  }),
  'settlements.preview': define({
    summary: 'The journal a settlement version would post, its tie-out and totals by category',
    input: z.object({ versionId: z.number().int().positive(), connectionId: z.string().optional() }),
    output: SettlementPreviewSchema,
  }),
};
