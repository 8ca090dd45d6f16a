import {
  Badge, Button, Field, Input, makeStyles, MessageBar, MessageBarBody, ProgressBar, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { McfConnectionView, McfOrderView } from '../../../core/api/calls/mcf';
import { useConnections } from '../../api/hooks';
import { Amount } from '../../components/Amount';
import { DateText } from '../../components/DateText';
import { ErrorBar } from '../../components/ErrorBar';
import { useApproveFirstOrders, useMcfOverview, useMcfPreview, useSetMcfSettings } from './mcf-hooks';

const useStyles = makeStyles({
  box: { display: 'flex', flexDirection: 'column', gap: '8px', padding: '10px 12px', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  row: { display: 'flex', gap: '12px', alignItems: 'flex-end', flexWrap: 'wrap' },
  column: { display: 'flex', flexDirection: 'column', gap: '6px', alignItems: 'flex-start' },
  badge: { whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  error: { color: tokens.colorPaletteRedForeground1 },
  num: { textAlign: 'right' },
  changes: { color: tokens.colorPaletteDarkOrangeForeground1, margin: '2px 0 0' },
});

type Speed = 'Standard' | 'Expedited' | 'Priority';
const SPEEDS: Speed[] = ['Standard', 'Expedited', 'Priority'];

const STATE_WORDS: Record<McfOrderView['state'], { text: string; color: 'informative' | 'warning' | 'success' | 'subtle' | 'danger' }> = {
  pending: { text: 'waiting to go', color: 'informative' },
  held: { text: 'needs attention', color: 'danger' },
  submitted: { text: 'with Amazon', color: 'subtle' },
  shipped: { text: 'shipped, tracking in ERP', color: 'success' },
  closed: { text: 'closed', color: 'subtle' },
};

function stateOf(o: McfOrderView) {
  if (o.state === 'pending' && o.goAhead.needed && o.goAhead.givenBy) return { text: 'changed since go-ahead', color: 'warning' as const };
  if (o.state === 'pending' && o.goAhead.needed && o.preview?.fulfillable) return { text: 'waiting for go-ahead', color: 'informative' as const };
  if (o.cancellation?.direction === 'erp') return o.cancellation.state === 'refused' ? { text: 'cancel refused', color: 'danger' as const } : { text: 'cancelled at Amazon', color: 'subtle' as const };
  if (o.cancellation?.direction === 'amazon') return { text: `ended by Amazon (${o.cancellation.amazonStatus ?? ''})`, color: 'warning' as const };
  if (o.state === 'held' && o.preview && !o.preview.fulfillable) return { text: 'Amazon cannot fulfil', color: 'danger' as const };
  return STATE_WORDS[o.state];
}

/** Totals per currency: fees are never added across currencies. */
function feeTotals(orders: McfOrderView[]): Array<{ currency: string; minor: number }> {
  const sums = new Map<string, number>();
  for (const o of orders) for (const f of o.preview?.fees ?? []) sums.set(f.currency, (sums.get(f.currency) ?? 0) + f.amountMinor);
  return [...sums].map(([currency, minor]) => ({ currency, minor }));
}

type MarkerBy = McfConnectionView['markers'][number]['by'];
type Marker = NonNullable<McfConnectionView['settings']>['marker'];

const MARKER_WORDS: Record<MarkerBy, string> = { location: 'Location', 'shipping-agent': 'Shipping agent', field: 'A field of the order' };

/** The marker the inputs describe, or null while something is missing. */
function markerOf(by: MarkerBy, code: string, field: string, value: string): Marker | null {
  if (by === 'field') return field.trim() && value.trim() ? { by, field, value } : null;
  return code.trim() ? { by, code } : null;
}

function Settings({ c }: { c: McfConnectionView }) {
  const s = useStyles();
  const connections = useConnections();
  const amazons = (connections.data ?? []).filter((x) => x.kind === 'amazon');
  const set = useSetMcfSettings();
  const saved = c.settings?.marker;
  const [amazon, setAmazon] = useState(c.settings?.amazonConnectionId ?? '');
  const [by, setBy] = useState<MarkerBy>(saved?.by ?? 'location');
  const [code, setCode] = useState(saved && saved.by !== 'field' ? saved.code : '');
  const [field, setField] = useState(saved?.by === 'field' ? saved.field : '');
  const [value, setValue] = useState(saved?.by === 'field' ? saved.value : '');
  const [speed, setSpeed] = useState<Speed>(c.settings?.defaultSpeed ?? 'Standard');
  const marker = markerOf(by, code, field, value);
  const notOffered = c.markers.filter((m) => !m.offered && m.whyNot);
  return (
    <div>
      <div className={s.row}>
        <Field label="Orders shipped by Amazon are marked by" size="small">
          <Select size="small" aria-label={`How orders shipped by Amazon are marked in ${c.name}`} value={by} onChange={(_, d) => setBy(d.value as MarkerBy)}>
            {c.markers.map((m) => <option key={m.by} value={m.by} disabled={!m.offered}>{MARKER_WORDS[m.by]}{m.offered ? '' : ' (not in this ERP\'s API)'}</option>)}
          </Select>
        </Field>
        {by === 'location' && (
          <Field label="ERP location Amazon ships from" size="small">
            <Input size="small" aria-label={`Amazon location in ${c.name}`} value={code} onChange={(_, d) => setCode(d.value)} placeholder="e.g. AMAZON-FBA" />
          </Field>
        )}
        {by === 'shipping-agent' && (
          <Field label="Shipping agent (name or code)" size="small">
            <Input size="small" aria-label={`Amazon shipping agent in ${c.name}`} value={code} onChange={(_, d) => setCode(d.value)} placeholder="e.g. Amazon MCF" />
          </Field>
        )}
        {by === 'field' && (
          <>
            <Field label="Field of the order" size="small">
              {c.markerFields ? (
                <Select size="small" aria-label={`Order field marking Amazon orders in ${c.name}`} value={field} onChange={(_, d) => setField(d.value)}>
                  <option value="">Choose…</option>
                  {c.markerFields.map((f) => <option key={f} value={f}>{f}</option>)}
                </Select>
              ) : (
                <Input size="small" aria-label={`Order field marking Amazon orders in ${c.name}`} value={field} onChange={(_, d) => setField(d.value)} placeholder="e.g. U_ShipByAmazon" />
              )}
            </Field>
            <Field label="Value" size="small">
              <Input size="small" aria-label={`Value marking Amazon orders in ${c.name}`} value={value} onChange={(_, d) => setValue(d.value)} placeholder="e.g. Y" />
            </Field>
          </>
        )}
        <Field label="Amazon connection" size="small">
          <Select size="small" aria-label={`Amazon connection shipping for ${c.name}`} value={amazon} onChange={(_, d) => setAmazon(d.value)}>
            <option value="">Choose…</option>
            {amazons.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </Select>
        </Field>
        <Field label="Shipping speed" size="small">
          <Select size="small" aria-label={`Shipping speed for ${c.name}`} value={speed} onChange={(_, d) => setSpeed(d.value as Speed)}>
            {SPEEDS.map((x) => <option key={x} value={x}>{x}</option>)}
          </Select>
        </Field>
        <Button size="small" disabled={set.isPending || !amazon || !marker} onClick={() => marker && set.mutate({ connectionId: c.connectionId, amazonConnectionId: amazon, marker, defaultSpeed: speed })}>
          {c.settings ? 'Save' : 'Set up'}
        </Button>
      </div>
      {notOffered.map((m) => <Text key={m.by} size={200} className={s.muted} block>{MARKER_WORDS[m.by]}: {m.whyNot}.</Text>)}
      <ErrorBar error={set.error} title="The fulfilment settings were not saved" />
    </div>
  );
}

function FirstOrders({ c }: { c: McfConnectionView }) {
  const s = useStyles();
  const preview = useMcfPreview();
  const approve = useApproveFirstOrders();
  const [confirming, setConfirming] = useState(false);
  // Only what the screen shows goes: each order with the digest of the preview on screen.
  const waiting = c.orders.filter((o) => o.state === 'pending' && o.preview?.fulfillable && o.preview.digest && o.goAhead.needed);
  const changed = waiting.filter((o) => o.goAhead.givenBy);
  const totals = feeTotals(waiting);
  const approved = c.settings?.firstOrderApprovedAt;
  const asking = !approved || waiting.length > 0;
  return (
    <div className={s.column}>
      {approved && <Text size={200} className={s.muted}>First orders let go by {c.settings?.firstOrderApprovedBy} on <DateText iso={approved} />; each later order is previewed and goes by itself.</Text>}
      {asking && (
        <MessageBar intent="warning" layout="multiline" style={{ alignSelf: 'stretch' }} data-testid="mcf-first-orders">
          <MessageBarBody>
            {changed.length > 0
              ? <>{changed.length} order{changed.length === 1 ? '' : 's'} changed after your go-ahead and wait{changed.length === 1 ? 's' : ''} for a new one (what changed is under each order). </>
              : <>Nothing goes to Amazon from {c.name} until you have seen Amazon&apos;s fees and dates for its first orders. </>}
            {waiting.length} previewed
            {totals.length > 0 && <>, estimated fees {totals.map((t, i) => <span key={t.currency}>{i ? ' + ' : ''}<Amount minor={t.minor} currency={t.currency} /></span>)}</>}.
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={s.row}>
      <Button size="small" disabled={preview.isPending} onClick={() => preview.mutate(c.connectionId)}>{preview.isPending ? 'Asking Amazon…' : 'Preview waiting orders now'}</Button>
      {asking && !confirming && <Button size="small" appearance="primary" disabled={waiting.length === 0} onClick={() => setConfirming(true)}>Let these orders go to Amazon…</Button>}
      {asking && confirming && (
        <>
          <Text size={200}>The next run sends {waiting.length} order{waiting.length === 1 ? '' : 's'} to Amazon as previewed here{approved ? '' : ', and every later order after its preview'}. Continue?</Text>
          <Button size="small" appearance="primary" disabled={approve.isPending}
            onClick={() => approve.mutate({ connectionId: c.connectionId, orders: waiting.map((o) => ({ orderNumber: o.orderNumber, digest: o.preview!.digest! })) }, { onSettled: () => setConfirming(false) })}>Yes, let them go</Button>
          <Button size="small" onClick={() => setConfirming(false)}>Not yet</Button>
        </>
      )}
      {preview.isPending && <ProgressBar style={{ width: '120px' }} />}
      </div>
      <ErrorBar error={preview.error} title="Amazon's preview did not run" />
      <ErrorBar error={approve.error} title="The orders were not let go" />
    </div>
  );
}

function Orders({ orders }: { orders: McfOrderView[] }) {
  const s = useStyles();
  if (orders.length === 0) return <Text size={200} className={s.muted}>No orders yet: orders with lines at the Amazon location appear here, with Amazon&apos;s fees and dates, at the next run of the Multi-Channel Fulfillment job.</Text>;
  return (
    <Table size="small" aria-label="Orders shipped by Amazon">
      <TableHeader>
        <TableRow>
          <TableHeaderCell style={{ width: '12%' }}>ERP order</TableHeaderCell>
          <TableHeaderCell style={{ width: '20%' }}>State</TableHeaderCell>
          <TableHeaderCell style={{ width: '8%' }}>Speed</TableHeaderCell>
          <TableHeaderCell style={{ width: '10%' }} className={s.num}>Estimated fees</TableHeaderCell>
          <TableHeaderCell style={{ width: '13%' }}>Ships</TableHeaderCell>
          <TableHeaderCell style={{ width: '13%' }}>Arrives</TableHeaderCell>
          <TableHeaderCell>Amazon says</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {orders.map((o) => {
          const st = stateOf(o);
          const p = o.preview;
          return (
            <TableRow key={o.orderNumber} data-order={o.orderNumber}>
              <TableCell><Text title={o.sellerFulfillmentOrderId}>{o.orderNumber}</Text></TableCell>
              <TableCell>
                <Badge appearance="tint" color={st.color} className={s.badge}>{st.text}</Badge>
                {o.state === 'pending' && o.goAhead.needed && o.goAhead.givenBy && (
                  <Text as="p" size={200} className={s.changes} data-testid="mcf-changes">
                    Since {o.goAhead.givenBy}&apos;s go-ahead: {o.goAhead.changes.length ? o.goAhead.changes.join('; ') : 'Amazon\'s preview changed'}
                  </Text>
                )}
              </TableCell>
              <TableCell>{p?.shippingSpeed ?? '—'}</TableCell>
              <TableCell className={s.num}>{p?.fees.length ? p.fees.map((f) => <div key={f.name} title={f.name}><Amount minor={f.amountMinor} currency={f.currency} /></div>) : '—'}</TableCell>
              <TableCell>{p?.earliestShipDate ? <><DateText iso={p.earliestShipDate} /><br />to <DateText iso={p.latestShipDate} /></> : '—'}</TableCell>
              <TableCell>{p?.earliestArrivalDate ? <><DateText iso={p.earliestArrivalDate} /><br />to <DateText iso={p.latestArrivalDate} /></> : '—'}</TableCell>
              <TableCell><Text size={200} className={p && !p.fulfillable ? s.error : s.muted}>{p?.unfulfillable ?? o.amazonStatus ?? ''}</Text></TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/**
 * Per ERP connection that can hand orders to Amazon: where they ship from, Amazon's preview of each, the first
 * go-ahead. A connection whose ERP cannot says why, in one line, instead of a form that would be refused.
 */
export function McfOrders() {
  const s = useStyles();
  const overview = useMcfOverview();
  if (!overview.data?.length) return null;
  return (
    <section className={s.box} aria-label="Orders shipped by Amazon">
      <Text weight="semibold">Orders shipped by Amazon (Multi-Channel Fulfillment)</Text>
      {overview.data.map((c) => c.whyNot ? (
        <div key={c.connectionId} className={s.box} data-testid="mcf-not-offered">
          <Text size={200}>{c.name}</Text>
          <Text size={200} className={s.muted}>{c.whyNot}</Text>
        </div>
      ) : (
        <div key={c.connectionId} className={s.box}>
          <Text size={200}>{c.name}</Text>
          <Settings c={c} />
          {c.settings && <FirstOrders c={c} />}
          {c.settings && <Orders orders={c.orders} />}
        </div>
      ))}
    </section>
  );
}
