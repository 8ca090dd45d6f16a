import type { AccountNature, ReferenceDataKind, ReferenceDataPage } from '../erp/erp-connector';
import { readsExchangeRates } from '../erp/exchange-rate';
import type { Db } from '../store';
import { ExchangeRateCache } from './exchange-rate-cache';
import { ratesWanted } from './exchange-rate-dates';

/**
 * What the mapping editors need from an ERP: accounts, dimensions with their values, items, customers, and
 * the tax and freight codes an order charge maps to (an ERP without freight codes answers that list empty).
 */
export const CACHED_KINDS = ['accounts', 'dimensions', 'items', 'customers', 'taxCodes', 'freightCodes'] as const satisfies readonly ReferenceDataKind[];
export type CachedKind = (typeof CACHED_KINDS)[number];
/** How a person names each kind in progress and messages. */
export const CACHED_KIND_NAMES: Record<CachedKind, string> = {
  accounts: 'accounts', dimensions: 'dimensions', items: 'items', customers: 'customers', taxCodes: 'tax codes', freightCodes: 'freight codes',
};
/** The code lists an order charge maps to; a whole read of one replaces what the cache held. */
const CODE_LISTS: readonly CachedKind[] = ['taxCodes', 'freightCodes'];

/** The one method of an ErpConnector the cache reads through. */
export interface ReferenceDataSource {
  readReferenceData(kind: ReferenceDataKind, since?: string | null, signal?: AbortSignal): Promise<ReferenceDataPage>;
}

export interface CachedRecord {
  code: string;
  name: string;
  postable: boolean;
  /** Accounts: the nature the ERP's account type gives, and that type in its words; absent where it gives none. */
  nature?: AccountNature;
  typeLabel?: string;
}

export interface CachedDimension extends CachedRecord {
  values: CachedRecord[];
}

export interface ReferenceSnapshot {
  accounts: CachedRecord[];
  dimensions: CachedDimension[];
  items: CachedRecord[];
  customers: CachedRecord[];
  taxCodes: CachedRecord[];
  freightCodes: CachedRecord[];
  /** When each kind was last read from the ERP; absent = never. */
  refreshedAt: Partial<Record<CachedKind, string>>;
}

export interface RefreshProgress {
  done: number;
  total: number;
  kind: CachedKind;
}

export interface RefreshResult {
  /** Records read from the ERP this time, per kind (an incremental read returns only what changed). */
  read: Record<CachedKind, number>;
  incremental: Record<CachedKind, boolean>;
}

interface Row { kind: string; parent_code: string; code: string; name: string; postable: number; nature: AccountNature | null; type_label: string | null }

/** The ERP's reference data per connection in SQLite, refreshed incrementally from the ERP's watermarks. */
export class ReferenceCache {
  constructor(private readonly db: Db) {}

  snapshot(connectionId: string): ReferenceSnapshot {
    const rows = this.db
      .prepare('SELECT kind, parent_code, code, name, postable, nature, type_label FROM erp_reference WHERE connection_id = ? ORDER BY kind, parent_code, code')
      .all(connectionId) as Row[];
    const rec = (r: Row): CachedRecord => ({
      code: r.code, name: r.name, postable: r.postable === 1, ...(r.nature ? { nature: r.nature } : {}), ...(r.nature && r.type_label ? { typeLabel: r.type_label } : {}),
    });
    const valuesOf = new Map<string, CachedRecord[]>();
    for (const r of rows) if (r.kind === 'dimensionValues') valuesOf.set(r.parent_code, [...(valuesOf.get(r.parent_code) ?? []), rec(r)]);
    const of = (kind: string) => rows.filter((r) => r.kind === kind).map(rec);
    const stamps = this.db.prepare('SELECT kind, refreshed_at FROM erp_reference_watermark WHERE connection_id = ?').all(connectionId) as { kind: CachedKind; refreshed_at: string }[];
    return {
      accounts: of('accounts'),
      dimensions: of('dimensions').map((d) => ({ ...d, values: valuesOf.get(d.code) ?? [] })),
      items: of('items'),
      customers: of('customers'),
      taxCodes: of('taxCodes'),
      freightCodes: of('freightCodes'),
      refreshedAt: Object.fromEntries(stamps.map((s) => [s.kind, s.refreshed_at])),
    };
  }

