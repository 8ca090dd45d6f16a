import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, Table, TableBody, TableCell,
  TableHeader, TableHeaderCell, TableRow, Text, Textarea, tokens,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CallOutput } from '../../../core/api';
import { call } from '../../api/client';
import { ErrorBar } from '../../components/ErrorBar';
import { DateText } from '../../components/DateText';

type Po = CallOutput<'vendor.overview'>['purchaseOrders'][number];
type Shipment = Po['shipments'][number];

const useStyles = makeStyles({
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  muted: { color: tokens.colorNeutralForeground3 },
  fields: { display: 'flex', gap: '16px', alignItems: 'flex-end', marginTop: '12px' },
});

/**
 * The confirmation of one posted ERP shipment: what left, in the PO's lines, from which warehouse (its
 * party id at Amazon, offered from the vendor code's last confirmation) to the PO's ship-to warehouse. Sent,
 * Amazon gets it once with the next run; a vendor whose carrier confirms shipments says so instead.
 */
export function ShipmentDialog({ po, shipment, onClose }: { po: Po; shipment: Shipment; onClose: () => void }) {
  const s = useStyles();
  const qc = useQueryClient();
  const [shipFrom, setShipFrom] = useState(shipment.shipFromPartyId ?? '');
  const [elsewhere, setElsewhere] = useState(false);
  const [note, setNote] = useState('');
  const done = async () => { await qc.invalidateQueries({ queryKey: ['posting'] }); onClose(); };
  const send = useMutation({ mutationFn: () => call('vendor.sendShipment', { vendorCode: po.vendorCode, shipmentNumber: shipment.number, shipFromPartyId: shipFrom.trim() }), onSuccess: done });
  const skip = useMutation({ mutationFn: () => call('vendor.shipmentConfirmedElsewhere', { vendorCode: po.vendorCode, shipmentNumber: shipment.number, note: note.trim() }), onSuccess: done });
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface style={{ maxWidth: '720px' }}>
        <DialogBody>
          <DialogTitle>Confirm shipment {shipment.number} of PO {po.poNumber} ({po.vendorCode})</DialogTitle>
          <DialogContent>
            <Text as="p" className={s.muted}>
              Posted in the ERP on <DateText iso={shipment.postingDate} />, to Amazon's warehouse {shipment.shipToPartyId || '(the PO names none)'}.
              Amazon gets this confirmation once, with the next run (Run now sends it at once); it cannot be changed here afterwards.
            </Text>
            <Table size="small" aria-label={`Items of shipment ${shipment.number}`}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>PO line</TableHeaderCell>
                  <TableHeaderCell>Vendor SKU</TableHeaderCell>
                  <TableHeaderCell className={s.num}>Shipped</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {shipment.items.map((i) => (
                  <TableRow key={i.itemSequenceNumber}>
                    <TableCell>{i.itemSequenceNumber}</TableCell>
                    <TableCell>{i.vendorSku ?? '—'}</TableCell>
                    <TableCell className={s.num}>{i.amount} {i.unitOfMeasure.toLowerCase()}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {elsewhere ? (
              <Field label="How it was confirmed (required)" style={{ marginTop: 12 }}>
                <Textarea value={note} onChange={(_, d) => setNote(d.value)} placeholder="e.g. our carrier sends the ASN" />
              </Field>
            ) : (
              <div className={s.fields}>
                <Field label="Shipped from (warehouse party id at Amazon)" required>
                  <Input value={shipFrom} onChange={(_, d) => setShipFrom(d.value)} aria-label="Shipped from" />
                </Field>
              </div>
            )}
            <ErrorBar error={send.error ?? skip.error} />
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            {elsewhere ? (
              <Button appearance="primary" disabled={!note.trim() || skip.isPending} onClick={() => skip.mutate()}>Mark as confirmed elsewhere</Button>
            ) : (
              <>
                <Button onClick={() => setElsewhere(true)} title="Your carrier or warehouse system confirms shipments to Amazon">Confirmed elsewhere…</Button>
                <Button appearance="primary" disabled={!shipFrom.trim() || send.isPending} onClick={() => send.mutate()}>Send to Amazon</Button>
              </>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
