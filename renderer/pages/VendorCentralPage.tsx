import {
  Badge, Button, makeStyles, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Textarea, tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatMoney, type CallOutput } from '../../core/api';
import { call } from '../api/client';
import { ErrorBar } from '../components/ErrorBar';
import { localDateTime } from '../components/format';
import { PageHeader } from '../components/PageHeader';
import { AcknowledgeDialog } from './vendor/AcknowledgeDialog';
import { ShipmentDialog } from './vendor/ShipmentDialog';
import { VendorMappings } from './vendor/VendorMappings';
import { VendorReconciliation } from './vendor/VendorReconciliation';

type Overview = CallOutput<'vendor.overview'>;
type Review = Overview['reviews'][number];
type Po = Overview['purchaseOrders'][number];

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '8px', marginBottom: '24px' },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  numDoc: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', '& > *': { whiteSpace: 'nowrap' } },
  neg: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap', color: tokens.colorPaletteRedForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
  // A document number and its state badge stay whole each, and go on two lines where the column is narrow.
  doc: { '& > *': { whiteSpace: 'nowrap' } },
  // Amazon's reasons wrap within the column instead of widening the table past the window.
  reasons: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200, whiteSpace: 'normal', minWidth: '140px', maxWidth: '180px' },
  sub: { display: 'block', color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, whiteSpace: 'nowrap' },
  card: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: '12px', display: 'flex', flexDirection: 'column', gap: '6px' },
  sides: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '12px', fontSize: tokens.fontSizeBase200 },
  pre: { margin: 0, maxHeight: '140px', overflow: 'auto', background: tokens.colorNeutralBackground3, padding: '6px', whiteSpace: 'pre-wrap' },
  actions: { display: 'flex', gap: '8px', alignItems: 'flex-end' },
});

const money = (minor: number | null | undefined, currency: string | null | undefined) => (minor === null || minor === undefined || !currency ? '' : formatMoney(minor, currency));

const STATE_COLOR: Record<string, 'success' | 'warning' | 'danger' | 'informative' | 'subtle'> = {
  sent: 'success', accepted: 'success', pending: 'informative', sending: 'informative', held: 'warning', rejected: 'danger', failed: 'danger', cancelled: 'subtle',
};
const STATE_WORDS: Record<string, string> = {
  sent: 'in ERP', accepted: 'accepted', pending: 'queued', sending: 'sending', held: 'held for review', rejected: 'rejected', failed: 'failed', cancelled: 'cancelled',
};
const COUNT_WORDS: Record<string, string> = {
  purchaseOrders: 'POs read', refused: 'not mapped', mappedSince: 'mapped since', salesOrders: 'sales orders', held: 'held', cancelled: 'cancelled', acknowledgementsToDecide: 'acknowledgements to decide', acknowledgementsSent: 'acknowledgements sent', acknowledgementsRejected: 'acknowledgements rejected', shipmentsToSend: 'shipments to confirm', shipmentsConfirmed: 'shipment confirmations sent', shipmentsRejected: 'shipment confirmations rejected', invoicesQueued: 'invoices queued', invoicesSubmitted: 'invoices sent',
  accepted: 'accepted', rejected: 'rejected', remittancesMatched: 'remittances matched', paymentsPosted: 'payments posted',
};
const REVIEW_WORDS: Record<Review['kind'], string> = {
  unmapped: 'Not mapped', 'changed-after-shipment': 'Changed after shipment', shortage: 'Shortage', 'price-difference': 'Price difference',
  'unpaid-past-terms': 'Unpaid past terms', 'invoice-rejected': 'Invoice rejected', 'acknowledgement-rejected': 'Acknowledgement rejected', 'shipment-rejected': 'Shipment rejected',
};

