import { Badge, Checkbox, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import type { CallOutput } from '../../../core/api';
import { Amount } from '../settlements/format';

export type Change = CallOutput<'listings.changes'>[number];

const useStyles = makeStyles({
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  rule: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  issue: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200, display: 'block' },
  hold: { color: tokens.colorPaletteDarkOrangeForeground1, fontSize: tokens.fontSizeBase200, display: 'block' },
  muted: { color: tokens.colorNeutralForeground4 },
});

const STATE: Record<Change['state'], { label: string; color: 'warning' | 'informative' | 'brand' | 'success' | 'danger' | 'subtle' }> = {
  held: { label: 'Held for approval', color: 'warning' },
  ready: { label: 'Ready to send', color: 'informative' },
  sending: { label: 'On its way', color: 'brand' },
  sent: { label: 'Sent', color: 'success' },
  failed: { label: 'Refused', color: 'danger' },
  superseded: { label: 'Superseded', color: 'subtle' },
};

function Move({ from, to, money, currency }: { from: number | null; to: number | null; money: boolean; currency: string }) {
  const s = useStyles();
  const show = (v: number | null) => (v === null ? <span className={s.muted}>—</span> : money ? <Amount minor={v} currency={currency} /> : <span>{v}</span>);
  if (to === null) return <span className={s.muted}>{from === null ? '—' : <>{show(from)} (stays)</>}</span>;
  return <span>{show(from)} → <strong>{show(to)}</strong></span>;
}

/** The change set: SKU, what Amazon shows → what the rule gives, the rule's steps, and where each change is. */
export function ChangeTable({ changes, selected, onSelect }: { changes: Change[]; selected: ReadonlySet<number>; onSelect: (id: number, on: boolean) => void }) {
  const s = useStyles();
  return (
    <Table size="small" aria-label="Listing changes">
      <TableHeader>
        <TableRow>
          <TableHeaderCell style={{ width: 36 }} />
          <TableHeaderCell style={{ width: 180 }}>SKU</TableHeaderCell>
          <TableHeaderCell style={{ width: 64 }}>Item</TableHeaderCell>
          <TableHeaderCell style={{ width: 160 }} className={s.num}>Price (Amazon → new)</TableHeaderCell>
          <TableHeaderCell style={{ width: 72 }} className={s.num}>Quantity</TableHeaderCell>
          <TableHeaderCell>Rule</TableHeaderCell>
          <TableHeaderCell style={{ width: 190 }}>Status</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {changes.map((c) => (
          <TableRow key={c.id} data-sku={c.sku} data-state={c.state}>
            <TableCell>
              {c.state === 'held' && <Checkbox aria-label={`Approve ${c.sku}`} checked={selected.has(c.id)} onChange={(_, d) => onSelect(c.id, !!d.checked)} />}
            </TableCell>
            <TableCell><strong style={{ wordBreak: 'break-all' }}>{c.sku}</strong></TableCell>
            <TableCell>{c.itemNumber}</TableCell>
            <TableCell className={s.num} data-testid="price"><Move from={c.amazonPriceMinor} to={c.newPriceMinor} money currency={c.currency} /></TableCell>
            <TableCell className={s.num} data-testid="quantity"><Move from={c.amazonQuantity} to={c.newQuantity} money={false} currency={c.currency} /></TableCell>
            <TableCell><span className={s.rule}>{c.rule}</span></TableCell>
            <TableCell>
              <Badge appearance="tint" color={STATE[c.state].color}>{STATE[c.state].label}</Badge>
              {c.approvedBy && c.state !== 'held' && <Text size={200} className={s.muted}> approved by {c.approvedBy}</Text>}
              {c.state === 'held' && c.holdReason && <span className={s.hold}>{c.holdReason}</span>}
              {c.issues.map((i, n) => (
                <span key={n} className={i.severity === 'ERROR' ? s.issue : s.rule} data-testid="amazon-issue">
                  Amazon{i.code ? ` ${i.code}` : ''}: {i.message}{i.attributeNames?.length ? ` (${i.attributeNames.join(', ')})` : ''}
                </span>
              ))}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
