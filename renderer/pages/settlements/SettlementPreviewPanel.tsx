import {
  Badge, Button, MessageBar, MessageBarBody, MessageBarTitle, makeStyles, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import type { LedgerNamesView, PostedDocument, PreviewDocument, SettlementPreview } from '../../../core/api/calls/settlements';
import { AccountName, dimensionsText, dimensionsTitle } from '../../components/LedgerNames';
import { useState } from 'react';
import { useConnections } from '../../api/hooks';
import { BarChart } from '../../components/BarChart';
import { ErrorBar } from '../../components/ErrorBar';
import { LinesDrilldown, type DrillTarget } from './LinesDrilldown';
import { Amount } from '../../components/Amount';
import { DateText } from '../../components/DateText';
import { PostingPanel } from './PostingPanel';
import { useSettlementPreview } from './settlement-hooks';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: '16px', marginTop: '16px' },
  row: { display: 'flex', gap: '16px', alignItems: 'flex-start', flexWrap: 'wrap' },
  tieOut: { padding: '8px 12px', borderRadius: tokens.borderRadiusMedium, borderLeft: '4px solid', minWidth: '320px' },
  ok: { borderLeftColor: tokens.colorPaletteGreenBorderActive, background: tokens.colorPaletteGreenBackground1 },
  bad: { borderLeftColor: tokens.colorPaletteRedBorderActive, background: tokens.colorPaletteRedBackground1 },
  facts: { display: 'grid', gridTemplateColumns: 'auto auto', columnGap: '24px', rowGap: '2px', fontSize: tokens.fontSizeBase300 },
  num: { textAlign: 'right' },
  numCell: { justifyContent: 'flex-end', textAlign: 'right', '& .fui-TableHeaderCell__button': { justifyContent: 'flex-end' } },
  doc: { display: 'flex', flexDirection: 'column', gap: '4px' },
  docTitle: { display: 'flex', gap: '8px', alignItems: 'baseline' },
  unmapped: { color: tokens.colorPaletteRedForeground1, fontStyle: 'italic' },
  dims: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  totals: { fontWeight: tokens.fontWeightSemibold, borderTop: `2px solid ${tokens.colorNeutralStroke1}` },
  categories: { minWidth: '320px', width: '400px' },
  chart: { display: 'flex', flexDirection: 'column', gap: '4px' },
  stack: { display: 'flex', flexDirection: 'column', gap: '16px', minWidth: '320px' },
  linesButton: { minWidth: 'auto', padding: '0 4px', height: '20px', fontVariantNumeric: 'tabular-nums' },
  journalHead: { display: 'flex', gap: '8px', alignItems: 'baseline', flexWrap: 'wrap' },
  conversion: { padding: '4px 8px', borderLeft: `3px solid ${tokens.colorBrandStroke1}`, background: tokens.colorNeutralBackground2 },
  draft: { display: 'flex', flexDirection: 'column', gap: '12px', padding: '8px 12px', border: `1px dashed ${tokens.colorPaletteMarigoldBorderActive}`, borderRadius: tokens.borderRadiusMedium },
});

function TieOut({ p }: { p: SettlementPreview }) {
  const s = useStyles();
  const t = p.tieOut;
  return (
    <section aria-label="Tie-out" data-testid="tie-out" data-balanced={t.balanced} className={`${s.tieOut} ${t.balanced ? s.ok : s.bad}`}>
      <Text weight="semibold" block>
        {t.balanced ? (t.acceptedVariance ? '✓ Ties out with an accepted variance' : '✓ Ties out: sum of lines = declared total = deposit') : '✗ Does not tie out'}
      </Text>
      <div className={s.facts}>
        <span>Declared total</span>
        <span className={s.num}><Amount minor={t.declaredTotal} currency={t.currency} /></span>
        {t.excludedLines > 0 && (
          <>
            <span>Excluded in review ({t.excludedLines.toLocaleString()} line{t.excludedLines === 1 ? '' : 's'})</span>
            <span className={s.num} data-testid="tie-out-excluded"><Amount minor={t.excludedAmount} currency={t.currency} /></span>
          </>
        )}
        <span>Sum of lines{t.excludedLines > 0 ? ' in the journal' : ''}</span>
        <span className={s.num}><Amount minor={t.linesTotal} currency={t.currency} /></span>
        {t.acceptedVariance !== 0 && (
          <>
            <span>Accepted variance</span>
            <span className={s.num} data-testid="tie-out-variance"><Amount minor={t.acceptedVariance} currency={t.currency} /></span>
          </>
        )}
        <span>Deposit</span>
        <span className={s.num}><Amount minor={t.deposit} currency={t.currency} /></span>
        <span>Difference</span>
        <span className={s.num} data-testid="tie-out-difference"><Amount minor={t.difference} currency={t.currency} /></span>
      </div>
      {t.causes.map((c) => (
        <Text key={c.reason} size={200} block>
          Possible cause: {c.reason} (<Amount minor={c.amount} currency={t.currency} />{c.rows.length ? `, file lines ${c.rows.join(', ')}` : ''})
        </Text>
      ))}
    </section>
  );
}

