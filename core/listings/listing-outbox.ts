import { z } from 'zod';
import { DomainError } from '../errors/domain-error';
import { toDecimalString } from '../money/amount-format';
import { currencyExponent } from '../money/currency';
import type { Statement } from 'better-sqlite3';
import type { AuditLog, Db } from '../store';

export type ChangeState = 'held' | 'ready' | 'sending' | 'sent' | 'failed' | 'superseded';

/** One of Amazon's issues for a SKU, kept in Amazon's words. */
export interface ListingIssue {
  code: string | null;
  message: string;
  severity: string;
  attributeNames?: string[];
}
const IssuesSchema = z.array(z.object({ code: z.string().nullable(), message: z.string(), severity: z.string(), attributeNames: z.array(z.string()).optional() }));

/** A price and/or quantity change of one SKU, from the run that found it to what Amazon said. */
export interface ListingChange {
  id: number;
  amazonConnectionId: string;
  marketplaceId: string;
  sku: string;
  itemNumber: string;
  productType: string;
  currency: string;
  erpPriceMinor: number | null;
  sentPriceMinor: number | null;
  amazonPriceMinor: number | null;
  newPriceMinor: number | null;
  erpQuantity: number | null;
  sentQuantity: number | null;
  amazonQuantity: number | null;
  newQuantity: number | null;
  rule: string;
  holdReason: string | null;
  state: ChangeState;
  approvedBy: string | null;
  approvedAt: string | null;
  via: 'patch' | 'feed' | null;
  feedId: string | null;
  submissionId: string | null;
  issues: ListingIssue[];
  attempts: number;
  /** Why the change was withdrawn before it was sent; null unless it was. */
  withdrawnReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NewListingChange = Pick<ListingChange, 'amazonConnectionId' | 'marketplaceId' | 'sku' | 'itemNumber' | 'productType' | 'currency' | 'erpPriceMinor'
  | 'sentPriceMinor' | 'amazonPriceMinor' | 'newPriceMinor' | 'erpQuantity' | 'sentQuantity' | 'amazonQuantity' | 'newQuantity' | 'rule' | 'holdReason'>;

/**
 * What a feed's processing report said: `noted` holds the changes Amazon named (refused, or applied with a warning);
 * every other change of `changes` was applied.
 */
export interface FeedOutcome {
  changes: readonly OutgoingChange[];
  noted: ReadonlyMap<number, { sent: boolean; issues: ListingIssue[] }>;
}

/** What sending a change needs of it: the values that go out and where they stand. */
export type OutgoingChange = Pick<ListingChange, 'id' | 'amazonConnectionId' | 'marketplaceId' | 'sku' | 'productType' | 'currency' | 'newPriceMinor' | 'newQuantity' | 'state' | 'via' | 'feedId'>;

interface Row {
  id: number; amazon_connection_id: string; marketplace_id: string; sku: string; item_number: string; product_type: string; currency: string;
  erp_price_minor: number | null; sent_price_minor: number | null; amazon_price_minor: number | null; new_price_minor: number | null;
  erp_quantity: number | null; sent_quantity: number | null; amazon_quantity: number | null; new_quantity: number | null; rule: string;
  hold_reason: string | null; state: ChangeState; approved_by: string | null; approved_at: string | null; via: 'patch' | 'feed' | null;
  feed_id: string | null; submission_id: string | null; issues: string | null; attempts: number; withdrawn_reason: string | null; created_at: string; updated_at: string;
}

const fromRow = (r: Row): ListingChange => ({
  id: r.id, amazonConnectionId: r.amazon_connection_id, marketplaceId: r.marketplace_id, sku: r.sku, itemNumber: r.item_number, productType: r.product_type,
  currency: r.currency, erpPriceMinor: r.erp_price_minor, sentPriceMinor: r.sent_price_minor, amazonPriceMinor: r.amazon_price_minor,
  newPriceMinor: r.new_price_minor, erpQuantity: r.erp_quantity, sentQuantity: r.sent_quantity, amazonQuantity: r.amazon_quantity,
  newQuantity: r.new_quantity, rule: r.rule, holdReason: r.hold_reason, state: r.state, approvedBy: r.approved_by, approvedAt: r.approved_at,
  via: r.via, feedId: r.feed_id, submissionId: r.submission_id, issues: r.issues === null ? [] : IssuesSchema.parse(JSON.parse(r.issues)),
  attempts: r.attempts, withdrawnReason: r.withdrawn_reason, createdAt: r.created_at, updatedAt: r.updated_at,
});

/** A change the outbox refuses: no such change, or not in a state that allows it. */
export class ListingChangeRefused extends DomainError {
  constructor(message: string, code: 'not_found' | 'conflict' = 'conflict') {
    super(code, message);
  }
}

/**
 * The listings outbox. A change is written before anything reaches Amazon and moves held → ready (approved or
 * small enough) → sending → sent | failed; each move is audited in the same transaction. What was sent per SKU is
 * kept in listing_sent, the "last sent" of the next run.
 */
export class ListingOutbox {
  constructor(private readonly db: Db, private readonly audit: AuditLog, private readonly now: () => Date) {}

