import { z } from 'zod';
import { getMarketplaceParticipations } from '../amazon/sellers';
import { AmazonSettingsSchema } from '../connections/connection-kinds';
import { OrderPostingModes } from '../connections/order-posting-mode';
import { ErpError } from '../erp/erp-error';
import { erpKind } from '../erp/registry';
import { PostingLease, PostingLeaseHeld } from '../posting/lease';
import { reissueCancelledSummaries } from '../posting/cancelled-summaries';
import { enqueueOrderCreditNotes, refundsInSettlements } from '../posting/order-credit-notes';
import { PostingOutbox } from '../posting/outbox';
import { runPosting } from '../posting/poster';
import type { Db } from '../store';
import type { Workspace } from '../workspace/workspace';
import type { JobContext, JobOutcome } from './job-context';
import type { RunCounts } from './job-store';
import { queueShippedOrders } from './order-invoicing';
import { postWhileReading } from './post-while-reading';
import { currentOrderMappings } from './order-mappings';
import { holdRefusedOrders } from './orders-attention';
import { workspaceAttention } from './attention-registry';
import { holdPaidCancelledSummaries } from './cancelled-summary-attention';
import { plainError } from './plain-error';

const DAY = 86_400_000;
/** With no settlement to start from, a first read looks back a week: seven windows, well inside searchOrders' burst of 20. */
const FIRST_READ_FALLBACK_MS = 7 * DAY;

/** The outbox kinds this job posts: an order's invoice and its refunds' credit notes. */
const ORDER_KINDS: ReadonlySet<string> = new Set(['salesInvoice', 'salesCreditNote']);

const CheckpointSchema = z.object({
  /** Invoices and credit notes already posted when the run began: what is posted beyond them was posted by this run. */
  postedBefore: z.array(z.string()),
});

/** The ERP connections that take Amazon orders as sales invoices (all of them, or the job's one). */
export function invoicingConnections(ws: Workspace, only: string | null): Array<{ id: string; name: string }> {
  const modes = new OrderPostingModes(ws.db, ws.audit);
  return ws.connections.list()
    .filter((c) => erpKind(c.kind) && (!only || c.id === only) && modes.get(c.id).mode === 'orders-as-invoices')
    .map((c) => ({ id: c.id, name: c.name }));
}

/**
 * Where a connection's very first read of orders starts: the start of the oldest current settlement, so
 * every order a settlement waiting to be posted holds is read and invoiced (a settlement is not approved
 * before its orders are); a week back when no settlement is imported yet.
 */
export function firstOrderReadFrom(db: Db, now: Date): Date {
  const row = db.prepare(`SELECT MIN(start_date) AS start FROM settlement_version WHERE status = 'current'`).get() as { start: string | null };
  const start = row.start ? Date.parse(row.start) : NaN;
  return Number.isFinite(start) && start < now.getTime() ? new Date(start) : new Date(now.getTime() - FIRST_READ_FALLBACK_MS);
}

const sum = (into: RunCounts, add: RunCounts) => {
  for (const [k, v] of Object.entries(add)) into[k] = (into[k] ?? 0) + v;
};

/**
 * Order invoicing (order-invoicing job): reads the orders Amazon updated since each ERP connection's cursor,
 * window by window at searchOrders' rate, queues every shipped order as a sales invoice for each ERP
 * connection on "Orders as invoices", and posts what that connection's outbox holds of invoices, exactly
 * once (the poster looks each order id up in the ERP before creating it). Journals waiting in the same
 * outbox are left to settlement posting. A stop anywhere resumes: queued windows stay queued with their
 * cursor, and an invoice left in `posting` is looked up before anything is created.
 */
