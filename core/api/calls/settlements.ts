import { z } from 'zod';
import { LedgerNamesSchema } from './ledger-names';
import { define } from '../define';

export { LedgerNamesSchema, type LedgerNamesView } from './ledger-names';
import { SettlementStatusSchema } from './review';

/** Minor units of one currency: never added across currencies. */
export const MoneySchema = z.object({ amount: z.number().int(), currency: z.string() });
export type Money = z.infer<typeof MoneySchema>;

/** Whether a version's lines add up to its declared total (minor units of `currency`). */
export const VersionTieOutSchema = z.object({
  currency: z.string(),
  declaredTotal: z.number().int(),
  linesTotal: z.number().int(),
  /** linesTotal - declaredTotal. */
  difference: z.number().int(),
  tiesOut: z.boolean(),
});

/**
 * 'current'; 'superseded' by a re-issued version or by a person's choice; 'incomplete-copy': its lines do not
 * add up to its total, kept beside a current version whose lines do, until a person chooses.
 */
export const VersionStandingSchema = z.enum(['current', 'superseded', 'incomplete-copy']);

export const VersionRefSchema = z.object({
  versionId: z.number().int(),
  version: z.number().int(),
  standing: VersionStandingSchema,
  tieOut: VersionTieOutSchema,
});
export type VersionRef = z.infer<typeof VersionRefSchema>;

export const SettlementViewSchema = z.object({
  settlementId: z.string(),
  versionId: z.number().int(),
  version: z.number().int(),
  status: VersionStandingSchema,
  /** The lines add up to the declared total. */
  tiesOut: z.boolean(),
  reissued: z.boolean(),
  format: z.string(),
  fileName: z.string().nullable(),
  /** Fetched from an Amazon connection, or imported from a file a person chose. */
  source: z.enum(['amazon', 'file']),
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

/** A settlement in the list: where it stands in review and posting (core/review ReviewQueue.status). */
export const SettlementListItemSchema = SettlementViewSchema.extend({
  state: SettlementStatusSchema,
  openBlocking: z.number().int(),
  openWarnings: z.number().int(),
  /** Documents of this version created in their ERP and waiting for a person to post them there; null when none. */
  awaitingInErp: z.object({ connectionName: z.string(), documents: z.number().int(), since: z.string() }).nullable(),
  /**
   * The ERP connection(s) the state is about: where its documents went once posting started, else the one
   * it was approved for, else the one its review was checked against; empty before any.
   */
  stateConnections: z.array(z.string()),
});
export type SettlementListItem = z.infer<typeof SettlementListItemSchema>;

/** The journal line a drill-down starts from, as the preview shows it. */
export const JournalLineRefSchema = z.object({
  period: z.string().min(1),
  currency: z.string().min(1),
  account: z.string().nullable(),
  dimensions: z.record(z.string(), z.string()),
  description: z.string(),
});

export const StoredLineRowSchema = z.object({
  row: z.number().int(),
  seq: z.number().int(),
  postedDate: z.string().nullable(),
  transactionType: z.string(),
  amountType: z.string(),
  amountDescription: z.string(),
  /** Minor units as in the report: what Amazon pays is positive. */
  amount: z.number().int(),
  currency: z.string(),
  category: z.string().nullable(),
  orderId: z.string(),
  adjustmentId: z.string(),
  shipmentId: z.string(),
  marketplaceName: z.string(),
  fulfillmentId: z.string(),
  sku: z.string(),
  quantity: z.number().int().nullable(),
  promotionId: z.string(),
  source: z.string().nullable(),
  /** The row exactly as read from the file. */
  raw: z.string().nullable(),
});
export type StoredLineRowView = z.infer<typeof StoredLineRowSchema>;

const ImportNewConnectionSchema = z.object({
  connectionId: z.string(),
  name: z.string(),
  status: z.enum(['succeeded', 'failed', 'cancelled', 'busy']),
  found: z.number().int(),
  imported: z.number().int(),
  newVersions: z.number().int(),
  /** Versions whose lines do not add up to their total, kept beside a current version whose lines do. */
  incompleteCopies: z.number().int(),
  alreadyHere: z.number().int(),
  unreadable: z.number().int(),
  /** Why it stopped or what was skipped, in plain words. */
  message: z.string().nullable(),
});

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
  /**
   * Present when the ERP posts only in its company's currency: the ERP's rate for the posting date and each
   * line converted (same order as `lines`), minor units of `currency`; what approval approves and posting sends.
   */
  conversion: z.object({
    currency: z.string(),
    /** Units of `currency` per unit of the document's currency, to 6 decimals. */
    rate: z.string(),
    /** The starting date of the ERP's rate in force on the posting date. */
    rateStartingDate: z.string(),
    lines: z.array(z.object({ debit: z.number().int(), credit: z.number().int() })),
    totalDebit: z.number().int(),
    totalCredit: z.number().int(),
    /** The rounding difference the clearing line absorbed so debits equal credits. */
    rounding: z.number().int(),
  }).optional(),
});
export type PreviewDocument = z.infer<typeof PreviewDocumentSchema>;

