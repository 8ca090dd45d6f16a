import { z } from 'zod';
import { define } from '../define';
import { RunViewSchema } from './jobs';

const Money = z.number().int();

const RejectionReason = z.enum(['TemporarilyUnavailable', 'InvalidProductIdentifier', 'ObsoleteProduct']);

const AcknowledgementLineSchema = z.object({
  itemSequenceNumber: z.string(),
  itemNumber: z.string().nullable(),
  ordered: z.object({ amount: z.number().int(), unitOfMeasure: z.enum(['Cases', 'Eaches']), unitSize: z.number().int().optional() }),
  accepted: z.number().int(),
  backordered: z.number().int(),
  rejected: z.number().int(),
  rejectionReason: RejectionReason.nullable(),
});

export const VendorPoRowSchema = z.object({
  vendorCode: z.string(),
  poNumber: z.string(),
  poState: z.string(),
  changedAt: z.string(),
  currency: z.string().nullable(),
  total: Money.nullable(),
  salesOrder: z.object({ state: z.string(), documentNumber: z.string().nullable(), message: z.string().nullable() }).nullable(),
  acknowledgement: z.object({
    state: z.string(),
    decidedBy: z.enum(['availability', 'user']),
    lines: z.array(AcknowledgementLineSchema),
    /** Business Central's stock per item when it was proposed (eaches), null where it could not be read. */
    stock: z.record(z.string(), z.number()).nullable(),
    reasons: z.array(z.string()),
    message: z.string().nullable(),
  }).nullable(),
  invoice: z.object({ number: z.string(), state: z.string(), total: Money, reasons: z.array(z.string()), message: z.string().nullable() }).nullable(),
  /** Each posted ERP shipment of the PO and its confirmation to Amazon (held: waits for a person to send it). */
  shipments: z.array(z.object({
    number: z.string(),
    postingDate: z.string(),
    state: z.string(),
    items: z.array(z.object({ itemSequenceNumber: z.string(), vendorSku: z.string().nullable(), amount: z.number().int(), unitOfMeasure: z.enum(['Cases', 'Eaches']) })),
    shipToPartyId: z.string(),
    /** The warehouse it was confirmed from, or the one this vendor code's last confirmation named. */
    shipFromPartyId: z.string().nullable(),
    /** Amazon's reasons, in its words, when it rejected the confirmation. */
    reasons: z.array(z.string()),
    message: z.string().nullable(),
  })),
  payment: z.object({ state: z.string(), paid: Money, deducted: Money }).nullable(),
  openReviews: z.number().int(),
});

export const VendorReviewSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['unmapped', 'changed-after-shipment', 'shortage', 'price-difference', 'unpaid-past-terms', 'invoice-rejected', 'acknowledgement-rejected', 'shipment-rejected']),
  vendorCode: z.string(),
  poNumber: z.string().nullable(),
  invoiceNumber: z.string().nullable(),
  title: z.string(),
  /** Both sides' documents, as Amazon and the ERP sent them. */
  facts: z.record(z.string(), z.unknown()),
  amount: Money.nullable(),
  currency: z.string().nullable(),
  state: z.enum(['open', 'resolved', 'approved', 'posted']),
  resolution: z.object({ action: z.enum(['accept', 'dispute', 'dismiss']), note: z.string() }).nullable(),
  resolvedBy: z.string().nullable(),
  approvedBy: z.string().nullable(),
  updatedAt: z.string(),
});
export type VendorReviewView = z.infer<typeof VendorReviewSchema>;

const VendorReconciliationRowSchema = z.object({
  vendorCode: z.string(), currency: z.string(), openPurchaseOrders: z.number().int(), openAmount: Money, invoices: z.number().int(),
  invoiced: Money, paid: Money, deducted: Money, disputed: Money, inReview: Money, outstanding: Money,
});

