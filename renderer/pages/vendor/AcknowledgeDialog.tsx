import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Dropdown, Input, makeStyles, Option, Table, TableBody, TableCell,
  TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CallInput, CallOutput } from '../../../core/api';
import { call } from '../../api/client';
import { ErrorBar } from '../../components/ErrorBar';

type Po = CallOutput<'vendor.overview'>['purchaseOrders'][number];
type Line = NonNullable<Po['acknowledgement']>['lines'][number];
type Reason = NonNullable<CallInput<'vendor.acknowledge'>['lines'][number]['rejectionReason']>;

const REASONS: Record<Reason, string> = { TemporarilyUnavailable: 'Temporarily unavailable', InvalidProductIdentifier: 'Unknown product', ObsoleteProduct: 'No longer sold' };

const useStyles = makeStyles({
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  qty: { width: '80px' },
  muted: { color: tokens.colorNeutralForeground3 },
  bad: { color: tokens.colorPaletteRedForeground1 },
});

const unit = (l: Line) => (l.ordered.unitOfMeasure === 'Cases' ? `cases of ${l.ordered.unitSize ?? '?'}` : 'eaches');

/**
 * The acknowledgement of one PO, line by line, as proposed from the ERP's stock: a person changes what is
 * accepted, backordered and rejected (they must add up to what Amazon ordered) and sends it. Amazon gets
 * it once, on the next run.
 */
export function AcknowledgeDialog({ po, onClose }: { po: Po; onClose: () => void }) {
  const s = useStyles();
  const qc = useQueryClient();
  const ack = po.acknowledgement!;
  const [lines, setLines] = useState(() => ack.lines.map((l) => ({ ...l, rejectionReason: (l.rejectionReason ?? 'TemporarilyUnavailable') as Reason })));
  const send = useMutation({
    mutationFn: () => call('vendor.acknowledge', {
      vendorCode: po.vendorCode, poNumber: po.poNumber,
      lines: lines.map((l) => ({ itemSequenceNumber: l.itemSequenceNumber, accepted: l.accepted, backordered: l.backordered, rejected: l.rejected, ...(l.rejected ? { rejectionReason: l.rejectionReason } : {}) })),
    }),
    onSuccess: async () => { await qc.invalidateQueries({ queryKey: ['posting'] }); onClose(); },
  });
  const set = (i: number, field: 'accepted' | 'backordered' | 'rejected', value: string) =>
    setLines((ls) => ls.map((l, j) => (j === i ? { ...l, [field]: Math.max(0, Math.trunc(Number(value) || 0)) } : l)));
  const off = lines.filter((l) => l.accepted + l.backordered + l.rejected !== l.ordered.amount);
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface style={{ maxWidth: '820px' }}>
        <DialogBody>
          <DialogTitle>{ack.state === 'rejected' ? 'Acknowledge again' : 'Acknowledge'} PO {po.poNumber} ({po.vendorCode})</DialogTitle>
          <DialogContent>
            {ack.state === 'rejected' && (
              <Text as="p" className={s.bad}>
                Amazon rejected the last acknowledgement: {ack.reasons.join('; ') || 'no reason given'}. Correct the lines; your acknowledgement goes to Amazon as a new one, and the rejected one stays in the audit log.
              </Text>
            )}
            <Text as="p" className={s.muted}>
              Proposed from the ERP's stock{ack.stock ? '' : ' (it could not be read: everything is proposed as rejected)'}. Each line's accepted, backordered and rejected quantities must add up to what Amazon ordered.
              Amazon gets this acknowledgement once, with the next run (Run now sends it at once); it cannot be changed here afterwards.
            </Text>
            <Table size="small" aria-label={`Acknowledgement of PO ${po.poNumber}`}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Line</TableHeaderCell>
                  <TableHeaderCell>Item</TableHeaderCell>
                  <TableHeaderCell className={s.num}>In stock</TableHeaderCell>
                  <TableHeaderCell className={s.num}>Ordered</TableHeaderCell>
                  <TableHeaderCell>Accepted</TableHeaderCell>
                  <TableHeaderCell>Backordered</TableHeaderCell>
                  <TableHeaderCell>Rejected</TableHeaderCell>
                  <TableHeaderCell>Why rejected</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {lines.map((l, i) => (
                  <TableRow key={l.itemSequenceNumber}>
                    <TableCell>{l.itemSequenceNumber}</TableCell>
                    <TableCell>{l.itemNumber ?? '—'}</TableCell>
                    <TableCell className={s.num}>{l.itemNumber && ack.stock ? ack.stock[l.itemNumber] ?? 0 : '—'}</TableCell>
                    <TableCell className={s.num}>{l.ordered.amount} {unit(l)}</TableCell>
                    {(['accepted', 'backordered', 'rejected'] as const).map((field) => (
                      <TableCell key={field}>
                        <Input className={s.qty} type="number" min={0} aria-label={`Line ${l.itemSequenceNumber} ${field}`} value={String(l[field])} onChange={(_, d) => set(i, field, d.value)} />
                      </TableCell>
                    ))}
                    <TableCell>
                      {l.rejected > 0 && (
                        <Dropdown aria-label={`Line ${l.itemSequenceNumber} reason`} value={REASONS[l.rejectionReason]} selectedOptions={[l.rejectionReason]}
                          onOptionSelect={(_, d) => setLines((ls) => ls.map((x, j) => (j === i ? { ...x, rejectionReason: d.optionValue as Reason } : x)))}>
                          {Object.entries(REASONS).map(([k, v]) => <Option key={k} value={k}>{v}</Option>)}
                        </Dropdown>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {off.map((l) => <Text as="p" key={l.itemSequenceNumber} className={s.bad}>Line {l.itemSequenceNumber}: {l.accepted + l.backordered + l.rejected} of {l.ordered.amount} ordered accounted for.</Text>)}
            <ErrorBar error={send.error} />
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button appearance="primary" disabled={off.length > 0 || send.isPending} onClick={() => send.mutate()}>Acknowledge</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
