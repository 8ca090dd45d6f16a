import { DEFAULT_LINE_CATALOG } from '../settlement/line-catalog';
import { LineClassifier } from '../settlement/line-classifier';
import { CATEGORY_LABELS } from '../settlement/line-labels';
import { accountNature, contradicts } from './account-nature';
import type { Db } from '../store';
import type { MappingEntry } from './mapping-entry';
import type { CachedRecord } from './reference-cache';

export interface FeeType {
  transactionType: string;
  amountType: string;
  amountDescription: string;
  /** The line catalog's category, when the combination is known to it. */
  category: string | null;
  /** Its lines in the current settlements, summed per currency; absent for a catalogue type not seen here. */
  seen?: { lineCount: number; amounts: Array<{ currency: string; amount: number }> };
}

export interface MappingSuggestion {
  type: FeeType;
  account: string;
  accountName: string;
  /** Why this account: which similar type maps there, or which words of the name match. */
  reason: string;
  score: number;
}

const fieldMatches = (rule: string, value: string) => rule === '*' || value === '*' || rule === value;

/**
 * Fee types no rule covers: those the current settlements of this workspace hold, with their line counts and
 * sums per currency; with `catalogue`, every other type the line catalog knows as well.
 */
export function unmappedFeeTypes(db: Db, rules: readonly MappingEntry[], options: { catalogue?: boolean } = {}): FeeType[] {
  const rows = db
    .prepare(
      `SELECT t.transaction_type AS t, t.amount_type AS a, t.amount_description AS d, MAX(t.category) AS c, t.currency AS currency, SUM(t.count) AS n, SUM(t.amount) AS amount
       FROM settlement_type_total t JOIN settlement_version v ON v.id = t.version_id WHERE v.status = 'current'
       GROUP BY t.transaction_type, t.amount_type, t.amount_description, t.currency ORDER BY t.transaction_type, t.amount_type, t.amount_description, t.currency`,
    )
    .all() as { t: string; a: string; d: string; c: string | null; currency: string; n: number; amount: number }[];
  const key = (t: { transactionType: string; amountType: string; amountDescription: string }) => `${t.transactionType}\u0000${t.amountType}\u0000${t.amountDescription}`;
  const out = new Map<string, FeeType>();
  for (const r of rows) {
    const k = key({ transactionType: r.t, amountType: r.a, amountDescription: r.d });
    const t = out.get(k) ?? { transactionType: r.t, amountType: r.a, amountDescription: r.d, category: r.c, seen: { lineCount: 0, amounts: [] } };
    t.seen!.lineCount += r.n;
    t.seen!.amounts.push({ currency: r.currency, amount: r.amount });
    out.set(k, t);
  }
  if (options.catalogue) {
    for (const c of DEFAULT_LINE_CATALOG) {
      const k = key(c);
      if (!out.has(k)) out.set(k, { transactionType: c.transactionType, amountType: c.amountType, amountDescription: c.amountDescription, category: c.category });
    }
  }
  const fees = rules.filter((r) => r.kind === 'fee');
  const covered = (t: FeeType) => fees.some((r) => r.amountDescription === t.amountDescription && fieldMatches(r.transactionType, t.transactionType) && fieldMatches(r.amountType, t.amountType));
  return [...out.values()].filter((t) => !covered(t));
}

/** "FBAPerUnitFulfillmentFee", "FBA transportation fee" -> fba, per, unit, fulfillment, fee / transportation. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOP.has(w))
    .map((w) => w.replace(/(?<=[a-z]{3})s$/, ''));
}
const STOP = new Set(['per', 'the', 'of', 'and', 'amazon', 'to', 'for']);

function bigrams(w: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < w.length - 1; i++) out.push(w.slice(i, i + 2));
  return out;
}

/** Dice coefficient on letter pairs: "fulfillment" and "fulfilment" are near; "fee" and "fees" too. */
function dice(a: string, b: string): number {
  if (a === b) return 1;
  const x = bigrams(a);
  const y = bigrams(b);
  if (!x.length || !y.length) return 0;
  const pool = [...y];
  let hits = 0;
  for (const g of x) {
    const i = pool.indexOf(g);
    if (i >= 0) {
      hits++;
      pool.splice(i, 1);
    }
  }
  return (2 * hits) / (x.length + y.length);
}

