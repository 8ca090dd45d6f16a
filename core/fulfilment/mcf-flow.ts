import { AmazonError } from '../amazon/errors';
import { createFulfillmentOrder, getFulfillmentOrder, type FulfillmentOrderView } from '../amazon/fulfillment-outbound';
import type { SpApiClient } from '../amazon/sp-api-client';
import { RecordLocks, type AttentionFlow, type DeadLetter, type DeadLetterStore } from '../attention';
import type { AmazonFulfilmentOrders, FulfilmentOrder } from '../erp/erp-connector';
import { describeMarker } from '../erp/fulfilment-marker';
import type { Db } from '../store';
import { McfCancellations } from './mcf-cancellation';
import { McfGoAheadStore, StaleGoAheadError, type GoAheadStanding } from './mcf-go-ahead';
import { McfOutbox, type McfOrder } from './mcf-outbox';
import { McfPreviewStore, previewOrder, type McfPreview } from './mcf-preview';
import { fulfilmentRequest } from './mcf-request';
import { McfSettingsStore, type McfSettings } from './mcf-settings';

/** The flow's name under Needs attention and on the Dashboard. */
export const MCF_FLOW = 'mcf';

/** What a run talks to: the ERP connection's orders and the Amazon connection that ships them. */
export interface McfLinks {
  erp: AmazonFulfilmentOrders;
  amazon: SpApiClient;
  marketplaceId?: string;
}

export interface McfRunSummary {
  submitted: number;
  held: number;
  /** Orders whose tracking is now on the ERP order (it may have gone in on an earlier, interrupted try). */
  trackingWritten: number;
  /** Orders left pending after a transient failure; the next run tries them again. */
  waiting: number;
  /** Orders previewed and waiting for a person to let the connection's first orders go. */
  awaitingApproval: number;
  /** Fulfilment orders cancelled at Amazon because their ERP order was, and ERP orders noted as ended by Amazon. */
  cancelled: number;
}

/** How one try of an order ended: Amazon has it, it is held for a person, or it waits for the first go-ahead. */
type SubmitOutcome = { sent: 'submitted' } | { sent: 'held'; error: string; fix: string } | { sent: 'awaiting' };

const recordKey = (erpConnectionId: string, orderNumber: string) => `${erpConnectionId}|${orderNumber}`;
const ENDED = new Set(['Cancelled', 'Unfulfillable', 'Invalid']);

/**
 * Multi-Channel Fulfillment: ERP orders at the location Amazon ships from become fulfilment orders exactly
 * once (the outbox row per order, and a look at Amazon by sellerFulfillmentOrderId before and after each
 * create), and shipped packages' carrier and tracking go back to the ERP order once.
 */
export class McfFlow {
  readonly outbox: McfOutbox;
  readonly settings: McfSettingsStore;
  readonly previews: McfPreviewStore;
  readonly cancellations: McfCancellations;
  readonly goAheads: McfGoAheadStore;
  /** A retry from Needs attention and a run never send the same order at once. */
  readonly locks: RecordLocks;
  private readonly db: Db;

  constructor(
    db: Db,
    private readonly letters: DeadLetterStore,
    /** The Amazon SKU mapped to an ERP item on this ERP connection (the `sku` mapping read backwards). */
    private readonly skuOf: (erpConnectionId: string, itemNumber: string) => string | null,
    now: () => Date,
  ) {
    this.outbox = new McfOutbox(db, now);
    this.settings = new McfSettingsStore(db, now);
    this.previews = new McfPreviewStore(db, now);
    this.cancellations = new McfCancellations(db, this.outbox, letters, MCF_FLOW, now);
    this.goAheads = new McfGoAheadStore(db, now);
    this.db = db;
    this.locks = new RecordLocks(db, () => now().getTime());
  }

