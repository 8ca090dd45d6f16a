import {
  Button, Field, Input, makeStyles, MessageBar, MessageBarBody, ProgressBar, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { useDeferredValue, useEffect, useState } from 'react';
import type { OrderView } from '../../core/api/calls/orders';
import { useConnections } from '../api/hooks';
import { ErrorBar } from '../components/ErrorBar';
import { PageHeader } from '../components/PageHeader';
import { countsInWords } from './jobs/run-words';
import { ChargeMappings } from './orders/ChargeMappings';
import { OrderDetail } from './orders/OrderDetail';
import { useInvoiceNow, useOrderPostingModes, useOrders, useSetInvoiceGrouping, useSetOrderPostingMode } from './orders/order-hooks';
import { StatusBadge } from './orders/StatusBadge';
import { Amount, DateText } from './settlements/format';

const useStyles = makeStyles({
  bar: { display: 'flex', gap: '16px', alignItems: 'flex-end', flexWrap: 'wrap', marginBottom: '12px' },
  modes: { display: 'flex', gap: '16px', flexWrap: 'wrap', padding: '8px 12px', background: tokens.colorNeutralBackground2, borderRadius: tokens.borderRadiusMedium, marginBottom: '12px' },
  mode: { display: 'flex', gap: '8px', alignItems: 'flex-end' },
  progress: { display: 'flex', gap: '8px', alignItems: 'center', maxWidth: '640px', marginBottom: '8px' },
  grow: { flexGrow: 1 },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  num: { textAlign: 'right', justifyContent: 'flex-end' },
  row: { cursor: 'pointer' },
  selected: { background: tokens.colorNeutralBackground1Selected },
  empty: { padding: '32px', textAlign: 'center', border: `1px dashed ${tokens.colorNeutralStroke1}`, borderRadius: tokens.borderRadiusLarge, color: tokens.colorNeutralForeground2 },
  clip: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
});

/** How each ERP connection books orders, changeable here (an audited decision in the core). */
function PostingModes() {
  const s = useStyles();
  const modes = useOrderPostingModes();
  const set = useSetOrderPostingMode();
  const group = useSetInvoiceGrouping();
  if (!modes.length) return null;
  return (
    <>
      <div className={s.modes} role="group" aria-label="How each ERP connection books orders">
        {modes.map(({ connection, setting }) => (
          <div key={connection.id} className={s.mode}>
            <Field label={connection.name} hint={setting && !setting.invoicesSupported ? 'This ERP cannot take orders as invoices yet' : undefined}>
              <Select
                aria-label={`Order posting for ${connection.name}`}
                value={setting?.mode ?? 'settlement-only'}
                disabled={!setting || set.isPending}
                onChange={(_, d) => set.mutate({ connectionId: connection.id, mode: d.value as 'settlement-only' | 'orders-as-invoices' })}
              >
                <option value="settlement-only">Settlement only</option>
                <option value="orders-as-invoices" disabled={!setting?.invoicesSupported}>Orders as invoices</option>
              </Select>
            </Field>
            {setting?.mode === 'orders-as-invoices' && (
              <Field label="Invoices">
                <Select
                  aria-label={`Invoices for ${connection.name}`}
                  value={setting.grouping}
                  disabled={group.isPending}
                  onChange={(_, d) => group.mutate({ connectionId: connection.id, grouping: d.value as 'per-order' | 'daily-summary' })}
                >
                  <option value="per-order">One per shipped order</option>
                  <option value="daily-summary">One summary per marketplace per day</option>
                </Select>
              </Field>
            )}
          </div>
        ))}
        <ErrorBar error={set.error} title="The order posting mode was not changed" />
        <ErrorBar error={group.error} title="The invoice grouping was not changed" />
      </div>
      {group.data && (
        <MessageBar intent="info" layout="multiline" role="status" aria-label="Invoice grouping">
          <MessageBarBody>{group.data.note}</MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}

function documentsText(o: OrderView): string {
  return o.documents.map((d) => d.erpDocumentNumber ?? (d.state === 'failed' ? 'failed' : 'queued')).join(', ') || '—';
}

function OrdersTable({ orders, selected, onSelect }: { orders: OrderView[]; selected: string | null; onSelect: (id: string) => void }) {
  const s = useStyles();
  return (
    <Table size="small" aria-label="Orders" style={{ tableLayout: 'fixed' }}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell style={{ width: 176 }}>Order</TableHeaderCell>
          <TableHeaderCell style={{ width: 100 }}>Marketplace</TableHeaderCell>
          <TableHeaderCell style={{ width: 100 }}>Last update</TableHeaderCell>
          <TableHeaderCell>SKUs</TableHeaderCell>
          <TableHeaderCell style={{ width: 100 }} className={s.num}>Invoiced</TableHeaderCell>
          <TableHeaderCell style={{ width: 120 }}>ERP document</TableHeaderCell>
          <TableHeaderCell style={{ width: 100 }}>Settlement</TableHeaderCell>
          <TableHeaderCell style={{ width: 100 }}>Status</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {orders.map((o) => {
          const invoice = o.documents.find((d) => d.kind === 'salesInvoice' && d.state !== 'cancelled-in-erp');
          return (
            <TableRow
              key={o.orderId}
              data-order={o.orderId}
              tabIndex={0}
              aria-selected={selected === o.orderId}
              className={`${s.row} ${selected === o.orderId ? s.selected : ''}`}
              onClick={() => onSelect(o.orderId)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  onSelect(o.orderId);
                }
              }}
            >
              <TableCell className={s.mono}>{o.orderId}</TableCell>
              <TableCell className={s.clip}>{o.amazon?.marketplaceName ?? '—'}</TableCell>
              <TableCell><DateText iso={o.amazon?.lastUpdatedTime ?? null} /></TableCell>
              <TableCell className={`${s.mono} ${s.clip}`} title={o.skus.join(', ')}>{o.skus.join(', ') || '—'}</TableCell>
              <TableCell className={s.num}>{invoice ? <Amount minor={invoice.orderAmount ?? invoice.total} currency={invoice.currency} /> : '—'}</TableCell>
              <TableCell className={`${s.mono} ${s.clip}`} data-testid="erp-document">{documentsText(o)}</TableCell>
              <TableCell className={s.mono}>{o.settlements.map((x) => x.settlementId).join(', ') || '—'}</TableCell>
              <TableCell><StatusBadge status={o.status} /></TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/** '#/orders/charges' (and '#/orders/charges/<connection>') opens the charge mappings: Mappings and Needs attention link there. */
function chargesRoute(hash: string): { open: boolean; connectionId: string } {
  const [, section, connectionId] = hash.replace(/^#\/?/, '').split('/');
  return { open: section === 'charges', connectionId: connectionId ? decodeURIComponent(connectionId) : '' };
}

/** The order charge mappings of one ERP connection, chosen here when there are several. */
function OrderCharges({ initial }: { initial: string }) {
  const modes = useOrderPostingModes();
  const [chosen, setChosen] = useState(initial);
  const invoicing = modes.find((m) => m.setting?.mode === 'orders-as-invoices');
  const id = chosen || invoicing?.connection.id || modes[0]?.connection.id || '';
  const connection = modes.find((m) => m.connection.id === id)?.connection;
  if (!connection) return <Text>Add an ERP connection under Connections first: charges are mapped per ERP connection.</Text>;
  return (
    <>
      {modes.length > 1 && (
        <Field label="ERP connection" style={{ maxWidth: 320, marginBottom: 8 }}>
          <Select aria-label="Order charges of" value={id} onChange={(_, d) => setChosen(d.value)}>
            {modes.map((m) => <option key={m.connection.id} value={m.connection.id}>{m.connection.name}</option>)}
          </Select>
        </Field>
      )}
      <ChargeMappings key={id} connectionId={id} connectionName={connection.name} />
    </>
  );
}

/** Find any order by its id or a SKU: what Amazon says of it, its ERP documents, its settlement, its status. */
export function OrdersPage() {
  const s = useStyles();
  const [charges, setCharges] = useState(() => chargesRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setCharges(chargesRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query.trim());
  const orders = useOrders(deferred);
  const [selected, setSelected] = useState<string | null>(null);
  const amazonConnections = (useConnections().data ?? []).filter((c) => c.kind === 'amazon');
  const [amazonId, setAmazonId] = useState('');
  const chosenAmazon = amazonId || amazonConnections[0]?.id || '';
  const invoice = useInvoiceNow();
  const detail = orders.data?.find((o) => o.orderId === selected) ?? null;

  return (
    <>
      <PageHeader
        title="Orders"
        hint="Find an order by its id or a SKU. Shipped orders become sales invoices in each ERP connection set to “Orders as invoices”."
        actions={(
          <>
            {amazonConnections.length > 1 && (
              <Select aria-label="Amazon connection" value={chosenAmazon} onChange={(_, d) => setAmazonId(d.value)}>
                {amazonConnections.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </Select>
            )}
            <Button aria-expanded={charges.open} onClick={() => { window.location.hash = charges.open ? '#/orders' : '#/orders/charges'; }}>Order charges…</Button>
            <Button appearance="primary" disabled={!chosenAmazon || invoice.isPending} onClick={() => invoice.mutate(chosenAmazon)}>Invoice new orders now</Button>
          </>
        )}
      />
      <PostingModes />
      {charges.open && <OrderCharges initial={charges.connectionId} />}
      {invoice.isPending && (
        <div className={s.progress}>
          <Text>{invoice.progress?.phase ?? 'Starting…'}</Text>
          <ProgressBar className={s.grow} value={invoice.progress?.total ? invoice.progress.done / invoice.progress.total : undefined} />
          <Button size="small" onClick={() => void invoice.cancel()}>Cancel</Button>
        </div>
      )}
      {invoice.data && !invoice.isPending && (
        <MessageBar intent={invoice.data.status === 'succeeded' ? (invoice.data.error ? 'warning' : 'success') : 'error'} layout="multiline" role="status" aria-label="Invoicing run">
          <MessageBarBody>
            Invoicing {invoice.data.status === 'succeeded' ? 'finished' : invoice.data.status}: {countsInWords(invoice.data.counts) || 'nothing to do'}.{invoice.data.error ? ` ${invoice.data.error}` : ''}
          </MessageBarBody>
        </MessageBar>
      )}
      <ErrorBar error={invoice.error} title="Invoicing did not run" />
      <div className={s.bar}>
        <Field label="Order id or SKU" style={{ minWidth: 320 }}>
          <Input type="search" value={query} onChange={(_, d) => setQuery(d.value)} placeholder="302-1234567-1234567 or MUG-BLUE" aria-label="Find an order by id or SKU" />
        </Field>
        {orders.data && <Text aria-live="polite">{orders.data.length === 100 ? 'The first 100 orders' : `${orders.data.length} order${orders.data.length === 1 ? '' : 's'}`}</Text>}
      </div>
      <ErrorBar error={orders.error} title="Orders could not be read" />
      {orders.data && orders.data.length === 0 ? (
        <div className={s.empty}>
          {deferred
            ? `No order with an id starting “${deferred}” or the SKU “${deferred}” was read from Amazon or is in a settlement.`
            : 'No orders read yet. Set an ERP connection to “Orders as invoices” above, then “Invoice new orders now”, or add an order invoicing job under Settings.'}
        </div>
      ) : orders.data ? (
        <OrdersTable orders={orders.data} selected={selected} onSelect={setSelected} />
      ) : null}
      {detail && <OrderDetail order={detail} />}
    </>
  );
}
