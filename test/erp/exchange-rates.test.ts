import { describe, expect, it } from 'vitest';
import { exchangeRateFromRow } from '../../core/erp/business-central/exchange-rates';
import { rateOn, type ExchangeRate } from '../../core/erp/exchange-rate';
import { convertMinor, decimalToRational } from '../../core/money';
import { convertJournal, type JournalDocument, type JournalLine, type SettlementJournal } from '../../core/settlement';

const lcy = (currency: string, startingDate: string, amount: string, relationalAmount: string, relationalCurrency: string | null = null): ExchangeRate =>
  ({ currency, startingDate, amount, relationalAmount, relationalCurrency });

const line = (role: JournalLine['role'], amount: number, description: string): JournalLine =>
  ({ role, account: role === 'deposit' ? '2920' : '6100', dimensions: {}, amount, description, category: null, lineCount: 1 });

const doc = (currency: string, postingDate: string, lines: JournalLine[]): JournalDocument =>
  ({ settlementId: 'S1', currency, period: postingDate.slice(0, 7), postingDate, kind: 'settlement', lines });

const journalOf = (...documents: JournalDocument[]): SettlementJournal => ({ documents, issues: [], difference: 0 });

describe('converting a settlement into the ERP company\'s currency', () => {
  it('converts whole yen into euro cents exactly, and puts the rounding left over on the clearing line', () => {
    // 100 JPY = 0.6123 EUR, as a Business Central company states it.
    const jpy = doc('JPY', '2026-06-30', [line('amount', -1980, 'Principal'), line('amount', 297, 'Commission'), line('deposit', 1683, 'settlement 1')]);
    const out = convertJournal(journalOf(jpy), { localCurrency: 'EUR', rates: [lcy('JPY', '2024-01-01', '100', '0.6123')] });
    const c = out.documents[0]!.conversion!;
    expect(c.currency).toBe('EUR');
    expect(c.rateText).toBe('0.006123');
    // -1980 × 0.006123 = -12.12354 → -12.12; 297 → 1.818531 → 1.82; 1683 → 10.305009 → 10.31, which leaves 0.01 over.
    expect(c.residue).toBe(-1);
    expect(c.residueLine).toBe(2);
    expect(c.amounts).toEqual([-1212, 182, 1030]);
    expect(c.amounts.reduce((s, a) => s + a, 0)).toBe(0);
    expect(out.issues).toEqual([]);
  });

  it('rounds each line to the nearest minor unit, halves away from zero, so a debit and a credit convert alike', () => {
    const half = decimalToRational('0.5');
    expect(convertMinor(5, 2, 2, half)).toBe(3);
    expect(convertMinor(-5, 2, 2, half)).toBe(-3);
    expect(convertMinor(4, 2, 2, half)).toBe(2);
    // Exponent 2 to 0: 1,234.56 USD at 150.123 JPY per USD = 185,335.85 → 185,336 yen.
    expect(convertMinor(123456, 2, 0, decimalToRational('150.123'))).toBe(185336);
    // Exponent 2 to 3 (KWD has 3 decimals).
    expect(convertMinor(1000, 2, 3, decimalToRational('0.30712'))).toBe(3071);
  });

  it('uses the rate with the latest starting date on or before the posting date', () => {
    const rates = [lcy('USD', '2026-01-01', '100', '90'), lcy('USD', '2026-06-15', '100', '92'), lcy('USD', '2026-07-01', '100', '95'), lcy('GBP', '2026-06-20', '1', '1.17')];
    const on = (date: string) => rateOn(rates, 'USD', date, 'EUR');
    expect(on('2026-06-30')?.rows.map((r) => r.startingDate)).toEqual(['2026-06-15']);
    expect(on('2026-06-15')?.rows.map((r) => r.startingDate)).toEqual(['2026-06-15']);
    expect(on('2026-06-14')?.rows.map((r) => r.startingDate)).toEqual(['2026-01-01']);
    expect(on('2026-07-31')?.rate).toEqual({ num: 19n, den: 20n });
    expect(on('2025-12-31')).toBeNull();
    expect(rateOn(rates, 'GBP', '2026-06-19', 'EUR')).toBeNull();

    // Two documents of one settlement (a period split) convert at the rate of their own dates.
    const out = convertJournal(
      journalOf(doc('USD', '2026-06-30', [line('amount', -1000, 'Principal'), line('carried-forward', 1000, 'carried')]), doc('USD', '2026-07-02', [line('amount', -1000, 'Principal'), line('deposit', 1000, 'settlement')])),
      { localCurrency: 'EUR', rates },
    );
    expect(out.documents.map((d) => d.conversion?.amounts)).toEqual([[-920, 920], [-950, 950]]);
  });

  it('follows a rate stated against another currency through that currency\'s own rate, as BC does', () => {
    // 1 GBP = 1.25 USD, and 100 USD = 92 EUR (the local currency): 1 GBP = 1.15 EUR.
    const rates = [lcy('GBP', '2026-01-01', '1', '1.25', 'USD'), lcy('USD', '2026-01-01', '100', '92')];
    expect(rateOn(rates, 'GBP', '2026-06-30', 'EUR')?.rate).toEqual({ num: 23n, den: 20n });
    // A loop of relational currencies finds no rate instead of running forever.
    expect(rateOn([lcy('GBP', '2026-01-01', '1', '1', 'USD'), lcy('USD', '2026-01-01', '1', '1', 'GBP')], 'GBP', '2026-06-30', 'EUR')).toBeNull();
  });

  it('leaves a document unconverted with a blocking issue naming the currency and date when no rate exists', () => {
    const out = convertJournal(journalOf(doc('CAD', '2026-06-30', [line('amount', -500, 'Principal'), line('deposit', 500, 'settlement')])), { localCurrency: 'EUR', rates: [] });
    expect(out.documents[0]!.conversion).toBeUndefined();
    expect(out.issues).toEqual([{ kind: 'no-exchange-rate', currency: 'CAD', localCurrency: 'EUR', date: '2026-06-30' }]);
    // In the local currency already, or an ERP that takes any currency (no ledger): nothing to do.
    const eur = journalOf(doc('EUR', '2026-06-30', [line('amount', -500, 'Principal'), line('deposit', 500, 'settlement')]));
    expect(convertJournal(eur, { localCurrency: 'EUR', rates: [] })).toEqual(eur);
    expect(convertJournal(eur, null)).toBe(eur);
  });

  it('reads Business Central\'s rows as BC wrote the decimals, blank relational currency meaning the local one', () => {
    expect(exchangeRateFromRow({ currencyCode: 'usd', startingDate: '2023-05-01', exchangeRateAmount: 1.08, relationalCurrencyCode: '', relationalExchangeRateAmount: 0.93 }))
      .toEqual({ currency: 'USD', startingDate: '2023-05-01', amount: '1.08', relationalCurrency: null, relationalAmount: '0.93' });
    expect(exchangeRateFromRow({ currencyCode: 'USD', startingDate: '2023-05-01', exchangeRateAmount: 1.08, relationalCurrencyCode: 'EUR', relationalExchangeRateAmount: 0.93 })?.relationalCurrency).toBe('EUR');
    expect(exchangeRateFromRow({ currencyCode: 'USD', startingDate: '2023-05-01', exchangeRateAmount: 0, relationalCurrencyCode: '', relationalExchangeRateAmount: 0.93 })).toBeNull();
    expect(decimalToRational(0.1)).toEqual({ num: 1n, den: 10n });
  });
});
