import {
  Button, Field, Input, makeStyles, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CallInput } from '../../../core/api';
import { call } from '../../api/client';
import { ErrorBar } from '../../components/ErrorBar';

type Kind = CallInput<'vendor.map'>['kind'];

/** What each kind maps, in the words of the form: what Amazon sends, what the ERP calls it. */
const KINDS: Record<Kind, { label: string; subject: string; target: string }> = {
  'vendor-code': { label: 'Vendor code → customer', subject: 'Vendor code', target: 'ERP customer no.' },
  'vendor-sku': { label: 'Vendor SKU → item', subject: 'Vendor SKU', target: 'ERP item no.' },
  asin: { label: 'ASIN → item', subject: 'ASIN', target: 'ERP item no.' },
  deduction: { label: 'Deduction → G/L account', subject: 'shortage or price-difference', target: 'G/L account no.' },
  marketplace: { label: 'Vendor code → marketplace', subject: 'Vendor code', target: 'Marketplace id' },
};

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '8px', marginBottom: '24px' },
  form: { display: 'flex', gap: '8px', alignItems: 'flex-end', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/**
 * Vendor Central mappings: how a vendor code, a vendor SKU or ASIN, and a deduction reach the ERP. Saving
 * one turns a PO held for it into a sales order (its review item closes).
 */
export function VendorMappings() {
  const s = useStyles();
  const qc = useQueryClient();
  const data = useQuery({ queryKey: ['mappings', 'vendor'], queryFn: () => call('vendor.mappings', {}) });
  const [erp, setErp] = useState('');
  const [kind, setKind] = useState<Kind>('vendor-code');
  const [subject, setSubject] = useState('');
  const [target, setTarget] = useState('');
  const connections = data.data?.connections ?? [];
  const erpId = erp || connections[0]?.id || '';
  const save = useMutation({
    mutationFn: (m: { subject: string; target: string }) => call('vendor.map', { erpConnectionId: erpId, kind, subject: m.subject.trim(), target: m.target.trim() }),
    // Clears what was saved, not what the user has typed since for the next mapping.
    onSuccess: async (_, m) => {
      setSubject((now) => (now === m.subject ? '' : now));
      setTarget((now) => (now === m.target ? '' : now));
      await qc.invalidateQueries({ queryKey: ['mappings'] });
      await qc.invalidateQueries({ queryKey: ['posting'] });
    },
  });
  const name = (id: string) => connections.find((c) => c.id === id)?.name ?? id;
  const rows = data.data?.mappings ?? [];
  return (
    <div className={s.section}>
      <Text weight="semibold" as="h2">Mappings ({rows.length})</Text>
      <form className={s.form} aria-label="Vendor Central mapping" onSubmit={(e) => { e.preventDefault(); save.mutate({ subject, target }); }}>
        {connections.length > 1 && (
          <Field label="ERP connection">
            <Select value={erpId} onChange={(_, d) => setErp(d.value)}>{connections.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</Select>
          </Field>
        )}
        <Field label="Map">
          <Select value={kind} onChange={(_, d) => setKind(d.value as Kind)}>
            {Object.entries(KINDS).map(([k, v]) => <option key={k} value={k}>{v.label}</option>)}
          </Select>
        </Field>
        <Field label={KINDS[kind].subject}><Input value={subject} onChange={(_, d) => setSubject(d.value)} /></Field>
        <Field label={KINDS[kind].target}><Input value={target} onChange={(_, d) => setTarget(d.value)} /></Field>
        <Button type="submit" appearance="primary" disabled={!erpId || !subject.trim() || !target.trim() || save.isPending}>Save mapping</Button>
      </form>
      {connections.length === 0 && <Text className={s.muted}>Add the ERP connection under Connections first.</Text>}
      <ErrorBar error={data.error ?? save.error} />
      {rows.length > 0 && (
        <Table size="small" aria-label="Vendor Central mappings" style={{ tableLayout: 'auto' }}>
          <TableHeader>
            <TableRow>
              {connections.length > 1 && <TableHeaderCell>ERP connection</TableHeaderCell>}
              <TableHeaderCell>Mapping</TableHeaderCell>
              <TableHeaderCell>From (Amazon)</TableHeaderCell>
              <TableHeaderCell>To (ERP)</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((m) => (
              <TableRow key={`${m.erpConnectionId}:${m.kind}:${m.subject}`}>
                {connections.length > 1 && <TableCell>{name(m.erpConnectionId)}</TableCell>}
                <TableCell>{KINDS[m.kind].label}</TableCell>
                <TableCell>{m.subject}</TableCell>
                <TableCell>{m.target}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
