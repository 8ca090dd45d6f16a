import { z } from 'zod';
import { define } from '../define';

/** Keep in step with ORDER_POSTING_MODES (core/connections/order-posting-mode.ts); this file stays pure zod for the renderer. */
export const OrderPostingModeSchema = z.enum(['settlement-only', 'orders-as-invoices']);
/** Keep in step with ORDER_INVOICE_GROUPINGS (core/connections/order-invoice-grouping.ts). */
export const OrderInvoiceGroupingSchema = z.enum(['per-order', 'daily-summary']);

export const OrderPostingSettingSchema = z.object({
  connectionId: z.string(),
  /** settlement-only: revenue, fees and refunds from the settlement journal. orders-as-invoices: each shipped order a sales invoice. */
  mode: OrderPostingModeSchema,
  /** Whether this connection's ERP can take orders as invoices at all (its connector has the sales invoice flow). */
  invoicesSupported: z.boolean(),
  /** Null while the connection keeps the default (settlement only). */
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  /** per-order: one invoice per shipped order (the default). daily-summary: one summary invoice per marketplace per day. */
  grouping: OrderInvoiceGroupingSchema,
});
export type OrderPostingSettingView = z.infer<typeof OrderPostingSettingSchema>;

export const orderPostingCalls = {
  'orderPosting.get': define({
    summary: 'How an ERP connection books Amazon orders: from the settlement only (the default), or each shipped order as a sales invoice',
    input: z.object({ connectionId: z.string() }),
    output: OrderPostingSettingSchema,
  }),
  'orderPosting.set': define({
    summary: 'Choose how an ERP connection books Amazon orders; "orders-as-invoices" only where its ERP can post sales invoices',
    input: z.object({ connectionId: z.string(), mode: OrderPostingModeSchema }),
    output: OrderPostingSettingSchema,
  }),
  'orderPosting.setGrouping': define({
    summary: 'Choose one invoice per shipped order or one summary invoice per marketplace per day; it takes effect for days not yet invoiced, as the answer\'s note says',
    input: z.object({ connectionId: z.string(), grouping: OrderInvoiceGroupingSchema }),
    output: OrderPostingSettingSchema.extend({ note: z.string() }),
  }),
};
