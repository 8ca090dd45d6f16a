import { z } from 'zod';
import { define } from '../define';
import { LedgerNamesSchema } from './ledger-names';

/** awaiting: created in the ERP, where a person still has to post it (the sync engine watches for it). */
const OutboxStateSchema = z.enum(['pending', 'posting', 'awaiting', 'posted', 'failed', 'cancelled']);

/** What the ERP said when it refused or could not be reached, as received. */
export const PostingFailureSchema = z.object({
  message: z.string(),
  kind: z.string(),
  httpStatus: z.number().int().nullable(),
  erpCode: z.string().nullable(),
  erpMessage: z.string().nullable(),
  operation: z.string().nullable(),
  line: z.number().int().nullable(),
});
export type PostingFailureView = z.infer<typeof PostingFailureSchema>;

export const PostingLeaseSchema = z.object({
  holder: z.string(),
  host: z.string(),
  pid: z.number().int(),
  purpose: z.string(),
  acquiredAt: z.string(),
  renewedAt: z.string(),
  expiresAt: z.string(),
});
export type PostingLeaseView = z.infer<typeof PostingLeaseSchema>;

const DocumentFactsSchema = z.object({
  naturalKey: z.string(),
  documentNumber: z.string(),
  postingDate: z.string(),
  currency: z.string(),
  description: z.string(),
  lineCount: z.number().int(),
  /** Minor units of the document's currency. */
  totalDebit: z.number().int(),
  totalCredit: z.number().int(),
});

export const PlannedDocumentSchema = DocumentFactsSchema.extend({
  period: z.string(),
  kind: z.enum(['settlement', 'settlement-payable']),
  outboxState: OutboxStateSchema.nullable(),
  erpDocumentNumber: z.string().nullable(),
});
export type PlannedDocumentView = z.infer<typeof PlannedDocumentSchema>;

const ApprovalSchema = z.object({ approvedBy: z.string(), approvedAt: z.string() });

export const PostingPlanSchema = z.object({
  versionId: z.number().int(),
  settlementId: z.string(),
  version: z.number().int(),
  connection: z.object({ id: z.string(), name: z.string(), company: z.string(), localCurrency: z.string().nullable() }),
  approval: ApprovalSchema.nullable(),
  documents: z.array(PlannedDocumentSchema),
  /** What the documents post, summed per currency, account and dimensions (minor units), with the ERP's names. */
  accounts: z.array(z.object({ currency: z.string(), account: z.string(), dimensions: z.record(z.string(), z.string()), debit: z.number().int(), credit: z.number().int() })),
  names: LedgerNamesSchema,
  /** Why it cannot be posted now; empty when it can. */
  refusals: z.array(z.string()),
  /** Journals of another version of this settlement posted to this connection, which posting.reverse can reverse in the ERP first. */
  reversible: z.array(z.object({ naturalKey: z.string(), erpDocumentNumber: z.string() })),
});
export type PostingPlan = z.infer<typeof PostingPlanSchema>;

export const OutboxRowSchema = DocumentFactsSchema.extend({
  /** The ERP connection it is for; null for an older document whose connection could not be told. */
  connectionId: z.string().nullable(),
  /** Document kind: journal (a settlement's), salesInvoice (an Amazon order's); credit notes and payments later. */
  kind: z.string(),
  /** What the document comes from: the settlement id of a journal, the Amazon order id of a sales invoice. */
  settlementId: z.string(),
  version: z.number().int().nullable(),
  state: OutboxStateSchema,
  /** Failed only: the ERP could not be reached; replay needs no fix first. */
  retryable: z.boolean(),
  /** Posted: the ERP's number. Awaiting: the ERP's own key of the document not yet posted there. */
  erpDocumentNumber: z.string().nullable(),
  error: PostingFailureSchema.nullable(),
  attempts: z.number().int(),
  updatedAt: z.string(),
});
export type OutboxRow = z.infer<typeof OutboxRowSchema>;

