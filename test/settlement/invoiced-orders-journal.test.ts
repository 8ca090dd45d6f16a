import { describe, expect, it } from 'vitest';
import type { MappingEntry } from '../../core/mapping/mapping-entry';
import { journalRules, type OrdersInvoiced } from '../../core/mapping/journal-mapping';
import { journalIssueText } from '../../core/posting/settlement-journal';
import { JournalBuilder, documentBalance, depositAmount } from '../../core/settlement/journal-builder';
import type { SettlementLine } from '../../core/settlement';

/**
 * A settlement of a connection in "Orders as invoices" mode: the order invoices booked the goods as revenue,
 * so the settlement books them against the marketplace's customer (or the clearing account where the ERP's
 * journal takes no customer line), as it does the shipping, promotions and tax the invoices carry, and keeps
 * fees, reserves, refunds and the payout.
 */
const fee = (transactionType: string, amountType: string, amountDescription: string, target: string): MappingEntry => ({ kind: 'fee', transactionType, amountType, amountDescription, subject: '', target, dimensions: {} });
const row = (kind: 'account' | 'marketplace', subject: string, target: string): MappingEntry => ({ kind, transactionType: '', amountType: '', amountDescription: '', subject, target, dimensions: {} });
const ENTRIES: MappingEntry[] = [
  fee('*', 'ItemPrice', 'Principal', '4000'), fee('*', 'ItemPrice', 'Shipping', '4100'), fee('*', 'ItemPrice', 'Tax', '2200'), fee('*', 'Promotion', '*', '4090'),
  fee('Refund', 'ItemPrice', 'Principal', '4010'), fee('*', 'ItemFees', 'Commission', '6100'),
  row('account', 'clearing', '1190'), row('account', 'reserve', '1195'), row('account', 'carriedForward', '1196'),
  row('marketplace', 'Amazon.com', 'C-AMZ-US'),
];
/** Goods, shipping, the promotion and tax: what the order invoices carry. */
const INVOICED = ['4000', '4100', '4090', '2200'];

const line = (transactionType: string, amountType: string, amountDescription: string, amount: number, orderId: string): SettlementLine => ({
  row: 3, settlementId: 'S', transactionType, amountType, amountDescription, amount, currency: 'USD', orderId, merchantOrderId: '',
  adjustmentId: '', shipmentId: '', marketplaceName: 'Amazon.com', fulfillmentId: '', postedDate: '2026-06-20T00:00:00.000Z', orderItemCode: '', merchantOrderItemId: '',
  merchantAdjustmentItemId: '', sku: 'CHAIR-BLK', quantity: 1, promotionId: '',
});
/** Two orders (goods 667.00 + 189.99, shipping 4.99 less a 1.00 promotion, tax 52.10), their fees, a refund and a reserve. */
const LINES: SettlementLine[] = [
  line('Order', 'ItemPrice', 'Principal', 667_00, 'O1'), line('Order', 'ItemPrice', 'Shipping', 4_99, 'O1'), line('Order', 'ItemPrice', 'Tax', 40_00, 'O1'),
  line('Order', 'Promotion', 'Shipping', -1_00, 'O1'),
  line('Order', 'ItemFees', 'Commission', -100_05, 'O1'),
  line('Order', 'ItemPrice', 'Principal', 189_99, 'O2'), line('Order', 'ItemPrice', 'Tax', 12_10, 'O2'), line('Order', 'ItemFees', 'Commission', -28_50, 'O2'),
  line('Refund', 'ItemPrice', 'Principal', -50_00, 'O0'),
  line('other-transaction', 'other-transaction', 'Current Reserve Amount', -25_00, ''),
];
/** What the two orders' invoices come to: goods, shipping less the promotion, and tax. */
const ORDER_TOTALS = 667_00 + 189_99 + 4_99 - 1_00 + 40_00 + 12_10;
const GOODS_TOTAL = 667_00 + 189_99;
const TOTAL = LINES.reduce((s, l) => s + l.amount, 0);

