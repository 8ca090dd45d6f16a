import { Button, Field, makeStyles, Radio, RadioGroup, Select, Spinner, Text, tokens } from '@fluentui/react-components';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { CallInput } from '../../core/api';
import { call } from '../api/client';
import { saveBase64File } from '../components/download';
import { ErrorBar } from '../components/ErrorBar';
import { PageHeader } from '../components/PageHeader';
import { AccountTotalsTable, SettlementReportView, useReportStyles } from './reports/SettlementReportView';
import { useSettlements } from './settlements/settlement-hooks';

const useStyles = makeStyles({
  controls: { display: 'flex', gap: '16px', alignItems: 'flex-end', flexWrap: 'wrap', marginBottom: '12px' },
  select: { minWidth: '320px' },
  empty: { padding: '32px', textAlign: 'center', border: `1px dashed ${tokens.colorNeutralStroke1}`, borderRadius: tokens.borderRadiusLarge, color: tokens.colorNeutralForeground2 },
  nowrap: { whiteSpace: 'nowrap', flexShrink: 0 },
  saved: { display: 'block', margin: '0 0 8px', color: tokens.colorNeutralForeground2 },
});

type Scope = 'settlement' | 'period';
type Format = 'csv' | 'xlsx' | 'pdf';

/** Every calendar month a settlement's dates touch, newest first (what a period report can be asked for). */
function monthsOf(rows: Array<{ startDate: string | null; endDate: string | null }>): string[] {
  const out = new Set<string>();
  for (const r of rows) {
    const from = (r.startDate ?? r.endDate)?.slice(0, 7);
    const to = (r.endDate ?? r.startDate)?.slice(0, 7);
    if (!from || !to) continue;
    for (let p = from; p <= to; ) {
      out.add(p);
      const [y, m] = p.split('-').map(Number) as [number, number];
      p = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    }
  }
  return [...out].sort().reverse();
}

const kb = (n: number) => (n < 1024 ? `${n} bytes` : `${(n / 1024).toFixed(1)} kB`);

/** Reconciliation reports for month-end close: one settlement or one period, on screen and as CSV, XLSX or PDF. */
export function ReportsPage() {
  const s = useStyles();
  const rs = useReportStyles();
  const settlements = useSettlements();
  const current = useMemo(() => (settlements.data ?? []).filter((r) => r.status === 'current'), [settlements.data]);
  const periods = useMemo(() => monthsOf(current), [current]);
  const [scope, setScope] = useState<Scope>('settlement');
  const [settlementId, setSettlementId] = useState('');
  const [period, setPeriod] = useState('');
  const chosenSettlement = settlementId || current[0]?.settlementId || '';
  const chosenPeriod = period || periods[0] || '';
  const input: CallInput<'reports.reconciliation'> | null =
    scope === 'settlement' ? (chosenSettlement ? { scope, id: chosenSettlement } : null) : chosenPeriod ? { scope, id: chosenPeriod } : null;

  const report = useQuery({ queryKey: ['reports', input], queryFn: () => call('reports.reconciliation', input!), enabled: input !== null });
  // The report follows what changes it (imports, review decisions, mappings, posting): useLiveInvalidation.

  const exporting = useMutation({
    mutationFn: (format: Format) => call('reports.export', { ...input!, format }),
    onSuccess: (r) => saveBase64File(r.fileName, r.contentBase64, r.mimeType),
  });
  const inputKey = JSON.stringify(input);
  const { reset } = exporting;
  // What was last exported belongs to the report it came from.
  useEffect(() => reset(), [inputKey, reset]);
  const exportButton = (format: Format, label: string) => (
    <Button className={s.nowrap} onClick={() => exporting.mutate(format)} disabled={!report.data || exporting.isPending || (report.data.settlements.length === 0)}>
      {exporting.isPending && exporting.variables === format ? 'Exporting…' : label}
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Reports"
        hint="Reconciliation for month-end close: the deposit tied to the declared total, journal totals by account, ERP document numbers, decisions and what is still open."
        actions={<>{exportButton('csv', 'Export CSV')}{exportButton('xlsx', 'Export XLSX')}{exportButton('pdf', 'Export PDF')}</>}
      />
      {settlements.isSuccess && current.length === 0 ? (
        <div className={s.empty}>No settlements yet. Import one under Settlements; its reconciliation report appears here.</div>
      ) : (
        <>
          <div className={s.controls}>
            <Field label="Report for">
              <RadioGroup layout="horizontal" value={scope} onChange={(_, d) => setScope(d.value as Scope)}>
                <Radio value="settlement" label="One settlement" />
                <Radio value="period" label="An accounting period" />
              </RadioGroup>
            </Field>
            {scope === 'settlement' ? (
              <Field label="Settlement">
                <Select className={s.select} value={chosenSettlement} onChange={(_, d) => setSettlementId(d.value)}>
                  {current.map((r) => (
                    <option key={r.settlementId} value={r.settlementId}>
                      {r.settlementId} · {r.marketplace ?? 'marketplace not named'} · {r.currency} · {r.startDate?.slice(0, 10) ?? '?'} to {r.endDate?.slice(0, 10) ?? '?'}
                    </option>
                  ))}
                </Select>
              </Field>
            ) : (
              <Field label="Period">
                <Select className={s.select} value={chosenPeriod} onChange={(_, d) => setPeriod(d.value)}>
                  {periods.map((p) => <option key={p} value={p}>{p}</option>)}
                </Select>
              </Field>
            )}
          </div>
          <ErrorBar error={settlements.error ?? report.error ?? exporting.error} />
          {exporting.data && <Text className={s.saved} data-testid="export-result">Exported {exporting.data.fileName} ({kb(exporting.data.bytes)}, {exporting.data.settlements} {exporting.data.settlements === 1 ? 'settlement' : 'settlements'}).</Text>}
          {report.isLoading && <Spinner size="tiny" label="Building the report" />}
          {report.data && report.data.scope === 'period' && (
            <section className={rs.section} aria-label={`Period ${report.data.id}`}>
              <Text size={500} weight="semibold">Period {report.data.id}</Text>
              <Text className={rs.muted}> · {report.data.settlements.length} {report.data.settlements.length === 1 ? 'settlement' : 'settlements'} with documents in this month</Text>
              {report.data.settlements.length ? (
                <>
                  <div className={rs.heading}>Journal totals by account, documents posting in {report.data.id}</div>
                  <AccountTotalsTable accounts={report.data.periodAccounts ?? []} names={report.data.periodNames ?? { accounts: {}, dimensions: {} }} label={`Journal totals by account of ${report.data.id}`} withCurrency />
                </>
              ) : <Text className={rs.none} block>No settlement has a journal document in this period.</Text>}
            </section>
          )}
          {report.data?.settlements.map((r) => <SettlementReportView key={r.versionId} r={r} />)}
        </>
      )}
    </>
  );
}
