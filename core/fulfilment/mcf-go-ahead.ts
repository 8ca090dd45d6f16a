import type { Db } from '../store';
import { whatChanged, type GoAheadFacts } from './mcf-go-ahead-facts';
import type { McfPreview } from './mcf-preview';

/** A person's go-ahead for one order, bound to the digest of what they saw (mcf_go_ahead, migration 280). */
export interface McfGoAhead {
  mcfOrderId: number;
  digest: string;
  facts: GoAheadFacts;
  givenBy: string;
  givenAt: string;
}

/** Where an order stands with its go-ahead: none needed, given for what would go now, or missing or stale. */
export type GoAheadStanding =
  | { needed: false; given: McfGoAhead | null }
  | { needed: true; given: McfGoAhead | null; changes: string[] };

/** A go-ahead asked for orders whose preview is not the one the person saw; nothing was stored. */
export class StaleGoAheadError extends Error {}

interface Row { mcf_order_id: number; digest: string; facts: string; given_by: string; given_at: string }

export class McfGoAheadStore {
  constructor(private readonly db: Db, private readonly now: () => Date) {}

  get(mcfOrderId: number): McfGoAhead | null {
    const r = this.db.prepare('SELECT * FROM mcf_go_ahead WHERE mcf_order_id = ?').get(mcfOrderId) as Row | undefined;
    return r ? { mcfOrderId: r.mcf_order_id, digest: r.digest, facts: JSON.parse(r.facts) as GoAheadFacts, givenBy: r.given_by, givenAt: r.given_at } : null;
  }

  /** Binds the order's go-ahead to this preview's facts; a later go-ahead replaces an earlier one. */
  give(mcfOrderId: number, preview: McfPreview, actor: string): void {
    if (!preview.digest || !preview.facts) throw new Error(`Order ${mcfOrderId} has no preview to let go; preview it first.`);
    this.db
      .prepare(`INSERT INTO mcf_go_ahead (mcf_order_id, digest, facts, given_by, given_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (mcf_order_id) DO UPDATE SET digest = excluded.digest, facts = excluded.facts, given_by = excluded.given_by, given_at = excluded.given_at`)
      .run(mcfOrderId, preview.digest, JSON.stringify(preview.facts), actor, this.now().toISOString());
  }

  /**
   * Whether the order may go as previewed: an order that needs a go-ahead goes only with one whose digest is
   * the preview's; a stale one says what changed since.
   */
  standing(mcfOrderId: number, needsGoAhead: boolean, preview: McfPreview | null): GoAheadStanding {
    const given = this.get(mcfOrderId);
    if (!needsGoAhead && !given) return { needed: false, given: null };
    if (given && preview?.digest === given.digest) return { needed: false, given };
    return { needed: true, given, changes: given && preview?.facts ? whatChanged(given.facts, preview.facts) : [] };
  }
}
