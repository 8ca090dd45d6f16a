import { Badge, Button, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { Fragment, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ReferenceDataView } from '../../../core/api/calls/mappings';
import type { ReviewItemView } from '../../../core/api/calls/review';
import { localDateTime } from '../../components/format';
import { Amount } from '../../components/Amount';
import { ItemActions } from './ItemActions';

const useStyles = makeStyles({
  table: { tableLayout: 'fixed' },
  group: { background: tokens.colorNeutralBackground3, fontWeight: tokens.fontWeightSemibold },
  groupBlocking: { color: tokens.colorPaletteRedForeground1 },
  groupWarning: { color: tokens.colorPaletteMarigoldForeground1 },
  row: { cursor: 'pointer', outline: 'none' },
  blocking: { boxShadow: `inset 3px 0 0 ${tokens.colorPaletteRedBorderActive}` },
  warning: { boxShadow: `inset 3px 0 0 ${tokens.colorPaletteMarigoldBorderActive}` },
  selected: { background: tokens.colorNeutralBackground1Selected, outline: `1px solid ${tokens.colorBrandStroke1}`, outlineOffset: '-1px' },
  done: { color: tokens.colorNeutralForeground3 },
  numCell: { justifyContent: 'flex-end', textAlign: 'right', '& .fui-TableHeaderCell__button': { justifyContent: 'flex-end' } },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'nowrap' },
  title: { whiteSpace: 'normal', lineHeight: tokens.lineHeightBase200, paddingTop: '3px', paddingBottom: '3px' },
  resolution: { display: 'block', color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase100 },
  actionCell: { whiteSpace: 'nowrap', display: 'flex', gap: '2px', flexWrap: 'wrap' },
  actionButton: { minWidth: 0, paddingLeft: '4px', paddingRight: '4px', color: tokens.colorBrandForeground1, ':hover': { textDecorationLine: 'underline', color: tokens.colorBrandForeground2 } },
  expand: { padding: 0 },
});

const ACTION_HINT: Record<ReviewItemView['actions'][number], string> = { map: 'Map now', acceptVariance: 'Accept variance', exclude: 'Exclude', acknowledge: 'Acknowledge' };

function resolutionText(i: ReviewItemView): string {
  const by = i.resolvedBy ? ` by ${i.resolvedBy}` : '';
  const at = i.resolvedAt ? ` at ${localDateTime(i.resolvedAt).text}` : '';
  const r = i.resolution;
  if (i.state === 'cleared') return 'Cleared: the problem is gone (fixed elsewhere or no longer applies)';
  if (!r) return '';
  switch (r.action) {
    case 'map': return `Mapped to ${r.target}${by}${at}`;
    case 'acceptVariance': return `Variance to ${r.account} accepted${by}${at}: ${r.reason}`;
    case 'exclude': return `${r.lineCount} line${r.lineCount === 1 ? '' : 's'} excluded${by}${at}: ${r.reason}`;
    case 'acknowledge': return `Acknowledged${by}${at}${r.note ? `: ${r.note}` : ''}`;
  }
}

/**
 * The queue as one dense table, blocking items first, then warnings, each group under its own header.
 * Up/Down or j/k move, Enter opens the fix of the selected item in place, Escape closes it.
 */
