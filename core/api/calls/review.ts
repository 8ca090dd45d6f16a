import { z } from 'zod';
import { define } from '../define';
import { LedgerNamesSchema } from './ledger-names';

export const ReviewSeveritySchema = z.enum(['blocking', 'warning']);
export const ReviewStateSchema = z.enum(['open', 'resolved', 'cleared']);
export const ReviewActionSchema = z.enum(['map', 'acceptVariance', 'exclude', 'acknowledge']);
export const SettlementStatusSchema = z.enum(['imported', 'needs-review', 'ready', 'approved', 'posting', 'posted', 'failed', 'superseded']);
export type SettlementStatus = z.infer<typeof SettlementStatusSchema>;

const ExclusionScopeSchema = z.union([
  z.object({ match: z.object({ transactionType: z.string(), amountType: z.string(), amountDescription: z.string() }) }),
  z.object({ rows: z.array(z.number().int()) }),
  z.object({ currency: z.string() }),
]);

export const ResolutionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('map'), target: z.string(), dimensions: z.record(z.string(), z.string()).optional() }),
  z.object({
    action: z.literal('acceptVariance'), account: z.string(), reason: z.string(), difference: z.number().int(),
    /** Above the workspace's variance limit: who proposed it; the item stays open until a second person confirms. */
    proposedBy: z.string().optional(),
    confirmedBy: z.string().optional(),
  }),
  z.object({ action: z.literal('exclude'), reason: z.string(), scope: ExclusionScopeSchema, lineCount: z.number().int(), amount: z.number().int() }),
  z.object({ action: z.literal('acknowledge'), note: z.string().nullable() }),
]);
export type ResolutionView = z.infer<typeof ResolutionSchema>;

