import { Button, Field, Input, makeStyles, Select, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { ReturnErpSettingsView } from '../../../core/api/calls/attention';
import { ErrorBar } from '../../components/ErrorBar';
import { useReturnErpSettings, useSetReturnDocument, useSetReturnWarehouses } from './attention-hooks';

const useStyles = makeStyles({
  box: { display: 'flex', flexDirection: 'column', gap: '6px', padding: '10px 12px', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  row: { display: 'flex', gap: '16px', alignItems: 'flex-end', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const WORDS = { 'credit-note': 'A credit note linked to the order\'s invoice', 'return-order': 'A return order (RMA)' } as const;

/** Where sellable and unsellable returns go, for an ERP whose return order lines name their warehouse. */
function Warehouses({ c }: { c: ReturnErpSettingsView }) {
  const s = useStyles();
  const set = useSetReturnWarehouses();
  const [sellable, setSellable] = useState(c.warehouses?.sellable ?? '');
  const [unsellable, setUnsellable] = useState(c.warehouses?.unsellable ?? '');
  return (
    <div>
      <div className={s.row}>
        <Field label="Warehouse for sellable returns" size="small">
          <Input size="small" aria-label={`Warehouse for sellable returns in ${c.name}`} value={sellable} onChange={(_, d) => setSellable(d.value)} placeholder="e.g. MAIN" />
        </Field>
        <Field label="Warehouse for unsellable returns" size="small">
          <Input size="small" aria-label={`Warehouse for unsellable returns in ${c.name}`} value={unsellable} onChange={(_, d) => setUnsellable(d.value)} placeholder="e.g. RETURNS" />
        </Field>
        <Button size="small" disabled={set.isPending || !sellable.trim() || !unsellable.trim()} onClick={() => set.mutate({ connectionId: c.connectionId, warehouses: { sellable, unsellable } })}>Save warehouses</Button>
        {c.warehouses && <Button size="small" appearance="subtle" disabled={set.isPending} onClick={() => set.mutate({ connectionId: c.connectionId, warehouses: null })}>Use the ERP&apos;s default</Button>}
      </div>
      <Text size={200} className={s.muted} block>
        {c.warehouses
          ? `Amazon's SELLABLE returns come back to ${c.warehouses.sellable}; every other condition to ${c.warehouses.unsellable}.`
          : 'Each returned line comes back to the ERP\'s default warehouse until you set these.'}
      </Text>
      <ErrorBar error={set.error} title="The warehouses were not saved" />
    </div>
  );
}

function ConnectionChoice({ c }: { c: ReturnErpSettingsView }) {
  const s = useStyles();
  const set = useSetReturnDocument();
  return (
    <div role="group" aria-label={`FBA returns into ${c.name}`}>
      <div className={s.row}>
        <Field label={`What an FBA return becomes in ${c.name}`} size="small">
          <Select
            size="small" aria-label={`Returns into ${c.name}`} value={c.document ?? ''} disabled={set.isPending}
            onChange={(_, d) => set.mutate({ connectionId: c.connectionId, document: d.value === 'credit-note' || d.value === 'return-order' ? d.value : null })}
          >
            <option value="">Nothing: returns stay in ml-connector</option>
            {c.offered.map((k) => <option key={k} value={k}>{WORDS[k]}</option>)}
          </Select>
        </Field>
        <Text size={200} className={s.muted} data-testid="return-documents-sent">
          {c.document ? `${c.sent} return${c.sent === 1 ? '' : 's'} sent` : ''}
          {c.reasonCodes.length ? ` · its return reason codes: ${c.reasonCodes.map((r) => r.code).join(', ')}` : ''}
        </Text>
      </div>
      {c.recent.length > 0 && (
        <Text size={200} block data-testid="return-documents-recent">
          Latest: {c.recent.map((d) => `${d.erpDocumentNumber} (order ${d.orderId}, ${d.sku})`).join('; ')}
        </Text>
      )}
      {c.notOffered.map((n) => <Text key={n.document} size={200} className={s.muted} block data-testid="return-documents-not-offered">{n.why}</Text>)}
      {c.offered.length === 1 && c.offered[0] === 'credit-note' && !c.notOffered.length && (
        <Text size={200} className={s.muted} block>Its API has no return orders: a return is credited against the order&apos;s posted invoice (Orders as invoices), with the ERP reason code its Amazon reason maps to.</Text>
      )}
      {c.document === 'return-order' && c.warehousesOffered && <Warehouses c={c} />}
      <ErrorBar error={set.error} title="The choice was not saved" />
    </div>
  );
}

/** Per ERP connection that can take returns: what a return becomes there. */
export function ReturnsToErp() {
  const s = useStyles();
  const settings = useReturnErpSettings();
  if (!settings.data?.length) return null;
  return (
    <section className={s.box} aria-label="Returns into the ERP">
      {settings.data.map((c) => <ConnectionChoice key={c.connectionId} c={c} />)}
    </section>
  );
}