export function ReviewQueueTable({ items, selected, onSelect, openId, onOpen, connectionId, connectionName, reference }: {
  items: ReviewItemView[];
  selected: number | null;
  onSelect: (id: number) => void;
  openId: number | null;
  onOpen: (id: number | null) => void;
  connectionId: string | null;
  connectionName: string;
  reference: ReferenceDataView | undefined;
}) {
  const s = useStyles();
  // The fix opens on the action whose button was clicked (Enter opens the first one).
  const [openAction, setOpenAction] = useState<ReviewItemView['actions'][number] | undefined>(undefined);
  const openWith = (id: number, action?: ReviewItemView['actions'][number]) => { setOpenAction(action); onSelect(id); onOpen(id); };
  const rowRefs = useRef(new Map<number, HTMLTableRowElement>());
  const blocking = items.filter((i) => i.severity === 'blocking');
  const warnings = items.filter((i) => i.severity === 'warning');
  const order = [...blocking, ...warnings];

  // After a fix (or Escape) the keyboard stays in the queue: the selected row takes the focus once it is
  // rendered (a fixed row leaves the open queue, and the selection moves on to the next one first).
  const wantFocus = useRef(false);
  const scrolledTo = useRef<number | null>(null);
  useEffect(() => {
    // A fixed item leaves the open queue (or is no longer open): its fix closes, the keyboard stays here.
    if (openId !== null && !items.some((i) => i.id === openId && i.state === 'open')) {
      wantFocus.current = true;
      onOpen(null);
      return;
    }
    if (selected === null || openId !== null) return;
    const row = rowRefs.current.get(selected);
    if (!row) return;
    if (scrolledTo.current !== selected) {
      scrolledTo.current = selected;
      row.scrollIntoView({ block: 'nearest' });
    }
    if (wantFocus.current) {
      wantFocus.current = false;
      row.focus();
    }
  });

  const move = (delta: number) => {
    if (!order.length) return;
    const at = order.findIndex((i) => i.id === selected);
    const next = order[Math.max(0, Math.min(order.length - 1, at < 0 ? 0 : at + delta))]!;
    onSelect(next.id);
    rowRefs.current.get(next.id)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (openId !== null) return;
    if (e.key === 'ArrowDown' || e.key === 'j') { e.preventDefault(); move(1); }
    else if (e.key === 'ArrowUp' || e.key === 'k') { e.preventDefault(); move(-1); }
    else if (e.key === 'Home') { e.preventDefault(); move(-order.length); }
    else if (e.key === 'End') { e.preventDefault(); move(order.length); }
    else if (e.key === 'Enter' || e.key === ' ') {
      const item = order.find((i) => i.id === selected);
      if (item && item.actions.length && item.state === 'open') { e.preventDefault(); openWith(item.id); }
    }
  };

  const group = (label: string, list: ReviewItemView[], tone: 'blocking' | 'warning') => (
    <TableRow className={s.group} aria-label={label}>
      <TableCell colSpan={7} className={tone === 'blocking' ? s.groupBlocking : s.groupWarning}>
        {label} ({list.filter((i) => i.state === 'open').length} open{list.some((i) => i.state !== 'open') ? `, ${list.filter((i) => i.state !== 'open').length} done` : ''})
      </TableCell>
    </TableRow>
  );

  const row = (i: ReviewItemView) => {
    const isSel = i.id === selected;
    const done = i.state !== 'open';
    return (
      <Fragment key={i.id}>
        <TableRow
          ref={(el: HTMLTableRowElement | null) => { if (el) rowRefs.current.set(i.id, el); else rowRefs.current.delete(i.id); }}
          tabIndex={isSel || (selected === null && i === order[0]) ? 0 : -1}
          aria-selected={isSel}
          data-testid={`review-item-${i.id}`}
          data-key={i.key}
          data-severity={i.severity}
          data-state={i.state}
          className={`${s.row} ${i.severity === 'blocking' ? s.blocking : s.warning} ${isSel ? s.selected : ''} ${done ? s.done : ''}`}
          onClick={() => onSelect(i.id)}
          onDoubleClick={() => i.actions.length && !done && openWith(i.id)}
          onFocus={() => !isSel && onSelect(i.id)}
        >
          <TableCell>
            <Badge size="small" appearance={done ? 'outline' : 'filled'} color={i.severity === 'blocking' ? 'danger' : 'warning'}>{i.severity === 'blocking' ? 'Blocking' : 'Warning'}</Badge>
          </TableCell>
          <TableCell className={s.mono}>{i.settlementId}{i.version > 1 ? ` v${i.version}` : ''}</TableCell>
          <TableCell className={s.title}>
            {i.title}
            {done && <span className={s.resolution}>{resolutionText(i)}</span>}
          </TableCell>
          <TableCell className={s.numCell}>{i.lineCount ?? ''}</TableCell>
          <TableCell className={s.numCell}>{i.amount !== null && i.currency ? <Amount minor={i.amount} currency={i.currency} /> : ''}</TableCell>
          <TableCell>{i.state === 'open' ? 'Open' : i.state === 'resolved' ? 'Resolved' : 'Cleared'}</TableCell>
          <TableCell>
            {!done && i.actions.length > 0 && (
              <span className={s.actionCell}>
                {i.actions.map((a) => (
                  <Button
                    key={a}
                    size="small"
                    appearance="transparent"
                    className={s.actionButton}
                    tabIndex={-1}
                    // The row's own keys (Enter, j/k) stay with the row; the click opens the fix on this action.
                    onClick={(e) => { e.stopPropagation(); openWith(i.id, a); }}
                  >
                    {ACTION_HINT[a]}
                  </Button>
                ))}
              </span>
            )}
          </TableCell>
        </TableRow>
        {openId === i.id && (
          <TableRow>
            <TableCell colSpan={7} className={s.expand}>
              <ItemActions
                item={i}
                initialAction={openAction}
                connectionId={connectionId}
                connectionName={connectionName}
                reference={reference}
                onDone={() => { wantFocus.current = true; onOpen(null); }}
                onCancel={() => { wantFocus.current = true; onOpen(null); }}
              />
            </TableCell>
          </TableRow>
        )}
      </Fragment>
    );
  };

  if (!items.length) return null;
  return (
    <Table size="extra-small" aria-label="Review queue" className={s.table} onKeyDown={onKeyDown}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell style={{ width: '80px' }}>Severity</TableHeaderCell>
          <TableHeaderCell style={{ width: '104px' }}>Settlement</TableHeaderCell>
          <TableHeaderCell>Problem</TableHeaderCell>
          <TableHeaderCell style={{ width: '52px' }} className={s.numCell}>Lines</TableHeaderCell>
          <TableHeaderCell style={{ width: '112px' }} className={s.numCell}>Amount</TableHeaderCell>
          <TableHeaderCell style={{ width: '68px' }}>State</TableHeaderCell>
          <TableHeaderCell style={{ width: '200px' }}>Fix</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {blocking.length > 0 && group('Blocking: resolve before approval', blocking, 'blocking')}
        {blocking.map(row)}
        {warnings.length > 0 && group('Warnings: acknowledge before approval', warnings, 'warning')}
        {warnings.map(row)}
      </TableBody>
    </Table>
  );
}
