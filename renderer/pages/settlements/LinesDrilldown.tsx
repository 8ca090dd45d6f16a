import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, makeStyles, Spinner, Text, tokens,
} from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallInput, CallOutput } from '../../../core/api/contract';
import { call } from '../../api/client';
import { ErrorBar } from '../../components/ErrorBar';
import { Amount } from '../../components/Amount';

type Page = CallOutput<'settlements.lines'>;
type Row = Page['rows'][number];
export type LinesFilter = Omit<CallInput<'settlements.lines'>, 'offset' | 'limit'>;

/** Lines asked of the core at a time: a screenful or two, never the whole settlement. */
const PAGE = 200;
const ROW_HEIGHT = 28;

const COLUMNS: Array<{ key: string; label: string; width: string; num?: boolean; cell: (r: Row, currency: string) => React.ReactNode }> = [
  { key: 'row', label: 'File line', width: '72px', num: true, cell: (r) => (r.seq ? `${r.row}.${r.seq}` : r.row) },
  { key: 'posted', label: 'Posted (UTC)', width: '132px', cell: (r) => r.postedDate?.replace('T', ' ').replace(/(:\d\d)(\.\d+)?Z$/, '$1').slice(0, 16) ?? '—' },
  { key: 'type', label: 'Transaction type', width: '1.1fr', cell: (r) => r.transactionType },
  { key: 'amountType', label: 'Amount type', width: '1fr', cell: (r) => r.amountType },
  { key: 'desc', label: 'Description', width: '1.3fr', cell: (r) => r.amountDescription },
  { key: 'order', label: 'Order / adjustment', width: '1.3fr', cell: (r) => r.orderId || r.adjustmentId || '' },
  { key: 'sku', label: 'SKU', width: '0.9fr', cell: (r) => r.sku },
  { key: 'qty', label: 'Qty', width: '44px', num: true, cell: (r) => r.quantity ?? '' },
  { key: 'mkt', label: 'Marketplace', width: '0.9fr', cell: (r) => r.marketplaceName },
  { key: 'amount', label: 'Amount', width: '110px', num: true, cell: (r, c) => <Amount minor={r.amount} currency={c} /> },
];
const TEMPLATE = COLUMNS.map((c) => c.width).join(' ');