export const ReviewItemViewSchema = z.object({
  id: z.number().int(),
  versionId: z.number().int(),
  settlementId: z.string(),
  version: z.number().int(),
  key: z.string(),
  kind: z.string(),
  severity: ReviewSeveritySchema,
  state: ReviewStateSchema,
  title: z.string(),
  /** What the check found: the type, the rows and causes of a difference, the account, the role... */
  facts: z.record(z.string(), z.unknown()),
  lineCount: z.number().int().nullable(),
  /** Minor units of `currency`, as in the settlement (what Amazon pays is positive). */
  amount: z.number().int().nullable(),
  currency: z.string().nullable(),
  actions: z.array(ReviewActionSchema),
  mapTarget: z.enum(['account', 'item', 'customer']).nullable(),
  resolution: ResolutionSchema.nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type ReviewItemView = z.infer<typeof ReviewItemViewSchema>;

export const VersionStatusSchema = z.object({
  versionId: z.number().int(),
  settlementId: z.string(),
  version: z.number().int(),
  current: z.boolean(),
  status: SettlementStatusSchema,
  connectionId: z.string().nullable(),
  evaluatedAt: z.string().nullable(),
  openBlocking: z.number().int(),
  openWarnings: z.number().int(),
  approval: z.object({ versionId: z.number().int(), approvedBy: z.string(), approvedAt: z.string(), note: z.string().nullable() }).nullable(),
  /** The approval the application withdrew because the journal or the review changed after it, and why. */
  withdrawal: z.object({ approvedBy: z.string(), withdrawnAt: z.string(), reason: z.string() }).nullable(),
  currency: z.string(),
  totalAmount: z.number().int(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
});
export type VersionStatusView = z.infer<typeof VersionStatusSchema>;

/** What approving approves: the journal after exclusions and an accepted variance. */
export const ApprovalPreviewSchema = z.object({
  documents: z.number().int(),
  lines: z.number().int(),
  /** Net deposit to the clearing account (negative: the seller owes Amazon). */
  deposit: z.number().int(),
  clearingAccount: z.string().nullable(),
  variance: z.object({ account: z.string(), amount: z.number().int() }).nullable(),
  excludedLines: z.number().int(),
  periods: z.array(z.string()),
  /** The ERP connection the approval is for. */
  connection: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The ERP's names of the accounts and dimension values the journal uses. */
  names: LedgerNamesSchema,
  /** The journal being approved, line by line, with each account's name in the ERP. */
  journal: z.array(z.object({
    period: z.string(),
    postingDate: z.string(),
    currency: z.string(),
    lines: z.array(z.object({
      account: z.string().nullable(),
      /** As the ERP's chart of accounts names it; null when the account is not in it. */
      accountName: z.string().nullable(),
      dimensions: z.record(z.string(), z.string()),
      description: z.string(),
      debit: z.number().int(),
      credit: z.number().int(),
      /** In the ERP company's currency, when the journal is converted into it (see `conversion`). */
      converted: z.object({ debit: z.number().int(), credit: z.number().int() }).optional(),
    })),
    totalDebit: z.number().int(),
    totalCredit: z.number().int(),
    /** The ERP posts only in its company's currency: the rate approved with the journal, and the converted totals. */
    conversion: z.object({ currency: z.string(), rate: z.string(), rateStartingDate: z.string(), totalDebit: z.number().int(), totalCredit: z.number().int() }).optional(),
  })),
});

/** The workspace's review controls (core/review/review-policy.ts). */
export const ReviewPolicySchema = z.object({
  /** The largest variance one person may accept alone, in units of the settlement's currency, e.g. "1.00". */
  varianceLimit: z.string(),
  /** The approver must differ from the person who made the last change (segregation of duties). */
  separateApprover: z.boolean(),
  /** A line larger than this multiple of the seller's usual settlement size blocks as implausible. */
  implausibleMultiple: z.number().int(),
});
export type ReviewPolicyView = z.infer<typeof ReviewPolicySchema>;

const connection = { connectionId: z.string().min(1).optional() };
const version = z.object({ versionId: z.number().int().positive(), ...connection });

export const reviewCalls = {
  'review.list': define({
    summary: 'The review queue across settlements (checked again where mappings, ERP data or imports changed), with where each settlement version stands',
    input: z.object({
      settlementId: z.string().optional(),
      severity: ReviewSeveritySchema.optional(),
      state: ReviewStateSchema.optional(),
      ...connection,
    }),
    output: z.object({ connectionId: z.string().nullable(), connectionName: z.string().nullable(), items: z.array(ReviewItemViewSchema), settlements: z.array(VersionStatusSchema) }),
  }),
  'review.resolve': define({
    summary: 'Resolves one item in place (map now, accept a variance to an account with a reason, exclude lines with a reason, acknowledge), then checks the settlement again',
    input: z.object({
      itemId: z.number().int().positive(),
      ...connection,
      resolution: z.discriminatedUnion('action', [
        z.object({
          action: z.literal('map'), target: z.string().min(1, 'Choose what to map to').max(100), dimensions: z.record(z.string(), z.string()).optional(),
          /** The rule for every transaction type (Order and Refund alike); by default for the item's own only. */
          allTransactionTypes: z.boolean().optional(),
        }),
        z.object({ action: z.literal('acceptVariance'), account: z.string().min(1, 'Choose the account').max(100), reason: z.string().max(1000) }),
        z.object({ action: z.literal('exclude'), reason: z.string().max(1000), rows: z.array(z.number().int().positive()).max(10_000).optional() }),
        z.object({ action: z.literal('acknowledge'), note: z.string().max(1000).optional() }),
      ]),
    }),
    output: z.object({ item: ReviewItemViewSchema, status: VersionStatusSchema }),
  }),
  'review.approve': define({
    summary: 'Approves a settlement version for posting, recording who (the OS user) and when; refused while an item blocks or a warning is not acknowledged',
    input: version.extend({
      note: z.string().max(1000).optional(),
      /** The digest of the journal the person was shown (review.status); refused when the journal changed since. */
      digest: z.string().length(64).optional(),
    }),
    output: VersionStatusSchema,
  }),
  'review.revokeApproval': define({
    summary: 'Takes an approval back, with a reason',
    input: z.object({ versionId: z.number().int().positive(), reason: z.string().max(1000) }),
    output: VersionStatusSchema,
  }),
  'review.policy': define({
    summary: 'The workspace\'s review controls: the variance one person may accept alone, segregation of duties, the implausible-amount multiple',
    input: z.object({}),
    output: ReviewPolicySchema,
  }),
  'review.setPolicy': define({
    summary: 'Changes the review controls (audited with before and after)',
    input: z.object({
      varianceLimit: z.string().max(20).optional(),
      separateApprover: z.boolean().optional(),
      implausibleMultiple: z.number().int().min(2).max(1000).optional(),
    }),
    output: ReviewPolicySchema,
  }),
  'review.status': define({
    summary: 'Where the current version of a settlement stands, and what approving it would approve',
    input: z.object({ settlementId: z.string().min(1), ...connection }),
    output: z.object({
      status: VersionStatusSchema,
      /** What approving now binds the approval to; review.approve refuses when the journal no longer has it. */
      digest: z.string(),
      preview: ApprovalPreviewSchema,
    }),
  }),
};
