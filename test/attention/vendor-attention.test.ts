import { afterEach, expect, it } from 'vitest';
import { clockStartingAt } from '../../core/clock/clock';
import { workspaceAttention } from '../../core/sync/attention-registry';
import { VENDOR_FLOW } from '../../core/sync/vendor-attention';
import { VendorOutbox } from '../../core/vendor/vendor-outbox';
import { openWorkspace } from '../../core/workspace/workspace';
import { tempDir } from '../support/temp-workspace';
import { MemoryCredentials } from '../sync/sync-fixture';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

it('Vendor Central documents the outbox holds as failed or rejected wait under Needs attention in the refusal\'s words; a retry puts each back to be sent once', async () => {
  const clock = clockStartingAt(Date.parse('2026-11-20T09:00:00Z'));
  const d = tempDir();
  const ws = openWorkspace(d.dir, { credentials: new MemoryCredentials(), clock });
  cleanups.push(() => { ws.close(); d.remove(); });
  ws.connections.upsert({ id: 'amz', kind: 'amazon', name: 'Amazon EU', settings: {} });
  const outbox = new VendorOutbox(ws.db, ws.audit, () => new Date(clock.now()));
  outbox.enqueue('amz', 'invoice', 'VC1:INV-9', 'VC1:PO-77', { invoiceNumber: 'INV-9' });
  outbox.enqueue('amz', 'acknowledgement', 'VC1:PO-78', 'VC1:PO-78', {});
  const invoice = outbox.get('amz', 'invoice', 'VC1:INV-9')!;
  outbox.begin(invoice);
  outbox.move(outbox.get('amz', 'invoice', 'VC1:INV-9')!, ['sending'], 'rejected', { detail: { message: 'InvalidInvoiceDate: the invoice date is before the PO date.' } });

  const { flows, letters } = workspaceAttention(ws);
  flows.collect();
  flows.collect();
  const held = letters.list({ flow: VENDOR_FLOW });
  expect(held).toHaveLength(1);
  expect(held[0]).toMatchObject({ error: 'InvalidInvoiceDate: the invoice date is before the PO date.', summary: 'invoice to Amazon for PO VC1:PO-77 (VC1:INV-9)' });

  expect(await flows.retryAll('tester', VENDOR_FLOW)).toEqual([{ id: held[0]!.id, outcome: 'resolved' }]);
  expect(outbox.get('amz', 'invoice', 'VC1:INV-9')!.state).toBe('pending');
  flows.collect();
  expect(letters.list({ flow: VENDOR_FLOW })).toEqual([]);
  expect(await flows.retryAll('tester', VENDOR_FLOW)).toEqual([]);
});
