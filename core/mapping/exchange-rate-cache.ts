import { createHash } from 'node:crypto';
import { readsExchangeRates, type LedgerRates, type RateWanted } from '../erp/exchange-rate';
import type { Db } from '../store';
import { ratesWanted } from './exchange-rate-dates';

interface RateRow { currency: string; starting_date: string; amount: string; relational_currency: string | null; relational_amount: string }

/**
 * A connection's local currency and its ERP's exchange rates in SQLite, read with its reference data
 * (ReferenceCache.refresh) and again just before posting, so the review, the preview and posting convert
 * with the same rates and a changed rate changes the journal (and so withdraws its approval).
 */
export class ExchangeRateCache {
  constructor(private readonly db: Db) {}

  /** Null when the connection's ERP was never asked (or posts in any currency). */
  snapshot(connectionId: string): LedgerRates | null {
    const ledger = this.db.prepare('SELECT local_currency, posts_in, unavailable FROM erp_ledger_currency WHERE connection_id = ?').get(connectionId) as
      { local_currency: string | null; posts_in: 'local-currency' | 'document-currency'; unavailable: string } | undefined;
    if (!ledger) return null;
    const rows = this.db
      .prepare('SELECT currency, starting_date, amount, relational_currency, relational_amount FROM erp_exchange_rate WHERE connection_id = ? ORDER BY currency, starting_date')
      .all(connectionId) as RateRow[];
    return {
      localCurrency: ledger.local_currency,
      rates: rows.map((r) => ({ currency: r.currency, startingDate: r.starting_date, amount: r.amount, relationalCurrency: r.relational_currency, relationalAmount: r.relational_amount })),
      ...(ledger.posts_in === 'document-currency' ? { postsIn: ledger.posts_in, unavailable: JSON.parse(ledger.unavailable) as RateWanted[] } : {}),
    };
  }

  /** Changes exactly when what was read changes (the review's checks re-run on it). */
  fingerprint(connectionId: string): string | null {
    const r = this.db.prepare('SELECT rates_digest FROM erp_ledger_currency WHERE connection_id = ?').get(connectionId) as { rates_digest: string } | undefined;
    return r?.rates_digest ?? null;
  }

  /** Replaces what is kept for the connection with what the ERP holds now; true when that changed anything. */
  store(connectionId: string, ledger: LedgerRates, at: Date): boolean {
    const rates = [...ledger.rates].sort((a, b) => a.currency.localeCompare(b.currency) || a.startingDate.localeCompare(b.startingDate));
    const postsIn = ledger.postsIn ?? 'local-currency';
    const unavailable = [...(ledger.unavailable ?? [])].sort((a, b) => a.currency.localeCompare(b.currency) || a.date.localeCompare(b.date));
    const digest = createHash('sha256')
      .update(JSON.stringify(postsIn === 'local-currency' ? { localCurrency: ledger.localCurrency, rates } : { localCurrency: ledger.localCurrency, rates, postsIn, unavailable }), 'utf8')
      .digest('hex');
    if (this.fingerprint(connectionId) === digest) return false;
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM erp_exchange_rate WHERE connection_id = ?').run(connectionId);
      const insert = this.db.prepare(
        `INSERT INTO erp_exchange_rate (connection_id, currency, starting_date, amount, relational_currency, relational_amount) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (connection_id, currency, starting_date) DO UPDATE SET amount = excluded.amount, relational_currency = excluded.relational_currency, relational_amount = excluded.relational_amount`,
      );
      for (const r of rates) insert.run(connectionId, r.currency.toUpperCase(), r.startingDate, r.amount, r.relationalCurrency, r.relationalAmount);
      this.db
        .prepare(
          `INSERT INTO erp_ledger_currency (connection_id, local_currency, rates_digest, read_at, posts_in, unavailable) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (connection_id) DO UPDATE SET local_currency = excluded.local_currency, rates_digest = excluded.rates_digest, read_at = excluded.read_at,
             posts_in = excluded.posts_in, unavailable = excluded.unavailable`,
        )
        .run(connectionId, ledger.localCurrency, digest, at.toISOString(), postsIn, JSON.stringify(unavailable));
    })();
    return true;
  }
}

/**
 * Reads the connector's local currency and rates again, when it has any (just before a plan is made, so
 * posting converts at the rate the ERP holds now, and a rate changed since approval withdraws it).
 */
export async function rereadLedgerRates(db: Db, connectionId: string, connector: unknown, now: Date, signal?: AbortSignal): Promise<void> {
  if (!readsExchangeRates(connector)) return;
  new ExchangeRateCache(db).store(connectionId, await connector.readLedgerRates(signal, ratesWanted(db, connectionId)), now);
}
