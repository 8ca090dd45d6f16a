import { randomUUID } from 'node:crypto';
import { Leases, type Db } from '../store';

/**
 * A fix the screen can offer in place (for instance "map this Amazon return reason"): `kind` names it for
 * the screen, `params` carry what it needs. A fix without one is made elsewhere (Mappings, Connections).
 */
export interface FixAction {
  kind: string;
  label: string;
  params: Record<string, string>;
}

/** A record a flow could not get through, as the flow reports it. */
export interface DeadLetterInput {
  flow: string;
  /** The record's identity within its flow (an order id, a return's order + LPN + date...). */
  recordKey: string;
  summary: string;
  /** What the other system (or our own check) said, in its words. */
  error: string;
  /** What would get it through, in words a person acts on. */
  fix: string;
  facts?: Record<string, unknown>;
  fixAction?: FixAction | null;
}

export type DeadLetterState = 'open' | 'retrying' | 'resolved';

export interface DeadLetter {
  id: number;
  flow: string;
  recordKey: string;
  summary: string;
  facts: Record<string, unknown>;
  error: string;
  fix: string;
  fixAction: FixAction | null;
  state: DeadLetterState;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
}

export interface DeadLetterFilter {
  flow?: string;
  /** Default: what still needs a person (open, or being retried right now). */
  state?: DeadLetterState | 'unresolved';
}

interface Row {
  id: number; flow: string; record_key: string; summary: string; facts: string; error: string; fix: string; fix_action: string | null;
  state: DeadLetterState; attempts: number; created_at: string; updated_at: string; resolved_at: string | null;
}

const letter = (r: Row): DeadLetter => ({
  id: r.id, flow: r.flow, recordKey: r.record_key, summary: r.summary, facts: JSON.parse(r.facts) as Record<string, unknown>, error: r.error, fix: r.fix,
  fixAction: r.fix_action ? (JSON.parse(r.fix_action) as FixAction) : null, state: r.state, attempts: r.attempts,
  createdAt: r.created_at, updatedAt: r.updated_at, resolvedAt: r.resolved_at,
});

/** The lease a retry of one held record holds while it runs. */
const claimLease = (id: number): string => `attention:${id}`;

/** How a retry ended, as the retry registry records it. */
export type RetryResult = { ok: true } | { ok: false; error: string; fix?: string };

/** A retry's hold on one row: only the holder of the token may record how it ended. */
export interface RetryClaim {
  letter: DeadLetter;
  token: string;
}

/**
 * The "Needs attention" list (table dead_letter). Flows hold records here; nothing is ever deleted: a
 * record that went through is kept as resolved, with when.
 */
export class DeadLetterStore {
  private readonly leases: Leases;

  constructor(private readonly db: Db, private readonly now: () => Date) {
    this.leases = new Leases(db, { now: () => this.now().getTime() });
  }

