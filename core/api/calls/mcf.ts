import { z } from 'zod';
import { FULFILMENT_MARKER_KINDS } from '../../erp/erp-capabilities';
import { define } from '../define';

const SpeedSchema = z.enum(['Standard', 'Expedited', 'Priority']);

const MarkerKindSchema = z.enum(FULFILMENT_MARKER_KINDS);

/** How an ERP order is marked as Amazon's to ship (core/erp FulfilmentMarker). */
const MarkerSchema = z.discriminatedUnion('by', [
  z.object({ by: z.literal('location'), code: z.string().trim().min(1, 'Enter the ERP location whose orders Amazon ships').max(20, 'An ERP location code is at most 20 characters') }),
  z.object({ by: z.literal('shipping-agent'), code: z.string().trim().min(1, 'Enter the shipping agent whose orders Amazon ships').max(100, 'A shipping agent is at most 100 characters') }),
  z.object({
    by: z.literal('field'),
    field: z.string().trim().min(1, 'Pick the field of the ERP order that marks it as shipped by Amazon').max(100, 'A field name is at most 100 characters'),
    value: z.string().trim().min(1, 'Enter the value that marks an order as shipped by Amazon').max(100, 'The value is at most 100 characters'),
  }),
]);

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
    marker: MarkerSchema,
    defaultSpeed: SpeedSchema,
    firstOrderApprovedAt: z.string().nullable(),
    firstOrderApprovedBy: z.string().nullable(),
  }).nullable(),
  /** How this ERP lets an order be marked as Amazon's, as its API shows them; why not, for the others. */
  markers: z.array(z.object({ by: MarkerKindSchema, offered: z.boolean(), whyNot: z.string().nullable() })),
  /** The fields a "field" marker may name, when the ERP's API has a fixed list; null: any field it has (checked with the ERP). */
  markerFields: z.array(z.string()).nullable(),
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
    summary: 'Sets which ERP orders Amazon ships (by location, shipping agent or a field of the order, checked with the ERP), through which Amazon connection, at which speed by default',
    input: ConnectionInput.extend({
      amazonConnectionId: z.string().min(1, 'Choose the Amazon connection that ships the orders').max(100),
      marker: MarkerSchema,
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