export const PostingRunSchema = z.object({
  /** completed · cancelled between documents · stopped (ERP unreachable, or the lease was lost). */
  outcome: z.enum(['completed', 'cancelled', 'stopped']),
  enqueued: z.number().int(),
  posted: z.array(z.object({ naturalKey: z.string(), erpDocumentNumber: z.string(), alreadyInErp: z.boolean() })),
  /** Created in the ERP, where a person still has to post them. */
  awaiting: z.array(z.object({ naturalKey: z.string(), erpDocumentNumber: z.string() })),
  failed: z.array(z.object({ naturalKey: z.string(), retryable: z.boolean(), message: z.string() })),
  notReached: z.number().int(),
  durationMs: z.number(),
});
export type PostingRunView = z.infer<typeof PostingRunSchema>;

export const ReversalSchema = z.object({
  reversed: z.array(z.object({
    naturalKey: z.string(),
    erpDocumentNumber: z.string(),
    /** The ERP's number of the reversing entry; null when the ERP does not say. */
    reversalDocumentNumber: z.string().nullable(),
    /** Found already reversed in the ERP: nothing was booked this time. */
    alreadyReversed: z.boolean(),
  })),
});
export type ReversalView = z.infer<typeof ReversalSchema>;

/** A document the ERP created that a person still has to post there, and since when it waits. */
export const AwaitingInErpSchema = z.object({
  connectionId: z.string().nullable(),
  connectionName: z.string(),
  settlementId: z.string(),
  naturalKey: z.string(),
  erpDocumentNumber: z.string().nullable(),
  since: z.string(),
});
export type AwaitingInErpView = z.infer<typeof AwaitingInErpSchema>;

const target = z.object({ versionId: z.number().int().positive(), connectionId: z.string().min(1) });

export const postingCalls = {
  'posting.plan': define({
    summary: 'Exactly what posting a settlement version to an ERP connection would send, and why it may not be sent yet',
    input: target,
    output: PostingPlanSchema,
  }),
  'posting.post': define({
    summary: 'Posts an approved settlement version to the ERP, each document exactly once (one run per workspace at a time)',
    input: target,
    output: PostingRunSchema,
    progress: true,
  }),
  'posting.reverse': define({
    summary: 'Reverses in the ERP the journals of other versions of a settlement posted to this connection, so the current (re-issued) version can be posted in their place; each step audited',
    input: target,
    output: ReversalSchema,
    progress: true,
  }),
  'posting.list': define({
    summary: 'The posting outbox of a settlement: each document with its state, ERP document number and the ERP error as received',
    input: z.object({ settlementId: z.string().min(1), versionId: z.number().int().positive().optional() }),
    output: z.object({
      documents: z.array(OutboxRowSchema),
      /** The posting run working in this workspace now, if any. */
      run: PostingLeaseSchema.nullable(),
      /** The live approval of `versionId`, when one was asked about. */
      approval: ApprovalSchema.nullable(),
    }),
  }),
  'posting.replay': define({
    summary: 'Rebuilds a failed document from the current mappings and posts it again',
    input: z.object({ naturalKey: z.string().min(1), connectionId: z.string().min(1) }),
    output: PostingRunSchema,
    progress: true,
  }),
  'posting.checkErp': define({
    summary: 'Looks up in the ERP every document of a connection that waits to be posted there, and records those a person has posted since (what the sync engine does on its runs)',
    input: z.object({ connectionId: z.string().min(1) }),
    output: z.object({
      posted: z.array(z.object({ naturalKey: z.string(), erpDocumentNumber: z.string() })),
      stillAwaiting: z.number().int(),
      /** Deleted in the ERP before anyone posted them: now failed, for a person to replay or cancel. */
      gone: z.array(z.string()),
    }),
  }),
  'posting.cancel': define({
    summary: 'Decides that a document waiting in the outbox (pending, or failed) will not be posted',
    /** connectionId: needed only when two ERP connections hold the natural key. */
    input: z.object({ naturalKey: z.string().min(1), connectionId: z.string().min(1).optional(), reason: z.string().max(500).optional() }),
    output: OutboxRowSchema,
  }),
};