function journal(ordersInvoiced: OrdersInvoiced | null, entries = ENTRIES) {
  const { rules } = journalRules(entries, ordersInvoiced);
  const b = new JournalBuilder({ settlementId: 'S', startDate: '2026-06-16T00:00:00.000Z', endDate: '2026-06-30T00:00:00.000Z', depositDate: null, totalAmount: TOTAL, currency: 'USD', row: 2 }, rules);
  for (const l of LINES) b.add(l);
  return b.build();
}
const onAccounts = (lines: ReadonlyArray<{ account: string | null; amount: number }>, accounts: string[]) => lines.filter((l) => l.account !== null && accounts.includes(l.account)).reduce((s, l) => s + l.amount, 0);

describe('the settlement journal of a connection that invoices orders', () => {
  it('settlement only (today): the order amounts are revenue in the journal', () => {
    const [doc] = journal(null).documents;
    expect(-onAccounts(doc!.lines, ['4000'])).toBe(GOODS_TOTAL);
    expect(-onAccounts(doc!.lines, INVOICED)).toBe(ORDER_TOTALS);
  });

  it('orders as invoices, ERP with customer lines: order amounts go to the marketplace customer; revenue is booked by the invoices alone', () => {
    const j = journal({ customerLines: true });
    expect(j.issues).toEqual([]);
    const [doc] = j.documents;
    // Goods, shipping, the promotion and tax reach revenue and the tax account through the invoices alone, once.
    expect(onAccounts(doc!.lines, INVOICED)).toBe(0);
    const customer = doc!.lines.filter((l) => l.customer === 'C-AMZ-US');
    expect(customer.reduce((s, l) => s + l.amount, 0)).toBe(-ORDER_TOTALS);
    expect(customer.every((l) => l.account === '1190' && l.role === 'amount')).toBe(true);
    expect(customer.map((l) => l.description).sort()).toEqual(expect.arrayContaining(['Sales of invoiced orders, customer C-AMZ-US']));
    // Fees, the refund, the reserve and the payout stay as they were; the journal still balances.
    const today = journal(null).documents[0]!;
    for (const account of ['6100', '4010', '1195']) expect(onAccounts(doc!.lines, [account]), account).toBe(onAccounts(today.lines, [account]));
    expect(depositAmount(j, 'USD')).toBe(TOTAL);
    expect(documentBalance(doc!)).toBe(0);
  });

  it('orders as invoices, ERP without customer lines: the order amounts clear through the clearing account', () => {
    const [doc] = journal({ customerLines: false }).documents;
    expect(onAccounts(doc!.lines, INVOICED)).toBe(0);
    expect(doc!.lines.some((l) => l.customer)).toBe(false);
    const cleared = doc!.lines.filter((l) => l.role === 'amount' && l.account === '1190');
    expect(cleared.reduce((s, l) => s + l.amount, 0)).toBe(-ORDER_TOTALS);
    expect(documentBalance(doc!)).toBe(0);
  });

  it('an ERP that takes credit notes: the refund is booked by its credit note, so the settlement clears it instead of booking it to refunds', () => {
    const j = journal({ customerLines: false, creditNotes: true });
    const [doc] = j.documents;
    expect(onAccounts(doc!.lines, ['4010'])).toBe(0);
    const credited = doc!.lines.filter((l) => l.description === 'Refunds of credited orders, cleared');
    expect(credited.map((l) => [l.account, l.amount])).toEqual([['1190', 50_00]]);
    expect(documentBalance(doc!)).toBe(0);
    // Without credit notes the settlement keeps booking refunds.
    expect(onAccounts(journal({ customerLines: false }).documents[0]!.lines, ['4010'])).toBe(50_00);
  });

  it('a marketplace with no customer mapped blocks the journal, saying the customer is missing and where to map it, not that sales has no account', () => {
    const j = journal({ customerLines: true }, ENTRIES.filter((e) => e.kind !== 'marketplace'));
    // Goods, shipping, the promotion and tax of the two orders: six lines to clear against Amazon.com's customer.
    expect(j.issues).toEqual([{ kind: 'no-customer', marketplace: 'Amazon.com', count: 6, amount: ORDER_TOTALS }]);
    const texts = j.issues.map((i) => journalIssueText(i, 'USD'));
    expect(texts).toEqual(['Amazon.com is not mapped to a customer, so 6 lines of its invoiced orders cannot be cleared against the customer their invoices went to: map Amazon.com to its customer under Mappings, Marketplaces']);
    expect(texts.join(' ')).not.toMatch(/No account mapped for sales/);
  });
});