/** A document of the journal as it was handed to the ERP, read from the posting outbox. */
export const PostedDocumentSchema = z.object({
  naturalKey: z.string(),
  documentNumber: z.string(),
  /** The ERP's number once posted; null while pending or failed. */
  erpDocumentNumber: z.string().nullable(),
  /** awaiting: created in the ERP, where a person still has to post it. */
  state: z.enum(['pending', 'posting', 'awaiting', 'posted', 'failed']),
  postingDate: z.string(),
  currency: z.string(),
  lines: z.array(z.object({ account: z.string(), description: z.string(), dimensions: z.record(z.string(), z.string()), debit: z.number().int(), credit: z.number().int() })),
  totalDebit: z.number().int(),
  totalCredit: z.number().int(),
});
export type PostedDocument = z.infer<typeof PostedDocumentSchema>;

export const SettlementPreviewSchema = z.object({
  settlement: SettlementViewSchema,
  /** The ERP connection whose mapping rules were used; null when there is none yet. */
  connectionId: z.string().nullable(),
  /**
   * The journal the current rules and review decisions produce (ReviewQueue.versionJournal, the one
   * posting sends). Once documents are in the posting outbox, `posted` is what counts and this is a draft.
   */
  documents: z.array(PreviewDocumentSchema),
  /** What was handed to the ERP for this version, from the posting outbox; null when nothing was. */
  posted: z.object({
    documents: z.array(PostedDocumentSchema),
    /** The current rules would produce a different journal (`documents`); false when it is the same. */
    currentDiffers: z.boolean(),
  }).nullable(),
  tieOut: z.object({
    currency: z.string(),
    declaredTotal: z.number().int(),
    /** Σ of the lines the journal holds (after the review's exclusions). */
    linesTotal: z.number().int(),
    /** The lines the review excluded, and their sum. */
    excludedLines: z.number().int(),
    excludedAmount: z.number().int(),
    /** The variance line of an accepted difference (0 without one). */
    acceptedVariance: z.number().int(),
    /** The net deposit the journal debits to clearing (credit when the seller owes Amazon). */
    deposit: z.number().int(),
    /** linesTotal - declaredTotal. */
    difference: z.number().int(),
    /** The deposit is the declared total and any difference is an accepted variance. */
    balanced: z.boolean(),
    causes: z.array(z.object({ reason: z.string(), rows: z.array(z.number().int()), amount: z.number().int() })),
  }),
  names: LedgerNamesSchema,
  byCategory: z.array(z.object({ category: z.string().nullable(), label: z.string(), currency: z.string(), count: z.number().int(), amount: z.number().int() })),
  /** Journal lines no mapping rule covers: shown, never dropped. Amount as in the journal (positive = debit). */
  unmapped: z.array(z.object({ description: z.string(), category: z.string().nullable(), currency: z.string(), lineCount: z.number().int(), amount: z.number().int() })),
  missingAccounts: z.array(z.string()),
  issues: z.array(z.string()),
});
export type SettlementPreview = z.infer<typeof SettlementPreviewSchema>;

