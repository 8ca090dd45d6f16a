import { supports } from '../erp/erp-connector';
import { errorMessage } from '../errors/domain-error';
import { proposeAcknowledgements } from '../vendor/acknowledgement-proposal';
import { pollAcknowledgementTransactions, submitQueuedAcknowledgements } from '../vendor/acknowledgement-sending';
import { pollInvoiceTransactions, queuePostedInvoices, submitQueuedInvoices } from '../vendor/invoice-submission';
import { ALL_VENDOR_CODES, readPurchaseOrders, retryUnmappedPurchaseOrders } from '../vendor/purchase-order-intake';
import { matchRemittances, postVendorPayments, releaseApprovedPayments } from '../vendor/remittance';
import { sendSalesOrders } from '../vendor/sales-order-sending';
import { proposeShipmentConfirmations } from '../vendor/shipment-confirmation';
import { pollShipmentTransactions, submitQueuedShipmentConfirmations } from '../vendor/shipment-confirmation-sending';
import { VendorMappings } from '../vendor/vendor-mappings';
import { VendorOutbox } from '../vendor/vendor-outbox';
import { VendorReviews } from '../vendor/vendor-reviews';
import type { JobContext, JobOutcome } from './job-context';

const DAY = 86_400_000;
/** Amazon serves purchase orders of the past 6 months (getPurchaseOrders, vendorOrders.json); the first read takes 30 days. */
const FIRST_READ_DAYS = 30;

/**
 * Vendor Central (daily and on demand): new and changed POs of the vendor group in (every vendor code, so an
 * unmapped one shows as a review item), as sales orders;
 * posted invoices out to Amazon and their status polled; remittances matched, clean and approved payments
 * posted. Every step is idempotent through the vendor outbox, so a killed run resumes where it was.
 */
