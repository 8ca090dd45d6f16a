import { Button, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { useMutation, useQuery } from '@tanstack/react-query';
import { formatMoney } from '../../../core/api';
import { call } from '../../api/client';
import { saveBase64File } from '../../components/download';
import { ErrorBar } from '../../components/ErrorBar';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '8px', marginBottom: '24px' },
  head: { display: 'flex', gap: '8px', alignItems: 'center' },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  neg: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap', color: tokens.colorPaletteRedForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
});

type Format = 'csv' | 'xlsx' | 'pdf';

/** The daily reconciliation per vendor code and currency, with its exports. */
export function VendorReconciliation() {
  const s = useStyles();
  const report = useQuery({ queryKey: ['posting', 'vendor', 'reconciliation'], queryFn: () => call('vendor.reconciliation', {}) });
  const exporting = useMutation({
    mutationFn: (format: Format) => call('vendor.exportReconciliation', { format }),
    onSuccess: (r) => saveBase64File(r.fileName, r.contentBase64, r.mimeType),
  });
  const rows = report.data?.rows ?? [];
  const cell = (minor: number, currency: string, negative = false) => (
    <TableCell className={negative && minor ? s.neg : s.num}>{minor ? formatMoney(negative ? -minor : minor, currency) : '—'}</TableCell>
  );
  return (
    <div className={s.section}>
      <div className={s.head}>
        <Text weight="semibold" as="h2">Reconciliation{report.data ? ` as of ${report.data.asOf}` : ''}</Text>
        {(['csv', 'xlsx', 'pdf'] as const).map((f) => (
          <Button key={f} size="small" disabled={!rows.length || exporting.isPending} onClick={() => exporting.mutate(f)}>{exporting.isPending && exporting.variables === f ? 'Exporting…' : `Export ${f.toUpperCase()}`}</Button>
        ))}
      </div>
      <ErrorBar error={report.error ?? exporting.error} />
      {exporting.data && <Text className={s.muted}>Exported {exporting.data.fileName}.</Text>}
      {report.data && !rows.length && <Text className={s.muted}>Nothing to reconcile yet: the report fills once purchase orders are read.</Text>}
      {rows.length > 0 && (
        <Table size="small" aria-label="Vendor Central reconciliation" style={{ tableLayout: 'auto' }}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Vendor code</TableHeaderCell>
              <TableHeaderCell className={s.num}>Open POs</TableHeaderCell>
              <TableHeaderCell className={s.num}>Open</TableHeaderCell>
              <TableHeaderCell className={s.num}>Invoiced</TableHeaderCell>
              <TableHeaderCell className={s.num}>Paid</TableHeaderCell>
              <TableHeaderCell className={s.num}>Deducted</TableHeaderCell>
              <TableHeaderCell className={s.num}>Disputed</TableHeaderCell>
              <TableHeaderCell className={s.num}>In review</TableHeaderCell>
              <TableHeaderCell className={s.num} title="Invoiced less paid and deducted">Outstanding</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={`${r.vendorCode}:${r.currency}`} data-testid={`vendor-reconciliation-${r.vendorCode}`}>
                <TableCell>{r.vendorCode} <Text className={s.muted}>{r.currency}</Text></TableCell>
                <TableCell className={s.num}>{r.openPurchaseOrders}</TableCell>
                {cell(r.openAmount, r.currency)}
                {cell(r.invoiced, r.currency)}
                {cell(r.paid, r.currency)}
                {cell(r.deducted, r.currency, true)}
                {cell(r.disputed, r.currency)}
                {cell(r.inReview, r.currency)}
                {cell(r.outstanding, r.currency)}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