export async function orderInvoicingJob(ctx: JobContext): Promise<JobOutcome> {
  const { ws, job, signal } = ctx;
  const now = () => new Date(ctx.clock.now());
  const amazonId = job.amazonConnectionId;
  if (!amazonId) return { counts: {}, error: 'This job has no Amazon connection to read orders from. Edit the job and choose one.' };
  const amazon = ws.connections.get(amazonId);
  if (!amazon) return { counts: {}, error: `The Amazon connection ${amazonId} of this job no longer exists. Edit the job and choose one.` };
  const targets = invoicingConnections(ws, job.erpConnectionId);
  if (!targets.length) {
    return { counts: {}, warning: 'No ERP connection books orders as invoices, so no order was read. Choose "Orders as invoices" for a connection under Orders or Connections.' };
  }
  const outbox = new PostingOutbox(ws.db, ws.audit, now);
  const saved = CheckpointSchema.safeParse(ctx.checkpoint);
  const cp = saved.success ? saved.data : { postedBefore: outbox.list({ state: 'posted' }).filter((e) => ORDER_KINDS.has(e.kind)).map((e) => `${e.connectionId}|${e.naturalKey}`) };
  if (!saved.success) ctx.saveCheckpoint(cp);
  const postedBefore = new Set(cp.postedBefore);

  ctx.progress({ phase: `Connecting to ${amazon.name}`, done: 0, total: null });
  let client;
  let marketplaceIds: string[];
  try {
    client = await ctx.resources.amazonClient(amazonId);
    const settings = AmazonSettingsSchema.safeParse(amazon.settings);
    marketplaceIds = settings.success && settings.data.marketplaceIds.length ? settings.data.marketplaceIds
      : (await getMarketplaceParticipations(client, signal)).filter((p) => p.participation.isParticipating).map((p) => p.marketplace.id);
  } catch (err) {
    if (signal.aborted) throw err;
    return { counts: {}, error: `${amazon.name} could not be reached to read orders: ${plainError(err)} Nothing was invoiced; the next run tries again.` };
  }

  const counts: RunCounts = { ordersRead: 0, invoicesQueued: 0, refused: 0, invoicesPosted: 0, invoicesFailed: 0, creditNotesQueued: 0, creditNotesRefused: 0, creditNotesPosted: 0 };
  const problems: string[] = [];
  /** What a person should see that does not make the run fail. */
  const notices: string[] = [];
  for (const target of targets) {
    signal.throwIfAborted();
    // A charge mapped to a freight or tax code the ERP no longer lists (as last read) holds the order with the fix, before the ERP refuses it.
    const mappings = currentOrderMappings(ws, target.id, target.name);
    let windows = 0;
    // What failed because the ERP could not be reached (429, 5xx, timeout after the connector's own retries)
    // goes again by itself; what the ERP refused waits under Needs attention for a person's fix and retry.
    for (const e of outbox.list({ connectionId: target.id, state: 'failed' })) if (ORDER_KINDS.has(e.kind) && e.retryable) outbox.replay(e, undefined, `sync job "${job.name}"`);
    // Invoices are posted while the reader waits for Amazon's next page, not after the last window.
    const poster = new OrderPoster(ctx, outbox, target, problems);
    const both = await postWhileReading({
      read: (queued) => queueShippedOrders({
        db: ws.db, audit: ws.audit, outbox, client, amazonConnectionId: amazonId, erpConnectionId: target.id, erpName: target.name,
        marketplaceIds, mappings, actor: `sync job "${job.name}"`, firstReadFrom: firstOrderReadFrom(ws.db, now()), now, signal,
        onWindow: (w) => {
          ctx.progress({ phase: `Reading orders for ${target.name}`, done: ++windows, total: null, current: w.lastUpdatedBefore.slice(0, 10) });
          if (w.enqueued) ws.events.emit({ type: 'changed', topic: 'posting' });
          queued();
        },
      }),
      post: () => poster.pass(),
    });
    signal.throwIfAborted();
    if (both.post.status === 'rejected') throw both.post.reason;
    if (both.read.status === 'fulfilled') {
      const read = both.read.value;
      // Window bounds are inclusive, so an order updated on a boundary is read twice: its last word counts.
      const decided = [...new Map(read.decisions.map((d) => [d.orderId, d])).values()];
      sum(counts, {
        ordersRead: decided.length,
        invoicesQueued: read.decisions.filter((d) => d.outcome === 'enqueued').length,
        refused: decided.filter((d) => d.outcome === 'refused').length,
      });
      holdRefusedOrders(ws, workspaceAttention(ws).letters, target.id);
    } else {
      // What was queued before the stop stays queued with its cursor; the poster posted it all the same.
      problems.push(`Reading orders for ${target.name} stopped: ${plainError(both.read.reason)}`);
    }
    // A summary a person cancelled in the ERP: its orders go on a further version, posted below with the rest.
    try {
      const found = await reissueCancelledSummaries({
        db: ws.db, audit: ws.audit, outbox, connectionId: target.id, actor: `sync job "${job.name}"`, erp: () => ctx.resources.erpConnector(target.id), at: now(), signal,
      });
      if (found.length) sum(counts, { summariesCancelledInErp: found.length });
      // One a settlement's payout already paid: a person moves the payment in the ERP; nothing is applied again here.
      const paid = holdPaidCancelledSummaries(workspaceAttention(ws).letters, target, found);
      if (paid) notices.push(`${paid} summary invoice${paid === 1 ? '' : 's'} cancelled in ${target.name} had a settlement's payout applied; see Needs attention.`);
    } catch (err) {
      if (signal.aborted || !(err instanceof ErpError)) throw err;
      problems.push(`${target.name} could not be asked whether a summary invoice was cancelled there: ${plainError(err)}`);
    }
    // What the reissue queued; nothing again of what this run tried or after the poster stopped.
    await poster.pass();
    signal.throwIfAborted();
    poster.reportRefused();
    sum(counts, tally(outbox, target.id, postedBefore, 'invoices'));
    // Refunds credit invoices that are posted, so they come once this run's invoices are in.
    const credited = enqueueOrderCreditNotes({ db: ws.db, audit: ws.audit, outbox, connectionId: target.id, mappings, actor: `sync job "${job.name}"`, now }, refundsInSettlements(ws.db));
    sum(counts, { creditNotesQueued: credited.filter((d) => d.outcome === 'enqueued').length, creditNotesRefused: credited.filter((d) => d.outcome === 'refused').length });
    for (const d of credited) if (d.outcome === 'refused') problems.push(`The refund ${d.refundId} of order ${d.orderId} was not credited in ${target.name}: ${d.reasons.join(' ')}`);
    if (credited.some((d) => d.outcome === 'enqueued')) {
      const creditNotes = new OrderPoster(ctx, outbox, target, problems, 'credit notes');
      await creditNotes.pass();
      signal.throwIfAborted();
      creditNotes.reportRefused();
      sum(counts, tally(outbox, target.id, postedBefore, 'creditNotes'));
    }
  }
  const refused = counts.refused ? ` ${counts.refused} order${counts.refused === 1 ? ' was' : 's were'} refused (an unmapped SKU or marketplace); see them under Orders and Review.` : '';
  const noticed = notices.length ? ` ${notices.join(' ')}` : '';
  if (problems.length) return { counts, error: `${problems.join(' ')} The next run carries on where this one stopped.${refused}${noticed}` };
  const warning = `${refused}${noticed}`.trim();
  return { counts, ...(warning ? { warning } : {}) };
}