/** What a PO's acknowledgement says in a few words: 12 accepted · 3 rejected. */
function ackSummary(a: NonNullable<Po['acknowledgement']>): string {
  const sum = (k: 'accepted' | 'backordered' | 'rejected') => a.lines.reduce((s, l) => s + l[k], 0);
  return (['accepted', 'backordered', 'rejected'] as const).filter((k) => sum(k)).map((k) => `${sum(k)} ${k}`).join(' · ');
}

function Acknowledgement({ po, onDecide }: { po: Po; onDecide: () => void }) {
  const s = useStyles();
  const a = po.acknowledgement;
  if (!a) return null;
  if (a.state === 'held') {
    return <Button size="small" onClick={onDecide} title={`Proposed from ERP stock: ${ackSummary(a)}`}>Acknowledge…</Button>;
  }
  return (
    <>
      {a.state === 'sent' ? <Badge appearance="tint" color="informative" title="Amazon is processing it">awaiting Amazon</Badge> : <State state={a.state} title={a.message} />}{' '}
      <span className={s.sub}>{ackSummary(a)}</span>
      {a.reasons.map((r) => <div key={r} className={s.reasons}>{r}</div>)}
      {a.state === 'rejected' && <Button size="small" onClick={onDecide} title="Send a corrected acknowledgement as a new one; the rejected one stays on record">Acknowledge again…</Button>}
    </>
  );
}

/** Each posted ERP shipment of the PO: held ones wait for a person to confirm them to Amazon. */
function Shipments({ po, onConfirm }: { po: Po; onConfirm: (shipment: Po['shipments'][number]) => void }) {
  const s = useStyles();
  return (
    <>
      {po.shipments.map((sh) => (
        <div key={sh.number}>
          {sh.state === 'held'
            ? <Button size="small" onClick={() => onConfirm(sh)} title={`Posted ${sh.postingDate}; not yet confirmed to Amazon`}>Confirm {sh.number}…</Button>
            : <>{sh.number} {sh.state === 'sent' ? <Badge appearance="tint" color="informative" title="Amazon is processing it">awaiting Amazon</Badge>
              : sh.state === 'cancelled' ? <Badge appearance="tint" color="subtle" title={sh.message ?? undefined}>confirmed elsewhere</Badge> : <State state={sh.state} title={sh.message} />}</>}
          {sh.reasons.map((r) => <div key={r} className={s.reasons}>{r}</div>)}
        </div>
      ))}
    </>
  );
}

function State({ state, title }: { state: string; title?: string | null }) {
  return <Badge appearance="tint" color={STATE_COLOR[state] ?? 'subtle'} title={title ?? undefined} style={{ whiteSpace: 'nowrap' }}>{STATE_WORDS[state] ?? state}</Badge>;
}

/** Amazon's side and the ERP's side of a difference, as each sent it. */
function Sides({ facts }: { facts: Record<string, unknown> }) {
  const s = useStyles();
  const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v, null, 1));
  return (
    <details>
      <summary>Documents on both sides</summary>
      <div className={s.sides}>
        <div><Text weight="semibold">Amazon</Text><pre className={s.pre}>{show(facts.amazon)}</pre></div>
        <div><Text weight="semibold">{facts.erp === undefined ? 'What is missing' : 'ERP'}</Text><pre className={s.pre}>{show(facts.erp ?? facts.reasons)}</pre></div>
      </div>
    </details>
  );
}

