import { Button, Field, Input, makeStyles, SearchBox, Select, Text, tokens } from '@fluentui/react-components';
import type { SettlementListItem } from '../../../core/api/calls/settlements';
import { distinct, NO_FILTER, type SettlementFilter } from './settlement-filters';

const useStyles = makeStyles({
  bar: { display: 'flex', gap: '8px', alignItems: 'flex-end', flexWrap: 'wrap', margin: '4px 0 8px' },
  search: { width: '220px' },
  date: { width: '140px' },
  count: { color: tokens.colorNeutralForeground3, marginLeft: 'auto', alignSelf: 'center' },
});

const STATUS_TEXT: Array<[SettlementFilter['status'], string]> = [
  ['imported', 'imported'], ['needs-review', 'needs review'], ['ready', 'ready'], ['approved', 'approved'], ['posting', 'posting'],
  ['posted', 'posted'], ['failed', 'failed'], ['superseded', 'superseded'], ['incomplete-copy', 'incomplete copy'],
];

/** Search and filters over the settlements list; every choice offers only what the list holds. */
export function SettlementFilterBar({ rows, filter, onChange, shown }: {
  rows: readonly SettlementListItem[];
  filter: SettlementFilter;
  onChange: (f: SettlementFilter) => void;
  shown: number;
}) {
  const s = useStyles();
  const set = <K extends keyof SettlementFilter>(key: K, value: SettlementFilter[K]) => onChange({ ...filter, [key]: value });
  const filtered = JSON.stringify(filter) !== JSON.stringify(NO_FILTER);
  return (
    <div className={s.bar} role="search" aria-label="Find settlements">
      <Field label="Search" size="small">
        <SearchBox className={s.search} size="small" placeholder="Settlement, marketplace, file" value={filter.search} onChange={(_, d) => set('search', d.value)} aria-label="Search settlements" />
      </Field>
      <Field label="Status" size="small">
        <Select size="small" value={filter.status} onChange={(_, d) => set('status', d.value as SettlementFilter['status'])} aria-label="Status">
          <option value="">All</option>
          {STATUS_TEXT.map(([v, t]) => <option key={v} value={v}>{t}</option>)}
        </Select>
      </Field>
      <Field label="Marketplace" size="small">
        <Select size="small" value={filter.marketplace} onChange={(_, d) => set('marketplace', d.value)} aria-label="Marketplace">
          <option value="">All</option>
          {distinct(rows, (r) => r.marketplace).map((m) => <option key={m} value={m}>{m}</option>)}
        </Select>
      </Field>
      <Field label="Currency" size="small">
        <Select size="small" value={filter.currency} onChange={(_, d) => set('currency', d.value)} aria-label="Currency">
          <option value="">All</option>
          {distinct(rows, (r) => r.currency).map((c) => <option key={c} value={c}>{c}</option>)}
        </Select>
      </Field>
      <Field label="Source" size="small">
        <Select size="small" value={filter.source} onChange={(_, d) => set('source', d.value as SettlementFilter['source'])} aria-label="Source">
          <option value="">All</option>
          <option value="amazon">From Amazon</option>
          <option value="file">From a file</option>
        </Select>
      </Field>
      <Field label="Period from" size="small">
        <Input className={s.date} size="small" type="date" value={filter.from} onChange={(_, d) => set('from', d.value)} aria-label="Period from" />
      </Field>
      <Field label="to" size="small">
        <Input className={s.date} size="small" type="date" value={filter.to} onChange={(_, d) => set('to', d.value)} aria-label="Period to" />
      </Field>
      {filtered && <Button size="small" appearance="subtle" onClick={() => onChange(NO_FILTER)}>Clear filters</Button>}
      <Text size={200} className={s.count} data-testid="settlements-shown">
        {filtered ? `${shown} of ${rows.length} settlements` : `${rows.length} settlement${rows.length === 1 ? '' : 's'}`}
      </Text>
    </div>
  );
}
