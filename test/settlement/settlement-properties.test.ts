import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MappingRules } from '../../core/settlement/journal-rules';
import { parseAmount, toDecimalString, type Exponent } from '../../core/money';
import { DEFAULT_LINE_CATALOG } from '../../core/settlement/line-catalog';
import { documentBalance, JournalBuilder, type JournalGrouping } from '../../core/settlement/journal-builder';
import { reconcile } from '../../core/settlement/reconciliation';
import { journalFromGroups, SettlementDigest } from '../../core/settlement/settlement-digest';
import { SettlementTally } from '../../core/settlement/settlement-inspection';
import { load, summaryRow, lineRow, v2Text, type V2Row } from './settlement-fixtures';

// Property tests (fast-check). The seed is fixed so a failure reproduces; fast-check prints the
// shrunk counterexample and the path to replay it.
const SEED = 20260623;

const CURRENCIES = [['USD', 2], ['EUR', 2], ['GBP', 2], ['JPY', 0], ['KWD', 3], ['BHD', 3]] as const;

/** Writes minor units the way a marketplace would: US "1,234.56" or EU "1.234,56", grouped or not. */
function write(minor: number, exponent: number, eu: boolean, grouped: boolean): string {
  const abs = String(Math.abs(minor)).padStart(exponent + 1, '0');
  let whole = abs.slice(0, abs.length - exponent);
  if (grouped) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, eu ? '.' : ',');
  return (minor < 0 ? '-' : '') + whole + (exponent ? (eu ? ',' : '.') + abs.slice(abs.length - exponent) : '');
}

const pad = (n: number) => String(n).padStart(2, '0');
/** The posted-date-time text: ISO-like for US files, dd.MM.yyyy for EU ones (both end in " UTC"). */
function writeDate(ms: number, eu: boolean): string {
  const d = new Date(ms);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
  return eu
    ? `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${time}`
    : `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${time}`;
}

const mapping: MappingRules = {
  accounts: { clearing: 'CLEARING', reserve: 'RESERVE', carriedForward: 'IN-TRANSIT' },
  rules: [...new Set(DEFAULT_LINE_CATALOG.map((e) => e.category))].map((category) => ({ match: { category }, account: `ACC-${category}` })),
};
// Entries that hold whatever the transaction type is; the others need their own transaction type.
const CATALOG = DEFAULT_LINE_CATALOG.filter((e) => e.amountType !== '*' && e.amountDescription !== '*');
const RESERVES = CATALOG.filter((e) => e.category === 'reserve');
const TRANSACTION_TYPES = ['Order', 'Refund', 'other-transaction', 'Adjustment', 'ServiceFee'];
const DAY = 86_400_000;

const amountArb = fc.oneof(
  fc.integer({ min: -99_999, max: 99_999 }),
  fc.integer({ min: -9_999_999_999, max: 9_999_999_999 }),
  fc.constantFrom(0, 1, -1, 999, -1000, 1000),
);

const lineArb = fc.record({
  entry: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...CATALOG) }, { weight: 1, arbitrary: fc.constantFrom(...RESERVES) }),
  otherType: fc.constantFrom(...TRANSACTION_TYPES),
  amount: amountArb,
  /** Where in the settlement's span the line was posted, 0..1; a little outside is clamped by the builder. */
  at: fc.double({ min: -0.05, max: 1.05, noNaN: true }),
  grouped: fc.boolean(),
  sku: fc.constantFrom('SKU-1', 'SKU-2', 'B0-ÄÖ', ''),
  marketplace: fc.constantFrom('amazon.com', 'amazon.de', 'Amazon.co.uk'),
});

const settlementArb = fc.record({
  currency: fc.constantFrom<readonly [string, Exponent]>(...CURRENCIES),
  eu: fc.boolean(),
  hint: fc.boolean(),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  /** Start day from 2026-01-01; spans of up to 40 days cross a month end most of the time. */
  startDay: fc.integer({ min: 0, max: 360 }),
  spanDays: fc.integer({ min: 1, max: 40 }),
  lines: fc.array(lineArb, { minLength: 0, maxLength: 30 }),
  /** Pushes the total below zero: a settlement where the seller owes Amazon. */
  negative: fc.boolean(),
  chunk: fc.integer({ min: 1, max: 64 }),
  grouping: fc.constantFrom<JournalGrouping>('summary', 'sku', 'order', 'marketplace'),
});

