import { beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import type { BusinessCentralConnector } from '../../core/erp/business-central/client';
import { PostingOutbox } from '../../core/posting/outbox';
import { runPosting } from '../../core/posting/poster';
import { creditNoteErpKey } from '../../core/posting/posters';
import { demoSeller, type SeedSeller } from '../../core/sandbox/amazon/seed-data';
import type { BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import type { Workspace } from '../../core/workspace/workspace';
import { apiCalls } from '../support/api-calls';
import { ordersWorld } from './orders-world';

/**
 * A refund's credit note that Business Central refuses (its line names an item BC does not have): it is held
 * under Needs attention in BC's words; a retry before the fix is refused again and creates nothing; once the
 * item exists in BC a retry posts exactly one credit memo, and a second retry sends nothing.
 */
const T0 = Date.parse('2026-06-20T12:00:00Z');
const BC = 'bc-refund';
const DE = 'A1PA6795UKMFR9';
const ORDER = '302-4000001-0000001';
const REFUND = 'AMZ-ADJ-1';

function seller(now: number): SeedSeller {
  const s = demoSeller(now);
  s.reports = [];
  s.orders = [];
  return s;
}

let ws: Workspace;
let bc: BusinessCentralEmulator;
const world = ordersWorld(T0, BC, seller);
beforeEach(() => ({ ws, bc } = world));

type Held = { id: number; summary: string; error: string; fix: string };

describe('a credit note the ERP refuses', () => {
  it('is held under Needs attention in BC\'s words, and once BC has the item one retry posts it once', async () => {
    const api = apiCalls(createDispatcher(ws));
    const outbox = new PostingOutbox(ws.db, ws.audit, () => new Date(ws.clock.now()));
    const erp = await ws.erp.connector(BC) as unknown as BusinessCentralConnector;
    // The order's invoice, posted, as the invoicing run leaves it.
    outbox.enqueueOrderInvoice(BC, {
      marketplaceId: DE, orderId: ORDER,
      invoice: { externalDocumentNumber: ORDER, customerNumber: 'AMZ-DE', invoiceDate: '2026-06-18', currency: 'EUR', lines: [{ itemNumber: '1900-S', quantity: 1, unitPrice: 4990 }] },
    });
    const [invoice] = (await runPosting(outbox, BC, erp)).posted;
    outbox.enqueueOrderCreditNote(BC, {
      marketplaceId: DE, orderId: ORDER, refundId: REFUND,
      creditNote: {
        externalDocumentNumber: creditNoteErpKey(ORDER, REFUND), invoiceNumber: invoice!.erpDocumentNumber, customerNumber: 'AMZ-DE', creditNoteDate: '2026-06-19', currency: 'EUR',
        lines: [{ itemNumber: 'STUHL-NEU', quantity: 1, unitPrice: 4990, description: 'Refund of STUHL-NEU' }],
      },
    });
    const first = await runPosting(outbox, BC, erp);
    expect(first.failed).toEqual([expect.objectContaining({ retryable: false })]);
    const memos = () => bc.rows('salesCreditMemos').filter((m) => m.externalDocumentNumber === creditNoteErpKey(ORDER, REFUND) && m.status !== 'Draft');

    const held = await api.value<Held[]>('attention.list', { flow: 'order-documents' });
    expect(held).toEqual([expect.objectContaining({
      summary: `Refund ${REFUND} of Amazon order ${ORDER} as a credit note on invoice ${invoice!.erpDocumentNumber} in BC Cronus`,
      error: expect.stringMatching(/^BC Cronus refused it: Application_DialogException: The "lineObjectNumber" does not match to an Item\./),
      fix: expect.stringContaining('asked BC Cronus for customer AMZ-DE, item STUHL-NEU. Make BC Cronus take them'),
    })]);
    const id = held[0]!.id;

    // Before the fix: refused again, still held, nothing posted.
    expect(await api.value('attention.retry', { id })).toEqual({ id, outcome: 'failed', error: expect.stringMatching(/does not match to an Item/) });
    expect(memos()).toHaveLength(0);
    expect(await api.value<Held[]>('attention.list', { flow: 'order-documents' })).toHaveLength(1);

    // The item is set up in BC: the retry posts one credit memo carrying it.
    await erp.http.send({ operation: 'POST items', method: 'POST', url: `${bc.apiBaseUrl}/companies(${bc.companyId})/items`, body: { number: 'STUHL-NEU', displayName: 'Stuhl neu' } });
    expect(await api.value('attention.retryAll', { flow: 'order-documents' })).toEqual([{ id, outcome: 'resolved' }]);
    expect(memos()).toHaveLength(1);
    expect(bc.rows('salesCreditMemoLines').filter((l) => l.documentId === memos()[0]!.id).map((l) => l.lineObjectNumber)).toEqual(['STUHL-NEU']);
    expect(await api.value('attention.list', { flow: 'order-documents' })).toEqual([]);

    // Nothing twice: a second retry finds nothing to do, and the ERP holds one document under the key.
    expect(await api.value('attention.retry', { id })).toEqual({ id, outcome: 'gone' });
    expect(bc.rows('salesCreditMemos').filter((m) => m.externalDocumentNumber === creditNoteErpKey(ORDER, REFUND))).toHaveLength(1);
  });
});