/** Invoices (or credit notes) posted by this run, and those that failed. */
function tally(outbox: PostingOutbox, connectionId: string, postedBefore: ReadonlySet<string>, count: 'invoices' | 'creditNotes'): RunCounts {
  const kind = count === 'invoices' ? 'salesInvoice' : 'salesCreditNote';
  const mine = outbox.list({ connectionId }).filter((e) => e.kind === kind);
  const posted = mine.filter((e) => e.state === 'posted' && !postedBefore.has(`${connectionId}|${e.naturalKey}`)).length;
  const failed = mine.filter((e) => e.state === 'failed').length;
  return count === 'invoices' ? { invoicesPosted: posted, invoicesFailed: failed } : { creditNotesPosted: posted, ...(failed ? { creditNotesFailed: failed } : {}) };
}

/**
 * Posts the invoices and credit notes the connection's outbox holds (none of its journals), a pass at a
 * time, each pass under the workspace's posting lease (released between passes, so settlement posting is
 * not kept out while the reader waits on Amazon). A document is tried once per run: one that failed is
 * not retried by a later pass. After a stop (cancelled, the ERP unreachable, the lease held or lost) no
 * further pass posts anything.
 */
class OrderPoster {
  private readonly tried = new Set<string>();
  private readonly refused: Array<{ naturalKey: string; message: string }> = [];
  private stopped = false;
  private erp: Awaited<ReturnType<JobContext['resources']['erpConnector']>> | null = null;

