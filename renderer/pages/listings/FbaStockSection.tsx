import { Button, makeStyles, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { call } from '../../api/client';
import { useLongCall } from '../../api/hooks';
import { saveTextFile } from '../../components/download';
import { ErrorBar } from '../../components/ErrorBar';
import { StockAdjustmentsSection } from './StockAdjustmentsSection';

const useStyles = makeStyles({
  section: { marginTop: '24px', display: 'flex', flexDirection: 'column', gap: '8px' },
  bar: { display: 'flex', gap: '12px', alignItems: 'center' },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  diff: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** FBA stock beside the ERP's: what Amazon holds per SKU and where the ERP says otherwise; exportable as CSV; adjustments where the ERP takes them. */
export function FbaStockSection({ amazonConnectionId, marketplaceId, erpName }: { amazonConnectionId: string; marketplaceId: string; erpName: string }) {
  const s = useStyles();
  const report = useLongCall((input: { amazonConnectionId: string; marketplaceId: string }, cid) => call('listings.fbaReport', input, cid), [['listings', 'adjustments']]);
  const rows = report.data?.rows ?? [];
  return (
    <section className={s.section} aria-label="FBA stock">
      <Subtitle2 as="h2">FBA stock against the ERP</Subtitle2>
      <div className={s.bar}>
        <Button onClick={() => report.mutate({ amazonConnectionId, marketplaceId })} disabled={report.isPending}>{report.isPending ? 'Reading…' : 'Compare FBA stock'}</Button>
        {report.data && <Button onClick={() => saveTextFile(`fba-stock-${marketplaceId}.csv`, report.data.csv)}>Export CSV</Button>}
        {report.data && <Text data-testid="fba-summary">{rows.length} FBA SKU{rows.length === 1 ? '' : 's'}, {report.data.differences} with a difference.</Text>}
      </div>
      <ErrorBar error={report.error} />
      {rows.length > 0 && (
        <Table size="small" aria-label="FBA stock against the ERP">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>SKU</TableHeaderCell>
              <TableHeaderCell>Item</TableHeaderCell>
              {['Fulfillable', 'Inbound', 'Reserved', 'Unfulfillable', 'Amazon total', 'ERP stock', 'Difference'].map((h) => <TableHeaderCell key={h} className={s.num}>{h}</TableHeaderCell>)}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.sku} data-sku={r.sku}>
                <TableCell><strong>{r.sku}</strong></TableCell>
                <TableCell>{r.itemNumber ?? <span className={s.muted}>{r.note}</span>}</TableCell>
                <TableCell className={s.num}>{r.fulfillable}</TableCell>
                <TableCell className={s.num}>{r.inbound}</TableCell>
                <TableCell className={s.num}>{r.reserved}</TableCell>
                <TableCell className={s.num}>{r.unfulfillable}</TableCell>
                <TableCell className={s.num}>{r.amazonTotal}</TableCell>
                <TableCell className={s.num}>{r.erpStock ?? '—'}</TableCell>
                <TableCell className={`${s.num} ${r.difference ? s.diff : ''}`} data-testid="difference">{r.difference === null ? '—' : r.difference > 0 ? `+${r.difference}` : r.difference}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {report.data?.adjustable && <StockAdjustmentsSection amazonConnectionId={amazonConnectionId} marketplaceId={marketplaceId} erpName={erpName} />}
    </section>
  );
}
