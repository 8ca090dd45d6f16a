import {
  Badge, Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, makeStyles, Subtitle2, Table, TableBody, TableCell, TableHeader,
  TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CallOutput } from '../../../core/api';
import { call } from '../../api/client';
import { useLongCall } from '../../api/hooks';
import { ErrorBar } from '../../components/ErrorBar';

type Adjustment = CallOutput<'listings.adjustments'>[number];

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '8px', marginTop: '12px' },
  bar: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  why: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, display: 'block' },
  error: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200, display: 'block' },
});

const STATE: Record<Adjustment['state'], { label: string; color: 'warning' | 'informative' | 'brand' | 'success' | 'danger' | 'subtle' }> = {
  held: { label: 'Held for approval', color: 'warning' },
  approved: { label: 'Approved', color: 'informative' },
  sending: { label: 'On its way', color: 'brand' },
  posted: { label: 'Posted', color: 'success' },
  failed: { label: 'Refused by the ERP', color: 'danger' },
  withdrawn: { label: 'Withdrawn', color: 'subtle' },
};

const signed = (n: number) => (n > 0 ? `+${n}` : `−${Math.abs(n)}`);
const kind = (n: number) => (n > 0 ? 'Goods receipt' : 'Goods issue');

/**
 * The inventory adjustments the FBA comparison proposed: the ERP's item brought to Amazon's count, held until a
 * person approves it. An approval holds for the two counts it saw; posting reads both again first.
 */
export function StockAdjustmentsSection({ amazonConnectionId, marketplaceId, erpName }: { amazonConnectionId: string; marketplaceId: string; erpName: string }) {
  const s = useStyles();
  const qc = useQueryClient();
  const scope = { amazonConnectionId, marketplaceId };
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const list = useQuery({ queryKey: ['listings', 'adjustments', amazonConnectionId, marketplaceId], queryFn: () => call('listings.adjustments', scope) });
  const refresh = () => { setSelected(new Set()); return qc.invalidateQueries({ queryKey: ['listings', 'adjustments'] }); };
  const approve = useMutation({ mutationFn: (ids: number[]) => call('listings.approveAdjustments', { ids }), onSuccess: refresh });
  const withdraw = useMutation({ mutationFn: (ids: number[]) => call('listings.withdrawAdjustments', { ids }), onSuccess: refresh });
  const post = useLongCall((input: typeof scope, cid) => call('listings.postAdjustments', input, cid), [['listings', 'adjustments']]);
  const rows = list.data ?? [];
  const approved = rows.filter((a) => a.state === 'approved' || a.state === 'sending').length;
  const chosen = [...selected];
  const busy = post.isPending || approve.isPending || withdraw.isPending;
  if (!rows.length && !post.data) return null;

  return (
    <section className={s.section} aria-label="Inventory adjustments">
      <Subtitle2 as="h3">Inventory adjustments in {erpName}</Subtitle2>
      <Text size={200} className={s.muted}>Each difference is proposed as a goods receipt or issue that brings the ERP to Amazon's count. Nothing is posted until you approve it; if either count moves before posting, the approval is withdrawn.</Text>
      <div className={s.bar}>
        <Button onClick={() => approve.mutate(chosen)} disabled={busy || !chosen.length}>Approve selected ({chosen.length})</Button>
        <Button onClick={() => withdraw.mutate(chosen)} disabled={busy || !chosen.length}>Withdraw selected ({chosen.length})</Button>
        <Button appearance="primary" onClick={() => setConfirming(true)} disabled={busy || approved === 0}>Post {approved} approved adjustment{approved === 1 ? '' : 's'}</Button>
      </div>
      <ErrorBar error={approve.error ?? withdraw.error ?? post.error} />
      {post.data && (
        <Text data-testid="adjustment-summary">
          {post.data.posted} posted{post.data.found ? `, ${post.data.found} found already in the ERP` : ''}, {post.data.failed} refused by the ERP
          {post.data.withdrawn.length ? `, ${post.data.withdrawn.length} withdrawn because a count moved` : ''}.{post.data.stopped ? ` ${post.data.stopped}` : ''}
        </Text>
      )}
      {rows.length > 0 && (
        <Table size="small" aria-label="Inventory adjustments">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: 36 }} />
              <TableHeaderCell style={{ width: 180 }}>SKU</TableHeaderCell>
              <TableHeaderCell style={{ width: 80 }}>Item</TableHeaderCell>
              <TableHeaderCell style={{ width: 90 }} className={s.num}>Amazon</TableHeaderCell>
              <TableHeaderCell style={{ width: 90 }} className={s.num}>ERP</TableHeaderCell>
              <TableHeaderCell style={{ width: 170 }}>Adjustment</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((a) => (
              <TableRow key={a.id} data-sku={a.sku} data-state={a.state}>
                <TableCell>
                  {(a.state === 'held' || a.state === 'approved' || a.state === 'failed') && (
                    <Checkbox aria-label={`Select adjustment of ${a.sku}`} checked={selected.has(a.id)}
                      onChange={(_, d) => setSelected((x) => { const n = new Set(x); if (d.checked) n.add(a.id); else n.delete(a.id); return n; })} />
                  )}
                </TableCell>
                <TableCell><strong style={{ wordBreak: 'break-all' }}>{a.sku}</strong></TableCell>
                <TableCell>{a.itemNumber}</TableCell>
                <TableCell className={s.num}>{a.amazonTotal}</TableCell>
                <TableCell className={s.num}>{a.erpStock}</TableCell>
                <TableCell data-testid="adjustment">{kind(a.quantity)} <strong className={s.num}>{signed(a.quantity)}</strong></TableCell>
                <TableCell>
                  <Badge appearance="tint" color={STATE[a.state].color}>{STATE[a.state].label}</Badge>
                  {a.approvedBy && <Text size={200} className={s.muted}> approved by {a.approvedBy}</Text>}
                  {a.documentNumber && <Text size={200} data-testid="erp-document"> · document {a.documentNumber}</Text>}
                  {a.withdrawnReason && <span className={s.why}>{a.withdrawnReason}</span>}
                  {a.error && <span className={s.error}>{a.error}</span>}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Dialog open={confirming} onOpenChange={(_, d) => setConfirming(d.open)}>
        <DialogSurface aria-label="Post inventory adjustments">
          <DialogBody>
            <DialogTitle>Post {approved} adjustment{approved === 1 ? '' : 's'} to {erpName}?</DialogTitle>
            <DialogContent>
              Each becomes one goods receipt or issue in {erpName}. Amazon's FBA count and the ERP's stock are read again first: an adjustment whose counts moved since it was approved is withdrawn, not posted.
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setConfirming(false)}>Cancel</Button>
              <Button appearance="primary" onClick={() => { setConfirming(false); post.mutate(scope); }}>Post to {erpName}</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </section>
  );
}