function nameSimilarity(typeWords: string[], accountWords: string[]): { score: number; matched: string[] } {
  const matched = typeWords.filter((t) => accountWords.some((a) => dice(t, a) >= 0.7));
  if (!matched.length) return { score: 0, matched };
  return { score: matched.length / Math.sqrt(typeWords.length * accountWords.length), matched };
}

/** Transaction types every sale carries: their words say nothing about which account a line needs. */
const GENERIC_TRANSACTION_TYPES = new Set(['Order', '*', 'other-transaction']);

/**
 * '"Account 4711" is an Income account in BC Cronus.': said where the ERP's own type, not the name, is what
 * shows the account fits (a name that says nothing, or says otherwise); where both agree it adds nothing.
 */
function typedBy(a: CachedRecord, erpName: string): string {
  if (!a.nature || accountNature({ nameWords: words(a.name) })?.nature === a.nature) return '';
  const type = a.typeLabel ?? { revenue: 'revenue', expense: 'expense', balance: 'balance-sheet' }[a.nature];
  return ` "${a.name}" is ${/^[aeiou]/i.test(type) ? 'an' : 'a'} ${type} account in ${erpName}.`;
}

/**
 * Suggestions only: each says why, and nothing is saved until a person confirms it. First choice is
 * what a type of the same category already maps to; otherwise the postable account whose name shares
 * the most words with the type's description (and its transaction type, such as Refund). An account
 * whose nature contradicts the line's category (a loan account for refunds) is never offered: its nature
 * is the ERP's own account type where the ERP gave one, else what the words of its name say.
 */
export function suggestMappings(unmapped: readonly FeeType[], rules: readonly MappingEntry[], accounts: readonly CachedRecord[], erpName = 'the ERP'): MappingSuggestion[] {
  const postable = accounts.filter((a) => a.postable);
  const fits = (t: FeeType, a: CachedRecord) => !contradicts(t.category, { nature: a.nature, nameWords: words(a.name) });
  const byCode = new Map(postable.map((a) => [a.code, a]));
  // A rule's category as the line catalog classifies its combination: Principal of Liquidations is not sales principal.
  const catalog = new LineClassifier();
  const fees = rules.filter((r) => r.kind === 'fee');
  const out: MappingSuggestion[] = [];
  for (const t of unmapped) {
    const sibling = t.category
      ? fees.find((r) => byCode.has(r.target) && fits(t, byCode.get(r.target)!) && catalog.classify(r)?.category === t.category)
      : undefined;
    if (sibling) {
      const acct = byCode.get(sibling.target)!;
      out.push({ type: t, account: acct.code, accountName: acct.name, score: 1, reason: `${sibling.amountDescription} is also among ${CATEGORY_LABELS[t.category as keyof typeof CATEGORY_LABELS] ?? t.category} and maps to ${acct.code} "${acct.name}".${typedBy(acct, erpName)}` });
      continue;
    }
    const tw = [...new Set([...(GENERIC_TRANSACTION_TYPES.has(t.transactionType) ? [] : words(t.transactionType)), ...words(t.amountDescription)])];
    let best: { acct: CachedRecord; score: number; matched: string[] } | null = null;
    for (const a of postable) {
      if (!fits(t, a)) continue;
      const s = nameSimilarity(tw, words(a.name));
      if (s.score > (best?.score ?? 0)) best = { acct: a, ...s };
    }
    if (best && best.score >= 0.3) {
      out.push({ type: t, account: best.acct.code, accountName: best.acct.name, score: Math.round(best.score * 100) / 100, reason: `The account name "${best.acct.name}" shares ${best.matched.map((w) => `"${w}"`).join(', ')} with ${t.transactionType === '*' ? '' : `${t.transactionType} / `}${t.amountDescription}.${typedBy(best.acct, erpName)}` });
    }
  }
  return out.sort((a, b) => b.score - a.score);
}
