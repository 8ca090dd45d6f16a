import {
  Badge, Button, makeStyles, ProgressBar, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { useMemo, useRef, useState, type DragEvent } from 'react';
import type { SettlementListItem } from '../../core/api/calls/settlements';
import { ErrorBar } from '../components/ErrorBar';
import { PageHeader } from '../components/PageHeader';
import { Amount } from '../components/Amount';
import { DateText } from '../components/DateText';
import { useImportNew, useImportSettlement, useSettlements } from './settlements/settlement-hooks';
import { SettlementPreviewPanel } from './settlements/SettlementPreviewPanel';
import { ImportOutcomeMessage } from './settlements/ImportOutcomeMessage';
import { ImportNewOutcome } from './settlements/ImportNewOutcome';
import { SettlementVersions, VersionBadge } from './settlements/SettlementVersions';
import { SettlementFilterBar } from './settlements/SettlementFilterBar';
import { NO_FILTER, visibleSettlements, type SettlementFilter, type SortDirection, type SortKey } from './settlements/settlement-filters';

const useStyles = makeStyles({
  page: { position: 'relative', minHeight: '100%' },
  dropping: { outline: `2px dashed ${tokens.colorBrandStroke1}`, outlineOffset: '4px', background: tokens.colorBrandBackground2 },
  progress: { display: 'flex', gap: '8px', alignItems: 'center', margin: '8px 0', maxWidth: '640px' },
  progressBar: { flexGrow: 1 },
  num: { textAlign: 'right' },
  numCell: { justifyContent: 'flex-end', textAlign: 'right', '& .fui-TableHeaderCell__button': { justifyContent: 'flex-end' } },
  nowrap: { whiteSpace: 'nowrap' },
  row: { cursor: 'pointer' },
  selected: { background: tokens.colorNeutralBackground1Selected },
  empty: { padding: '32px', textAlign: 'center', border: `1px dashed ${tokens.colorNeutralStroke1}`, borderRadius: tokens.borderRadiusLarge, color: tokens.colorNeutralForeground2 },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  erp: { color: tokens.colorNeutralForeground3, marginLeft: '6px', overflow: 'hidden', textOverflow: 'ellipsis' },
});

/** The states that hold for one ERP connection: the list names it, since a workspace may post to several. */
const STATE_FOR_ERP = new Set<SettlementListItem['state']>(['ready', 'approved', 'posting', 'posted', 'failed']);

type Sort = { key: SortKey; direction: SortDirection } | null;

const COLUMNS: Array<{ key: SortKey; label: string; width?: string; num?: boolean }> = [
  // Fixed widths (content, the cell's padding comes on top) for the facts; the rest for the status, whose
  // badge carries the count of open items.
  { key: 'settlement', label: 'Settlement', width: '112px' },
  { key: 'period', label: 'Period', width: '184px' },
  { key: 'depositDate', label: 'Deposit date', width: '100px' },
  { key: 'marketplace', label: 'Marketplace', width: '108px' },
  { key: 'currency', label: 'Currency', width: '64px' },
  { key: 'deposit', label: 'Deposit', width: '100px', num: true },
  { key: 'lines', label: 'Lines', width: '52px', num: true },
  { key: 'status', label: 'Status' },
];

function SettlementsTable({ rows, selected, onSelect, sort, onSort }: { rows: SettlementListItem[]; selected: number | null; onSelect: (id: number) => void; sort: Sort; onSort: (s: Sort) => void }) {
  const s = useStyles();
  // A click on a header sorts by it, a second click reverses, a third goes back to the list's own order.
  const next = (key: SortKey): Sort => (sort?.key !== key ? { key, direction: 'ascending' } : sort.direction === 'ascending' ? { key, direction: 'descending' } : null);
  return (
    <Table size="small" aria-label="Settlements" sortable style={{ tableLayout: 'fixed' }}>
      <TableHeader>
        <TableRow>
          {COLUMNS.map((c) => (
            <TableHeaderCell
              key={c.key}
              style={{ ...(c.width ? { width: c.width } : {}), ...(c.key === 'status' ? { paddingLeft: '16px' } : {}) }}
              className={c.num ? s.numCell : undefined}
              sortDirection={sort?.key === c.key ? sort.direction : undefined}
              onClick={() => onSort(next(c.key))}
            >
              {c.label}
            </TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow
            key={r.versionId}
            className={`${s.row} ${selected === r.versionId ? s.selected : ''}`}
            aria-selected={selected === r.versionId}
            tabIndex={0}
            data-settlement={r.settlementId}
            data-version={r.version}
            onClick={() => onSelect(r.versionId)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onSelect(r.versionId);
              }
            }}
          >
            <TableCell className={s.mono}>{r.settlementId}{r.version > 1 ? ` v${r.version}` : ''}</TableCell>
            <TableCell className={s.nowrap}><DateText iso={r.startDate} /> – <DateText iso={r.endDate} /></TableCell>
            <TableCell><DateText iso={r.depositDate} /></TableCell>
            <TableCell>{r.marketplace ?? '—'}</TableCell>
            <TableCell>{r.currency}</TableCell>
            <TableCell className={s.numCell}><Amount minor={r.total.amount} currency={r.total.currency} /></TableCell>
            <TableCell className={s.numCell} data-testid="line-count">{r.lineCount.toLocaleString()}</TableCell>
            <TableCell className={s.nowrap} style={{ paddingLeft: '16px' }}>
              <VersionBadge row={r} />
              {r.reissued && r.status !== 'incomplete-copy' && <Badge appearance="tint" color="warning" style={{ marginLeft: 4 }} title="Amazon re-issued this settlement with different content">re-issued</Badge>}
              {r.status !== 'incomplete-copy' && !r.awaitingInErp && STATE_FOR_ERP.has(r.state) && r.stateConnections.length > 0 && (
                <Text size={200} className={s.erp} data-testid="state-connection" title={`${r.state} for ${r.stateConnections.join(', ')}`}>
                  {r.state === 'posted' || r.state === 'posting' || r.state === 'failed' ? 'in' : 'for'} {r.stateConnections.join(', ')}
                </Text>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function SettlementsPage() {
  const s = useStyles();
  const settlements = useSettlements();
  const upload = useImportSettlement();
  const importNew = useImportNew();
  const [selected, setSelected] = useState<number | null>(null);
  const [filter, setFilter] = useState<SettlementFilter>(NO_FILTER);
  const [sort, setSort] = useState<Sort>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const start = (file: File | undefined) => {
    if (!file || upload.isPending) return;
    upload.mutate(file, { onSuccess: (r) => setSelected(r.versionId) });
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    start(e.dataTransfer.files[0]);
  };
  const rows = useMemo(() => settlements.data ?? [], [settlements.data]);
  const shown = useMemo(() => visibleSettlements(rows, filter, sort), [rows, filter, sort]);
  const p = upload.progress;

  return (
    <div
      className={`${s.page} ${dragging ? s.dropping : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <PageHeader
        title="Settlements"
        hint="Settlements from every Amazon connection and from files. Drop a report anywhere on this page. Select a settlement to preview its journal."
        actions={
          <>
            <Button appearance="primary" disabled={importNew.isPending || upload.isPending} onClick={() => importNew.mutate()}>Import new settlements</Button>
            <Button disabled={upload.isPending} onClick={() => fileInput.current?.click()}>Import file</Button>
            <input
              ref={fileInput}
              type="file"
              accept=".txt,.tsv,.csv,.xml,.gz,text/plain,text/tab-separated-values,application/xml,application/gzip"
              aria-label="Settlement report file"
              hidden
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                start(file);
              }}
            />
          </>
        }
      />
      {upload.isPending && (
        <div className={s.progress} role="status">
          <Text size={200}>{p?.phase ?? 'Importing…'}{p?.current ? ` · ${p.current}` : ''}</Text>
          <ProgressBar className={s.progressBar} aria-label="Import progress" value={p?.total ? p.done / p.total : undefined} />
          <Button size="small" appearance="subtle" onClick={() => void upload.cancel()}>Cancel</Button>
        </div>
      )}
      {importNew.isPending && (
        <div className={s.progress} role="status" aria-label="Importing new settlements">
          <Text size={200}>{importNew.progress?.phase ?? 'Asking Amazon for new settlement reports…'}{importNew.progress?.total ? ` · ${importNew.progress.done} of ${importNew.progress.total}` : ''}</Text>
          <ProgressBar className={s.progressBar} aria-label="Progress of the import from Amazon" value={importNew.progress?.total ? importNew.progress.done / importNew.progress.total : undefined} />
          <Button size="small" appearance="subtle" onClick={() => void importNew.cancel()}>Cancel</Button>
        </div>
      )}
      <ErrorBar error={importNew.error} title="Nothing was imported from Amazon" />
      {importNew.data && !importNew.isPending && <ImportNewOutcome result={importNew.data} />}
      <ErrorBar error={settlements.error} />
      <ErrorBar error={upload.error} title="Nothing was imported" />
      {upload.data && !upload.isPending && <ImportOutcomeMessage result={upload.data} rows={rows} onShow={setSelected} />}
      {settlements.data && rows.length === 0 && !upload.isPending && (
        <div className={s.empty}>
          <Text size={400} weight="semibold" block>No settlements yet</Text>
          <Text block>Choose <b>Import new settlements</b> to fetch them from your Amazon connections, or drop a settlement report (V2 or legacy flat file, XML, or gzipped) here, or choose <b>Import file</b>.</Text>
          <Text size={200} block>Download it in Seller Central under Reports → Payments → All statements.</Text>
        </div>
      )}
      {rows.length > 0 && (
        <>
          <SettlementFilterBar rows={rows} filter={filter} onChange={setFilter} shown={shown.length} />
          <SettlementsTable rows={shown} selected={selected} onSelect={setSelected} sort={sort} onSort={setSort} />
          {shown.length === 0 && (
            <div className={s.empty}>
              <Text block>No settlement matches these filters.</Text>
              <Button size="small" appearance="subtle" onClick={() => setFilter(NO_FILTER)}>Clear filters</Button>
            </div>
          )}
        </>
      )}
      {selected !== null && rows.some((r) => r.versionId === selected) && (
        <>
          <SettlementVersions versionId={selected} rows={rows} onShow={setSelected} />
          <SettlementPreviewPanel versionId={selected} />
        </>
      )}
    </div>
  );
}
