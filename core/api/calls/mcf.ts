import { z } from 'zod';
import { define } from '../define';

const SpeedSchema = z.enum(['Standard', 'Expedited', 'Priority']);

/** One ERP order as the Multi-Channel Fulfillment panel shows it: what Amazon promised in its preview. */
export const McfOrderViewSchema = z.object({
  orderNumber: z.string(),
  sellerFulfillmentOrderId: z.string(),
  /** waiting: previewed, not sent yet; held: under Needs attention; submitted/shipped/closed: Amazon's. */
  state: z.enum(['pending', 'held', 'submitted', 'shipped', 'closed']),
  amazonStatus: z.string().nullable(),
  preview: z.object({
    shippingSpeed: z.string(),
    fulfillable: z.boolean(),
    /** Fee amounts in integer minor units of their currency. */
    fees: z.array(z.object({ name: z.string(), currency: z.string(), amountMinor: z.number().int() })),
    earliestShipDate: z.string().nullable(),
    latestShipDate: z.string().nullable(),
    earliestArrivalDate: z.string().nullable(),
    latestArrivalDate: z.string().nullable(),
    unfulfillable: z.string().nullable(),
    previewedAt: z.string(),
    /** What a go-ahead for this order is bound to: lines, address, speed, fees and promised days as previewed. */
    digest: z.string().nullable(),
  }).nullable(),
  /**
   * needed: the order waits for a person's go-ahead (one of the connection's first orders); changes lists what
   * differs from the go-ahead given earlier, if one was. givenBy/givenAt: the go-ahead it goes with or had.
   */
  goAhead: z.object({ needed: z.boolean(), givenBy: z.string().nullable(), givenAt: z.string().nullable(), changes: z.array(z.string()) }),
  cancellation: z.object({ direction: z.enum(['erp', 'amazon']), state: z.enum(['requested', 'done', 'refused']), amazonStatus: z.string().nullable() }).nullable(),
});
export type McfOrderView = z.infer<typeof McfOrderViewSchema>;

/**
 * An ERP connection that can hand orders to Amazon, with its settings and its orders still in play; or one
 * whose ERP cannot, with why (then settings is null and orders empty).
 */
export const McfConnectionViewSchema = z.object({
  connectionId: z.string(),
  name: z.string(),
  /** Null when the connection takes part; otherwise why its ERP cannot, in words the user acts on. */
  whyNot: z.string().nullable(),
  settings: z.object({
    amazonConnectionId: z.string(),
    locationCode: z.string(),
    defaultSpeed: SpeedSchema,
    firstOrderApprovedAt: z.string().nullable(),
    firstOrderApprovedBy: z.string().nullable(),
  }).nullable(),
  /** Orders previewed and not sent, held ones, and the latest sent (newest first, at most 50). */
  orders: z.array(McfOrderViewSchema),
});
export type McfConnectionView = z.infer<typeof McfConnectionViewSchema>;

const ConnectionInput = z.object({ connectionId: z.string().min(1).max(100) });

export const mcfCalls = {
  'mcf.overview': define({
    summary: 'Multi-Channel Fulfillment per ERP connection that can take part (its settings and its orders with Amazon\'s preview: fees, promised dates), and per one whose ERP cannot, why',
    input: z.object({}),
    output: z.array(McfConnectionViewSchema),
  }),
  'mcf.setSettings': define({
    summary: 'Sets which ERP location\'s orders Amazon ships, through which Amazon connection, at which speed by default',
    input: ConnectionInput.extend({
      amazonConnectionId: z.string().min(1, 'Choose the Amazon connection that ships the orders').max(100),
      locationCode: z.string().trim().min(1, 'Enter the ERP location whose orders Amazon ships').max(20, 'An ERP location code is at most 20 characters'),
      defaultSpeed: SpeedSchema,
    }),
    output: McfConnectionViewSchema,
  }),
  'mcf.preview': define({
    summary: 'Asks Amazon now for the fees and promised dates of every order still waiting to go; sends nothing',
    input: ConnectionInput,
    output: McfConnectionViewSchema,
    progress: true,
  }),
  'mcf.approveFirstOrders': define({
    summary: 'Lets the previewed first orders of an ERP connection go to Amazon (at its next run), each bound to the preview the screen showed; later orders go by themselves',
    input: ConnectionInput.extend({
      orders: z.array(z.object({ orderNumber: z.string().min(1).max(100), digest: z.string().min(1).max(128) })).min(1, 'Choose the previewed orders to let go').max(500),
    }),
    output: McfConnectionViewSchema,
  }),
};
