import { Button, Field, makeStyles, MessageBar, MessageBarBody, ProgressBar, Select, Text, tokens } from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { MappingEntryInput } from '../../core/api/calls/mappings';
import { call } from '../api/client';
import { useConnections } from '../api/hooks';
import { saveTextFile } from '../components/download';
import { ErrorBar } from '../components/ErrorBar';
import { localDateTime } from '../components/format';
import { PageHeader } from '../components/PageHeader';
import { AccountRoles } from './mappings/AccountRoles';
import { DescriptionTemplate } from './mappings/DescriptionTemplate';
import { LineRulesTable } from './mappings/LineRulesTable';
import { useImportCsv, useMappings, useReferenceData, useRefreshReference } from './mappings/mapping-hooks';
import { blankEntry, RuleForm, RuleTable } from './mappings/RuleTable';
import { SectionTabs } from './mappings/SectionTabs';
import { StarterChartDialog } from './mappings/StarterChartDialog';
import { SuggestionsTable } from './mappings/SuggestionsTable';

const useStyles = makeStyles({
  bar: { display: 'flex', gap: '12px', alignItems: 'flex-end', flexWrap: 'wrap', marginBottom: '8px' },
  status: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  progress: { display: 'flex', gap: '8px', alignItems: 'center', minWidth: '360px' },
});

type Section = 'fee' | 'category' | 'sku' | 'marketplace' | 'account' | 'descriptions';

export function MappingsPage() {
  const s = useStyles();
  const connections = useConnections();
  const erps = (connections.data ?? []).filter((c) => c.mappable);
  const [connectionId, setConnectionId] = useState('');
  useEffect(() => {
    if (!connectionId && erps[0]) setConnectionId(erps[0].id);
  }, [connectionId, erps]);
  const erp = erps.find((c) => c.id === connectionId);
  const [section, setSection] = useState<Section>('fee');
  const [draft, setDraft] = useState<MappingEntryInput>(blankEntry('fee'));
  const rules = useMappings(connectionId);
  const reference = useReferenceData(connectionId);
  const refresh = useRefreshReference(connectionId);
  const importCsv = useImportCsv(connectionId);
  const exportCsv = useMutation({
    mutationFn: () => call('mappings.exportCsv', { connectionId }),
    onSuccess: (r) => saveTextFile(r.fileName, r.csv),
  });
  const fileInput = useRef<HTMLInputElement>(null);
  const [starterOpen, setStarterOpen] = useState(false);

  const ref = reference.data;
  const read = ref?.refreshedAt.accounts;
  const never = ref && !read;
  const count = (kind: Section) => (rules.data ?? []).filter((r) => r.kind === kind).length;

  return (
    <>
      <PageHeader
        title="Mappings"
        hint="Where each Amazon amount posts in the ERP. Accounts, items and customers are checked against the ERP's own data."
        actions={
          <>
            <Button disabled={!connectionId || refresh.isPending} onClick={() => refresh.mutate()}>Refresh ERP data</Button>
            <Button disabled={!connectionId} onClick={() => setStarterOpen(true)}>Starter accounts…</Button>
            <Button disabled={!connectionId} onClick={() => { window.location.hash = `#/orders/charges/${encodeURIComponent(connectionId)}`; }}>Order charges…</Button>
            <Button disabled={!connectionId || exportCsv.isPending} onClick={() => exportCsv.mutate()}>Export CSV</Button>
            <Button disabled={!connectionId || importCsv.isPending} onClick={() => fileInput.current?.click()}>Import CSV</Button>
            <input
              ref={fileInput}
              type="file"
              accept=".csv,text/csv"
              aria-label="Mappings CSV file"
              hidden
              onChange={async (e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) importCsv.mutate(await file.text());
              }}
            />
          </>
        }
      />
      {starterOpen && erp && <StarterChartDialog connectionId={erp.id} erpName={erp.name} onClose={() => setStarterOpen(false)} />}
      <div className={s.bar}>
        <Field label="ERP connection">
          <Select value={connectionId} onChange={(_, d) => { setConnectionId(d.value); setDraft(blankEntry('fee')); }}>
            {erps.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </Select>
        </Field>
        {ref && read && (
          <Text className={s.status} title={localDateTime(read).title}>
            {ref.accounts.length} accounts ({ref.accounts.filter((a) => a.postable).length} postable) · {ref.dimensions.length} dimensions · {ref.items.length} items · {ref.customers.length} customers, read {localDateTime(read).text}
          </Text>
        )}
        {refresh.isPending && (
          <div className={s.progress}>
            <Text size={200}>{refresh.progress?.phase ?? `Reading from ${erp?.name ?? 'the ERP'}…`}</Text>
            <ProgressBar value={refresh.progress?.total ? refresh.progress.done / refresh.progress.total : undefined} />
            <Button size="small" appearance="subtle" onClick={() => void refresh.cancel()}>Cancel</Button>
          </div>
        )}
      </div>
      {connections.data && erps.length === 0 && <p>No ERP connection yet. Add a Business Central connection under Connections, then come back to map accounts.</p>}
      <ErrorBar error={connections.error ?? rules.error ?? reference.error ?? refresh.error ?? exportCsv.error} />
      <ErrorBar error={importCsv.error} title="Nothing was imported" />
      {importCsv.data && (
        <MessageBar intent="success"><MessageBarBody>Imported: {importCsv.data.changed} rules added or changed, {importCsv.data.unchanged} already as in the file.</MessageBarBody></MessageBar>
      )}
      {never && (
        <MessageBar intent="warning"><MessageBarBody>The chart of accounts of {erp?.name} has not been read yet. Click “Refresh ERP data” to read it; rules can be saved once it is.</MessageBarBody></MessageBar>
      )}
      {connectionId && ref && rules.data && (
        <>
          <SectionTabs
            label="Mapping sections"
            selected={section}
            onSelect={(k) => { setSection(k); if (k !== 'account' && k !== 'descriptions') setDraft(blankEntry(k)); }}
            tabs={[
              { value: 'fee', label: `Fee types (${count('fee')})`, title: 'Fee and transaction types: which account each Amazon amount posts to' },
              { value: 'category', label: `Categories (${count('category')})`, title: 'Every line of a category that no fee type rule names' },
              { value: 'sku', label: `SKUs → items (${count('sku')})`, title: 'Amazon SKUs to the ERP\'s items' },
              { value: 'marketplace', label: `Marketplaces (${count('marketplace')})`, title: 'Marketplaces to the ERP\'s customers' },
              { value: 'account', label: 'Settlement accounts', title: 'Clearing, bank, reserve and carried-forward accounts' },
              { value: 'descriptions', label: 'Line descriptions', title: 'How each journal line is worded in the ERP' },
            ]}
          />
          {section === 'descriptions' ? (
            <DescriptionTemplate key={connectionId} connectionId={connectionId} />
          ) : section === 'account' ? (
            <AccountRoles key={connectionId} connectionId={connectionId} rules={rules.data} reference={ref} />
          ) : (
            <>
              <RuleForm key={`${connectionId}-${section}`} connectionId={connectionId} kind={section} reference={ref} entry={draft} setEntry={setDraft} />
              <RuleTable connectionId={connectionId} kind={section} rules={rules.data} reference={ref} onEdit={setDraft} />
              {section === 'fee' && <SuggestionsTable connectionId={connectionId} />}
              {(section === 'fee' || section === 'category') && <LineRulesTable connectionId={connectionId} />}
            </>
          )}
        </>
      )}
    </>
  );
}
