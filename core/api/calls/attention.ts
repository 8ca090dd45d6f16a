import { z } from 'zod';
import { define } from '../define';

export const DeadLetterViewSchema = z.object({
  id: z.number().int(),
  flow: z.string(),
  flowLabel: z.string(),
  recordKey: z.string(),
  summary: z.string(),
  facts: z.record(z.string(), z.unknown()),
  error: z.string(),
  fix: z.string(),
  /** A fix the screen offers in place; `kind` says which (map-return-reason). */
  fixAction: z.object({ kind: z.string(), label: z.string(), params: z.record(z.string(), z.string()) }).nullable(),
  state: z.enum(['open', 'retrying', 'resolved']),
  attempts: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DeadLetterView = z.infer<typeof DeadLetterViewSchema>;

export const RetryReportSchema = z.object({
  id: z.number().int(),
  /** resolved: it went through and left the list; failed: still held, with the new error; busy: another retry has it right now; gone: no longer held. */
  outcome: z.enum(['resolved', 'failed', 'busy', 'gone', 'no-handler']),
  error: z.string().optional(),
});

export const FlowActivitySchema = z.object({
  flow: z.string(),
  label: z.string(),
  lastRun: z.object({ at: z.string(), status: z.string() }).nullable(),
  moved: z.number().int(),
  waiting: z.number().int(),
  failed: z.number().int(),
  /** The screen where the flow's records are seen, or null (Needs attention only). */
  screen: z.string().nullable(),
});
export type FlowActivityView = z.infer<typeof FlowActivitySchema>;

export const ReturnsPolicySchema = z.object({
  refundWaitDays: z.number().int().min(1, 'A refund waits at least one day').max(365),
  claimOpensDays: z.number().int().min(0).max(730),
  claimClosesDays: z.number().int().min(1).max(730),
});

const ReturnDocumentKindSchema = z.enum(['credit-note', 'return-order']);

/** An ERP connection as "Returns into the ERP" shows it: what it can make of a return, what the user chose, the ERP's reason codes as last read. */
export const ReturnErpSettingsViewSchema = z.object({
  connectionId: z.string(),
  name: z.string(),
  offered: z.array(ReturnDocumentKindSchema),
  /** What the ERP cannot make of a return, and why, in the ERP's words. */
  notOffered: z.array(z.object({ document: ReturnDocumentKindSchema, why: z.string() })),
  document: ReturnDocumentKindSchema.nullable(),
  reasonCodes: z.array(z.object({ code: z.string(), description: z.string() })),
  sent: z.number().int(),
  /** The latest returns it took, with the ERP's document number. */
  recent: z.array(z.object({ orderId: z.string(), sku: z.string(), erpDocumentNumber: z.string() })),
  /** Whether a return order's line can name its warehouse here, so sellable and unsellable returns can go apart. */
  warehousesOffered: z.boolean(),
  /** Where sellable and unsellable returns go on a return order; null: the ERP's default warehouse. */
  warehouses: z.object({ sellable: z.string(), unsellable: z.string() }).nullable(),
});
export type ReturnErpSettingsView = z.infer<typeof ReturnErpSettingsViewSchema>;

export const attentionCalls = {
  'attention.list': define({
    summary: 'Needs attention: records of any flow that failed permanently and wait for a fix, optionally of one flow',
    input: z.object({ flow: z.string().max(100).optional() }),
    output: z.array(DeadLetterViewSchema),
  }),
  'attention.flows': define({
    summary: 'Per flow: last run, records moved, waiting and failed (the Dashboard)',
    input: z.object({}),
    output: z.array(FlowActivitySchema),
  }),
  'attention.retry': define({
    summary: 'Retries one held record after its fix; it leaves the list when it goes through, or stays with the new error',
    input: z.object({ id: z.number().int().positive() }),
    output: RetryReportSchema,
  }),
  'attention.retryAll': define({
    summary: 'Retries every held record (of one flow), one after another',
    input: z.object({ flow: z.string().max(100).optional() }),
    output: z.array(RetryReportSchema),
    progress: true,
  }),
  'returns.policy': define({
    summary: 'How many days a refund waits for its return before it is a review item, and the reimbursement claim window (days after the refund)',
    input: z.object({}),
    output: ReturnsPolicySchema,
  }),
  'returns.setPolicy': define({
    summary: 'Changes how long a refund waits for its return and the claim window shown with it',
    input: ReturnsPolicySchema,
    output: ReturnsPolicySchema,
  }),
  'returns.mapCode': define({
    summary: 'Maps an Amazon return reason or condition code to the ERP return reason code it stands for',
    input: z.object({
      codeKind: z.enum(['reason', 'disposition']),
      amazonCode: z.string().max(100),
      erpCode: z.string().trim().min(1, 'Enter the ERP return reason code').max(20, 'An ERP return reason code is at most 20 characters'),
    }),
    output: z.object({ codeKind: z.enum(['reason', 'disposition']), amazonCode: z.string(), erpCode: z.string() }),
  }),
  'returns.erpSettings': define({
    summary: 'Per ERP connection: the documents a return can become there, the one chosen, and the ERP\'s return reason codes as last read',
    input: z.object({}),
    output: z.array(ReturnErpSettingsViewSchema),
  }),
  'returns.setWarehouses': define({
    summary: 'Sets the warehouse sellable returns go to and the one for unsellable returns in an ERP connection (checked against the warehouses its API lists), or clears both',
    input: z.object({
      connectionId: z.string().min(1).max(100),
      warehouses: z.object({
        sellable: z.string().trim().min(1, 'Enter the warehouse sellable returns go to').max(30, 'A warehouse code is at most 30 characters'),
        unsellable: z.string().trim().min(1, 'Enter the warehouse unsellable returns go to').max(30, 'A warehouse code is at most 30 characters'),
      }).nullable(),
    }),
    output: ReturnErpSettingsViewSchema,
  }),
  'returns.setErpDocument': define({
    summary: 'Chooses what returns become in an ERP connection (a credit note linked to the invoice, or a return order), or stops sending them; reads the ERP\'s return reason codes',
    input: z.object({ connectionId: z.string().min(1).max(100), document: ReturnDocumentKindSchema.nullable() }),
    output: ReturnErpSettingsViewSchema,
  }),
};