  /** Sends new orders, then brings tracking back for those Amazon has. */
  async run(erpConnectionId: string, links: McfLinks, signal?: AbortSignal): Promise<McfRunSummary> {
    const settings = this.requireSettings(erpConnectionId);
    const summary: McfRunSummary = { submitted: 0, held: 0, trackingWritten: 0, waiting: 0, awaitingApproval: 0, cancelled: 0 };
    const orders = await links.erp.readFulfilmentOrders(settings.marker, signal);
    for (const order of orders) {
      const row = this.outbox.ensure(erpConnectionId, order.number);
      // A held order waits for its retry after the fix; submitted and later ones are Amazon's.
      if (row.state !== 'pending') continue;
      try {
        const locked = await this.locks.with(MCF_FLOW, recordKey(erpConnectionId, order.number), 'scheduled run', async () => {
          // A retry may have sent it while this run waited for the order list.
          const now = this.outbox.find(erpConnectionId, order.number)!;
          return now.state === 'pending' ? this.submit(now, order, settings, links, signal) : null;
        });
        if (!locked.ran) {
          summary.waiting++;
          continue;
        }
        const r = locked.value;
        if (!r) continue;
        if (r.sent === 'submitted') summary.submitted++;
        else if (r.sent === 'held') summary.held++;
        else summary.awaitingApproval++;
      } catch (err) {
        if (!(err instanceof AmazonError)) throw err;
        summary.waiting++;
      }
    }
    summary.cancelled += await this.cancelGone(erpConnectionId, new Set(orders.map((o) => o.number)), links, signal);
    const back = await this.bringTrackingBack(erpConnectionId, links, signal);
    summary.trackingWritten = back.tracking;
    summary.cancelled += back.endedByAmazon;
    return summary;
  }

  /**
   * Orders Amazon has (or may have: a pending one whose create lost its answer) whose ERP order is no longer
   * Amazon's to ship (cancelled, deleted, lines moved off the location): cancelled at Amazon while it allows.
   */
  private async cancelGone(erpConnectionId: string, open: ReadonlySet<string>, links: McfLinks, signal?: AbortSignal): Promise<number> {
    let cancelled = 0;
    const gone = [...this.outbox.list(erpConnectionId, 'pending'), ...this.outbox.list(erpConnectionId, 'submitted')].filter((r) => !open.has(r.erpOrderNumber));
    for (const row of gone) {
      // A refused cancellation waits for a person under Needs attention.
      if (this.cancellations.get(row.id)?.state === 'refused') continue;
      if (row.state === 'pending' && !(await getFulfillmentOrder(links.amazon, row.sellerFulfillmentOrderId, signal))) {
        this.outbox.mark(row.id, 'closed');
        continue;
      }
      try {
        if ((await this.cancellations.cancelAtAmazon(row, links.amazon, signal)).done) cancelled++;
      } catch (err) {
        if (!(err instanceof AmazonError)) throw err;
      }
    }
    return cancelled;
  }

  private requireSettings(erpConnectionId: string): McfSettings {
    const s = this.settings.get(erpConnectionId);
    if (!s) throw new Error(`Multi-Channel Fulfillment is not set up for ERP connection ${erpConnectionId}: pick the ERP location whose orders Amazon ships.`);
    return s;
  }

  /**
   * One order to Amazon. Looks first (an earlier run may have created it before losing the answer), previews
   * it (fees and promised dates kept for the screen; what Amazon cannot fulfil is held with its words and
   * never sent), waits for the go-ahead of the connection's first orders, creates, and after a failure looks
   * again: a drop after Amazon took the order must not become a second order. A refusal (400) is held with
   * Amazon's words; a transient failure throws and the order stays pending.
   */
  private async submit(row: McfOrder, order: FulfilmentOrder, settings: McfSettings, links: McfLinks, signal?: AbortSignal): Promise<SubmitOutcome> {
    const key = recordKey(row.erpConnectionId, row.erpOrderNumber);
    const built = fulfilmentRequest(order, row.sellerFulfillmentOrderId, settings, (item) => this.skuOf(row.erpConnectionId, item), links.marketplaceId);
    if ('problem' in built) return this.hold(row, order, built.problem.error, built.problem.fix);
    const found = async () => (await getFulfillmentOrder(links.amazon, row.sellerFulfillmentOrderId, signal)) !== null;
    if (!(await found())) {
      let preview;
      try {
        preview = this.previews.save(row.id, await previewOrder(links.amazon, built.request, signal), built.request);
      } catch (err) {
        if (err instanceof AmazonError && err.kind === 'request') return this.holdRefused(row, order, err);
        throw err;
      }
      if (!preview.fulfillable) return this.holdUnfulfillable(row, order, preview.unfulfillable);
      if (this.goAheadStanding(row, settings).needed) {
        this.outbox.mark(row.id, 'pending');
        this.letters.clear(MCF_FLOW, key);
        return { sent: 'awaiting' };
      }
      try {
        await createFulfillmentOrder(links.amazon, built.request, signal);
      } catch (err) {
        if (!(err instanceof AmazonError) || !(await found())) {
          if (err instanceof AmazonError && err.kind === 'request') return this.holdRefused(row, order, err);
          throw err;
        }
      }
    }
    this.outbox.mark(row.id, 'submitted', { submitted: true });
    this.letters.clear(MCF_FLOW, key);
    return { sent: 'submitted' };
  }

