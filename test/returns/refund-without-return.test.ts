import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import type { ReviewItemView } from '../../core/api/calls/review';
import { FbaReturnStore } from '../../core/returns/fba-return-store';
import { settlementFlatFileV2 } from '../../core/sandbox/amazon/settlement-file';
import { openWorkspace } from '../../core/workspace/workspace';
import { apiCalls } from '../support/api-calls';
import { tempDir } from '../support/temp-workspace';
import { ManualClock, MemoryCredentials } from '../sync/sync-fixture';

/**
 * A settlement's FBA refunds matched to the returns read from the returns report: a refund whose item is
 * not back after the configured days is a warning in the review queue with Amazon's claim window. Dates
 * come from the workspace clock only.
 */

const cleanups: Array<() => void> = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

const DAY = 86_400_000;
const REFUNDED = Date.parse('2026-05-04T10:00:00Z');

function file(): string {
  const line = (orderId: string, sku: string, amount: string, amountDescription = 'Principal', amountType = 'ItemPrice') =>
    ({ transactionType: 'Refund', orderId, marketplaceName: 'Amazon.com', amountType, amountDescription, amount, postedAt: new Date(REFUNDED).toISOString(), sku, fulfillmentId: 'AFN' as const });
  return settlementFlatFileV2({
    settlementId: '77000001', start: '2026-05-01T00:00:00Z', end: '2026-05-15T00:00:00Z', deposit: '2026-05-17T00:00:00Z', currency: 'USD', style: 'dot',
    lines: [
      { transactionType: 'Order', orderId: '111-0000001-0000001', marketplaceName: 'Amazon.com', amountType: 'ItemPrice', amountDescription: 'Principal', amount: '100.00', postedAt: '2026-05-02T10:00:00Z', sku: 'MUG-BLUE', quantity: 1, fulfillmentId: 'AFN' },
      line('111-0000002-0000002', 'MUG-RED', '-19.99'),
      line('111-0000002-0000002', 'MUG-RED', '-1.60', 'Tax'),
      line('111-0000002-0000002', 'MUG-RED', '3.00', 'RefundCommission', 'ItemFees'),
      line('111-0000003-0000003', 'MUG-BLUE', '-24.99'),
    ],
  });
}

async function setup() {
  const d = tempDir();
  const clock = new ManualClock(REFUNDED + 30 * DAY);
  const ws = openWorkspace(d.dir, { credentials: new MemoryCredentials(), clock });
  cleanups.push(() => { ws.close(); d.remove(); });
  ws.connections.upsert({ id: 'amz', kind: 'amazon', name: 'Amazon US', settings: { region: 'NA', lwaClientId: `amzn1.application-oa2-client.${'a'.repeat(32)}`, marketplaceIds: ['ATVPDKIKX0DER'] } });
  const { value, call } = apiCalls(createDispatcher(ws));
  await value('settlements.importUpload', { fileName: 's.tsv', contentBase64: Buffer.from(file(), 'utf8').toString('base64') });
  const refundItems = async () => (await value<{ items: ReviewItemView[] }>('review.list', { state: 'open' })).items.filter((i) => i.kind === 'refund-without-return');
  return { ws, clock, refundItems, call, value };
}

describe('refunds whose item never came back', () => {
  it('a refund not returned after 60 days is a warning showing the claim window; the one that came back is not', async () => {
    const { ws, clock, refundItems } = await setup();
    new FbaReturnStore(ws.db, () => new Date(clock.now())).record('amz', [{
      line: 2, orderId: '111-0000003-0000003', sku: 'MUG-BLUE', asin: '', fnsku: '', productName: '', quantity: 1, fulfillmentCenterId: 'SEA8', disposition: 'SELLABLE',
      reason: 'UNWANTED_ITEM', status: '', licensePlateNumber: 'LPN1', returnDate: '2026-05-20T00:00:00.000Z',
    }]);
    expect(await refundItems()).toEqual([]);
    clock.set(REFUNDED + 59 * DAY);
    expect(await refundItems()).toEqual([]);
    clock.set(REFUNDED + 60 * DAY);
    const items = await refundItems();
    expect(items.map((i) => [i.severity, i.title, i.amount, i.currency, i.actions])).toEqual([[
      'warning',
      'Refunded 2026-05-04, never returned: order 111-0000002-0000002, MUG-RED (21.59 USD). Claim a reimbursement from Amazon between 2026-07-03 and 2026-09-01.',
      -2159, 'USD', ['acknowledge'],
    ]]);
    expect(items[0]!.facts).toMatchObject({ orderId: '111-0000002-0000002', sku: 'MUG-RED', claimOpens: '2026-07-03', claimCloses: '2026-09-01' });
  });

  it('the item coming back later clears the warning; the wait is the user\'s to set', async () => {
    const { ws, clock, refundItems, call, value } = await setup();
    expect(await call('returns.setPolicy', { refundWaitDays: 30, claimOpensDays: 60, claimClosesDays: 60 })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'The claim window closes after it opens (whole days after the refund).' } });
    expect(await value('returns.setPolicy', { refundWaitDays: 30, claimOpensDays: 60, claimClosesDays: 120 })).toEqual({ refundWaitDays: 30, claimOpensDays: 60, claimClosesDays: 120 });
    expect((await refundItems()).map((i) => i.facts['orderId'])).toEqual(['111-0000002-0000002', '111-0000003-0000003']);
    new FbaReturnStore(ws.db, () => new Date(clock.now())).record('amz', [{
      line: 2, orderId: '111-0000002-0000002', sku: 'MUG-RED', asin: '', fnsku: '', productName: '', quantity: 1, fulfillmentCenterId: '', disposition: 'CUSTOMER_DAMAGED',
      reason: 'DAMAGED_BY_CUSTOMER', status: '', licensePlateNumber: 'LPN2', returnDate: '2026-06-04T00:00:00.000Z',
    }]);
    expect((await refundItems()).map((i) => i.facts['orderId'])).toEqual(['111-0000003-0000003']);
  });
});