/** The ERP posts in its company's currency: the rate it holds for the posting date, and what it rounded. */
function ConversionNote({ d }: { d: PreviewDocument }) {
  const s = useStyles();
  const c = d.conversion;
  if (!c) return null;
  return (
    <Text size={200} className={s.conversion} data-testid="conversion" block>
      Posts in {c.currency}, converted at the ERP's rate 1 {d.currency} = {c.rate} {c.currency} (rate starting{' '}
      <DateText iso={`${c.rateStartingDate}T00:00:00Z`} />) for the posting date. Each line is rounded on its own, halves away from zero
      {c.rounding !== 0 ? <>; the clearing line takes the <Amount minor={c.rounding} currency={c.currency} /> left over, so debits equal credits</> : ''}.
      Every line's description in the ERP names its {d.currency} amount.
    </Text>
  );
}

function JournalDocumentTable({ d, index, onDrill, names, label = 'Journal' }: { d: PreviewDocument; index: number; onDrill: (d: PreviewDocument, line: PreviewDocument['lines'][number]) => void; names: LedgerNamesView; label?: string }) {
  const s = useStyles();
  const c = d.conversion;
  return (
    <section className={s.doc} aria-label={`${label} document ${index + 1}`}>
      <div className={s.docTitle}>
        <Text weight="semibold">Document {index + 1}: period {d.period}, {d.currency}</Text>
        <Text size={200}>posts on <DateText iso={`${d.postingDate.slice(0, 10)}T00:00:00Z`} /></Text>
        {d.kind === 'settlement-payable' && <Badge color="danger" appearance="tint">seller owes Amazon</Badge>}
        {d.totalDebit !== d.totalCredit && <Badge color="danger">unbalanced</Badge>}
        {c && <Badge appearance="tint" color="informative">posts in {c.currency}</Badge>}
      </div>
      <ConversionNote d={d} />
      <Table size="extra-small" aria-label={`${label} lines of document ${index + 1}`}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell style={{ width: c ? '16%' : '22%' }}>Account</TableHeaderCell>
            <TableHeaderCell style={{ width: c ? '12%' : '17%' }}>Dimensions</TableHeaderCell>
            <TableHeaderCell>Description</TableHeaderCell>
            <TableHeaderCell style={{ width: '7%' }} className={s.numCell}>Lines</TableHeaderCell>
            <TableHeaderCell style={{ width: c ? '11%' : '13%' }} className={s.numCell}>Debit{c ? ` ${d.currency}` : ''}</TableHeaderCell>
            <TableHeaderCell style={{ width: c ? '11%' : '13%' }} className={s.numCell}>Credit{c ? ` ${d.currency}` : ''}</TableHeaderCell>
            {c && <TableHeaderCell style={{ width: '11%' }} className={s.numCell}>Debit {c.currency}</TableHeaderCell>}
            {c && <TableHeaderCell style={{ width: '11%' }} className={s.numCell}>Credit {c.currency}</TableHeaderCell>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {d.lines.map((l, i) => (
            <TableRow key={i}>
              <TableCell><AccountName code={l.account} names={names} /></TableCell>
              <TableCell className={s.dims} title={dimensionsTitle(l.dimensions, names)}>{dimensionsText(l.dimensions, names)}</TableCell>
              <TableCell>{l.description}</TableCell>
              <TableCell className={s.numCell}>
                {l.lineCount > 0 && (
                  <Button
                    size="small"
                    appearance="transparent"
                    className={s.linesButton}
                    title="Show the report lines behind this journal line"
                    aria-label={`Show the ${l.lineCount} report lines behind ${l.account ?? 'unmapped'} ${l.description}`}
                    onClick={() => onDrill(d, l)}
                  >
                    {l.lineCount.toLocaleString()}
                  </Button>
                )}
              </TableCell>
              <TableCell className={s.numCell}><Amount minor={l.debit} currency={d.currency} blankZero /></TableCell>
              <TableCell className={s.numCell}><Amount minor={l.credit} currency={d.currency} blankZero /></TableCell>
              {c && <TableCell className={s.numCell} data-testid="converted-debit"><Amount minor={c.lines[i]!.debit} currency={c.currency} blankZero /></TableCell>}
              {c && <TableCell className={s.numCell} data-testid="converted-credit"><Amount minor={c.lines[i]!.credit} currency={c.currency} blankZero /></TableCell>}
            </TableRow>
          ))}
          <TableRow className={s.totals}>
            <TableCell />
            <TableCell />
            <TableCell>Total</TableCell>
            <TableCell />
            <TableCell className={s.numCell}><Amount minor={d.totalDebit} currency={d.currency} /></TableCell>
            <TableCell className={s.numCell}><Amount minor={d.totalCredit} currency={d.currency} /></TableCell>
            {c && <TableCell className={s.numCell}><Amount minor={c.totalDebit} currency={c.currency} /></TableCell>}
            {c && <TableCell className={s.numCell}><Amount minor={c.totalCredit} currency={c.currency} /></TableCell>}
          </TableRow>
        </TableBody>
      </Table>
    </section>
  );
}

/** A document as the posting outbox holds it: what was handed to the ERP. */
function PostedDocumentTable({ d, index, names }: { d: PostedDocument; index: number; names: LedgerNamesView }) {
  const s = useStyles();
  return (
    <section className={s.doc} aria-label={`Posted document ${index + 1}`}>
      <div className={s.docTitle}>
        <Text weight="semibold">{d.documentNumber}, {d.currency}</Text>
        <Text size={200}>posts on <DateText iso={`${d.postingDate.slice(0, 10)}T00:00:00Z`} /></Text>
        <Badge appearance="tint" color={d.state === 'posted' ? 'success' : d.state === 'failed' ? 'danger' : 'informative'}>
          {d.state === 'posted' ? `posted as ${d.erpDocumentNumber ?? '—'}` : d.state === 'awaiting' ? `awaiting posting in the ERP as ${d.erpDocumentNumber ?? '—'}` : d.state}
        </Badge>
      </div>
      <Table size="extra-small" aria-label={`Posted lines of document ${index + 1}`}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell style={{ width: '18%' }}>Account</TableHeaderCell>
            <TableHeaderCell style={{ width: '16%' }}>Dimensions</TableHeaderCell>
            <TableHeaderCell>Description</TableHeaderCell>
            <TableHeaderCell style={{ width: '13%' }} className={s.numCell}>Debit</TableHeaderCell>
            <TableHeaderCell style={{ width: '13%' }} className={s.numCell}>Credit</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {d.lines.map((l, i) => (
            <TableRow key={i}>
              <TableCell><AccountName code={l.account} names={names} /></TableCell>
              <TableCell className={s.dims} title={dimensionsTitle(l.dimensions, names)}>{dimensionsText(l.dimensions, names)}</TableCell>
              <TableCell>{l.description}</TableCell>
              <TableCell className={s.numCell}><Amount minor={l.debit} currency={d.currency} blankZero /></TableCell>
              <TableCell className={s.numCell}><Amount minor={l.credit} currency={d.currency} blankZero /></TableCell>
            </TableRow>
          ))}
          <TableRow className={s.totals}>
            <TableCell />
            <TableCell />
            <TableCell>Total</TableCell>
            <TableCell className={s.numCell}><Amount minor={d.totalDebit} currency={d.currency} /></TableCell>
            <TableCell className={s.numCell}><Amount minor={d.totalCredit} currency={d.currency} /></TableCell>
          </TableRow>
        </TableBody>
      </Table>
    </section>
  );
}

/**
 * The journal: once documents are in the posting outbox, what was handed to the ERP (and says so), with
 * what the current rules would produce shown apart only when it differs; before that, the journal the
 * current rules and review decisions produce.
 */
function Journal({ p, onDrill }: { p: SettlementPreview; onDrill: (d: PreviewDocument, line: PreviewDocument['lines'][number]) => void }) {
  const s = useStyles();
  if (!p.posted) return <>{p.documents.map((d, i) => <JournalDocumentTable key={`${d.period}-${d.currency}`} d={d} index={i} onDrill={onDrill} names={p.names} />)}</>;
  const allPosted = p.posted.documents.every((d) => d.state === 'posted');
  return (
    <>
      <section className={s.doc} aria-label="Posted journal" data-testid="posted-journal">
        <div className={s.journalHead}>
          <Text size={400} weight="semibold">{allPosted ? 'Posted journal' : 'Journal in the posting outbox'}</Text>
          <Text size={200}>
            {allPosted ? 'What the ERP holds' : 'What was handed to the ERP'}, as recorded in the posting outbox. It does not change when mapping rules change.
          </Text>
        </div>
        {p.posted.documents.map((d, i) => <PostedDocumentTable key={d.naturalKey} d={d} index={i} names={p.names} />)}
      </section>
      {p.posted.currentDiffers && (
        <section className={s.draft} aria-label="Current rules would produce" data-testid="current-rules-draft">
          <div className={s.journalHead}>
            <Text size={400} weight="semibold">Current rules would produce</Text>
            <Badge appearance="outline" color="warning">draft, not posted</Badge>
          </div>
          <Text size={200}>
            The mapping rules or review decisions changed after posting. This is what they would produce now; the ERP still holds the posted journal above.
          </Text>
          {p.documents.map((d, i) => <JournalDocumentTable key={`${d.period}-${d.currency}`} d={d} index={i} onDrill={onDrill} names={p.names} label="Draft journal" />)}
        </section>
      )}
    </>
  );
}

export function SettlementPreviewPanel({ versionId }: { versionId: number }) {
  const s = useStyles();
  const [connectionId, setConnectionId] = useState<string | undefined>(undefined);
  const preview = useSettlementPreview(versionId, connectionId);
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const erpConnections = (useConnections().data ?? []).filter((c) => c.kind !== 'amazon');
  if (preview.isLoading) return <Spinner label="Building the journal preview…" />;
  if (preview.error || !preview.data) return <ErrorBar error={preview.error} title="The preview could not be built" />;
  const p = preview.data;
  const unmappedLines = p.documents.reduce((n, d) => n + d.lines.filter((l) => !l.account).length, 0);
  const onDrill = (d: PreviewDocument, l: PreviewDocument['lines'][number]) =>
    setDrill({
      title: `${l.account ? `account ${l.account}` : 'an unmapped line'}: ${l.description}, period ${d.period}`,
      journalAmount: l.debit - l.credit,
      currency: d.currency,
      filter: { versionId, ...(p.connectionId ? { connectionId: p.connectionId } : {}), journalLine: { period: d.period, currency: d.currency, account: l.account, dimensions: l.dimensions, description: l.description } },
    });
  const currencies = [...new Set(p.byCategory.map((c) => c.currency))];
  return (
    <div className={s.panel} aria-label={`Preview of settlement ${p.settlement.settlementId}`}>
      <Text size={500} weight="semibold">
        Preview of settlement {p.settlement.settlementId}
        {p.settlement.version > 1 ? ` (version ${p.settlement.version})` : ''}
      </Text>
      {(p.missingAccounts.length > 0 || unmappedLines > 0) && (
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>Not ready to post</MessageBarTitle>
            {p.connectionId === null && 'There is no ERP connection yet, so nothing is mapped. '}
            {p.missingAccounts.length > 0 && `Accounts to set under Mappings: ${p.missingAccounts.join(', ')}. `}
            {unmappedLines > 0 && `${unmappedLines} journal ${unmappedLines === 1 ? 'line has' : 'lines have'} no account mapped; ${unmappedLines === 1 ? 'it is' : 'they are'} shown as unmapped.`}
          </MessageBarBody>
        </MessageBar>
      )}
      <PostingPanel
        settlementId={p.settlement.settlementId}
        versionId={versionId}
        connectionId={p.connectionId}
        erpConnections={erpConnections}
        onConnectionChange={setConnectionId}
      />
      <div className={s.row}>
        <div className={s.stack}>
          <TieOut p={p} />
          {currencies.map((cur) => (
            <section key={cur} className={s.chart} aria-label={`Chart of totals by category in ${cur}`}>
              <Text size={200} weight="semibold">Totals by category, {cur}</Text>
              <BarChart
                title={`Totals by category in ${cur}`}
                currency={cur}
                width={380}
                labelWidth={130}
                bars={p.byCategory.filter((c) => c.currency === cur).map((c) => ({ label: c.label, ...(c.category ? { key: c.category } : {}), amount: c.amount }))}
              />
            </section>
          ))}
        </div>
        <section className={s.categories} aria-label="Totals by category">
          <Table size="extra-small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Category</TableHeaderCell>
                <TableHeaderCell className={s.numCell}>Lines</TableHeaderCell>
                <TableHeaderCell className={s.numCell} title="As Amazon reports it: what Amazon pays you is positive, what it keeps negative">Amount</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {p.byCategory.map((c) => (
                <TableRow key={`${c.category}-${c.currency}`}>
                  <TableCell>{c.category ? c.label : <span className={s.unmapped}>{c.label}</span>}</TableCell>
                  <TableCell className={s.numCell}>{c.count.toLocaleString()}</TableCell>
                  <TableCell className={s.numCell}><Amount minor={c.amount} currency={c.currency} /></TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </section>
      </div>
      <Journal p={p} onDrill={onDrill} />
      <LinesDrilldown target={drill} onClose={() => setDrill(null)} />
    </div>
  );
}