  constructor(
    private readonly ctx: JobContext, private readonly outbox: PostingOutbox, private readonly target: { id: string; name: string },
    private readonly problems: string[], private readonly what: 'invoices' | 'credit notes' = 'invoices',
  ) {}

  async pass(): Promise<'idle' | 'posted' | 'stop'> {
    const { ws, signal } = this.ctx;
    if (this.stopped) return 'stop';
    const keys = new Set(this.outbox.workList(this.target.id).filter((e) => ORDER_KINDS.has(e.kind) && !this.tried.has(e.naturalKey)).map((e) => e.naturalKey));
    if (!keys.size) return 'idle';
    let lease;
    try {
      lease = new PostingLease(ws.db, { now: () => new Date(this.ctx.clock.now()) }).acquire(`sync job "${this.ctx.job.name}"`, `invoicing orders in ${this.target.name}`).keepAlive();
    } catch (err) {
      if (!(err instanceof PostingLeaseHeld)) throw err;
      this.problems.push(`${err.message} Invoices and credit notes for ${this.target.name} wait for the next run.`);
      return this.stop();
    }
    try {
      this.erp ??= await this.ctx.resources.erpConnector(this.target.id);
      for (const k of keys) this.tried.add(k);
      const phase = `Posting ${this.what} to ${this.target.name}`;
      const result = await runPosting(this.outbox, this.target.id, this.erp, {
        signal, only: keys, leaseLost: () => !lease.renew(),
        onProgress: (p) => this.ctx.progress({ phase, done: p.done, total: p.total, ...(p.current ? { current: p.current } : {}) }),
      });
      ws.events.emit({ type: 'changed', topic: 'posting' });
      this.refused.push(...result.failed.filter((f) => !f.retryable));
      if (result.outcome === 'cancelled') return this.stop();
      if (result.outcome === 'stopped') {
        this.problems.push(`Posting to ${this.target.name} stopped: ${result.failed.at(-1)?.message ?? 'the posting lease was lost'}`);
        return this.stop();
      }
      return 'posted';
    } catch (err) {
      if (signal.aborted || !(err instanceof ErpError)) throw err;
      this.problems.push(`${this.target.name} could not be reached: ${plainError(err)}`);
      return this.stop();
    } finally {
      lease.release();
    }
  }

  /** Adds what the ERP refused over all passes to the run's problems, in one sentence. */
  reportRefused(): void {
    const n = this.refused.length;
    if (n) this.problems.push(`${this.target.name} refused ${n} document${n === 1 ? '' : 's'}: ${this.refused.slice(0, 3).map((f) => `${f.naturalKey}: ${f.message}`).join('; ')}. See Needs attention for what to fix, then retry.`);
  }

  private stop(): 'stop' {
    this.stopped = true;
    return 'stop';
  }
}