function ReviewCard({ item }: { item: Review }) {
  const s = useStyles();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const done = () => qc.invalidateQueries({ queryKey: ['posting'] });
  const resolve = useMutation({ mutationFn: (action: 'accept' | 'dispute' | 'dismiss') => call('vendor.resolve', { id: item.id, action, note }), onSuccess: done });
  const approve = useMutation({ mutationFn: () => call('vendor.approve', { id: item.id }), onSuccess: done });
  const deduction = item.kind === 'shortage' || item.kind === 'price-difference';
  return (
    <div className={s.card} data-testid={`vendor-review-${item.id}`}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <Badge color={item.state === 'open' ? 'warning' : item.state === 'posted' ? 'success' : 'informative'}>{REVIEW_WORDS[item.kind]} · {item.state}</Badge>
        <Text weight="semibold">{item.vendorCode} · PO {item.poNumber ?? '—'}{item.invoiceNumber ? ` · invoice ${item.invoiceNumber}` : ''}</Text>
        {item.amount !== null && <Text className={s.neg} title={deduction ? 'Withheld by Amazon' : 'Open on the invoice'}>{money(deduction ? -item.amount : item.amount, item.currency)}</Text>}
      </div>
      <Text>{item.title}</Text>
      <Sides facts={item.facts} />
      {item.resolution && <Text className={s.muted}>{item.resolution.action} by {item.resolvedBy}: {item.resolution.note}{item.approvedBy ? ` · approved by ${item.approvedBy}` : ''}</Text>}
      {item.state === 'open' && (
        <div className={s.actions}>
          <Textarea aria-label="Why" placeholder="Why (required)" value={note} onChange={(_, d) => setNote(d.value)} resize="vertical" style={{ minWidth: 320 }} />
          {deduction && <Button appearance="primary" disabled={!note.trim() || resolve.isPending} onClick={() => resolve.mutate('accept')} title="The deduction posts to its mapped account with the payment">Accept deduction</Button>}
          {deduction && <Button disabled={!note.trim() || resolve.isPending} onClick={() => resolve.mutate('dispute')} title="Only the payment posts; the difference stays open on the customer">Dispute</Button>}
          {!deduction && <Button disabled={!note.trim() || resolve.isPending} onClick={() => resolve.mutate('dismiss')}>Dismiss</Button>}
        </div>
      )}
      {item.state === 'resolved' && (
        <div className={s.actions}>
          <Button appearance="primary" disabled={approve.isPending} onClick={() => approve.mutate()} title="The next Vendor Central run posts the payment (and an accepted deduction) once">Approve for posting</Button>
        </div>
      )}
      <ErrorBar error={resolve.error ?? approve.error} />
    </div>
  );
}

