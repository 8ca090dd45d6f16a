import { describe, expect, it } from 'vitest';
import type { MappingRules } from '../../core/mapping/mapping-rules';
import { DEFAULT_LINE_CATALOG } from '../../core/settlement/line-catalog';
import { documentBalance, JournalBuilder } from '../../core/settlement/journal-builder';
import { reconcile } from '../../core/settlement/reconciliation';
import { load, summaryRow, lineRow, v2Text, type V2Row } from './settlement-fixtures';

// Property tests with a seeded generator (fast-check is not a dependency of this project).
function rng(seed: number) {
  return () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
}

const CURRENCIES = [['USD', 2], ['EUR', 2], ['JPY', 0], ['KWD', 3]] as const;

function write(minor: number, exponent: number, eu: boolean): string {
  const abs = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = abs.slice(0, abs.length - exponent).replace(/\B(?=(\d{3})+(?!\d))/g, eu ? '.' : ',');
  return (minor < 0 ? '-' : '') + whole + (exponent ? (eu ? ',' : '.') + abs.slice(abs.length - exponent) : '');
}

const mapping: MappingRules = {
  accounts: { clearing: 'CLEARING', reserve: 'RESERVE', carriedForward: 'IN-TRANSIT' },
  rules: [...new Set(DEFAULT_LINE_CATALOG.map((e) => e.category))].map((category) => ({ match: { category }, account: `ACC-${category}` })),
};
const combos = DEFAULT_LINE_CATALOG.filter((e) => e.transactionType === '*');

describe('generated settlements', () => {
  it('parse back to the amounts they were generated from, and every journal balances', async () => {
    const random = rng(20260623);
    for (let n = 0; n < 60; n++) {
      const [currency, exponent] = CURRENCIES[Math.floor(random() * CURRENCIES.length)]!;
      const eu = random() < 0.5;
      const count = 1 + Math.floor(random() * 40);
      const amounts: number[] = [];
      const rows: V2Row[] = [];
      for (let i = 0; i < count; i++) {
        const amount = Math.round((random() - 0.4) * 10 ** (1 + Math.floor(random() * 7))) || 0; // no -0
        const combo = combos[Math.floor(random() * combos.length)]!;
        const day = 1 + Math.floor(random() * 60);
        const posted = new Date(Date.UTC(2026, 5, day, 12)).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
        amounts.push(amount);
        rows.push(lineRow({ currency, 'transaction-type': 'Order', 'amount-type': combo.amountType, 'amount-description': combo.amountDescription, amount: write(amount, exponent, eu), 'posted-date-time': posted }));
      }
      const total = amounts.reduce((a, b) => a + b, 0);
      const text = v2Text([summaryRow({ currency, 'total-amount': write(total, exponent, eu), 'settlement-start-date': '2026-06-01 00:00:00 UTC', 'settlement-end-date': '2026-07-30 00:00:00 UTC' }), ...rows], {
        lineEnding: random() < 0.5 ? '\r\n' : '\n',
        bom: random() < 0.3,
      });
      const s = await load(text, { decimalSeparator: eu ? ',' : '.' }, 1 + Math.floor(random() * 50));
      expect(s.lines.map((l) => l.amount), text).toEqual(amounts);
      expect(s.summary?.totalAmount).toBe(total);
      expect(reconcile(s.summary, s.lines).balanced).toBe(true);

      const builder = new JournalBuilder(s.summary, mapping, { grouping: (['summary', 'sku', 'order', 'marketplace'] as const)[n % 4] });
      for (const l of s.lines) builder.add(l);
      const journal = builder.build();
      expect(journal.issues).toEqual([]);
      for (const doc of journal.documents) expect(documentBalance(doc)).toBe(0);
      expect(journal.documents.flatMap((d) => d.lines).filter((l) => l.role === 'deposit').reduce((a, l) => a + l.amount, 0)).toBe(total);
    }
  });
});
