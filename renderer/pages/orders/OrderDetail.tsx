import { Link, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import type { OrderView } from '../../../core/api/calls/orders';
import { Amount, DateText } from '../settlements/format';
import { StatusBadge } from './StatusBadge';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: '12px', padding: '12px 16px', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, marginTop: '12px' },
  head: { display: 'flex', gap: '12px', alignItems: 'baseline', flexWrap: 'wrap' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  section: { display: 'flex', flexDirection: 'column', gap: '4px' },
  muted: { color: tokens.colorNeutralForeground3 },
  num: { textAlign: 'right', justifyContent: 'flex-end' },
  refusal: { borderLeft: `3px solid ${tokens.colorPaletteRedBorder2}`, paddingLeft: '8px', display: 'flex', flexDirection: 'column', gap: '2px' },
});

const STATE_WORDS: Record<string, string> = {
  pending: 'queued', posting: 'being posted', awaiting: 'created, waiting to be posted in the ERP', posted: 'posted', failed: 'failed', cancelled: 'cancelled',
  'cancelled-in-erp': 'cancelled in the ERP; its orders went on a further summary',
};
const KIND_WORDS: Record<string, string> = { salesInvoice: 'Sales invoice', salesCreditNote: 'Sales credit memo' };

/** Decimal unit price as Amazon sent it, shown as money with its currency's decimals. */
function unitPriceText(amount: string | null, currency: string | null): string {
  if (!amount || !currency) return '—';
  const n = Number(amount);
  return Number.isFinite(n) ? n.toLocaleString(undefined, { style: 'currency', currency }) : `${amount} ${currency}`;
}

/** One order: what Amazon says of it, its ERP documents, what each ERP connection made of it, its settlements. */
export function OrderDetail({ order }: { order: OrderView }) {
  const s = useStyles();
  const refused = order.decisions.filter((d) => d.outcome === 'refused');
  return (
    <section className={s.panel} aria-label={`Order ${order.orderId}`}>
      <div className={s.head}>
        <Text weight="semibold" size={400} className={s.mono}>{order.orderId}</Text>
        <StatusBadge status={order.status} />
        {/* A refusal's reasons follow in full, each connection's under its name. */}
        {!refused.length && <Text>{order.statusText}</Text>}
      </div>

      {refused.map((d) => (
        <div key={d.connectionId} className={s.refusal} role="note" aria-label={`Why ${d.connectionName} did not invoice it`}>
          <Text weight="semibold">Why {d.connectionName} did not invoice it</Text>
          {d.reasons.map((r) => <Text key={r}>{r}</Text>)}
          <Text>
            <Link href="#/mappings">Open Mappings</Link>
            {d.unmapped.skus.length + d.unmapped.marketplaces.length > 0 && (
              <span className={s.muted}> to map {[...d.unmapped.skus.map((k) => `SKU ${k}`), ...d.unmapped.marketplaces.map((m) => `marketplace ${m}`)].join(', ')}; the next invoicing run invoices it.</span>
            )}
          </Text>
        </div>
      ))}

      <div className={s.section}>
        <Text weight="semibold">Amazon</Text>
        {order.amazon ? (
          <>
            <Text className={s.muted}>
              {order.amazon.marketplaceName ?? order.amazon.marketplaceId ?? 'No marketplace'} · {order.amazon.fulfillmentStatus ?? 'status not read'} · ordered <DateText iso={order.amazon.createdTime} withTime /> · last update <DateText iso={order.amazon.lastUpdatedTime} withTime />
            </Text>
            <Table size="extra-small" aria-label="Order items">
              <TableHeader><TableRow>
                <TableHeaderCell>SKU</TableHeaderCell><TableHeaderCell>Title</TableHeaderCell>
                <TableHeaderCell className={s.num} style={{ width: 80 }}>Quantity</TableHeaderCell><TableHeaderCell className={s.num} style={{ width: 120 }}>Unit price</TableHeaderCell>
              </TableRow></TableHeader>
              <TableBody>
                {order.amazon.items.map((i) => (
                  <TableRow key={i.orderItemId}>
                    <TableCell className={s.mono}>{i.sku ?? '—'}</TableCell><TableCell>{i.title ?? ''}</TableCell>
                    <TableCell className={s.num}>{i.quantityOrdered}</TableCell><TableCell className={s.num}>{unitPriceText(i.unitPrice, i.currency)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </>
        ) : <Text className={s.muted}>Not read from Amazon as an order: known from its settlement only.</Text>}
      </div>

      <div className={s.section}>
        <Text weight="semibold">ERP documents</Text>
        {order.documents.length ? (
          <Table size="extra-small" aria-label="ERP documents">
            <TableHeader><TableRow>
              <TableHeaderCell>Document</TableHeaderCell><TableHeaderCell>ERP</TableHeaderCell><TableHeaderCell>Number</TableHeaderCell>
              <TableHeaderCell>State</TableHeaderCell><TableHeaderCell className={s.num} style={{ width: 120 }}>Total</TableHeaderCell>
            </TableRow></TableHeader>
            <TableBody>
              {order.documents.map((d) => (
                <TableRow key={`${d.connectionId}|${d.naturalKey}`} data-document={d.naturalKey}>
                  <TableCell>{KIND_WORDS[d.kind] ?? d.kind}</TableCell><TableCell>{d.connectionName}</TableCell>
                  <TableCell className={s.mono}>{d.erpDocumentNumber ?? '—'}</TableCell>
                  <TableCell title={d.error ?? undefined}>{STATE_WORDS[d.state] ?? d.state}{d.error ? `: ${d.error}` : ''}</TableCell>
                  <TableCell className={s.num}><Amount minor={d.total} currency={d.currency} /></TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : <Text className={s.muted}>None.</Text>}
      </div>

      <div className={s.section}>
        <Text weight="semibold">Settlements</Text>
        {order.settlements.length ? order.settlements.map((st) => (
          <Text key={`${st.settlementId}|${st.currency}`}>
            <span className={s.mono}>{st.settlementId}{st.version > 1 ? ` v${st.version}` : ''}</span> · {st.transactionTypes.join(', ')} · {st.lineCount} line{st.lineCount === 1 ? '' : 's'} · <Amount minor={st.amount} currency={st.currency} />
          </Text>
        )) : <Text className={s.muted}>In no imported settlement yet.</Text>}
      </div>
    </section>
  );
}