  /**
   * Previews every order still waiting to go (on demand, or before the first go-ahead): fees and dates as
   * Amazon gives them now. Orders Amazon cannot fulfil go under Needs attention; nothing is sent.
   */
  async previewWaiting(erpConnectionId: string, links: McfLinks, signal?: AbortSignal): Promise<number> {
    const settings = this.requireSettings(erpConnectionId);
    let previewed = 0;
    const orders = await links.erp.readFulfilmentOrders(settings.marker, signal);
    for (const order of orders) {
      const row = this.outbox.ensure(erpConnectionId, order.number);
      if (row.state !== 'pending') continue;
      const built = fulfilmentRequest(order, row.sellerFulfillmentOrderId, settings, (item) => this.skuOf(erpConnectionId, item), links.marketplaceId);
      if ('problem' in built) {
        this.hold(row, order, built.problem.error, built.problem.fix);
        continue;
      }
      try {
        const preview = this.previews.save(row.id, await previewOrder(links.amazon, built.request, signal), built.request);
        if (!preview.fulfillable) this.holdUnfulfillable(row, order, preview.unfulfillable);
      } catch (err) {
        if (!(err instanceof AmazonError) || err.kind !== 'request') throw err;
        this.holdRefused(row, order, err);
      }
      previewed++;
    }
    return previewed;
  }

  /**
   * The connection's first orders (seen before its first go-ahead) go only with a go-ahead bound to what
   * would go now; one given for other lines, address, speed, fees or days is stale. Later orders go by
   * themselves once previewed.
   */
  goAheadStanding(row: McfOrder, settings: McfSettings): GoAheadStanding {
    const first = !settings.firstOrderApprovedAt || row.createdAt <= settings.firstOrderApprovedAt;
    return this.goAheads.standing(row.id, first, this.previews.get(row.id));
  }

  /**
   * A person lets these orders go, each bound to the digest of the preview the screen showed them. If any
   * preview has changed since (or the order is no longer waiting), nothing is stored and the error names
   * the orders, so the person looks again.
   */
  giveGoAhead(erpConnectionId: string, seen: ReadonlyArray<{ orderNumber: string; digest: string }>, actor: string): void {
    this.requireSettings(erpConnectionId);
    const stale: string[] = [];
    const ok: Array<{ id: number; preview: McfPreview }> = [];
    for (const s of seen) {
      const row = this.outbox.find(erpConnectionId, s.orderNumber);
      const preview = row ? this.previews.get(row.id) : null;
      if (!row || row.state !== 'pending') stale.push(`${s.orderNumber} (no longer waiting to go)`);
      else if (!preview?.fulfillable || preview.digest !== s.digest) stale.push(`${s.orderNumber} (Amazon's preview or the order changed)`);
      else ok.push({ id: row.id, preview });
    }
    if (stale.length) throw new StaleGoAheadError(`Nothing was let go: ${stale.join(', ')} since the screen showed ${stale.length === 1 ? 'it' : 'them'}. Look at the orders again, then let them go.`);
    this.db.transaction(() => {
      for (const o of ok) this.goAheads.give(o.id, o.preview, actor);
      this.settings.approveFirstOrders(erpConnectionId, actor);
    })();
  }

  private holdRefused(row: McfOrder, order: FulfilmentOrder, err: AmazonError): SubmitOutcome {
    return this.hold(row, order, err.message, `Correct sales order ${order.number} in the ERP (ship-to address, quantities) as Amazon's answer says, then retry.`);
  }

  private holdUnfulfillable(row: McfOrder, order: FulfilmentOrder, reasons: string | null): SubmitOutcome {
    return this.hold(row, order, `Amazon cannot fulfil sales order ${order.number}: ${reasons ?? 'no reason given'}.`,
      'Check the SKU\'s sellable FBA stock and its mapping to the ERP item (or ship the order otherwise and take its lines off the Amazon location), then retry.');
  }

  private hold(row: McfOrder, order: FulfilmentOrder, error: string, fix: string): SubmitOutcome {
    this.outbox.mark(row.id, 'held');
    this.letters.hold({
      flow: MCF_FLOW, recordKey: recordKey(row.erpConnectionId, row.erpOrderNumber), summary: `Sales order ${order.number} to be shipped by Amazon (${order.lines.length} line${order.lines.length === 1 ? '' : 's'}, to ${order.shipTo.name || 'no name'})`,
      error, fix, facts: { erpConnectionId: row.erpConnectionId, orderNumber: order.number, sellerFulfillmentOrderId: row.sellerFulfillmentOrderId },
    });
    return { sent: 'held', error, fix };
  }

