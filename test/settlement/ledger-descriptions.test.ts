import { describe, expect, it } from 'vitest';
import { CATEGORY_LABELS, ledgerLineDescription, lineLabel, withLedgerDescriptions, type SettlementJournal } from '../../core/settlement';
import { journalTarget } from '../../core/settlement/journal-builder';
import { LineClassifier } from '../../core/settlement/line-classifier';

describe('journal line descriptions an accountant reads in the ERP ledger', () => {
  it('names the marketplace, the settlement and the line in words, never a category key', () => {
    expect(ledgerLineDescription({ marketplace: 'Amazon.de', settlementId: '24137000002', line: CATEGORY_LABELS['referral-fee'] })).toBe('Amazon.de settlement 24137000002 — Referral fees');
    expect(Object.values(CATEGORY_LABELS).every((l) => !/^[a-z]+(-[a-z]+)+$/.test(l))).toBe(true);
  });

  it('says the settlement once on its own deposit line, and Amazon when no line names a marketplace', () => {
    expect(ledgerLineDescription({ marketplace: null, settlementId: '7', line: 'settlement 7 deposit' })).toBe('Amazon settlement 7 — Deposit');
  });

  it('rewrites every line of every document, keeping amounts and accounts', () => {
    const journal: SettlementJournal = {
      issues: [], difference: 0,
      documents: [{ period: '2026-06', periodEnd: '2026-06-30', postingDate: '2026-06-30', currency: 'EUR', kind: 'settlement', lines: [
        { role: 'amount', account: '4000', dimensions: {}, amount: -500, description: 'Sales', category: 'principal', lineCount: 2 },
        { role: 'deposit', account: '1360', dimensions: {}, amount: 500, description: 'settlement 9 deposit', category: null, lineCount: 0 },
      ] }],
    } as unknown as SettlementJournal;
    const words = withLedgerDescriptions(journal, { marketplace: 'Amazon.fr', settlementId: '9' });
    expect(words.documents[0]!.lines.map((l) => [l.account, l.amount, l.description])).toEqual([
      ['4000', -500, 'Amazon.fr settlement 9 — Sales'],
      ['1360', 500, 'Amazon.fr settlement 9 — Deposit'],
    ]);
  });

  it('calls a refund a refund: its principal reads "Refunds" and posts on a line of its own, even to the sales account', () => {
    const mapping = { rules: [{ match: { amountDescription: 'Principal' }, account: '4000' }], accounts: {} } as never;
    const classifier = new LineClassifier();
    const target = (transactionType: string) => journalTarget(mapping, classifier, { transactionType, amountType: 'ItemPrice', amountDescription: 'Principal', marketplaceName: 'Amazon.de' });
    expect([target('Order').account, target('Order').description]).toEqual(['4000', 'Sales']);
    expect([target('Refund').account, target('Refund').description]).toEqual(['4000', 'Refunds']);
    expect(ledgerLineDescription({ marketplace: 'Amazon.de', settlementId: '24137000002', line: target('Refund').description })).toBe('Amazon.de settlement 24137000002 — Refunds');
    expect(lineLabel('tax', 'Refund')).toBe('Tax refunded');
    expect(lineLabel('referral-fee', 'Refund')).toBe('Referral fees');
  });
});