  /**
   * Holds a record (or, when the flow already holds it, replaces its error and fix). A record that had gone
   * through and fails again reopens; one being retried right now keeps its claim, whose outcome decides.
   */
  hold(input: DeadLetterInput): DeadLetter {
    const at = this.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO dead_letter (flow, record_key, summary, facts, error, fix, fix_action, state, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)
         ON CONFLICT (flow, record_key) DO UPDATE SET summary = excluded.summary, facts = excluded.facts, error = excluded.error,
           fix = excluded.fix, fix_action = excluded.fix_action, updated_at = excluded.updated_at, resolved_at = NULL,
           state = CASE WHEN dead_letter.state = 'retrying' THEN 'retrying' ELSE 'open' END`,
      )
      .run(input.flow, input.recordKey, input.summary, JSON.stringify(input.facts ?? {}), input.error, input.fix, input.fixAction ? JSON.stringify(input.fixAction) : null, at, at);
    return this.find(input.flow, input.recordKey)!;
  }

  /** The flow got the record through by itself (its next run, after the fix): it leaves the list. */
  clear(flow: string, recordKey: string): boolean {
    const at = this.now().toISOString();
    return this.db
      .prepare("UPDATE dead_letter SET state = 'resolved', resolved_at = ?, updated_at = ?, claim_token = NULL, claimed_at = NULL WHERE flow = ? AND record_key = ? AND state = 'open'")
      .run(at, at, flow, recordKey).changes > 0;
  }

  find(flow: string, recordKey: string): DeadLetter | null {
    const r = this.db.prepare('SELECT * FROM dead_letter WHERE flow = ? AND record_key = ?').get(flow, recordKey) as Row | undefined;
    return r ? letter(r) : null;
  }

  get(id: number): DeadLetter | null {
    const r = this.db.prepare('SELECT * FROM dead_letter WHERE id = ?').get(id) as Row | undefined;
    return r ? letter(r) : null;
  }

  list(filter: DeadLetterFilter = {}): DeadLetter[] {
    const state = filter.state ?? 'unresolved';
    const where = [state === 'unresolved' ? "state IN ('open', 'retrying')" : 'state = @state', ...(filter.flow ? ['flow = @flow'] : [])];
    return (this.db.prepare(`SELECT * FROM dead_letter WHERE ${where.join(' AND ')} ORDER BY flow, created_at, id`).all({ state, flow: filter.flow ?? null }) as Row[]).map(letter);
  }

  /** Records waiting for a person, per flow. */
  openCounts(): Map<string, number> {
    const rows = this.db.prepare("SELECT flow, COUNT(*) AS n FROM dead_letter WHERE state IN ('open', 'retrying') GROUP BY flow").all() as { flow: string; n: number }[];
    return new Map(rows.map((r) => [r.flow, r.n]));
  }

  /**
   * Takes the row for one retry: it must be open, or held by a retry that is gone. The retry holds the
   * row's lease (table lease) under its claim token, naming its host and process: a holder whose process
   * on this machine is no longer alive (a crash, a SIGKILL) frees the row at once; one that is alive, or
   * runs on another machine, holds it until `leaseMs` after it claimed. A row claimed before the claim took
   * a lease (no lease recorded) is free only once `leaseMs` passed. One immediate transaction, so of two
   * retries at once, in one process or two, exactly one gets the row.
   */
  claim(id: number, leaseMs: number): RetryClaim | null {
    return this.db.transaction((): RetryClaim | null => {
      const held = this.get(id);
      if (!held || held.state === 'resolved') return null;
      const name = claimLease(id);
      const now = this.now();
      if (held.state === 'retrying' && !this.leases.recorded(name)) {
        const claimedAt = (this.db.prepare('SELECT claimed_at FROM dead_letter WHERE id = ?').get(id) as { claimed_at: string | null }).claimed_at;
        if (claimedAt && Date.parse(claimedAt) > now.getTime() - leaseMs) return null;
      }
      const token = randomUUID();
      if (this.leases.acquire(name, leaseMs, { holderId: token, holder: 'a retry from Needs attention', purpose: `retries ${held.flow} ${held.recordKey}` })) return null;
      this.db
        .prepare("UPDATE dead_letter SET state = 'retrying', claim_token = ?, claimed_at = ?, updated_at = ? WHERE id = ?")
        .run(token, now.toISOString(), now.toISOString(), id);
      return { letter: this.get(id)!, token };
    }).immediate();
  }

  /** Records how a claimed retry ended; false when the claim was lost (taken over after its lease ran out). */
  finish(claim: RetryClaim, result: RetryResult): boolean {
    this.leases.release(claimLease(claim.letter.id), claim.token);
    const at = this.now().toISOString();
    if (result.ok) {
      return this.db
        .prepare(
          `UPDATE dead_letter SET state = 'resolved', resolved_at = ?, updated_at = ?, attempts = attempts + 1, claim_token = NULL, claimed_at = NULL
            WHERE id = ? AND claim_token = ?`,
        )
        .run(at, at, claim.letter.id, claim.token).changes > 0;
    }
    return this.db
      .prepare(
        `UPDATE dead_letter SET state = 'open', error = ?, fix = COALESCE(?, fix), updated_at = ?, attempts = attempts + 1, claim_token = NULL, claimed_at = NULL
          WHERE id = ? AND claim_token = ?`,
      )
      .run(result.error, result.fix ?? null, at, claim.letter.id, claim.token).changes > 0;
  }
}