  get(id: number): ListingChange | null {
    const r = this.stmt('get', 'SELECT * FROM listing_change WHERE id = ?').get(id) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  list(filter: { amazonConnectionId: string; marketplaceId: string; states?: readonly ChangeState[]; limit?: number }): ListingChange[] {
    const states = filter.states ?? ['held', 'ready', 'sending', 'sent', 'failed'];
    const rows = this.db.prepare(`SELECT * FROM listing_change WHERE amazon_connection_id = ? AND marketplace_id = ? AND state IN (${states.map(() => '?').join(', ')})
      ORDER BY id DESC LIMIT ?`).all(filter.amazonConnectionId, filter.marketplaceId, ...states, filter.limit ?? 100_000) as Row[];
    return rows.map(fromRow);
  }

  /**
   * The changes to send (ready) or being sent (sending), oldest first, with only what sending needs: at 10,000
   * changes, reading every column into full objects took as long as Amazon's own processing of the feed.
   */
  outgoing(scope: { amazonConnectionId: string; marketplaceId: string }, state: 'ready' | 'sending'): OutgoingChange[] {
    const rows = this.stmt('outgoing', `SELECT id, sku, product_type, currency, new_price_minor, new_quantity, via, feed_id FROM listing_change
      WHERE amazon_connection_id = ? AND marketplace_id = ? AND state = ? ORDER BY id`).raw().all(scope.amazonConnectionId, scope.marketplaceId, state) as
      [number, string, string, string, number | null, number | null, 'patch' | 'feed' | null, string | null][];
    return rows.map(([id, sku, productType, currency, newPriceMinor, newQuantity, via, feedId]) => ({
      id, amazonConnectionId: scope.amazonConnectionId, marketplaceId: scope.marketplaceId, sku, productType, currency, newPriceMinor, newQuantity, state, via, feedId,
    }));
  }

  /**
   * The open changes of a SKU (held, ready or sending): at most one carrying a price and one of the quantity alone,
   * which a quantities-only run sends beside a pending price change. The one carrying a price comes first.
   */
  openChanges(amazonConnectionId: string, marketplaceId: string, sku: string): ListingChange[] {
    const rows = this.stmt('open', `SELECT * FROM listing_change WHERE amazon_connection_id = ? AND marketplace_id = ? AND sku = ? AND state IN ('held', 'ready', 'sending')
      ORDER BY new_price_minor IS NULL, id`).all(amazonConnectionId, marketplaceId, sku) as Row[];
    return rows.map(fromRow);
  }

  /** The open change of a SKU, the one carrying a price first; null when there is none. */
  open(amazonConnectionId: string, marketplaceId: string, sku: string): ListingChange | null {
    return this.openChanges(amazonConnectionId, marketplaceId, sku)[0] ?? null;
  }

  lastSent(amazonConnectionId: string, marketplaceId: string, sku: string): { priceMinor: number | null; quantity: number | null } | null {
    const r = this.db.prepare('SELECT price_minor, quantity FROM listing_sent WHERE amazon_connection_id = ? AND marketplace_id = ? AND sku = ?')
      .get(amazonConnectionId, marketplaceId, sku) as { price_minor: number | null; quantity: number | null } | undefined;
    return r ? { priceMinor: r.price_minor, quantity: r.quantity } : null;
  }

  /**
   * Records a change, superseding the SKU's held or ready ones; `besidePrice` (a quantity alone, from a
   * quantities-only run) supersedes only a change of the quantity alone and leaves one carrying a price as it is.
   * Refused while a change of the SKU is on its way to Amazon.
   */
  add(c: NewListingChange, actor: string, o: { besidePrice?: boolean } = {}): ListingChange {
    return this.db.transaction(() => {
      const opens = this.openChanges(c.amazonConnectionId, c.marketplaceId, c.sku);
      if (opens.some((x) => x.state === 'sending')) throw new ListingChangeRefused(`SKU ${c.sku} has a change on its way to Amazon; a new one is made after it is sent.`);
      if (o.besidePrice && c.newPriceMinor !== null) throw new ListingChangeRefused(`A change beside a pending price change carries the quantity alone; SKU ${c.sku}'s carries a price.`);
      const at = this.now().toISOString();
      for (const open of opens) if (!o.besidePrice || open.newPriceMinor === null) this.withdrawIn(open, supersededReason(open, c), actor, at);
      const state: ChangeState = c.holdReason ? 'held' : 'ready';
      const id = Number(this.db.prepare(`INSERT INTO listing_change (amazon_connection_id, marketplace_id, sku, item_number, product_type, currency, erp_price_minor,
          sent_price_minor, amazon_price_minor, new_price_minor, erp_quantity, sent_quantity, amazon_quantity, new_quantity, rule, hold_reason, state, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(c.amazonConnectionId, c.marketplaceId, c.sku, c.itemNumber, c.productType, c.currency, c.erpPriceMinor, c.sentPriceMinor, c.amazonPriceMinor,
          c.newPriceMinor, c.erpQuantity, c.sentQuantity, c.amazonQuantity, c.newQuantity, c.rule, c.holdReason, state, at, at).lastInsertRowid);
      this.audit.record({
        kind: 'state_change', system: 'app', operation: 'listing-change.found', actor, connectionId: c.amazonConnectionId, subjectType: 'listing', subjectId: c.sku,
        status: state, detail: { id, marketplaceId: c.marketplaceId, price: [c.amazonPriceMinor, c.newPriceMinor], quantity: [c.amazonQuantity, c.newQuantity], rule: c.rule, holdReason: c.holdReason },
      });
      return this.get(id)!;
    })();
  }

  /**
   * Takes a held or ready change out before it is sent, with why: its approval (or the run that found it) no
   * longer holds. A change on its way is Amazon's already and is not withdrawn.
   */
  withdraw(c: ListingChange, reason: string, actor: string): boolean {
    return this.db.transaction(() => {
      const now = this.get(c.id);
      if (!now || (now.state !== 'held' && now.state !== 'ready')) return false;
      this.withdrawIn(now, reason, actor, this.now().toISOString());
      return true;
    })();
  }

  /** A person lets held changes go: they become ready, with who and when. */
  approve(ids: readonly number[], actor: string): ListingChange[] {
    return this.db.transaction(() => ids.map((id) => {
      const c = this.get(id);
      if (!c) throw new ListingChangeRefused(`There is no listing change ${id}; it may have been superseded by a newer run.`, 'not_found');
      if (c.state !== 'held') throw new ListingChangeRefused(`The change of SKU ${c.sku} is ${c.state}, not held: only held changes are approved.`);
      const at = this.now().toISOString();
      this.db.prepare(`UPDATE listing_change SET state = 'ready', approved_by = ?, approved_at = ?, updated_at = ? WHERE id = ?`).run(actor, at, at, id);
      this.audit.record({ kind: 'decision', system: 'app', operation: 'listing-change.approve', actor, connectionId: c.amazonConnectionId, subjectType: 'listing', subjectId: c.sku, detail: { id, holdReason: c.holdReason, price: [c.amazonPriceMinor, c.newPriceMinor], quantity: [c.amazonQuantity, c.newQuantity] } });
      return this.get(id)!;
    }))();
  }

  /** Marks changes as on their way, with how; the write happens before the request leaves. */
  markSending(ids: readonly number[], via: 'patch' | 'feed', actor: string): void {
    this.db.transaction(() => {
      const at = this.now().toISOString();
      // One statement for a whole feed's changes: the ids travel as one JSON array.
      this.stmt('sending', `UPDATE listing_change SET state = 'sending', via = ?, attempts = attempts + 1, updated_at = ?
        WHERE id IN (SELECT value FROM json_each(?)) AND state IN ('ready', 'sending')`).run(via, at, JSON.stringify(ids));
      this.audit.record({ kind: 'state_change', system: 'app', operation: 'listing-change.sending', actor, subjectType: 'listing', subjectId: via, detail: { ids, via } });
    })();
  }

  /**
   * For changes marked sending for a feed whose id was never recorded: when the first of them was marked (the
   * feed, if Amazon made it, was created after that), and the feed ids the scope has recorded since.
   */
  lostFeedContext(scope: { amazonConnectionId: string; marketplaceId: string }, ids: readonly number[]): { markedAt: Date; knownFeedIds: Set<string> } {
    const marked = this.db.prepare('SELECT min(updated_at) AS at FROM listing_change WHERE id IN (SELECT value FROM json_each(?))').get(JSON.stringify(ids)) as { at: string | null };
    const at = marked.at ?? this.now().toISOString();
    const known = this.db.prepare(`SELECT DISTINCT feed_id FROM listing_change WHERE amazon_connection_id = ? AND marketplace_id = ? AND feed_id IS NOT NULL AND updated_at >= ?`)
      .pluck().all(scope.amazonConnectionId, scope.marketplaceId, at) as string[];
    return { markedAt: new Date(at), knownFeedIds: new Set(known) };
  }

  /**
   * Binds changes marked sending to the feed Amazon made of them (`submitted`: createFeed answered; `found`: a lost
   * feed recognised), with one audit row naming each message's SKU and values. Called while Amazon processes the
   * feed, so its cost is not the sender's.
   */
  setFeed(changes: readonly OutgoingChange[], feedId: string, how: 'submitted' | 'found', actor: string): void {
    this.db.transaction(() => {
      this.stmt('feed', 'UPDATE listing_change SET feed_id = ? WHERE id IN (SELECT value FROM json_each(?))').run(feedId, JSON.stringify(changes.map((c) => c.id)));
      const first = changes[0];
      this.audit.record({
        kind: 'state_change', system: 'amazon', operation: `listing-feed.${how}`, actor, connectionId: first?.amazonConnectionId ?? null, subjectType: 'listing-feed', subjectId: feedId,
        status: how, detail: { marketplaceId: first?.marketplaceId ?? null, messages: changes.map((c) => ({ id: c.id, sku: c.sku, price: c.newPriceMinor, quantity: c.newQuantity })) },
      });
    })();
  }

  markSent(c: OutgoingChange, actor: string, outcome: { submissionId?: string | null; issues?: ListingIssue[] } = {}): void {
    this.db.transaction(() => {
      this.recordSent(c, outcome, this.now().toISOString());
      this.audit.record({ kind: 'state_change', system: 'amazon', operation: 'listing-change.sent', actor, connectionId: c.amazonConnectionId, subjectType: 'listing', subjectId: c.sku, status: 'sent', detail: { id: c.id, via: c.via, feedId: c.feedId, submissionId: outcome.submissionId ?? null, price: c.newPriceMinor, quantity: c.newQuantity, issues: outcome.issues ?? [] } });
    })();
  }

  /**
   * Records a feed's outcome in one transaction. The changes Amazon said something about are written one by one;
   * every other change of the feed (most of it) was applied without a word, and two statements settle them as the
   * feed's rows still sending, found through the state index. One audit row names the SKUs sent and those refused
   * with Amazon's issues; the feed's values are in its `listing-feed.submitted` (or `.found`) row.
   */
  settleFeed(feedId: string, outcome: FeedOutcome, actor: string): { sent: number; failed: number } {
    return this.db.transaction(() => {
      const first = outcome.changes[0];
      if (!first) return { sent: 0, failed: 0 };
      const at = this.now().toISOString();
      const sent: string[] = [];
      const refused: { id: number; sku: string; issues: ListingIssue[] }[] = [];
      let silent = 0;
      for (const c of outcome.changes) {
        const noted = outcome.noted.get(c.id);
        if (!noted) silent++;
        else if (noted.sent) this.recordSent(c, { issues: noted.issues }, at);
        else {
          this.stmt('failed', `UPDATE listing_change SET state = 'failed', issues = ?, updated_at = ? WHERE id = ?`).run(JSON.stringify(noted.issues), at, c.id);
          refused.push({ id: c.id, sku: c.sku, issues: noted.issues });
          continue;
        }
        sent.push(c.sku);
      }
      const feedRows = [first.amazonConnectionId, first.marketplaceId, feedId];
      this.stmt('last-sent-feed', `INSERT INTO listing_sent (amazon_connection_id, marketplace_id, sku, price_minor, currency, quantity, sent_at)
          SELECT amazon_connection_id, marketplace_id, sku, new_price_minor, currency, new_quantity, ? FROM listing_change
          WHERE amazon_connection_id = ? AND marketplace_id = ? AND state = 'sending' AND feed_id = ?
        ON CONFLICT (amazon_connection_id, marketplace_id, sku) DO UPDATE SET price_minor = coalesce(excluded.price_minor, price_minor),
          currency = excluded.currency, quantity = coalesce(excluded.quantity, quantity), sent_at = excluded.sent_at`).run(at, ...feedRows);
      const settled = this.stmt('sent-feed', `UPDATE listing_change SET state = 'sent', issues = NULL, updated_at = ?
        WHERE amazon_connection_id = ? AND marketplace_id = ? AND state = 'sending' AND feed_id = ?`).run(at, ...feedRows).changes;
      // The feed's rows still sending are the changes given; were they not, nothing is recorded (the transaction rolls back).
      if (settled !== silent) throw new ListingChangeRefused(`Feed ${feedId} has ${settled} changes still sending, not the ${silent} its processing report leaves applied; nothing was recorded.`);
      this.audit.record({
        kind: 'state_change', system: 'amazon', operation: 'listing-feed.settled', actor, connectionId: first.amazonConnectionId, subjectType: 'listing-feed', subjectId: feedId,
        status: refused.length ? 'partly-refused' : 'sent', detail: { marketplaceId: first.marketplaceId, sent, refused },
      });
      return { sent: sent.length, failed: refused.length };
    })();
  }

  private readonly statements = new Map<string, Statement<unknown[]>>();
  private stmt(name: string, sql: string): Statement<unknown[]> {
    let s = this.statements.get(name);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(name, s);
    }
    return s;
  }

  private recordSent(c: OutgoingChange, outcome: { submissionId?: string | null; issues?: ListingIssue[] }, at: string): void {
    this.stmt('sent', `UPDATE listing_change SET state = 'sent', submission_id = coalesce(?, submission_id), issues = ?, updated_at = ? WHERE id = ?`)
      .run(outcome.submissionId ?? null, outcome.issues?.length ? JSON.stringify(outcome.issues) : null, at, c.id);
    // A change of price only keeps the quantity last sent, and the other way round.
    this.stmt('last-sent', `INSERT INTO listing_sent (amazon_connection_id, marketplace_id, sku, price_minor, currency, quantity, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (amazon_connection_id, marketplace_id, sku) DO UPDATE SET price_minor = coalesce(excluded.price_minor, price_minor),
        currency = excluded.currency, quantity = coalesce(excluded.quantity, quantity), sent_at = excluded.sent_at`)
      .run(c.amazonConnectionId, c.marketplaceId, c.sku, c.newPriceMinor, c.currency, c.newQuantity, at);
  }

  /** Amazon refused the change or it could not be sent; `issues` are Amazon's words. A retryable failure goes back to ready. */
  markFailed(c: OutgoingChange, actor: string, issues: ListingIssue[], retryable: boolean): void {
    this.db.transaction(() => {
      const at = this.now().toISOString();
      this.db.prepare(`UPDATE listing_change SET state = ?, issues = ?, updated_at = ? WHERE id = ?`).run(retryable ? 'ready' : 'failed', JSON.stringify(issues), at, c.id);
      this.audit.record({ kind: 'state_change', system: 'amazon', operation: 'listing-change.failed', actor, connectionId: c.amazonConnectionId, subjectType: 'listing', subjectId: c.sku, status: retryable ? 'retry' : 'failed', detail: { id: c.id, via: c.via, feedId: c.feedId, issues } });
    })();
  }

  private withdrawIn(c: ListingChange, reason: string, actor: string, at: string): void {
    this.db.prepare(`UPDATE listing_change SET state = 'superseded', withdrawn_reason = ?, updated_at = ? WHERE id = ?`).run(reason, at, c.id);
    this.audit.record({
      kind: 'state_change', system: 'app', operation: 'listing-change.superseded', actor, connectionId: c.amazonConnectionId, subjectType: 'listing', subjectId: c.sku,
      status: 'superseded', detail: { id: c.id, reason, approvedBy: c.approvedBy, price: c.newPriceMinor, quantity: c.newQuantity },
    });
  }
}

function supersededReason(old: ListingChange, next: NewListingChange): string {
  const exponent = currencyExponent(old.currency);
  const price = (m: number | null) => (m === null ? 'price kept' : `price ${toDecimalString(m, exponent)}`);
  const quantity = (q: number | null) => (q === null ? 'quantity kept' : `quantity ${q}`);
  const was = old.approvedBy ? `approved by ${old.approvedBy}` : old.state;
  return `A newer run found other values (${price(next.newPriceMinor)}, ${quantity(next.newQuantity)} in place of ${price(old.newPriceMinor)}, ${quantity(old.newQuantity)}); this change, ${was}, was not sent.`;
}
