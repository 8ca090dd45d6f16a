import { TripleKeyMap } from './key-cache';
import { DEFAULT_LINE_CATALOG, familyCategory, type CatalogEntry } from './line-catalog';

export interface LineKey {
  transactionType: string;
  amountType: string;
  amountDescription: string;
}

const SEP = '\u0001';
const keyOf = (t: string, a: string, d: string) => t + SEP + a + SEP + d;

/**
 * Finds the catalog entry of a line: the exact combination first, then the entries that declare the
 * transaction type, the amount type, or both irrelevant; then the families (a '*' description: the
 * amount type, else the transaction type names the family); last the families recognised by the shape
 * of a name (LINE_FAMILY_PATTERNS), which answer with an entry for the line's own combination so it is
 * mapped and reviewed as itself. User entries win over the default catalog.
 */
export class LineClassifier {
  private readonly byKey = new Map<string, CatalogEntry>();
  /** The catalog's families ('*' description). A person's catch-all mapping row is not one: it maps what is known, it does not make a new combination known. */
  private readonly families = new Map<string, CatalogEntry>();
  private readonly cache = new TripleKeyMap<CatalogEntry | null>();
  private cached = 0;

  constructor(userEntries: readonly CatalogEntry[] = [], catalog: readonly CatalogEntry[] = DEFAULT_LINE_CATALOG) {
    for (const entry of catalog) {
      if (entry.amountDescription === '*') this.families.set(keyOf(entry.transactionType, entry.amountType, '*'), entry);
      else this.byKey.set(keyOf(entry.transactionType, entry.amountType, entry.amountDescription), entry);
    }
    for (const entry of userEntries) {
      if (entry.amountDescription !== '*') this.byKey.set(keyOf(entry.transactionType, entry.amountType, entry.amountDescription), entry);
    }
  }

  classify(line: LineKey): CatalogEntry | null {
    // Called once per line on import: three short lookups instead of building a joined key.
    const cached = this.cache.get(line.transactionType, line.amountType, line.amountDescription);
    if (cached !== undefined) return cached;
    const found = this.lookUp(line.transactionType, line.amountType, line.amountDescription);
    // The set of combinations in a settlement is small, so the cache stays small.
    if (this.cached++ < 10_000) this.cache.set(line.transactionType, line.amountType, line.amountDescription, found);
    return found;
  }

  private lookUp(t: string, a: string, d: string): CatalogEntry | null {
    const found =
      this.byKey.get(keyOf(t, a, d)) ??
      this.byKey.get(keyOf('*', a, d)) ??
      this.byKey.get(keyOf(t, '*', d)) ??
      this.byKey.get(keyOf('*', '*', d)) ??
      this.families.get(keyOf(t, a, '*')) ??
      this.families.get(keyOf('*', a, '*')) ??
      this.families.get(keyOf(t, '*', '*')) ??
      null;
    if (found) return found;
    const category = familyCategory(t, a, d);
    return category ? { transactionType: t, amountType: a, amountDescription: d, category, evidence: 'family' } : null;
  }
}
