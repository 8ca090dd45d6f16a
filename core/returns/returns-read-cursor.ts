import type { Db } from '../store';

export interface ReturnsCursor {
  /** The end of the last window whose returns are stored; null before the first read. */
  readUntil: string | null;
  /** A report requested for the next window and not yet read: the next run reads it instead of asking again. */
  pending: { reportId: string; from: string; until: string } | null;
}

/** Where reading the returns report stopped, per Amazon connection (table returns_read_cursor). */
export class ReturnsReadCursor {
  constructor(private readonly db: Db, private readonly now: () => Date) {}

  get(amazonConnectionId: string): ReturnsCursor {
    const r = this.db.prepare('SELECT * FROM returns_read_cursor WHERE amazon_connection_id = ?').get(amazonConnectionId) as
      | { read_until: string | null; pending_report_id: string | null; pending_from: string | null; pending_until: string | null }
      | undefined;
    if (!r) return { readUntil: null, pending: null };
    return {
      readUntil: r.read_until,
      pending: r.pending_report_id && r.pending_from && r.pending_until ? { reportId: r.pending_report_id, from: r.pending_from, until: r.pending_until } : null,
    };
  }

  setPending(amazonConnectionId: string, pending: { reportId: string; from: string; until: string } | null): void {
    this.db
      .prepare(
        `INSERT INTO returns_read_cursor (amazon_connection_id, pending_report_id, pending_from, pending_until, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (amazon_connection_id) DO UPDATE SET pending_report_id = excluded.pending_report_id, pending_from = excluded.pending_from,
           pending_until = excluded.pending_until, updated_at = excluded.updated_at`,
      )
      .run(amazonConnectionId, pending?.reportId ?? null, pending?.from ?? null, pending?.until ?? null, this.now().toISOString());
  }

  /** The window up to `until` is read: the next one starts there, and nothing is pending. */
  advance(amazonConnectionId: string, until: string): void {
    this.db
      .prepare(
        `INSERT INTO returns_read_cursor (amazon_connection_id, read_until, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (amazon_connection_id) DO UPDATE SET read_until = excluded.read_until, pending_report_id = NULL, pending_from = NULL,
           pending_until = NULL, updated_at = excluded.updated_at`,
      )
      .run(amazonConnectionId, until, this.now().toISOString());
  }
}
