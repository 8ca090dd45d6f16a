import { Badge, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, tokens } from '@fluentui/react-components';
import type { SettlementReportView } from '../../../core/api/calls/reports';
import { Amount } from '../../components/Amount';

const useStyles = makeStyles({
  heading: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase300, margin: '12px 0 4px' },
  numCell: { textAlign: 'right', '& .fui-TableHeaderCell__button': { justifyContent: 'flex-end' }, '& .fui-TableCellLayout': { justifyContent: 'flex-end' } },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** Multi-Channel Fulfillment fees of a settlement: per ERP order that caused them, then those of no order sent from an ERP. */
export function McfFeesTable({ r }: { r: SettlementReportView }) {
  const s = useStyles();
  const { matched, unmatched } = r.mcfFees;
  if (matched.length + unmatched.length === 0) return null;
  return (
    <>
      <div className={s.heading}>Multi-Channel Fulfillment fees ({matched.length} matched, {unmatched.length} unmatched)</div>
      <Table size="extra-small" aria-label={`MCF fees of ${r.settlementId}`}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell style={{ width: '16%' }}>ERP order</TableHeaderCell>
            <TableHeaderCell style={{ width: '30%' }}>Amazon fulfilment order</TableHeaderCell>
            <TableHeaderCell style={{ width: '13%' }} className={s.numCell}>Fees</TableHeaderCell>
            <TableHeaderCell>Fee types</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {matched.map((m) => (
            <TableRow key={`${m.erpConnectionId}|${m.sellerFulfillmentOrderId}|${m.currency}`}>
              <TableCell>{m.erpOrderNumber}</TableCell>
              <TableCell className={s.mono}>{m.sellerFulfillmentOrderId}</TableCell>
              <TableCell className={s.numCell}><Amount minor={m.amount} currency={m.currency} /></TableCell>
              <TableCell className={s.muted}>{m.fees.join(', ')}</TableCell>
            </TableRow>
          ))}
          {unmatched.map((u) => (
            <TableRow key={`u|${u.orderId}|${u.currency}`}>
              <TableCell><Badge appearance="tint" color="warning">unmatched</Badge></TableCell>
              <TableCell className={s.mono}>{u.orderId}</TableCell>
              <TableCell className={s.numCell}><Amount minor={u.amount} currency={u.currency} /></TableCell>
              <TableCell className={s.muted}>{u.fees.join(', ')}: no ERP order was sent to Amazon with this id</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
