import { TripleKeyMap } from './key-cache';
import { DEFAULT_LINE_CATALOG, type CatalogEntry } from './line-catalog';

export interface LineKey {
  transactionType: string;
  amountType: string;
  amountDescription: string;
}

const SEP = '\u0001';
const keyOf = (t: string, a: string, d: string) => t + SEP + a + SEP + d;

/**
 * Finds the catalog entry of a line: the exact combination first, then the entries that declare the
 * transaction type, the amount type, or both irrelevant. User entries win over the default catalog.
 */
export class LineClassifier {
  private readonly byKey = new Map<string, CatalogEntry>();
  private readonly cache = new TripleKeyMap<CatalogEntry | null>();
  private cached = 0;

  constructor(userEntries: readonly CatalogEntry[] = [], catalog: readonly CatalogEntry[] = DEFAULT_LINE_CATALOG) {
    for (const entry of [...catalog, ...userEntries]) {
      this.byKey.set(keyOf(entry.transactionType, entry.amountType, entry.amountDescription), entry);
    }
  }

  classify(line: LineKey): CatalogEntry | null {
    // Called once per line on import: three short lookups instead of building a joined key.
    const cached = this.cache.get(line.transactionType, line.amountType, line.amountDescription);
    if (cached !== undefined) return cached;
    const found =
      this.byKey.get(keyOf(line.transactionType, line.amountType, line.amountDescription)) ??
      this.byKey.get(keyOf('*', line.amountType, line.amountDescription)) ??
      this.byKey.get(keyOf(line.transactionType, '*', line.amountDescription)) ??
      this.byKey.get(keyOf('*', '*', line.amountDescription)) ??
      null;
    // The set of combinations in a settlement is small, so the cache stays small.
    if (this.cached++ < 10_000) this.cache.set(line.transactionType, line.amountType, line.amountDescription, found);
    return found;
  }
}