export async function vendorCentralJob(ctx: JobContext): Promise<JobOutcome> {
  const { ws, job, signal } = ctx;
  if (!job.amazonConnectionId || !job.erpConnectionId) return { counts: {}, error: 'This job needs an Amazon (vendor) connection and an ERP connection. Edit the job and choose both.' };
  const amazon = ws.connections.get(job.amazonConnectionId);
  const erpRow = ws.connections.get(job.erpConnectionId);
  if (!amazon || !erpRow) return { counts: {}, error: 'A connection of this job no longer exists. Edit the job and choose one.' };
  const now = () => new Date(ctx.clock.now());
  const mappings = new VendorMappings(ws.db, erpRow.id, now);
  const outbox = new VendorOutbox(ws.db, ws.audit, now);
  const reviews = new VendorReviews(ws.db, ws.audit, now);
  const vendorCodes = mappings.vendorCodes();
  if (!vendorCodes.length) return { counts: {}, warning: 'No vendor code is mapped to a customer yet, so no purchase orders were read. Map one on the Vendor Central screen.' };
  const erp = await ctx.resources.erpConnector(erpRow.id);
  if (!supports(erp, 'salesOrders') || !supports(erp, 'customerPayments')) return { counts: {}, error: `${erpRow.name} cannot take sales orders and customer payments.` };
  const client = await ctx.resources.amazonClient(amazon.id);
  const fallback = (amazon.settings as { marketplaceIds?: string[] }).marketplaceIds?.[0];
  const marketplaces = [...new Set(vendorCodes.map((c) => mappings.get('marketplace', c) ?? fallback).filter((m): m is string => !!m))];
  const base = { outbox, reviews, erp, client, erpConnectionId: erpRow.id, amazonConnectionId: amazon.id, signal };
  try {
    ctx.progress({ phase: 'Reading purchase orders', done: 0, total: 6 });
    const read = await readPurchaseOrders({ ...base, db: ws.db, audit: ws.audit, vendorCodes: [ALL_VENDOR_CODES], mappings, firstReadFrom: new Date(now().getTime() - FIRST_READ_DAYS * DAY), now });
    const remapped = retryUnmappedPurchaseOrders({ ...base, db: ws.db, mappings });
    ctx.progress({ phase: `Sending sales orders to ${erpRow.name}`, done: 1, total: 6 });
    const sent = await sendSalesOrders(outbox, reviews, erpRow.id, erp, signal);
    ctx.progress({ phase: 'Acknowledging purchase orders', done: 2, total: 6 });
    const proposed = await proposeAcknowledgements({ ...base, db: ws.db, erp: supports(erp, 'stockAndPrices') ? erp : null, now });
    const acknowledged = await submitQueuedAcknowledgements(base);
    // Posted ERP shipments wait for a person to send their confirmation (or say it went another way).
    const shipmentsProposed = await proposeShipmentConfirmations({ ...base, db: ws.db });
    ctx.progress({ phase: 'Sending posted invoices to Amazon', done: 3, total: 6 });
    const queued = await queuePostedInvoices(base);
    const submitted = await submitQueuedInvoices(base);
    ctx.progress({ phase: 'Reading Amazon\'s answers', done: 4, total: 6 });
    // Amazon answers within seconds to minutes (getTransaction); what is still processing is read next run.
    const waitMs = submitted.submitted.length || acknowledged.submitted.length ? 30_000 : 0;
    const [ackPolled, polled] = await Promise.all([pollAcknowledgementTransactions({ ...base, waitMs, pollMs: 5_000 }), pollInvoiceTransactions({ ...base, waitMs, pollMs: 5_000 })]);
    // After the acknowledgements' outcome: Amazon takes a shipment confirmation of an acknowledged PO.
    const shipped = await submitQueuedShipmentConfirmations(base);
    const shipPolled = await pollShipmentTransactions({ ...base, waitMs: shipped.submitted.length ? 30_000 : 0, pollMs: 5_000 });
    ctx.progress({ phase: 'Matching remittances', done: 5, total: 6 });
    let matched = 0;
    for (const marketplaceId of marketplaces) matched += (await matchRemittances({ ...base, marketplaceId, now })).matched;
    releaseApprovedPayments({ ...base, mappings });
    const paid = await postVendorPayments(base);
    ctx.progress({ phase: 'Done', done: 6, total: 6 });
    ws.events.emit({ type: 'changed', topic: 'posting' });
    return {
      counts: {
        purchaseOrders: read.decisions.length, refused: read.decisions.filter((d) => d.outcome === 'refused').length, mappedSince: remapped.length, salesOrders: sent.sent.length, held: sent.held.length, cancelled: sent.cancelled.length,
        acknowledgementsToDecide: proposed.proposed.length, acknowledgementsSent: acknowledged.submitted.length, acknowledgementsRejected: ackPolled.rejected.length,
        shipmentsToSend: shipmentsProposed.proposed.length, shipmentsConfirmed: shipped.submitted.length, shipmentsRejected: shipPolled.rejected.length,
        invoicesQueued: queued.queued.length, invoicesSubmitted: submitted.submitted.length, accepted: polled.accepted.length, rejected: polled.rejected.length,
        remittancesMatched: matched, paymentsPosted: paid.posted.length,
      },
      ...(sent.failed.length || submitted.failed.length || acknowledged.failed.length || shipped.failed.length || paid.failed.length ? { warning: [...sent.failed, ...paid.failed].map((x) => x.message)
        .concat(submitted.failed.map((k) => `Invoice ${k} needs checking in Vendor Central.`), acknowledged.failed.map((k) => `The acknowledgement of ${k} needs checking in Vendor Central.`),
          shipped.failed.map((k) => `The confirmation of shipment ${k} needs checking in Vendor Central.`)).join(' ') } : {}),
      ...(marketplaces.length ? {} : { warning: `No marketplace is mapped for the vendor codes and ${amazon.name} names none, so remittances were not read.` }),
    };
  } catch (err) {
    if (signal.aborted) throw err;
    return { counts: {}, error: `Vendor Central stopped: ${errorMessage(err)} The next run carries on from here.` };
  }
}