export const vendorCalls = {
  'vendor.reconciliation': define({
    summary: 'The daily Vendor Central reconciliation per vendor code and currency: open POs, invoiced, paid, deducted, disputed, in review and outstanding',
    input: z.object({}),
    output: z.object({ asOf: z.string(), generatedAt: z.string(), rows: z.array(VendorReconciliationRowSchema) }),
  }),
  'vendor.exportReconciliation': define({
    summary: 'The daily Vendor Central reconciliation as a CSV, XLSX or PDF file, with every PO behind it (audited)',
    input: z.object({ format: z.enum(['csv', 'xlsx', 'pdf']) }),
    output: z.object({ fileName: z.string(), mimeType: z.string(), contentBase64: z.string(), bytes: z.number().int() }),
  }),
  'vendor.overview': define({
    summary: 'Vendor Central: each Amazon purchase order with its ERP sales order, invoice and its status at Amazon, the payment, and the differences held for review',
    input: z.object({}),
    output: z.object({ purchaseOrders: z.array(VendorPoRowSchema), reviews: z.array(VendorReviewSchema) }),
  }),
  'vendor.resolve': define({
    summary: 'Decide a Vendor Central difference: accept the deduction (it posts to its mapped account), dispute it (only the payment posts), or dismiss it; a note says why',
    input: z.object({ id: z.number().int(), action: z.enum(['accept', 'dispute', 'dismiss']), note: z.string().min(1).max(500) }),
    output: VendorReviewSchema,
  }),
  'vendor.approve': define({
    summary: 'Approve a resolved Vendor Central difference (someone other than who resolved it); its payment then posts once',
    input: z.object({ id: z.number().int() }),
    output: VendorReviewSchema,
  }),
  'vendor.run': define({
    summary: 'Runs Vendor Central now for the ERP connection whose vendor codes are mapped and the Amazon connection (its vendor-central job, made daily at 06:00 UTC if there is none)',
    input: z.object({}),
    output: RunViewSchema,
    progress: true,
  }),
  'vendor.acknowledge': define({
    summary: 'Send the acknowledgement of a Vendor Central PO as decided per line (accepted, backordered, rejected with a reason, adding up to what Amazon ordered); Amazon gets it once, on the next run. After Amazon rejected the last one, the corrected decision goes as a new acknowledgement and the rejected one stays on record',
    input: z.object({
      vendorCode: z.string().min(1).max(20),
      poNumber: z.string().min(1).max(20),
      lines: z.array(z.object({
        itemSequenceNumber: z.string(), accepted: z.number().int().min(0), backordered: z.number().int().min(0), rejected: z.number().int().min(0), rejectionReason: RejectionReason.optional(),
      })).min(1),
    }),
    output: z.object({ ok: z.literal(true) }),
  }),
  'vendor.sendShipment': define({
    summary: 'Send the confirmation of a posted ERP shipment of a Vendor Central PO to Amazon, from the named warehouse (its party id at Amazon); Amazon gets it once, on the next run',
    input: z.object({ vendorCode: z.string().min(1).max(20), shipmentNumber: z.string().min(1).max(40), shipFromPartyId: z.string().trim().min(1).max(40) }),
    output: z.object({ ok: z.literal(true) }),
  }),
  'vendor.shipmentConfirmedElsewhere': define({
    summary: 'Record that a shipment was confirmed to Amazon outside this app (by a carrier or warehouse system), so it is not sent from here; a note says how',
    input: z.object({ vendorCode: z.string().min(1).max(20), shipmentNumber: z.string().min(1).max(40), note: z.string().trim().min(1).max(500) }),
    output: z.object({ ok: z.literal(true) }),
  }),
  'vendor.acknowledgeMode': define({
    summary: 'Whether the POs of a vendor code are acknowledged from ERP availability without asking (from-availability) or proposed for a person to send (by-user)',
    input: z.object({ erpConnectionId: z.string(), vendorCode: z.string().min(1).max(20), mode: z.enum(['by-user', 'from-availability']) }),
    output: z.object({ ok: z.literal(true) }),
  }),
  'vendor.mappings': define({
    summary: 'The Vendor Central mappings of each ERP connection: vendor codes to customers and marketplaces, vendor SKUs and ASINs to items, deductions to G/L accounts',
    input: z.object({}),
    output: z.object({
      connections: z.array(z.object({ id: z.string(), name: z.string() })),
      mappings: z.array(z.object({ erpConnectionId: z.string(), kind: z.enum(['vendor-code', 'asin', 'vendor-sku', 'deduction', 'marketplace']), subject: z.string(), target: z.string(), updatedAt: z.string() })),
    }),
  }),
  'vendor.map': define({
    summary: 'Map a vendor code to an ERP customer (or to the marketplace its remittances are read in), a vendor SKU or ASIN to an item, or a deduction kind to a G/L account',
    input: z.object({ erpConnectionId: z.string(), kind: z.enum(['vendor-code', 'asin', 'vendor-sku', 'deduction', 'marketplace']), subject: z.string().min(1).max(100), target: z.string().min(1).max(100) }),
    output: z.object({ ok: z.literal(true) }),
  }),
};