  /**
   * Submitted orders Amazon shipped: tracking to the ERP order (once), then the row is done. Orders Amazon
   * ended unshipped without our asking get a note on the ERP order instead.
   */
  private async bringTrackingBack(erpConnectionId: string, links: McfLinks, signal?: AbortSignal): Promise<{ tracking: number; endedByAmazon: number }> {
    let written = 0;
    let ended = 0;
    for (const row of this.outbox.list(erpConnectionId, 'submitted')) {
      // Ours to cancel (or refused): the ERP order is not Amazon's any more.
      if (this.cancellations.get(row.id)?.direction === 'erp') continue;
      const view = await getFulfillmentOrder(links.amazon, row.sellerFulfillmentOrderId, signal);
      if (!view) continue;
      if (view.packages.length > 0) {
        const note = trackingNote(view);
        // 'already' too: a dropped answer may hide that the note went in on the first try.
        const numbers = view.packages.map((p) => p.trackingNumber).filter((t): t is string => !!t);
        await links.erp.recordTracking(row.erpOrderNumber, note, signal, numbers.length ? numbers.join(', ') : undefined);
        this.outbox.mark(row.id, 'shipped', { amazonStatus: view.status, tracking: note, trackingWritten: true });
        written++;
      } else if (ENDED.has(view.status)) {
        await this.cancellations.noteAmazonEnded(row, view, links.erp, signal);
        ended++;
      } else {
        this.outbox.mark(row.id, 'submitted', { amazonStatus: view.status });
      }
    }
    return { tracking: written, endedByAmazon: ended };
  }

  /**
   * Needs attention's handle on held orders: re-reads the order from the ERP (the fix is often there: an
   * address) and sends it; an order that went through meanwhile answers ok without a second order.
   */
  attentionFlow(open: (erpConnectionId: string) => Promise<McfLinks & { close(): Promise<void> }>, lastRun: () => { at: string; status: string } | null = () => null): AttentionFlow {
    return {
      flow: MCF_FLOW,
      label: 'Orders shipped by Amazon (Multi-Channel Fulfillment)',
      retry: async (letter: DeadLetter, signal?: AbortSignal) => {
        const erpConnectionId = String(letter.facts.erpConnectionId ?? '');
        const orderNumber = String(letter.facts.orderNumber ?? '');
        const row = this.outbox.find(erpConnectionId, orderNumber);
        if (!row) return { ok: false, error: `No fulfilment order of sales order ${orderNumber} is known on this ERP connection.` };
        if (letter.facts.action === 'cancel') {
          const links = await open(erpConnectionId);
          try {
            const r = await this.cancellations.retryRefused(row, links.amazon, signal);
            return r.done ? { ok: true } : { ok: false, error: r.error, fix: r.fix };
          } finally {
            await links.close();
          }
        }
        if (row.state !== 'held' && row.state !== 'pending') return { ok: true };
        const links = await open(erpConnectionId);
        try {
          const settings = this.requireSettings(erpConnectionId);
          const order = (await links.erp.readFulfilmentOrders(settings.marker, signal)).find((o) => o.number === orderNumber);
          if (!order) return { ok: false, error: `Sales order ${orderNumber} is no longer open ${describeMarker(settings.marker)} in the ERP.`, fix: `If it should be shipped by Amazon, mark it again (${describeMarker(settings.marker)}), then retry.` };
          const locked = await this.locks.with(MCF_FLOW, recordKey(erpConnectionId, orderNumber), 'retry from Needs attention', () => this.submit(row, order, settings, links, signal));
          if (!locked.ran) return { ok: false, error: `A run of Multi-Channel Fulfillment (${locked.holder.holder}) is sending sales order ${orderNumber} right now; nothing was sent twice.`, fix: 'Retry in a moment.' };
          const r = locked.value;
          // Waiting for the first go-ahead is not a failure: the order is back with the others on the screen.
          return r.sent === 'held' ? { ok: false, error: r.error, fix: r.fix } : { ok: true };
        } finally {
          await links.close();
        }
      },
      activity: () => ({
        lastRun: lastRun(),
        moved: this.outbox.count(['submitted', 'shipped']),
        waiting: this.outbox.count(['pending']),
      }),
    };
  }
}

/** One line per shipped package, e.g. "Amazon MCF UPS 1Z0000012345"; what the ERP order shows. */
export function trackingNote(view: FulfillmentOrderView): string {
  return `Amazon MCF ${view.packages.map((p) => `${p.carrierCode} ${p.trackingNumber ?? `(package ${p.packageNumber}, no tracking number)`}`).join('; ')}`;
}