describe('generated settlements (fast-check)', () => {
  it('parse back to the amounts they were generated from, every journal balances, the deposit ties out', async () => {
    await fc.assert(
      fc.asyncProperty(settlementArb, async (g) => {
        const [currency, exponent] = g.currency;
        const amounts = g.lines.map((l) => l.amount);
        if (g.negative && amounts.length) {
          const sum = amounts.reduce((a, b) => a + b, 0);
          if (sum >= 0) amounts[0] = amounts[0]! - sum - 1 - Math.abs(amounts[0]!);
        }
        const total = amounts.reduce((a, b) => a + b, 0);
        const start = Date.UTC(2026, 0, 1) + g.startDay * DAY;
        const end = start + g.spanDays * DAY - 1000;
        const rows: V2Row[] = g.lines.map((l, i) => {
          const transactionType = l.entry.transactionType === '*' ? l.otherType : l.entry.transactionType;
          const posted = Math.round(start + l.at * (end - start));
          return lineRow({
            currency,
            'transaction-type': transactionType,
            'order-id': `111-${i % 4}`,
            'marketplace-name': l.marketplace,
            'amount-type': l.entry.amountType,
            'amount-description': l.entry.amountDescription,
            amount: write(amounts[i]!, exponent, g.eu, l.grouped),
            'posted-date-time': writeDate(posted, g.eu),
            sku: l.sku,
          });
        });
        const text = v2Text(
          [
            summaryRow({
              currency,
              'total-amount': write(total, exponent, g.eu, true),
              'settlement-start-date': writeDate(start, g.eu),
              'settlement-end-date': writeDate(end, g.eu),
              'deposit-date': writeDate(end + 2 * DAY, g.eu),
            }),
            ...rows,
          ],
          { lineEnding: g.crlf ? '\r\n' : '\n', bom: g.bom },
        );
        const s = await load(text, g.hint ? { decimalSeparator: g.eu ? ',' : '.' } : {}, g.chunk);
        expect(s.lines.map((l) => l.amount)).toEqual(amounts);
        expect(s.lines.map((l) => l.currency)).toEqual(amounts.map(() => currency));
        expect(s.summary?.totalAmount).toBe(total);
        expect(reconcile(s.summary, s.lines).balanced).toBe(true);

        const builder = new JournalBuilder(s.summary, mapping, { grouping: g.grouping });
        for (const l of s.lines) builder.add(l);
        const journal = builder.build();
        expect(journal.issues).toEqual([]);
        expect(journal.difference).toBe(0);
        for (const doc of journal.documents) {
          expect(documentBalance(doc)).toBe(0);
          expect(doc.currency).toBe(currency);
          for (const l of doc.lines) expect(Number.isSafeInteger(l.amount)).toBe(true);
        }
        const lines = journal.documents.flatMap((d) => d.lines);
        expect(lines.filter((l) => l.role === 'deposit').reduce((a, l) => a + l.amount, 0)).toBe(total);
        // What the amounts post is exactly the negated deposit; what is carried forward nets to zero.
        expect(lines.filter((l) => l.role === 'amount' || l.role === 'reserve').reduce((a, l) => a + l.amount, 0)).toBe(0 - total);
        expect(lines.filter((l) => l.role === 'carried-forward').reduce((a, l) => a + l.amount, 0)).toBe(0);
        expect(lines.filter((l) => l.role === 'reserve').reduce((a, l) => a + l.amount, 0)).toBe(
          0 - s.lines.filter((l) => RESERVES.some((r) => r.amountDescription === l.amountDescription)).reduce((a, l) => a + l.amount, 0),
        );
        for (const l of lines) if (l.role === 'reserve') expect(l.account).toBe('RESERVE');
        // One document per month the clamped posted dates touch; the payable kind exactly when negative.
        const months = new Set(s.lines.map((l) => (l.postedDate! < s.summary!.startDate! ? s.summary!.startDate! : l.postedDate! > s.summary!.endDate! ? s.summary!.endDate! : l.postedDate!).slice(0, 7)));
        // The end month has its document when there is a deposit, even when no line falls in it.
        months.add(s.summary!.endDate!.slice(0, 7));
        if (total !== 0) expect(journal.documents.find((d) => d.lines.some((l) => l.role === 'deposit'))?.period).toBe(s.summary!.endDate!.slice(0, 7));
        // Nothing of zero amount is produced: no line, and no document without lines.
        for (const d of journal.documents) {
          expect(d.lines.length).toBeGreaterThan(0);
          for (const l of d.lines) expect(l.amount).not.toBe(0);
          expect(months.has(d.period)).toBe(true);
        }
        expect(journal.documents.some((d) => d.kind === 'settlement-payable')).toBe(total < 0);

        // The import builds the inspection and (summary/marketplace) journal from line groups: the same result.
        const digest = new SettlementDigest();
        digest.add({ kind: 'summary', summary: s.summary! });
        for (const l of s.lines) digest.addLine(l);
        const tally = new SettlementTally();
        tally.add({ kind: 'summary', summary: s.summary! });
        for (const l of s.lines) tally.addLine(l);
        expect(digest.inspection()).toEqual(tally.result());
        if (journalFromGroups({ grouping: g.grouping })) expect(digest.journal(mapping, { grouping: g.grouping })).toEqual(journal);
      }),
      { seed: SEED, numRuns: 400 },
    );
  }, 30_000);
});

describe('money (fast-check)', () => {
  const LOCALES = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'de-CH', 'es-ES', 'it-IT', 'ja-JP', 'sv-SE', 'nl-NL', 'pl-PL'];
  const exponentArb = fc.constantFrom<Exponent>(0, 2, 3);
  const minorArb = fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.maxSafeInteger().map((n) => Math.floor(n / 7)), fc.integer().map((n) => -Math.abs(n) || 0));

  it('parseAmount(format(x)) === x for minor units written in any locale', () => {
    fc.assert(
      fc.property(minorArb, exponentArb, fc.constantFrom(...LOCALES), fc.boolean(), (minor, exponent, locale, hint) => {
        const nf = new Intl.NumberFormat(locale, { minimumFractionDigits: exponent, maximumFractionDigits: exponent, useGrouping: true });
        const text = nf.format(toDecimalString(minor, exponent) as unknown as number);
        const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value === ',' ? ',' : '.';
        expect(parseAmount(text, exponent, hint ? { decimalSeparator: decimal } : {})).toBe(minor);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('parseAmount(toDecimalString(x)) === x, and US/EU text with or without grouping', () => {
    fc.assert(
      fc.property(minorArb, exponentArb, fc.boolean(), fc.boolean(), (minor, exponent, eu, grouped) => {
        expect(parseAmount(toDecimalString(minor, exponent), exponent)).toBe(minor);
        expect(parseAmount(write(minor, exponent, eu, grouped), exponent, { decimalSeparator: eu ? ',' : '.' })).toBe(minor);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