const useStyles = makeStyles({
  surface: { width: 'min(1220px, calc(100vw - 48px))', maxWidth: 'none' },
  facts: { display: 'flex', gap: '24px', flexWrap: 'wrap', alignItems: 'baseline', marginBottom: '8px' },
  ties: { color: tokens.colorPaletteGreenForeground1, fontWeight: tokens.fontWeightSemibold },
  differs: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  grid: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, fontSize: tokens.fontSizeBase200 },
  head: { display: 'grid', gridTemplateColumns: TEMPLATE, background: tokens.colorNeutralBackground3, fontWeight: tokens.fontWeightSemibold, borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, position: 'sticky', top: 0, zIndex: 1, height: `${ROW_HEIGHT}px`, alignItems: 'center' },
  scroller: { maxHeight: '340px', overflowY: 'auto', position: 'relative', outline: 'none', ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` } },
  row: { display: 'grid', gridTemplateColumns: TEMPLATE, position: 'absolute', left: 0, right: 0, height: `${ROW_HEIGHT}px`, alignItems: 'center', borderBottom: `1px solid ${tokens.colorNeutralStroke3}` },
  cell: { padding: '0 6px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  loading: { color: tokens.colorNeutralForeground4 },
  clickable: { cursor: 'pointer', ':hover': { background: tokens.colorNeutralBackground1Hover } },
  selected: { background: tokens.colorNeutralBackground1Selected },
  detail: { marginTop: '8px', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: '6px 10px', maxHeight: '150px', overflowY: 'auto' },
  detailGrid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(250px, 1fr))', columnGap: '16px', rowGap: '2px', fontSize: tokens.fontSizeBase200, marginTop: '4px' },
  detailName: { color: tokens.colorNeutralForeground3, marginRight: '6px' },
  detailValue: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
});

/** One raw row, column by column as the file's header names them (only the filled ones), else as text. */
function RawRow({ row, columns }: { row: Row; columns: string[] | null }) {
  const s = useStyles();
  const cells = row.raw?.split('\t') ?? [];
  const named = columns && cells.length === columns.length ? columns.map((name, i) => [name, cells[i]!] as const).filter(([, v]) => v.trim() !== '') : null;
  return (
    <section className={s.detail} aria-label={`Raw row of file line ${row.row}`} data-testid="raw-row">
      <Text size={200} weight="semibold">File line {row.row}{row.source ? ` · amount from ${row.source}` : ''}{named ? ` · ${named.length} of ${columns!.length} columns filled` : ''}</Text>
      {named ? (
        <div className={s.detailGrid}>
          {named.map(([name, value]) => (
            <div key={name} data-column={name}><span className={s.detailName}>{name}</span><span className={s.detailValue}>{value}</span></div>
          ))}
        </div>
      ) : (
        <div className={s.detailValue}>{row.raw ?? 'The raw row was not kept for this line.'}</div>
      )}
    </section>
  );
}

/**
 * The stored report lines behind one journal line (or all of a settlement), in a table that renders only
 * the rows in view and asks the core for them `PAGE` at a time as they scroll in: a million lines cost
 * a million rows of scroll height and a few pages of memory.
 */
function VirtualLines({ filter, onTotals }: { filter: LinesFilter; onTotals: (p: Page) => void }) {
  const s = useStyles();
  const [chosen, setChosen] = useState<Row | null>(null);
  const [columns, setColumns] = useState<string[] | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const [pages, setPages] = useState<Map<number, Row[]>>(new Map());
  const [total, setTotal] = useState<number | null>(null);
  const [currency, setCurrency] = useState('');
  const [error, setError] = useState<unknown>(null);
  const asked = useRef(new Set<number>());
  const key = JSON.stringify(filter);

  const load = useCallback(
    (page: number) => {
      if (asked.current.has(page)) return;
      asked.current.add(page);
      call('settlements.lines', { ...filter, offset: page * PAGE, limit: PAGE })
        .then((p) => {
          setTotal(p.total);
          setCurrency(p.currency);
          setColumns(p.columns);
          if (page === 0) onTotals(p);
          setPages((prev) => new Map(prev).set(page, p.rows));
        })
        .catch((err: unknown) => {
          asked.current.delete(page);
          setError(err);
        });
    },
    // Keyed by what the filter says, not by the object's identity (a new object each render).
    [key],
  );

  useEffect(() => {
    asked.current = new Set();
    setPages(new Map());
    setTotal(null);
    setChosen(null);
    load(0);
  }, [load]);

  const virtualizer = useVirtualizer({ count: total ?? 0, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12, scrollMargin: ROW_HEIGHT });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (total === null) return;
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) if (!pages.has(p)) load(p);
  }, [first, last, total, pages, load]);

  if (error) return <ErrorBar error={error} title="The report lines could not be read" />;
  if (total === null) return <Spinner size="small" label="Reading the report lines…" />;
  return (
    <>
    <div className={s.grid} role="table" aria-label="Report lines" aria-rowcount={total + 1} data-testid="report-lines">
      <div
        ref={scroller}
        className={s.scroller}
        tabIndex={0}
        aria-label="Report lines, scrollable"
        onKeyDown={(e) => {
          const el = scroller.current;
          if (!el) return;
          const step = { ArrowDown: ROW_HEIGHT, ArrowUp: -ROW_HEIGHT, PageDown: el.clientHeight, PageUp: -el.clientHeight }[e.key];
          if (e.key === 'Home') el.scrollTop = 0;
          else if (e.key === 'End') el.scrollTop = el.scrollHeight;
          else if (step) el.scrollTop += step;
          else return;
          e.preventDefault();
        }}
      >
        <div className={s.head} role="row" aria-rowindex={1}>
          {COLUMNS.map((c) => (
            <div key={c.key} role="columnheader" className={`${s.cell} ${c.num ? s.num : ''}`}>{c.label}</div>
          ))}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const r = pages.get(Math.floor(v.index / PAGE))?.[v.index % PAGE];
            return (
              <div
                key={v.key}
                role="row"
                aria-rowindex={v.index + 2}
                aria-selected={r !== undefined && chosen === r}
                className={`${s.row} ${r ? s.clickable : ''} ${r && chosen === r ? s.selected : ''}`}
                style={{ transform: `translateY(${v.start - ROW_HEIGHT}px)` }}
                data-line={r ? `${r.row}/${r.seq}` : undefined}
                title={r ? 'Show this line\'s raw row column by column' : undefined}
                onClick={() => r && setChosen(r)}
              >
                {r
                  ? COLUMNS.map((c) => (
                      <div key={c.key} role="cell" className={`${s.cell} ${c.num ? s.num : ''} `}>{c.cell(r, currency)}</div>
                    ))
                  : <div role="cell" className={`${s.cell} ${s.loading}`}>Loading line {(v.index + 1).toLocaleString()}…</div>}
              </div>
            );
          })}
        </div>
      </div>
    </div>
    {chosen ? <RawRow row={chosen} columns={columns} /> : <Text size={200} className={s.loading}>Select a line to see its raw row column by column.</Text>}
    </>
  );
}

/** A journal line's amount (debit − credit) and what it is, to tie the drill-down back to it. */
export interface DrillTarget {
  title: string;
  /** Debit − credit of the journal line in minor units. */
  journalAmount: number;
  currency: string;
  filter: LinesFilter;
}

export function LinesDrilldown({ target, onClose }: { target: DrillTarget | null; onClose: () => void }) {
  const s = useStyles();
  const [totals, setTotals] = useState<Page | null>(null);
  useEffect(() => setTotals(null), [target]);
  // Amazon's sign: what it pays is positive; the journal posts the opposite.
  const ties = totals ? -totals.amount === target?.journalAmount : null;
  return (
    <Dialog open={target !== null} onOpenChange={(_, d) => (!d.open ? onClose() : undefined)}>
      <DialogSurface className={s.surface} aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Report lines behind {target?.title}</DialogTitle>
          <DialogContent>
            {target && (
              <>
                <div className={s.facts} data-testid="drilldown-facts">
                  <Text>{totals ? `${totals.total.toLocaleString()} ${totals.total === 1 ? 'line' : 'lines'}` : 'Counting lines…'}</Text>
                  {totals && (
                    <>
                      <Text>Sum of the lines: <Amount minor={totals.amount} currency={target.currency} /></Text>
                      <Text>Journal line (debit − credit): <Amount minor={target.journalAmount} currency={target.currency} /></Text>
                      <Text className={ties ? s.ties : s.differs} data-testid="drilldown-ties" data-ties={ties}>
                        {ties ? '✓ The lines add up to the journal line (with the opposite sign: what Amazon pays you is a credit)' : '✗ The lines do not add up to the journal line'}
                      </Text>
                    </>
                  )}
                </div>
                <VirtualLines filter={target.filter} onTotals={setTotals} />
              </>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>Close</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