/** Vendor Central: Amazon's purchase orders, their sales orders, invoices and status at Amazon, payments, and what differs. */
export function VendorCentralPage() {
  const s = useStyles();
  const overview = useQuery({ queryKey: ['posting', 'vendor'], queryFn: () => call('vendor.overview', {}) });
  const data = overview.data;
  const qc = useQueryClient();
  const run = useMutation({ mutationFn: () => call('vendor.run', {}), onSettled: () => qc.invalidateQueries({ queryKey: ['posting'] }) });
  const last = run.data;
  const open = (data?.reviews ?? []).filter((r) => r.state !== 'posted');
  const [deciding, setDeciding] = useState<Po | null>(null);
  const [confirming, setConfirming] = useState<{ po: Po; shipment: Po['shipments'][number] } | null>(null);
  return (
    <>
      <PageHeader
        title="Vendor Central"
        hint="Amazon purchase orders as ERP sales orders, the ERP's invoices sent to Amazon, and Amazon's payments matched by PO number and vendor code."
        actions={<Button appearance="primary" disabled={run.isPending} onClick={() => run.mutate()} title="Reads new and changed POs, sends sales orders and posted invoices, matches remittances and posts approved payments">{run.isPending ? 'Running…' : 'Run now'}</Button>}
      />
      {run.isPending && <Spinner size="tiny" label="Reading purchase orders, sending documents, matching remittances" />}
      {last && (
        <Text role="status" className={s.muted}>
          Last run {last.status}{last.error ? `: ${last.error}` : ''} · {Object.entries(last.counts).filter(([, v]) => v).map(([k, v]) => `${COUNT_WORDS[k] ?? k} ${v}`).join(' · ')}
        </Text>
      )}
      <ErrorBar error={overview.error ?? run.error} />
      {overview.isLoading && <Spinner label="Loading" />}
      {data && (
        <>
          <div className={s.section}>
            <Text weight="semibold" as="h2">Differences to review ({open.length})</Text>
            {open.length === 0 && <Text className={s.muted}>Nothing differs between Amazon and the ERP.</Text>}
            {open.map((r) => <ReviewCard key={r.id} item={r} />)}
          </div>
          <VendorReconciliation />
          <div className={s.section}>
            <Text weight="semibold" as="h2">Purchase orders ({data.purchaseOrders.length})</Text>
            {data.purchaseOrders.length === 0 ? (
              <Text className={s.muted}>No purchase orders read yet. “Run now” reads Amazon's purchase orders; a vendor code or item not mapped to the ERP shows above as a difference to review.</Text>
            ) : (
              <Table size="small" aria-label="Vendor purchase orders" style={{ tableLayout: 'auto' }}>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell title="Amazon's PO number, and below it the vendor code it was issued to">PO</TableHeaderCell>
                    <TableHeaderCell title="The PO's state at Amazon, and below it the day Amazon last changed it (the time on hover)">Amazon state</TableHeaderCell>
                    <TableHeaderCell className={s.num}>Ordered</TableHeaderCell>
                    <TableHeaderCell>Sales order</TableHeaderCell>
                    <TableHeaderCell>Acknowledgement</TableHeaderCell>
                    <TableHeaderCell>Shipment</TableHeaderCell>
                    <TableHeaderCell>Invoice</TableHeaderCell>
                    <TableHeaderCell className={s.num}>Paid</TableHeaderCell>
                    <TableHeaderCell className={s.num}>Deducted</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {data.purchaseOrders.map((p) => {
                    const changed = localDateTime(p.changedAt);
                    return (
                      <TableRow key={`${p.vendorCode}:${p.poNumber}`} data-testid={`vendor-po-${p.poNumber}`}>
                        <TableCell>{p.poNumber}<span className={s.sub}>{p.vendorCode}</span></TableCell>
                        <TableCell title={`Changed ${changed.text} (${changed.title})`}>{p.poState}<span className={s.sub}>{new Date(p.changedAt).toLocaleDateString(undefined, { dateStyle: 'medium' })}</span></TableCell>
                        <TableCell className={s.num}>{money(p.total, p.currency)}</TableCell>
                        <TableCell className={s.doc}>{p.salesOrder ? <><span>{p.salesOrder.documentNumber ?? ''}</span> <State state={p.salesOrder.state} title={p.salesOrder.message} /></> : p.openReviews ? <Badge color="warning">not mapped</Badge> : ''}</TableCell>
                        <TableCell className={s.doc} data-testid={`vendor-ack-${p.poNumber}`}><Acknowledgement po={p} onDecide={() => setDeciding(p)} /></TableCell>
                        <TableCell className={s.doc} data-testid={`vendor-shipment-${p.poNumber}`}><Shipments po={p} onConfirm={(sh) => setConfirming({ po: p, shipment: sh })} /></TableCell>
                        <TableCell className={s.doc}>
                          {p.invoice && <><span>{p.invoice.number}</span> <State state={p.invoice.state} title={p.invoice.message} /></>}
                          {p.invoice?.reasons.map((r) => <div key={r} className={s.reasons}>{r}</div>)}
                        </TableCell>
                        <TableCell className={s.numDoc}>{p.payment ? <><span>{money(p.payment.paid, p.currency)}</span> <State state={p.payment.state} /></> : ''}</TableCell>
                        <TableCell className={p.payment?.deducted ? s.neg : s.num}>{p.payment?.deducted ? money(-p.payment.deducted, p.currency) : ''}</TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            )}
          </div>
        </>
      )}
      {data && <VendorMappings />}
      {deciding && <AcknowledgeDialog po={deciding} onClose={() => setDeciding(null)} />}
      {confirming && <ShipmentDialog po={confirming.po} shipment={confirming.shipment} onClose={() => setConfirming(null)} />}
    </>
  );
}