export const settlementCalls = {
  'settlements.list': define({
    summary: 'Every imported settlement version, newest period first, with where it stands (imported, needs review, ready, approved, posting, posted, failed, superseded)',
    input: z.object({}),
    output: z.array(SettlementListItemSchema),
  }),
  'settlements.lines': define({
    summary: 'A page of the stored report lines of a settlement version in file order, all of them or only those behind one journal line of the preview (or of one category)',
    input: z.object({
      versionId: z.number().int().positive(),
      connectionId: z.string().optional(),
      journalLine: JournalLineRefSchema.optional(),
      category: z.string().nullable().optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(2000).default(200),
    }),
    output: z.object({
      /** The file's header naming the raw row's tab-separated columns; null for XML or versions imported before it was kept. */
      columns: z.array(z.string()).nullable(),
      /** How many lines match, whatever the page. */
      total: z.number().int(),
      /** Σ amount of every matching line (report sign); a journal line's debit − credit is its negation. */
      amount: z.number().int(),
      currency: z.string(),
      offset: z.number().int(),
      rows: z.array(StoredLineRowSchema),
    }),
  }),
  'settlements.importNew': define({
    summary: 'Asks every Amazon connection for settlement reports not imported yet, downloads and imports them (each one once), and says what it found',
    input: z.object({}),
    output: z.object({
      connections: z.array(ImportNewConnectionSchema),
      imported: z.number().int(),
      newVersions: z.number().int(),
      incompleteCopies: z.number().int(),
      alreadyHere: z.number().int(),
      unreadable: z.number().int(),
      cancelled: z.boolean(),
      /** "3 new settlements imported, 2 already here" without the connections that failed; '' when there is nothing to say. */
      done: z.string(),
      /** `done` followed by what went wrong where. */
      summary: z.string(),
    }),
    progress: true,
  }),
  'settlements.importUpload': define({
    summary: 'Imports one settlement report file sent as base64 (V2, legacy flat file or XML; gzip allowed)',
    input: z.object({
      fileName: z.string().min(1).max(500),
      contentBase64: z.string().min(1, 'This file is empty'),
    }),
    output: z.object({
      /**
       * new, new-version (now current), incomplete-copy (its lines do not add up to the total; kept beside the
       * current version, which does add up), unchanged (same content as the current version),
       * identical-to-superseded (same content as a version that is not current: makeCurrent brings it back).
       */
      outcome: z.enum(['new', 'unchanged', 'new-version', 'incomplete-copy', 'identical-to-superseded']),
      settlementId: z.string(),
      /** The version stored, or the stored version with the same content. */
      version: z.number().int(),
      versionId: z.number().int(),
      lineCount: z.number().int(),
      /** The tie-out of what was imported. */
      tieOut: VersionTieOutSchema,
      /** The settlement's current version after the import. */
      current: VersionRefSchema,
    }),
    progress: true,
  }),
  'settlements.makeCurrent': define({
    summary:
      'Makes a version of a settlement the current one (an incomplete copy taken anyway, or a superseded version brought back); the version it replaces loses its approval; refused once documents of the settlement are in the posting outbox. Audited',
    input: z.object({ versionId: z.number().int().positive(), reason: z.string().max(500).optional() }),
    output: z.object({
      settlementId: z.string(),
      current: VersionRefSchema,
      previous: VersionRefSchema.nullable(),
      /** The replaced version was approved: that approval was withdrawn. */
      approvalWithdrawn: z.boolean(),
    }),
  }),
  'settlements.preview': define({
    summary: 'The journal a settlement version would post, its tie-out and totals by category',
    input: z.object({ versionId: z.number().int().positive(), connectionId: z.string().optional() }),
    output: SettlementPreviewSchema,
  }),
};