  /**
   * Reads each kind through the connector, passing the stored watermark so only what changed comes back.
   * Dimensions are replaced whole (the connector reads them whole: a new value does not touch its
   * dimension's timestamp), and so are tax and freight codes read whole (no watermark), so a code the ERP
   * dropped leaves the cache and a mapping to it is refused. Each kind is stored in its own transaction
   * once it has been read completely.
   */
  async refresh(
    connectionId: string,
    source: ReferenceDataSource,
    options: { signal?: AbortSignal; onProgress?: (p: RefreshProgress) => void; now?: () => Date } = {},
  ): Promise<RefreshResult> {
    const read = Object.fromEntries(CACHED_KINDS.map((k) => [k, 0])) as Record<CachedKind, number>;
    const incremental = Object.fromEntries(CACHED_KINDS.map((k) => [k, false])) as Record<CachedKind, boolean>;
    const upsert = this.db.prepare(
      `INSERT INTO erp_reference (connection_id, kind, parent_code, code, name, postable, last_modified, nature, type_label) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (connection_id, kind, parent_code, code) DO UPDATE SET
         name = excluded.name, postable = excluded.postable, last_modified = excluded.last_modified, nature = excluded.nature, type_label = excluded.type_label`,
    );
    for (const [i, kind] of CACHED_KINDS.entries()) {
      options.signal?.throwIfAborted();
      options.onProgress?.({ done: i, total: CACHED_KINDS.length, kind });
      const whole = kind === 'dimensions';
      const since = whole ? null : this.watermark(connectionId, kind);
      const page = await source.readReferenceData(kind, since, options.signal);
      options.signal?.throwIfAborted();
      read[kind] = page.records.length;
      incremental[kind] = since !== null;
      const at = (options.now?.() ?? new Date()).toISOString();
      this.db.transaction(() => {
        if (whole) this.db.prepare("DELETE FROM erp_reference WHERE connection_id = ? AND kind IN ('dimensions', 'dimensionValues')").run(connectionId);
        if (since === null && CODE_LISTS.includes(kind)) this.db.prepare('DELETE FROM erp_reference WHERE connection_id = ? AND kind = ?').run(connectionId, kind);
        for (const r of page.records) {
          upsert.run(connectionId, kind, '', r.code, r.name, r.postable ? 1 : 0, r.lastModified, r.nature ?? null, r.nature ? r.typeLabel ?? null : null);
          for (const v of r.values ?? []) upsert.run(connectionId, 'dimensionValues', r.code, v.code, v.name, v.postable ? 1 : 0, v.lastModified, null, null);
        }
        this.db
          .prepare(
            `INSERT INTO erp_reference_watermark (connection_id, kind, watermark, refreshed_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (connection_id, kind) DO UPDATE SET watermark = excluded.watermark, refreshed_at = excluded.refreshed_at`,
          )
          .run(connectionId, kind, whole ? null : page.watermark ?? since, at);
      })();
    }
    // An ERP that posts only in its local currency: its rates convert foreign-currency settlements.
    if (readsExchangeRates(source)) {
      const ledger = await source.readLedgerRates(options.signal, ratesWanted(this.db, connectionId));
      new ExchangeRateCache(this.db).store(connectionId, ledger, options.now?.() ?? new Date());
    }
    options.onProgress?.({ done: CACHED_KINDS.length, total: CACHED_KINDS.length, kind: CACHED_KINDS[CACHED_KINDS.length - 1]! });
    return { read, incremental };
  }

  private watermark(connectionId: string, kind: CachedKind): string | null {
    const r = this.db.prepare('SELECT watermark FROM erp_reference_watermark WHERE connection_id = ? AND kind = ?').get(connectionId, kind) as { watermark: string | null } | undefined;
    return r?.watermark ?? null;
  }
}
