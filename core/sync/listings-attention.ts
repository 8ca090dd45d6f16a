import type { AttentionFlow, DeadLetter, DeadLetterStore, RetryResult } from '../attention';
import type { AuditLog, Db } from '../store';

/** What the listings flow under Needs attention works with (a workspace gives all of it). */
export interface ListingsAttentionContext {
  db: Db;
  audit: AuditLog;
  now: () => Date;
  /** Who retries, as the audit log names them. */
  actor: string;
}

/** The flow's name under Needs attention and on the Dashboard. */
export const LISTINGS_FLOW = 'listings';

const recordKey = (r: { amazon_connection_id: string; marketplace_id: string; sku: string; id: number }) => `${r.amazon_connection_id}|${r.marketplace_id}|${r.sku}|${r.id}`;

interface ChangeRow { id: number; amazon_connection_id: string; marketplace_id: string; sku: string; state: string; issues: string | null; new_price_minor: number | null; new_quantity: number | null; currency: string }

const issuesText = (issues: string | null) => {
  const list = issues ? (JSON.parse(issues) as Array<{ code: string | null; message: string }>) : [];
  return list.length ? list.map((i) => `${i.code ? `${i.code}: ` : ''}${i.message}`).join(' ') : 'Amazon refused the change without saying why.';
};

/**
 * Listing changes Amazon refused, under Needs attention: after a listings run, each refused change of the
 * Amazon connection is held with Amazon's issues; one since sent, or replaced by a newer change of its SKU,
 * leaves the list. A retry puts the refused change back in line (ready), unless a newer change of the SKU
 * carries it already; the next listings run sends it once, as the outbox's states make sure.
 */
export function holdRefusedListings(ws: Pick<ListingsAttentionContext, 'db'>, letters: DeadLetterStore, amazonConnectionId: string): void {
  const rows = ws.db.prepare(`SELECT id, amazon_connection_id, marketplace_id, sku, state, issues, new_price_minor, new_quantity, currency FROM listing_change
    WHERE amazon_connection_id = @c AND (state = 'failed' OR id IN (SELECT json_extract(facts, '$.changeId') FROM dead_letter WHERE flow = @flow AND state = 'open'))`)
    .all({ c: amazonConnectionId, flow: LISTINGS_FLOW }) as ChangeRow[];
  for (const r of rows) {
    if (r.state !== 'failed') {
      if (r.state === 'sent' || r.state === 'superseded') letters.clear(LISTINGS_FLOW, recordKey(r));
      continue;
    }
    const what = [r.new_price_minor !== null ? `price ${r.new_price_minor} (minor units of ${r.currency})` : null, r.new_quantity !== null ? `quantity ${r.new_quantity}` : null].filter(Boolean).join(' and ');
    letters.hold({
      flow: LISTINGS_FLOW, recordKey: recordKey(r), summary: `Listing ${r.sku} on ${r.marketplace_id}: ${what || 'no change'}`, error: issuesText(r.issues),
      fix: 'Correct the listing or the listing rule as Amazon says (Listings), then retry: the next listings run sends it.',
      facts: { changeId: r.id, amazonConnectionId: r.amazon_connection_id, marketplaceId: r.marketplace_id, sku: r.sku },
    });
  }
}

function retryChange(ws: ListingsAttentionContext, letter: DeadLetter): RetryResult {
  const id = Number(letter.facts.changeId);
  const r = ws.db.prepare('SELECT id, amazon_connection_id, marketplace_id, sku, state FROM listing_change WHERE id = ?').get(id) as ChangeRow | undefined;
  if (!r) return { ok: false, error: `The listing change ${id} is no longer stored.` };
  if (r.state !== 'failed') return { ok: true };
  return ws.db.transaction((): RetryResult => {
    const open = ws.db.prepare("SELECT id FROM listing_change WHERE amazon_connection_id = ? AND marketplace_id = ? AND sku = ? AND state IN ('held', 'ready', 'sending')")
      .get(r.amazon_connection_id, r.marketplace_id, r.sku) as { id: number } | undefined;
    // A newer change of the SKU already says what Amazon should show; sending the old one too would undo it.
    if (!open) ws.db.prepare("UPDATE listing_change SET state = 'ready', updated_at = ? WHERE id = ? AND state = 'failed'").run(ws.now().toISOString(), id);
    ws.audit.record({ kind: 'state_change', system: 'app', operation: 'listing-change.retry', actor: ws.actor, connectionId: r.amazon_connection_id, subjectType: 'listing', subjectId: r.sku, detail: { id, replacedBy: open?.id ?? null } });
    return { ok: true };
  })();
}

export function listingsAttentionFlow(ws: ListingsAttentionContext, lastRun: () => { at: string; status: string } | null): AttentionFlow {
  return {
    flow: LISTINGS_FLOW,
    label: 'Amazon listings (prices and stock)',
    screen: 'listings',
    retry: async (letter) => retryChange(ws, letter),
    activity: () => {
      const count = (states: string) => (ws.db.prepare(`SELECT COUNT(*) AS n FROM listing_change WHERE state IN (${states})`).get() as { n: number }).n;
      return { lastRun: lastRun(), moved: count("'sent'"), waiting: count("'held', 'ready', 'sending'") };
    },
  };
}
